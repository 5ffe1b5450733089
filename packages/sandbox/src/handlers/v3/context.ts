/**
 * The shape of a WATI v3 handler in the sandbox and what every v3 handler shares: the typed error
 * that the route writes as `{code, message, timestamp}`, paging, and the tenant's channels.
 */
import type { V3Operation } from '@watigate/spec';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { ChannelRecord, MediaRecord } from '../../state/records.js';
import type { TenantState } from '../../state/tenant-state.js';

/** A v3 refusal: the route answers `status` with `{code: status, message, timestamp}`. */
export class V3Error extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new V3Error(400, message);
export const notFound = (message: string) => new V3Error(404, message);

export interface V3Context {
  rt: Runtime;
  tenant: TenantState;
  op: V3Operation;
  /** Path and query parameters, validated against the operation's schemas (integers coerced). */
  params: Record<string, unknown>;
  /** The JSON body, validated against the operation's schema; undefined for multipart. */
  body: unknown;
  request: FastifyRequest;
}

export type V3Result = { status?: number; body: unknown } | { media: MediaRecord };

export type V3Handler = (ctx: V3Context) => V3Result | Promise<V3Result>;

/** v3 pages from 1 and caps `page_size` at 100 (the file's parameter descriptions). */
export const maxPageSize = 100;

/** `page_number` and `page_size`, already checked by the route (v3PageRules). */
export function pageOf(ctx: V3Context): { pageNumber: number; pageSize: number; start: number } {
  const pageNumber = ctx.params.page_number as number;
  const pageSize = ctx.params.page_size as number;
  return { pageNumber, pageSize, start: (pageNumber - 1) * pageSize };
}

/** The tenant's default channel: the runtime's channel number, named `Main`. */
export function defaultChannel(ctx: Pick<V3Context, 'rt' | 'tenant'>): ChannelRecord {
  return { id: `channel-${ctx.tenant.id}`, name: 'Main', phone: ctx.rt.channelPhoneNumber };
}

export function channelsOf(ctx: Pick<V3Context, 'rt' | 'tenant'>): ChannelRecord[] {
  return [defaultChannel(ctx), ...ctx.tenant.extraChannels];
}

/**
 * The channel a request names by its name (any case) or its phone number; the default channel
 * when none is named. An unknown channel is refused with 400, naming `field`.
 */
export function channelNamed(
  ctx: Pick<V3Context, 'rt' | 'tenant'>,
  value: string | null | undefined,
  field: string,
): ChannelRecord {
  if (value === undefined || value === null || value.trim() === '') return defaultChannel(ctx);
  const wanted = value.trim().toLowerCase();
  const digits = wanted.replace(/^\+/, '');
  const channel = channelsOf(ctx).find((c) => c.name.toLowerCase() === wanted || c.phone === digits);
  if (!channel) {
    throw badRequest(
      `${field}: "${value}" is not a channel of this account; GET /api/ext/v3/channels lists its channels by name`,
    );
  }
  return channel;
}

/** Parses a date or date-time query value (`2024-01-31`, ISO 8601) to epoch ms, or refuses it naming `field`. */
export function dateParam(value: unknown, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value);
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
  if (Number.isNaN(ms)) throw badRequest(`${field}: "${text}" is not a date; use ISO 8601, e.g. 2026-01-31`);
  return ms;
}

/** The end of a date range: a bare date counts its whole day. */
export function dateToParam(value: unknown, field: string): number | undefined {
  const ms = dateParam(value, field);
  if (ms === undefined) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? ms + 86_400_000 - 1 : ms;
}
