/**
 * `client.keys` (gateway mode, admin scope): the account's Watigate API keys.
 * `POST /keys`, `GET /keys`, `DELETE /keys/{id}` (DESIGN.md §2); `self()` (any key): the calling key.
 */
import { z } from 'zod';
import {
  type ApiKey,
  CreateKeyParams,
  keyAnswer,
  keyCreatedAnswer,
  keyListAnswer,
} from '../control-schemas.js';
import { type ControlRequest, checkParams } from '../create-control-request.js';
import type { RequestOptions } from '../create-transport.js';

export function createKeys(request: ControlRequest) {
  return {
    /** The account's keys, without their secrets (`GET /keys`). */
    async list(options?: RequestOptions): Promise<ApiKey[]> {
      return (await request(keyListAnswer, 'GET', '/keys', undefined, options)).keys;
    },
    /** The calling key itself, with its scopes; any key may ask (`GET /keys/self`). */
    async self(options?: RequestOptions): Promise<ApiKey> {
      return (await request(keyAnswer, 'GET', '/keys/self', undefined, options)).key;
    },
    /** Creates a key; `secret` (`wg_…`) is shown only in this answer (`POST /keys`). */
    async create(
      params: CreateKeyParams,
      options?: RequestOptions,
    ): Promise<{ key: ApiKey; secret: string }> {
      const body = checkParams('keys.create', CreateKeyParams, params);
      const { key, secret } = await request(keyCreatedAnswer, 'POST', '/keys', body, options);
      return { key, secret };
    },
    /** Revokes a key at once (`DELETE /keys/{id}`). */
    async delete(keyId: string, options?: RequestOptions): Promise<void> {
      const path = `/keys/${encodeURIComponent(checkParams('key id', z.string().min(1), keyId))}`;
      await request(z.unknown(), 'DELETE', path, undefined, options);
    },
  };
}

export type KeysResource = ReturnType<typeof createKeys>;
