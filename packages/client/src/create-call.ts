/**
 * The generic core every resource method goes through: `call(operationId, input, options)`.
 * Pre-flight (prepare-input.ts, or prepare-v3-input.ts for a v3 id), the request pieces from
 * spec's `buildRequest` (build-v3-request.ts for v3), the body encoded for fetch, then the answer
 * checked against the operation's response schema. `callById` is the same call for adapters (the
 * CLI, the MCP server) that hold an operation id as a string. The id says the API: `v3…` ids are
 * WATI's v3 operations (`registryV3`), whatever the client's `apiVersion`.
 */
import {
  buildRequest,
  type Operation,
  type OperationId,
  type Registry,
  type RequestBody,
  registryV3,
  type V3Operation,
  type V3OperationId,
} from '@watigate/spec';
import type { z } from 'zod';
import { buildV3Request } from './build-v3-request.js';
import { type ResolvedOptions, secretsOf } from './client-options.js';
import type { RequestOptions, Transport } from './create-transport.js';
import { WatiApiError, WatiValidationError } from './errors.js';
import type { CallInput, CallOutput, MediaFile } from './operation-types.js';
import { fieldName, prepareInput } from './prepare-input.js';
import { prepareV3Input } from './prepare-v3-input.js';
import type { V3CallInput, V3CallOutput } from './v3-operation-types.js';

/** A typed call by operation id: a v1/v2 id of the registry, or a v3 id of `registryV3`. */
export interface Call {
  <Id extends OperationId>(
    operationId: Id,
    input: CallInput<Id>,
    options?: RequestOptions,
  ): Promise<CallOutput<Id>>;
  <Id extends V3OperationId>(
    operationId: Id,
    input: V3CallInput<Id>,
    options?: RequestOptions,
  ): Promise<V3CallOutput<Id>>;
}

/**
 * Any operation of the client's registry or of `registryV3` by its id, checked at run time: the
 * answer is WATI's JSON, or a `MediaFile` for a file. An unknown id is a WatiValidationError;
 * nothing is sent.
 */
export type CallById = (
  operationId: string,
  input: Record<string, unknown>,
  options?: RequestOptions,
) => Promise<unknown>;

/** Where WATI paths start: `<gateway>/wati/api/v1/...` or `<tenant endpoint>/api/v1/...`. */
export function apiRoot(config: Pick<ResolvedOptions, 'baseUrl' | 'mode'>): string {
  const base = config.baseUrl.replace(/\/+$/, '');
  return config.mode === 'gateway' ? `${base}/wati` : base;
}

/**
 * Where v3 paths (`/api/ext/v3/...`) start: `<gateway>/wati` in gateway mode; in direct mode the
 * API endpoint URL without its tenant id, because v3 takes the tenant from the token, not from the
 * path (`https://live-mt-server.wati.io/123456` → `https://live-mt-server.wati.io`, its origin).
 * Only the last segment is dropped, so a WATI API served below a path (the gateway's built-in
 * sandbox at `<gateway>/sandbox/<tenantId>`) keeps that path.
 * @see shared/reference/wati-v3-notes.md ("Paths")
 */
export function apiRootV3(config: Pick<ResolvedOptions, 'baseUrl' | 'mode'>): string {
  if (config.mode === 'gateway') return apiRoot(config);
  const url = new URL(config.baseUrl);
  const base = url.pathname.replace(/\/+$/, '').replace(/\/[^/]*$/, '');
  return `${url.origin}${base}`;
}

/**
 * Checks a v3 answer against the file's schema. The file's objects are strict; a field WATI adds
 * later is not a reason to fail a call that worked, so an answer whose only problems are unknown
 * fields is returned as received.
 */
export function checkV3Answer(
  schema: z.ZodType,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; problems: string } {
  const checked = schema.safeParse(value);
  if (checked.success) return { ok: true, value: checked.data };
  const real = checked.error.issues.filter((i) => i.code !== 'unrecognized_keys');
  if (real.length === 0) return { ok: true, value };
  return {
    ok: false,
    problems: real.map((i) => `${fieldName(i.path) || '(body)'}: ${i.message}`).join('; '),
  };
}

