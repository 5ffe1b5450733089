/**
 * The client's one error model: a base `WatiError` and a subclass per thing the caller should do
 * (re-authenticate, wait, open a session window, fix a number or template, retry later).
 * `isWatiError` checks a `Symbol.for` brand, so two bundled copies of the client still agree.
 * No error ever holds the API key or WATI token (see redact.ts).
 */
import type { LimitViolation } from '@watigate/spec';

const brand = Symbol.for('watigate.error');

/** Stable codes of the errors the client produces itself (gateway errors carry the gateway's code). */
export const clientErrorCodes = [
  'invalid_options',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'session_window_closed',
  'invalid_number',
  'template_error',
  'wati_error',
  'unexpected_response',
  'connection_failed',
  'aborted',
  'timeout',
] as const;
export type ClientErrorCode = (typeof clientErrorCodes)[number];

export interface WatiErrorOptions {
  code: string;
  cause?: unknown;
  /** HTTP status of the answer, when there was one. */
  status?: number | undefined;
  /** The gateway's request id (`X-Request-Id` or the error body's `requestId`). */
  requestId?: string | undefined;
}

/** Base class of every error the client throws. */
export class WatiError extends Error {
  override name = 'WatiError';
  readonly code: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, options: WatiErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.status = options.status;
    this.requestId = options.requestId;
    Object.defineProperty(this, brand, { value: true });
  }
}

/** True for any error thrown by any copy of `@watigate/client`. */
export function isWatiError(error: unknown): error is WatiError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[brand] === true;
}

/**
 * The input was rejected and nothing was sent: by the client before sending (schema, phone
 * number or WhatsApp limit), or by WATI's v3 API as invalid (HTTP 400; `status` is then set).
 */
export class WatiValidationError extends WatiError {
  override name = 'WatiValidationError';
  readonly violations: LimitViolation[];
  constructor(
    message: string,
    violations: LimitViolation[],
    code: 'validation_failed' | 'invalid_options' = 'validation_failed',
    answer: Pick<WatiErrorOptions, 'status' | 'requestId'> = {},
  ) {
    super(message, { code, status: answer.status, requestId: answer.requestId });
    this.violations = violations;
  }
}

/**
 * HTTP 401 or 403: the API key or WATI token is missing, wrong, revoked or lacks a scope.
 * A v3 403 has code `forbidden` and `scope`, the WATI token scope the call needs (when WATI
 * documents one).
 */
export class WatiAuthError extends WatiError {
  override name = 'WatiAuthError';
  /** v3: the WATI token scope the refused call needs (`contactsv3:*`, …), when WATI names one. */
  readonly scope: string | undefined;
  constructor(message: string, options: WatiErrorOptions & { scope?: string | undefined }) {
    super(message, options);
    this.scope = options.scope;
  }
}

/** HTTP 429 from WATI or the gateway, after the client's own retries (if any) ran out. */
export class WatiRateLimitError extends WatiError {
  override name = 'WatiRateLimitError';
  /** How long the server asked to wait (`Retry-After`), in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: WatiErrorOptions & { retryAfterMs?: number | undefined }) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Fields shared by the errors built from a WATI answer. */
export interface WatiAnswerOptions extends WatiErrorOptions {
  /** WATI's human-readable reason (`info`, `errors.error` or `error`). */
  info?: string | undefined;
  /** The answer's body as received (parsed JSON, or text when it was not JSON). */
  body?: unknown;
}

/** Any other refusal by WATI, including HTTP 200 with `result: false` or `ok: false`. */
export class WatiApiError extends WatiError {
  override name = 'WatiApiError';
  readonly info: string | undefined;
  readonly body: unknown;
  constructor(message: string, options: WatiAnswerOptions) {
    super(message, options);
    this.info = options.info;
    this.body = options.body;
  }
}

/** WATI's "Ticket has been expired": no inbound message in the last 24 h, so only templates can be sent. */
export class WatiSessionWindowError extends WatiApiError {
  override name = 'WatiSessionWindowError';
  /** WATI's `ticketStatus`, e.g. `BROADCAST`. */
  readonly ticketStatus: string | undefined;
  constructor(message: string, options: WatiAnswerOptions & { ticketStatus?: string | undefined }) {
    super(message, options);
    this.ticketStatus = options.ticketStatus;
  }
}

/** The number is not on WhatsApp or has no conversation ("Invalid Conversation", `validWhatsAppNumber: false`). */
export class WatiInvalidNumberError extends WatiApiError {
  override name = 'WatiInvalidNumberError';
  /** The numbers WATI named as invalid (bulk sends), as WATI wrote them. */
  readonly invalidWhatsappNumbers: string[];
  constructor(message: string, options: WatiAnswerOptions & { invalidWhatsappNumbers?: string[] }) {
    super(message, options);
    this.invalidWhatsappNumbers = options.invalidWhatsappNumbers ?? [];
  }
}

/** The template was not found, is not APPROVED, or a placeholder has no value. */
export class WatiTemplateError extends WatiApiError {
  override name = 'WatiTemplateError';
}

/** The gateway refused the request with its own `{"error": {code, message, requestId, details}}` body. */
export class WatiGatewayError extends WatiError {
  override name = 'WatiGatewayError';
  readonly details: unknown[];
  constructor(message: string, options: WatiErrorOptions & { details?: unknown[] }) {
    super(message, options);
    this.details = options.details ?? [];
  }
}

/** The request never got an answer: DNS, refused or reset connection, or the caller aborted it. */
export class WatiConnectionError extends WatiError {
  override name = 'WatiConnectionError';
}

/** No answer within `timeoutMs`. A send may still have been delivered. */
export class WatiTimeoutError extends WatiConnectionError {
  override name = 'WatiTimeoutError';
}
