/**
 * Turns an answer that is not a success (a non-2xx status, or WATI's HTTP 200 with
 * `result: false`) into the matching typed error. Pure: the caller has already read the body.
 */
import type { ApiVersion } from './api-version.js';
import { errorFromV3Response } from './error-from-v3-response.js';
import {
  WatiApiError,
  WatiAuthError,
  type WatiError,
  WatiGatewayError,
  WatiInvalidNumberError,
  WatiRateLimitError,
  WatiSessionWindowError,
  WatiTemplateError,
} from './errors.js';

export interface FailedAnswer {
  status: number;
  /** The body as text, secrets already redacted. */
  text: string;
  /** `gateway` when the client talks to a Watigate gateway, `direct` for a WATI tenant. */
  mode: 'gateway' | 'direct';
  retryAfterMs?: number | undefined;
  requestId?: string | undefined;
  /** The WATI API the request went to; v3 failures have their own shape. @default 'v1' */
  apiVersion?: ApiVersion | undefined;
  /** v3: the WATI token scope the operation needs, for a 403's message. */
  scope?: string | undefined;
}

type Json = Record<string, unknown>;

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text === '' ? undefined : text;
  }
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/**
 * WATI's reason, wherever this endpoint put it: `info`, `errors.error`, `error`, `message`, or
 * the per-receiver `errors` of a v2 template answer.
 */
function reasonOf(body: Json): string | undefined {
  const errors = isObject(body.errors) ? body.errors : undefined;
  for (const candidate of [body.info, errors?.error, body.error, body.message]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate;
  }
  const receivers = Array.isArray(body.receivers) ? body.receivers.filter(isObject) : [];
  const perReceiver = receivers.flatMap((r) => strings(r.errors));
  return perReceiver.length > 0 ? [...new Set(perReceiver)].join('; ') : undefined;
}

function gatewayError(
  body: Json,
  status: number,
  requestId: string | undefined,
  retryAfterMs: number | undefined,
): WatiError | undefined {
  const error = body.error;
  if (!isObject(error) || typeof error.code !== 'string') return undefined;
  const message = typeof error.message === 'string' ? error.message : error.code;
  const options = {
    code: error.code,
    status,
    requestId: typeof error.requestId === 'string' ? error.requestId : requestId,
  };
  const text = `The gateway refused the request (HTTP ${status} ${error.code}): ${message}`;
  if (status === 401 || status === 403) return new WatiAuthError(text, options);
  if (status === 429) return new WatiRateLimitError(text, { ...options, retryAfterMs });
  return new WatiGatewayError(text, {
    ...options,
    details: Array.isArray(error.details) ? error.details : [],
  });
}

function watiRefusal(body: Json, status: number, requestId: string | undefined): WatiError {
  const info = reasonOf(body);
  const base = { status, requestId, info, body };
  const errors = isObject(body.errors) ? body.errors : {};
  const invalidNumbers = strings(errors.invalidWhatsappNumbers);
  const receivers = Array.isArray(body.receivers) ? body.receivers.filter(isObject) : [];
  const invalidReceivers = receivers
    .filter((r) => r.isValidWhatsAppNumber === false)
    .map((r) => String(r.waId ?? ''));
  // A v2 answer's top-level error is generic ("There are no valid Receivers"); the cause is per receiver.
  const receiverErrors = [...new Set(receivers.flatMap((r) => strings(r.errors)))].filter((e) => e !== info);
  const text = [info ?? '', ...receiverErrors].join('; ');
  const quoted = text.replace(/^; /, '') === '' ? '' : ` ("${text.replace(/^; /, '')}")`;

  if (/ticket has been expired/i.test(text)) {
    return new WatiSessionWindowError(
      `WATI refused the session message: the contact has not written in the last 24 hours${quoted}. Send an approved template instead (templates.send).`,
      {
        ...base,
        code: 'session_window_closed',
        ticketStatus: typeof body.ticketStatus === 'string' ? body.ticketStatus : undefined,
      },
    );
  }
  if (strings(errors.invalidCustomParameters).length > 0) {
    return new WatiTemplateError(
      `WATI refused the template parameters${quoted}. Give every placeholder of the template a value.`,
      { ...base, code: 'template_error' },
    );
  }
  if (
    body.validWhatsAppNumber === false ||
    invalidNumbers.length > 0 ||
    invalidReceivers.length > 0 ||
    /invalid conversation|not a valid whatsapp|invalid whatsapp number|not on whatsapp|is not valid/i.test(
      text,
    )
  ) {
    return new WatiInvalidNumberError(
      `WATI says the number is not a valid WhatsApp number${quoted}. Use the country code and number, digits only (e.g. 14155551234), of someone on WhatsApp.`,
      {
        ...base,
        code: 'invalid_number',
        invalidWhatsappNumbers: invalidNumbers.length > 0 ? invalidNumbers : invalidReceivers,
      },
    );
  }
  if (/template|placeholder|parameter/i.test(text)) {
    return new WatiTemplateError(
      `WATI refused the template send${quoted}. Check templates.list(): the template must exist, be APPROVED and have every placeholder filled.`,
      { ...base, code: 'template_error' },
    );
  }
  return new WatiApiError(`WATI refused the request (HTTP ${status})${quoted}.`, {
    ...base,
    code: 'wati_error',
  });
}

export function errorFromResponse({
  status,
  text,
  mode,
  retryAfterMs,
  requestId,
  apiVersion,
  scope,
}: FailedAnswer): WatiError {
  const body = parse(text);
  if (isObject(body)) {
    const fromGateway = gatewayError(body, status, requestId, retryAfterMs);
    if (fromGateway) return fromGateway;
  }
  // v3's 401 and 429 carry no body (the file says so) and read as v1's below.
  if (apiVersion === 'v3' && status !== 401 && status !== 429) {
    return errorFromV3Response({ status, body: isObject(body) ? body : undefined, mode, requestId, scope });
  }
  if (status === 401 || status === 403) {
    const fix =
      mode === 'gateway'
        ? 'Check the Watigate API key (and its scopes), or create one with `watigate keys create`.'
        : 'Copy the API endpoint URL and access token again from WATI’s dashboard (API Docs).';
    const who = mode === 'gateway' ? 'the API key' : 'the WATI access token';
    return new WatiAuthError(
      `HTTP ${status}: ${status === 401 ? 'rejected' : 'not allowed for'} ${who}. ${fix}`,
      {
        code: 'unauthorized',
        status,
        requestId,
      },
    );
  }
  if (status === 429) {
    const wait = retryAfterMs === undefined ? 'Wait a little' : `Wait ${Math.ceil(retryAfterMs / 1000)} s`;
    return new WatiRateLimitError(`Rate limited by WATI (HTTP 429). ${wait} and retry, or slow down.`, {
      code: 'rate_limited',
      status,
      requestId,
      retryAfterMs,
    });
  }
  if (isObject(body)) return watiRefusal(body, status, requestId);
  const snippet = typeof body === 'string' ? `: ${body.slice(0, 200)}` : '';
  return new WatiApiError(`WATI answered HTTP ${status}${snippet}`, {
    code: 'wati_error',
    status,
    requestId,
    body,
  });
}