/** Encodes spec's request body for fetch. Multipart parts keep their Blob, so files stream. */
export function encodeBody(body: RequestBody): { body: BodyInit; contentType?: string } {
  switch (body.type) {
    case 'json':
      return { body: JSON.stringify(body.value), contentType: 'application/json' };
    case 'form':
      return {
        body: new URLSearchParams(body.value).toString(),
        contentType: 'application/x-www-form-urlencoded',
      };
    case 'multipart': {
      const form = new FormData();
      for (const part of body.parts) {
        if (typeof part.value === 'string') form.append(part.name, part.value);
        else form.append(part.name, part.value, (part.value as Blob & { name?: string }).name || part.name);
      }
      return { body: form };
    }
  }
}

/** Both calls over one transport and registry. */
export function createCall(
  config: ResolvedOptions,
  transport: Transport,
  registry: Registry,
): { call: Call; callById: CallById } {
  const root = apiRoot(config);
  const rootV3 = apiRootV3(config);
  const secrets = secretsOf(config);

  const mediaFile = (response: Response): MediaFile => ({
    contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    body: response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() }),
  });

  async function callOperation(operation: Operation, input: unknown, options: RequestOptions | undefined) {
    const prepared = prepareInput(operation, input, secrets);
    const parts = buildRequest(operation, prepared);
    const query = parts.query.length > 0 ? `?${new URLSearchParams(parts.query).toString()}` : '';
    const body = parts.body;
    const result = await transport.request({
      method: parts.method,
      url: `${root}${parts.path}${query}`,
      kind: operation.kind,
      body: body ? () => encodeBody(body) : undefined,
      binary: operation.response.type === 'binary',
      options,
    });
    if (result.type === 'binary') return mediaFile(result.response);
    if (operation.response.type !== 'json') throw new Error('unreachable: JSON answer to a binary operation');
    const checked = operation.response.schema.safeParse(result.value);
    if (!checked.success) {
      const problems = checked.error.issues
        .map((i) => `${fieldName(i.path) || '(body)'}: ${i.message}`)
        .join('; ');
      throw new WatiApiError(
        `The answer to ${operation.id} does not have the shape WATI documents: ${problems}`,
        {
          code: 'unexpected_response',
          status: 200,
          body: result.value,
        },
      );
    }
    return checked.data;
  }

  async function callV3Operation(
    operation: V3Operation,
    input: unknown,
    options: RequestOptions | undefined,
  ) {
    const parts = buildV3Request(operation, prepareV3Input(operation, input, secrets));
    const query = parts.query.length > 0 ? `?${new URLSearchParams(parts.query).toString()}` : '';
    const body = parts.body;
    const success = operation.responses['200'];
    const result = await transport.request({
      method: parts.method,
      url: `${rootV3}${parts.path}${query}`,
      kind: operation.kind,
      apiVersion: 'v3',
      scope: operation.scope,
      body: body ? () => encodeBody(body) : undefined,
      binary: success?.type === 'binary',
      options,
    });
    if (result.type === 'binary') return mediaFile(result.response);
    if (success?.type !== 'json') return result.value;
    const checked = checkV3Answer(success.schema, result.value);
    if (checked.ok) return checked.value;
    throw new WatiApiError(
      `The answer to ${operation.id} does not have the shape WATI documents: ${checked.problems}`,
      { code: 'unexpected_response', status: 200, body: result.value },
    );
  }

  const operationOf = (operationId: string): Operation | V3Operation => {
    const operation = registry.get(operationId) ?? registryV3.get(operationId);
    if (operation) return operation;
    const message = `${JSON.stringify(operationId)} is not an operation of this client’s registry`;
    throw new WatiValidationError(`${operationId} was not sent: ${message}`, [
      { field: 'operationId', limit: 'a registry operation', message },
    ]);
  };

  const callAny = (operationId: string, input: unknown, options: RequestOptions | undefined) => {
    const operation = operationOf(operationId);
    return 'responses' in operation
      ? callV3Operation(operation, input, options)
      : callOperation(operation, input, options);
  };

  return {
    call: (async (operationId: string, input: unknown, options?: RequestOptions) =>
      callAny(operationId, input, options)) as Call,
    callById: async (operationId, input, options) => callAny(operationId, input, options),
  };
}
