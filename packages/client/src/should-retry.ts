/**
 * Whether a failed attempt may be tried again. Reads are safe to repeat; writes and sends are
 * repeated only when they carry an idempotency key, because WATI may already have acted on them.
 */
import type { OperationKind } from '@watigate/spec';

/** Longest `Retry-After` the client waits for by itself, in milliseconds; beyond it the error is thrown. */
export const maxRetryAfterMs = 60_000;

export interface RetryDecisionInput {
  kind: OperationKind;
  /** True when the request carries an `Idempotency-Key`. */
  idempotent: boolean;
  /** Retries already made. */
  attempt: number;
  maxRetries: number;
  /** HTTP status of the answer; undefined when there was no answer. */
  status?: number | undefined;
  /** Why there was no answer. `aborted` (by the caller) is never retried. */
  failure?: 'network' | 'timeout' | 'aborted' | undefined;
  /** The gateway's error code, when its error body was read. */
  code?: string | undefined;
  retryAfterMs?: number | undefined;
}

/** Statuses worth another try: rate limited, or a server or gateway failure. */
function retryableStatus(status: number, code: string | undefined): boolean {
  if (status === 429 || status >= 500) return true;
  // The gateway's "same Idempotency-Key still in flight": the stored answer will be replayed.
  return status === 409 && code === 'idempotency_in_progress';
}

export function shouldRetry(input: RetryDecisionInput): boolean {
  if (input.attempt >= input.maxRetries) return false;
  if (input.kind !== 'read' && !input.idempotent) return false;
  if (input.failure === 'aborted') return false;
  if (input.retryAfterMs !== undefined && input.retryAfterMs > maxRetryAfterMs) return false;
  if (input.failure === 'network' || input.failure === 'timeout') return true;
  return input.status !== undefined && retryableStatus(input.status, input.code);
}
