/**
 * v3 Campaigns (`/api/ext/v3/broadcasts…`): the broadcasts v3 template sends and schedules made
 * (broadcasts.ts), their statistics from their messages' statuses, and their recipients.
 */
import type { BroadcastRecord } from '../../state/records.js';
import type { TenantState } from '../../state/tenant-state.js';
import {
  type BroadcastCounts,
  broadcastDetailsV3,
  broadcastRecipientV3,
  broadcastV3,
  countMessage,
  emptyCounts,
  overviewV3,
  pendingRecipientV3,
} from '../../wati-shapes-v3.js';
import {
  channelNamed,
  dateParam,
  dateToParam,
  notFound,
  pageOf,
  type V3Context,
  type V3Handler,
} from './context.js';

/** Adds a broadcast's messages (and pending recipients) to `counts`. */
function addCounts(tenant: TenantState, b: BroadcastRecord, counts: BroadcastCounts): void {
  for (const m of tenant.broadcastMessages.get(b.id) ?? []) {
    const inbound = tenant.contacts.get(m.wAid)?.lastInboundAt;
    countMessage(counts, m, inbound !== null && inbound !== undefined && inbound > m.createdAt);
  }
  counts.recipients += b.pending.length;
  counts.pending += b.pending.length;
}

function broadcastOf(ctx: V3Context): BroadcastRecord {
  const id = String(ctx.params.broadcast_id);
  const broadcast = ctx.tenant.broadcastsById.get(id);
  if (!broadcast) throw notFound(`broadcast_id: no broadcast with id "${id}"`);
  return broadcast;
}

/** The broadcasts of the channel a request names (all channels when it names none), newest first. */
function broadcastsOf(ctx: V3Context): BroadcastRecord[] {
  const named = ctx.params.channel as string | undefined;
  const channel = named ? channelNamed(ctx, named, 'channel') : undefined;
  const all = channel
    ? ctx.tenant.broadcasts.filter((b) => b.channelId === channel.id)
    : ctx.tenant.broadcasts;
  return [...all].reverse();
}

export const v3GetBroadcasts: V3Handler = (ctx) => {
  const { pageNumber, pageSize, start } = pageOf(ctx);
  const all = broadcastsOf(ctx);
  return {
    body: {
      broadcasts: all.slice(start, start + pageSize).map(broadcastV3),
      page_number: pageNumber,
      page_size: pageSize,
      total: all.length,
    },
  };
};

export const v3GetBroadcastsByBroadcastId: V3Handler = (ctx) => {
  const broadcast = broadcastOf(ctx);
  const counts = emptyCounts();
  addCounts(ctx.tenant, broadcast, counts);
  return { body: broadcastDetailsV3(broadcast, counts) };
};

export const v3GetBroadcastsByBroadcastIdRecipients: V3Handler = (ctx) => {
  const broadcast = broadcastOf(ctx);
  const { pageNumber, pageSize, start } = pageOf(ctx);
  const sent = ctx.tenant.broadcastMessages.get(broadcast.id) ?? [];
  const total = sent.length + broadcast.pending.length;
  const recipients = [];
  for (let i = start; i < Math.min(total, start + pageSize); i++) {
    const m = sent[i];
    if (m) recipients.push(broadcastRecipientV3(m, ctx.tenant.contacts.get(m.wAid)));
    else {
      const p = broadcast.pending[i - sent.length];
      if (p) recipients.push(pendingRecipientV3(p, ctx.tenant.contacts.get(p.wAid), broadcast.createdAt));
    }
  }
  return { body: { recipients, page_number: pageNumber, page_size: pageSize, total_count: total } };
};

export const v3GetBroadcastsOverview: V3Handler = (ctx) => {
  const from = dateParam(ctx.params.date_from, 'date_from') ?? Number.NEGATIVE_INFINITY;
  const to = dateToParam(ctx.params.date_to, 'date_to') ?? Number.POSITIVE_INFINITY;
  const search = String(ctx.params.search_string ?? '').toLowerCase();
  const counts = emptyCounts();
  let n = 0;
  for (const b of broadcastsOf(ctx)) {
    if (b.createdAt < from || b.createdAt > to || !b.name.toLowerCase().includes(search)) continue;
    n++;
    addCounts(ctx.tenant, b, counts);
  }
  return { body: overviewV3(n, counts) };
};
