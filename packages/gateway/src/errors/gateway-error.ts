/**
 * The gateway's one error model: code throws `GatewayError` with a catalogue code, and one
 * writer (wire-error.ts) puts it on the wire as `{"error": {"code", "message", "requestId", "details"}}`.
 */
import { type ErrorCode, errorCatalogue, type WireErrorDetail } from '@watigate/spec';

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: WireErrorDetail[];
  /** Extra response headers, e.g. `Retry-After`. */
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: WireErrorDetail[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.details = options.details ?? [];
    this.headers = options.headers ?? {};
  }
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}
