/**
 * The generic core every resource method goes through: `call(operationId, input, options)`.
 * Pre-flight (prepare-input.ts), the request pieces from spec's `buildRequest`, the body encoded
 * for fetch, then the answer checked against the registry's response schema. `callById` is the
 * same call for adapters (the CLI, the MCP server) that hold an operation id as a string.
 */
import {
  buildRequest,
  type Operation,
  type OperationId,
  type Registry,
  type RequestBody,
} from '@watigate/spec';
import { type ResolvedOptions, secretsOf } from './client-options.js';
import type { RequestOptions, Transport } from './create-transport.js';
import { WatiApiError, WatiValidationError } from './errors.js';
import type { CallInput, CallOutput, MediaFile } from './operation-types.js';
import { fieldName, prepareInput } from './prepare-input.js';

export type Call = <Id extends OperationId>(
  operationId: Id,
  input: CallInput<Id>,
  options?: RequestOptions,
) => Promise<CallOutput<Id>>;

/**
 * Any operation of the client's registry by its id, checked at run time: the answer is WATI's
 * JSON, or a `MediaFile` for a file. An unknown id is a WatiValidationError; nothing is sent.
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
  const secrets = secretsOf(config);

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
    if (result.type === 'binary') {
      const { response } = result;
      const media: MediaFile = {
        contentType: response.headers.get('content-type') ?? 'application/octet-stream',
        body: response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() }),
      };
      return media;
    }
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

  const operationOf = (operationId: string): Operation => {
    const operation = registry.get(operationId);
    if (operation) return operation;
    const message = `${JSON.stringify(operationId)} is not an operation of this client’s registry`;
    throw new WatiValidationError(`${operationId} was not sent: ${message}`, [
      { field: 'operationId', limit: 'a registry operation', message },
    ]);
  };

  return {
    call: async (operationId, input, options) =>
      (await callOperation(operationOf(operationId), input, options)) as CallOutput<typeof operationId>,
    callById: async (operationId, input, options) => callOperation(operationOf(operationId), input, options),
  };
}
