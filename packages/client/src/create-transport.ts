/**
 * The one place the client touches the network: authentication headers, per-attempt timeout,
 * the caller's AbortSignal, retries with backoff, and turning answers into values or typed errors.
 */
import { connectionHeader, type OperationKind } from '@watigate/spec';
import type { ApiVersion } from './api-version.js';
import { type ResolvedOptions, secretsOf } from './client-options.js';
import { defaultSleep } from './default-sleep.js';
import { errorFromResponse } from './error-from-response.js';
import { WatiApiError, WatiConnectionError, type WatiError, WatiTimeoutError } from './errors.js';
import { isFailureBody, isV3FailureBody } from './is-failure-body.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { redact } from './redact.js';
import { retryDelay } from './retry-delay.js';
import { shouldRetry } from './should-retry.js';

/** Per-call options, the last argument of every method. */
export interface RequestOptions {
  /** Aborts the call, including retries and backoff waits. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's `timeoutMs` for each attempt of this call, in milliseconds. */
  timeoutMs?: number | undefined;
  /**
   * Sent as `Idempotency-Key`. The gateway stores the first answer for 24 h and replays it, so a
   * write or send carrying one is retried like a read. WATI itself ignores it (direct mode).
   */
  idempotencyKey?: string | undefined;
  /**
   * WATI's API for this call, overriding the client's `apiVersion`: `v1` (v1/v2 endpoints) or
   * `v3` (`/api/ext/v3`). Methods that exist in one version only refuse the other.
   */
  apiVersion?: ApiVersion | undefined;
}

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Absolute URL, query included. */
  url: string;
  kind: OperationKind;
  /** The WATI API the URL is on, for reading its failures. @default 'v1' */
  apiVersion?: ApiVersion | undefined;
  /** v3: the WATI token scope the operation needs, named by a 403. */
  scope?: string | undefined;
  /** Builds the body afresh for each attempt. */
  body?: (() => { body: BodyInit; contentType?: string }) | undefined;
  /** Return the raw Response on success instead of parsed JSON (media downloads). */
  binary?: boolean;
  options?: RequestOptions | undefined;
}

export type TransportResult = { type: 'json'; value: unknown } | { type: 'binary'; response: Response };

export interface Transport {
  request(request: TransportRequest): Promise<TransportResult>;
}

type Failure = 'network' | 'timeout' | 'aborted';

export function createTransport(config: ResolvedOptions): Transport {
  const doFetch =
    config.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const sleep = config.sleep ?? defaultSleep;
  const now = config.now ?? Date.now;
  const random = config.random ?? Math.random;
  const secrets = secretsOf(config);
  const secret = secrets[0] ?? '';

  function headersFor(request: TransportRequest, contentType: string | undefined): Headers {
    const headers = new Headers({ authorization: `Bearer ${secret}`, accept: 'application/json, */*' });
    if (config.mode === 'gateway' && config.connection) headers.set(connectionHeader, config.connection);
    if (request.options?.idempotencyKey) headers.set('idempotency-key', request.options.idempotencyKey);
    if (contentType) headers.set('content-type', contentType);
    return headers;
  }

  function failureError(failure: Failure, cause: unknown, url: string, timeoutMs: number): WatiError {
    const origin = new URL(url).origin;
    if (failure === 'timeout') {
      return new WatiTimeoutError(
        `No answer from ${origin} within ${timeoutMs} ms. Raise timeoutMs, or retry later (a send may have gone through; retry it only with an idempotencyKey).`,
        { code: 'timeout' },
      );
    }
    if (failure === 'aborted')
      return new WatiConnectionError('The request was aborted by its signal.', { code: 'aborted', cause });
    const reason = cause instanceof Error ? redact(cause.message, secrets) : 'network error';
    return new WatiConnectionError(`Could not reach ${origin} (${reason}). Check baseUrl and the network.`, {
      code: 'connection_failed',
      cause,
    });
  }

  async function attempt(request: TransportRequest, timeoutMs: number) {
    const controller = new AbortController();
    const userSignal = request.options?.signal;
    let timedOut = false;
    const onAbort = () => controller.abort(userSignal?.reason);
    if (userSignal?.aborted) controller.abort(userSignal.reason);
    userSignal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const classify = (): Failure => (userSignal?.aborted ? 'aborted' : timedOut ? 'timeout' : 'network');
    const done = () => {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onAbort);
    };
    try {
      const built = request.body?.();
      const response = await doFetch(request.url, {
        method: request.method,
        headers: headersFor(request, built?.contentType),
        ...(built ? { body: built.body } : {}),
        signal: controller.signal,
      });
      const requestId = response.headers.get('x-request-id') ?? undefined;
      const contentType = response.headers.get('content-type') ?? '';
      if (response.ok && request.binary && !contentType.includes('json')) {
        // The body streams after we return: the caller's signal still applies, the timeout no longer does.
        clearTimeout(timer);
        return { response, requestId } as const;
      }
      const text = redact(await response.text(), secrets);
      done();
      return { response, requestId, text } as const;
    } catch (cause) {
      done();
      return { failure: classify(), cause } as const;
    }
  }

  async function request(request: TransportRequest): Promise<TransportResult> {
    const timeoutMs = request.options?.timeoutMs ?? config.timeoutMs;
    const { maxRetries, baseDelayMs, maxDelayMs } = config.retry;
    const idempotent = Boolean(request.options?.idempotencyKey);
    for (let retries = 0; ; retries++) {
      const outcome = await attempt(request, timeoutMs);
      let error: WatiError;
      let retryAfterMs: number | undefined;
      if ('failure' in outcome) {
        error = failureError(outcome.failure, outcome.cause, request.url, timeoutMs);
        if (
          !shouldRetry({
            kind: request.kind,
            idempotent,
            attempt: retries,
            maxRetries,
            failure: outcome.failure,
          })
        )
          throw error;
      } else {
        const { response, requestId } = outcome;
        if (outcome.text === undefined) return { type: 'binary', response };
        if (response.ok) {
          let value: unknown;
          try {
            value = outcome.text === '' ? {} : JSON.parse(outcome.text);
          } catch (cause) {
            throw new WatiApiError(
              `Expected JSON from ${new URL(request.url).pathname}, got: ${outcome.text.slice(0, 200)}`,
              {
                code: 'unexpected_response',
                status: response.status,
                requestId,
                body: outcome.text,
                cause,
              },
            );
          }
          const failed = request.apiVersion === 'v3' ? isV3FailureBody(value) : isFailureBody(value);
          if (!failed) {
            if (request.binary)
              return { type: 'binary', response: new Response(outcome.text, { headers: response.headers }) };
            return { type: 'json', value };
          }
        }
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
        error = errorFromResponse({
          status: response.status,
          text: outcome.text,
          mode: config.mode,
          retryAfterMs,
          requestId,
          apiVersion: request.apiVersion,
          scope: request.scope,
        });
        const retry = shouldRetry({
          kind: request.kind,
          idempotent,
          attempt: retries,
          maxRetries,
          status: response.ok ? undefined : response.status,
          code: error.code,
          retryAfterMs,
        });
        if (!retry) throw error;
      }
      const delay = retryDelay({ attempt: retries, baseDelayMs, maxDelayMs, retryAfterMs, random: random() });
      try {
        await sleep(delay, request.options?.signal);
      } catch (cause) {
        throw failureError('aborted', cause, request.url, timeoutMs);
      }
    }
  }

  return { request };
}
