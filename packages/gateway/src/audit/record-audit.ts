/**
 * Writes one audit entry: who (key id) did what (action, endpoint), on which connection, with
 * which outcome, to whom (recipient masked). Failing to write one is logged, never fatal to the
 * request it describes.
 */
import { maskPhone, normalizePhone } from '@watigate/spec';
import type { AppDeps } from '../deps/app-deps.js';
import { nowTimestamp } from '../deps/clock.js';
import { randomId } from '../deps/random.js';

export const auditActions = [
  'keys.create',
  'keys.revoke',
  'connections.create',
  'connections.delete',
  'connections.connect',
  'connections.connect_failed',
  'connections.fail',
  'connections.reconnect_failed',
  'connections.webhook_renew',
  'subscriptions.create',
  'subscriptions.delete',
  'subscriptions.replay',
  'wati.send',
] as const;
export type AuditAction = (typeof auditActions)[number];

export interface AuditInput {
  accountId: string;
  keyId: string | null;
  action: AuditAction;
  endpoint?: string | null;
  connectionId?: string | null;
  status?: number | null;
  /** A phone number in any form; stored masked. */
  recipient?: string | null;
  /** A recipient already masked (a v3 target, which may be an id or several people); stored as is. */
  recipientMasked?: string | null;
}

export function maskRecipient(recipient: string | null | undefined): string | null {
  if (!recipient) return null;
  return maskPhone(normalizePhone(recipient) ?? recipient.replace(/\D/g, ''));
}

export async function recordAudit(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random'>,
  request: { log: { error(fields: object, message: string): void } },
  input: AuditInput,
): Promise<void> {
  try {
    await deps.store.audit.append({
      id: randomId(deps.random, 'aud'),
      accountId: input.accountId,
      keyId: input.keyId,
      action: input.action,
      endpoint: input.endpoint ?? null,
      connectionId: input.connectionId ?? null,
      status: input.status ?? null,
      recipientMasked: input.recipientMasked ?? maskRecipient(input.recipient),
      createdAt: nowTimestamp(deps.clock),
    });
  } catch (err) {
    request.log.error({ err, action: input.action }, 'audit entry not written');
  }
}
