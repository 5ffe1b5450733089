/** The shape of a WATI API handler in the sandbox. */
import type { Operation, RateClass } from '@watigate/spec';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../runtime.js';
import type { MediaRecord } from '../state/records.js';
import type { TenantState } from '../state/tenant-state.js';

/** Marks a JSON body that could not be parsed; WATI answers some endpoints with "Request is null". */
export const invalidJson: unique symbol = Symbol('invalid JSON');

export interface ApiContext {
  rt: Runtime;
  tenant: TenantState;
  op: Operation;
  pathParams: Record<string, string>;
  /** The first value of each query parameter. */
  query: Record<string, string>;
  /** The form body, when the request had one. */
  form: Record<string, string> | undefined;
  /** The JSON body: undefined when absent, `invalidJson` when malformed. */
  json: unknown;
  request: FastifyRequest;
}

export type ApiResult = { status?: number; body: unknown } | { media: MediaRecord };

export type ApiHandler = (ctx: ApiContext) => ApiResult | Promise<ApiResult>;

/**
 * A WATI endpoint the sandbox serves although the registry does not list it, because the gateway
 * does not forward it (WATI's webhookEndpoints, which the gateway calls itself). It goes through
 * the same authentication, request log, faults and rate limits as a registry operation.
 */
export interface OffRegistryOperation {
  /** Named as WATI's operations are; faults armed with this `operationId` hit it. */
  id: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Path below the tenant's API endpoint URL, with `{name}` for a one-segment path parameter. */
  path: `/api/${'v1' | 'v2'}/${string}`;
  rateClass: RateClass;
  handler: (ctx: Omit<ApiContext, 'op'>) => ApiResult | Promise<ApiResult>;
}

/** Reads a paging parameter; WATI pages from 1, and some clients send 0 (wati-api.md §2.1). */
export function paging(
  query: Record<string, string>,
  defaultSize = 10,
): { pageSize: number; pageNumber: number } {
  const size = Number.parseInt(query.pageSize ?? '', 10);
  const number = Number.parseInt(query.pageNumber ?? '', 10);
  return {
    pageSize: Number.isFinite(size) && size > 0 ? Math.min(size, 1000) : defaultSize,
    pageNumber: Number.isFinite(number) && number > 0 ? number : 1,
  };
}

/** The JSON body as an object, or an empty object when absent or not an object. */
export function jsonObject(ctx: ApiContext): Record<string, unknown> {
  const body = ctx.json;
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

/** Keeps the well-formed `{name, value}` pairs of a customParams-like array. */
export function customParamsOf(value: unknown): Array<{ name: string; value: string }> {
  if (!Array.isArray(value)) return [];
  return value
    .filter((p): p is { name: unknown; value: unknown } => typeof p === 'object' && p !== null)
    .filter((p) => typeof p.name === 'string' && p.name !== '')
    .map((p) => ({
      name: String(p.name),
      value: p.value === undefined || p.value === null ? '' : String(p.value),
    }));
}
