/**
 * The generic core every resource method goes through: `call(operationId, input, options)`.
 * Pre-flight (prepare-input.ts), the request pieces from spec's `buildRequest`, the body encoded
 * for fetch, then the answer checked against the registry's response schema.
 */
import { buildRequest, type OperationId, operations, type RequestBody } from '@watigate/spec';
import { type ResolvedOptions, secretsOf } from './client-options.js';
import type { RequestOptions, Transport } from './create-transport.js';
import { WatiApiError } from './errors.js';
import type { CallInput, CallOutput } from './operation-types.js';
import { fieldName, prepareInput } from './prepare-input.js';

export type Call = <Id extends OperationId>(
  operationId: Id,
  input: CallInput<Id>,
  options?: RequestOptions,
) => Promise<CallOutput<Id>>;

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

export function createCall(config: ResolvedOptions, transport: Transport): Call {
  const root = apiRoot(config);
  const secrets = secretsOf(config);
  return async (operationId, input, options) => {
    const operation = operations[operationId];
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
      const media = {
        contentType: response.headers.get('content-type') ?? 'application/octet-stream',
        body: response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() }),
      };
      return media as CallOutput<typeof operationId>;
    }
    if (operation.response.type !== 'json') throw new Error('unreachable: JSON answer to a binary operation');
    const checked = operation.response.schema.safeParse(result.value);
    if (!checked.success) {
      const problems = checked.error.issues
        .map((i) => `${fieldName(i.path) || '(body)'}: ${i.message}`)
        .join('; ');
      throw new WatiApiError(
        `The answer to ${operationId} does not have the shape WATI documents: ${problems}`,
        {
          code: 'unexpected_response',
          status: 200,
          body: result.value,
        },
      );
    }
    return checked.data as CallOutput<typeof operationId>;
  };
}
