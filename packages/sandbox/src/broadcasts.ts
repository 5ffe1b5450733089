/**
 * v3 broadcasts: one per template send or schedule, whose messages are ordinary template sends
 * (conversation.ts `sendTemplate`, as v1's), so they show in v1's getMessages and fire the same
 * webhooks. A scheduled broadcast waits on the sandbox clock (Lifecycle.at) and is re-armed when a
 * SQLite-backed sandbox restarts.
 */
import { sendTemplate } from './conversation.js';
import type { Runtime } from './runtime.js';
import type { BroadcastRecord, PendingRecipient, TemplateRecord } from './state/records.js';
import type { TenantState } from './state/tenant-state.js';

/** Sends `recipients` now, as messages of `broadcast`, in one persistence batch. */
export function sendToRecipients(
  rt: Runtime,
  tenant: TenantState,
  broadcast: BroadcastRecord,
  template: TemplateRecord,
  recipients: readonly PendingRecipient[],
): void {
  tenant.batch(() => {
    for (const r of recipients) {
      sendTemplate(rt, tenant, r.wAid, template, {
        broadcastName: broadcast.name,
        parameters: r.params,
        localMessageId: r.localMessageId,
        broadcastId: broadcast.id,
      });
    }
  });
}

/** Arms a scheduled broadcast: at `scheduledAt` its pending recipients are sent. */
export function armBroadcast(rt: Runtime, tenant: TenantState, broadcast: BroadcastRecord): void {
  rt.lifecycle.at(broadcast.scheduledAt, () => {
    // A reset (or a restart) dropped it: nothing to send.
    if (tenant.broadcastsById.get(broadcast.id) !== broadcast || broadcast.status !== 'scheduled') return;
    const template = tenant.templates.find((t) => t.id === broadcast.templateId);
    const pending = broadcast.pending;
    broadcast.pending = [];
    broadcast.status = 'completed';
    tenant.saveBroadcast(broadcast);
    if (template) sendToRecipients(rt, tenant, broadcast, template, pending);
  });
}
