/**
 * A sealed secret as the store keeps it, and the four columns it takes (`token_ciphertext`,
 * `token_iv`, `token_tag`, `token_key_id`) in the tables that hold one: connections (the WATI
 * token) and connect sessions (the session token). Sealing and opening are crypto/seal.ts's.
 */

/** A sealed secret as stored: every part base64 except the key id. */
export interface Sealed {
  ciphertext: string;
  iv: string;
  tag: string;
  /** First 8 hex digits of SHA-256 of the master key that sealed it. */
  keyId: string;
}

export interface SealedColumns {
  token_ciphertext: string | null;
  token_iv: string | null;
  token_tag: string | null;
  token_key_id: string | null;
}

/** The sealed secret a row holds, or null when any of its columns is empty. */
export function sealedFrom(row: SealedColumns): Sealed | null {
  if (
    row.token_ciphertext === null ||
    row.token_iv === null ||
    row.token_tag === null ||
    row.token_key_id === null
  ) {
    return null;
  }
  return { ciphertext: row.token_ciphertext, iv: row.token_iv, tag: row.token_tag, keyId: row.token_key_id };
}

/** The columns to write for `sealed`; all null erases the secret. */
export function sealedColumns(sealed: Sealed | null): SealedColumns {
  return {
    token_ciphertext: sealed?.ciphertext ?? null,
    token_iv: sealed?.iv ?? null,
    token_tag: sealed?.tag ?? null,
    token_key_id: sealed?.keyId ?? null,
  };
}
