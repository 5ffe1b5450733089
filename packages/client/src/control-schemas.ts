/**
 * What the client sends to and reads from the gateway's control plane (`/connections`, `/keys`).
 * The shared vocabulary (Connection, ApiKey, scopes, statuses) is spec's control-plane module;
 * the request parameters checked before sending are here.
 */
import { ApiKey, Connection, connectionStatuses, keyScopes } from '@watigate/spec';
import { z } from 'zod';

export type { ApiKey, Connection, ConnectionStatus, KeyScope } from '@watigate/spec';
export { connectionStatuses, keyScopes };

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
export const keyAnswer = z.looseObject({ key: ApiKey });
export const keyCreatedAnswer = z.looseObject({ key: ApiKey, secret: z.string() });
