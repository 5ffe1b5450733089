/**
 * The control-plane vocabulary the gateway and its callers share: header names, key scopes,
 * connection statuses, and the Connection and ApiKey shapes as the gateway answers them, with the
 * field names the hosted gateway's seed shows (DESIGN.md §2). Loose shapes: the gateway may add
 * fields. Data only, no I/O.
 */
import { z } from 'zod';

/** Names the connection a data-plane request uses, as the seed's gateway reads it. */
export const connectionHeader = 'Maton-Connection';
/** Accepted as well as `Maton-Connection`. */
export const connectionHeaderAlias = 'Watigate-Connection';
/** Both, lowercase, as Node presents request headers; the first one present wins. */
export const connectionHeaderNames = ['maton-connection', 'watigate-connection'] as const;
/** Makes a send safe to retry: the gateway replays the first answer (DESIGN.md §2). */
export const idempotencyKeyHeader = 'Idempotency-Key';

/** What a Watigate key may do; `admin` implies every other scope. */
export const keyScopes = ['connections', 'wati:read', 'wati:send', 'events:read', 'admin'] as const;
export type KeyScope = (typeof keyScopes)[number];

/** True when a key holding `granted` may do what needs `needed`. */
export function hasScope(granted: readonly string[], needed: KeyScope): boolean {
  return granted.includes('admin') || granted.includes(needed);
}

export const connectionStatuses = ['PENDING', 'ACTIVE', 'FAILED'] as const;
export type ConnectionStatus = (typeof connectionStatuses)[number];

/** A connection as `GET /connections/{id}` answers it: never a secret. */
export const Connection = z.looseObject({
  /** A UUID. */
  connection_id: z.string(),
  status: z.enum(connectionStatuses),
  /** ISO 8601 with microseconds and `Z`. */
  creation_time: z.string(),
  last_updated_time: z.string(),
  /** The connect page to open in a browser while PENDING. */
  url: z.string().nullable().optional(),
  app: z.string(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type Connection = z.infer<typeof Connection>;

/** A key as `GET /keys` answers it: the secret itself is shown once, at creation. */
export const ApiKey = z.looseObject({
  id: z.string(),
  name: z.string().nullable().optional(),
  /** The visible start of the key (`wg_…`). */
  prefix: z.string(),
  scopes: z.array(z.string()),
  created_at: z.string(),
});
export type ApiKey = z.infer<typeof ApiKey>;
