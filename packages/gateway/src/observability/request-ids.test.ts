import { describe, expect, it } from 'vitest';
import { cryptoRandom } from '../deps/random.js';
import { createRequestIds } from './request-ids.js';

describe('createRequestIds', () => {
  it('gives unique req_ ids of 16 base64url characters', () => {
    const next = createRequestIds(cryptoRandom);
    const ids = Array.from({ length: 10_000 }, next);
    expect(new Set(ids).size).toBe(10_000);
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
  });

  it('starts from a different random prefix in each process', () => {
    expect(createRequestIds(cryptoRandom)().slice(0, 12)).not.toBe(
      createRequestIds(cryptoRandom)().slice(0, 12),
    );
  });
});
