/**
 * Shapes of the gateway's control plane (`/connections`, `/keys`), field names as the hosted
 * gateway's seed shows them (DESIGN.md §2). Loose: the gateway may add fields.
 */
import { z } from 'zod';

export const connectionStatuses = ['PENDING', 'ACTIVE', 'FAILED'] as const;
export type ConnectionStatus = (typeof connectionStatuses)[number];

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

export const keyScopes = ['connections', 'wati:read', 'wati:send', 'admin'] as const;
export type KeyScope = (typeof keyScopes)[number];

export const ApiKey = z.looseObject({
  id: z.string(),
  name: z.string().nullable().optional(),
  /** The visible start of the key (`wg_…`); the key itself is shown once, at creation. */
  prefix: z.string(),
  scopes: z.array(z.string()),
  created_at: z.string(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const CreateKeyParams = z.strictObject({
  name: z.string().min(1).optional(),
  scopes: z.array(z.enum(keyScopes)).min(1),
  /** Connection ids this key may use; all of the account's when absent. */
  connections: z.array(z.string().min(1)).optional(),
  /** Template and session sends allowed per UTC day. */
  dailySendCap: z.number().int().positive().optional(),
  /** ISO 8601. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type CreateKeyParams = z.input<typeof CreateKeyParams>;

export const ListConnectionsParams = z.strictObject({
  app: z.string().min(1).optional(),
  status: z.enum(connectionStatuses).optional(),
});
export type ListConnectionsParams = z.input<typeof ListConnectionsParams>;

export const CreateConnectionParams = z.strictObject({ app: z.literal('wati') });
export type CreateConnectionParams = z.input<typeof CreateConnectionParams>;

export const connectionListAnswer = z.looseObject({ connections: z.array(Connection) });
export const connectionAnswer = z.looseObject({ connection: Connection });
export const keyListAnswer = z.looseObject({ keys: z.array(ApiKey) });
export const keyCreatedAnswer = z.looseObject({ key: ApiKey, secret: z.string() });
