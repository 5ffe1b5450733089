/**
 * Requests to the gateway's own control plane (`/connections`, `/keys`): JSON in and out, the
 * same transport (auth, timeout, retries) as WATI calls, answers checked against control-schemas.ts.
 */
import type { z } from 'zod';
import type { ResolvedOptions } from './client-options.js';
import type { RequestOptions, Transport } from './create-transport.js';
import { WatiApiError } from './errors.js';
import { fieldName, validationError, violationsFromIssues } from './prepare-input.js';

export type ControlRequest = <S extends z.ZodType>(
  answer: S,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body: unknown,
  options: RequestOptions | undefined,
) => Promise<z.output<S>>;

/** Validates control-plane input with `schema`, throwing a `WatiValidationError` that names each field. */
export function checkParams<S extends z.ZodType>(what: string, schema: S, params: unknown): z.output<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw validationError(what, violationsFromIssues(parsed.error.issues));
  return parsed.data;
}

export function createControlRequest(config: ResolvedOptions, transport: Transport): ControlRequest {
  const root = config.baseUrl.replace(/\/+$/, '');
  return async (answer, method, path, body, options) => {
    const result = await transport.request({
      method,
      url: `${root}${path}`,
      // GET is safe to repeat; POST and DELETE only with an idempotency key.
      kind: method === 'GET' ? 'read' : 'write',
      body:
        body === undefined
          ? undefined
          : () => ({ body: JSON.stringify(body), contentType: 'application/json' }),
      options,
    });
    const value = result.type === 'json' ? result.value : undefined;
    const checked = answer.safeParse(value);
    if (!checked.success) {
      const problems = checked.error.issues
        .map((i) => `${fieldName(i.path) || '(body)'}: ${i.message}`)
        .join('; ');
      throw new WatiApiError(
        `The gateway's answer to ${method} ${path} has an unexpected shape: ${problems}`,
        {
          code: 'unexpected_response',
          body: value,
        },
      );
    }
    return checked.data;
  };
}
