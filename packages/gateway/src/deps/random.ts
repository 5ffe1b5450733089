/** Randomness, injected so tests can make ids and secrets predictable. */
import { randomBytes, randomUUID } from 'node:crypto';

export interface Random {
  bytes(count: number): Uint8Array;
  uuid(): string;
}

export const cryptoRandom: Random = { bytes: (n) => randomBytes(n), uuid: () => randomUUID() };

/** A prefixed opaque id such as `key_3q2…`: 12 random bytes in base64url. */
export function randomId(random: Random, prefix: string): string {
  return `${prefix}_${Buffer.from(random.bytes(12)).toString('base64url')}`;
}
