/**
 * WATI's v3 failures as the client's typed errors. v3 answers with real HTTP statuses and a body
 * `{ code, message, timestamp }` (400 invalid, 403 a scope the token lacks, 404 unknown, 5xx),
 * and a template send answers 200 with `success: false` when no recipient was sent, the reason
 * per recipient. 401 and 429 are read as v1's are (error-from-response.ts).
 * @see shared/reference/wati-v3-notes.md ("Errors")
 */
import type { LimitViolation } from '@watigate/spec';
import {
  WatiApiError,
  WatiAuthError,
  type WatiError,
  WatiInvalidNumberError,
  WatiSessionWindowError,
  WatiTemplateError,
  WatiValidationError,
} from './errors.js';

export interface FailedV3Answer {
  status: number;
  /** The parsed body (an object), or undefined when there was none or it was not JSON. */
  body: Record<string, unknown> | undefined;
  mode: 'gateway' | 'direct';
  requestId?: string | undefined;
  /** The WATI token scope the operation needs, when WATI documents one. */
  scope?: string | undefined;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v : undefined;

const invalidNumber = /invalid (phone number|whatsapp number)|not a valid whatsapp|not on whatsapp/i;
const templateProblem = /template|parameter|placeholder/i;

/** The recipients of a template send that WATI refused, with their reasons. */
function failedRecipients(body: Json): Array<{ phone: string; errors: string[] }> {
  const recipients = Array.isArray(body.recipients) ? body.recipients.filter(isObject) : [];
  return recipients
    .map((r) => ({
      phone: String(r.phone_number ?? ''),
      errors: Array.isArray(r.errors) ? r.errors.filter((e): e is string => typeof e === 'string') : [],
    }))
    .filter((r) => r.errors.length > 0);
}

/** HTTP 200 with `success: false` (no recipient sent) or `result: false`. */
function refusedWith200(body: Json, requestId: string | undefined): WatiError {
  const base = { status: 200, requestId, body };
  const failed = failedRecipients(body);
  const reasons = [...new Set([nonEmpty(body.error), ...failed.flatMap((r) => r.errors)])].filter(
    (r): r is string => r !== undefined,
  );
  const quoted = reasons.length > 0 ? ` ("${reasons.join('; ')}")` : '';
  const info = reasons[0];
  if (failed.length > 0 && failed.every((r) => r.errors.some((e) => invalidNumber.test(e)))) {
    return new WatiInvalidNumberError(
      `WATI sent the template to no recipient: the numbers are not valid WhatsApp numbers${quoted}. Use the country code and number, digits only (e.g. 14155551234), of someone on WhatsApp.`,
      { ...base, info, code: 'invalid_number', invalidWhatsappNumbers: failed.map((r) => r.phone) },
    );
  }
  if (reasons.some((r) => templateProblem.test(r))) {
    return new WatiTemplateError(
      `WATI sent the template to no recipient${quoted}. Check templates.list(): the template must exist, be APPROVED and have every parameter given a value.`,
      { ...base, info, code: 'template_error' },
    );
  }
  const what = 'success' in body ? 'sent to no recipient' : 'did not do it (result: false)';
  return new WatiApiError(`WATI ${what}${quoted}.`, { ...base, info, code: 'wati_error' });
}

/** `recipients[3].phone_number: required` → that field; anything else is about the request. */
function violationsOf(message: string): LimitViolation[] {
  const named = /^([A-Za-z_][\w.[\]]*): (.+)$/.exec(message);
  return [
    named
      ? { field: named[1] as string, limit: 'accepted by WATI', message }
      : { field: '(request)', limit: 'accepted by WATI', message },
  ];
}

function forbidden(answer: FailedV3Answer, said: string | undefined): WatiError {
  const { status, requestId, scope, mode } = answer;
  // The gateway's 403 already says which scope is missing and how to get it.
  if (mode === 'gateway' && said)
    return new WatiAuthError(said, { code: 'forbidden', status, requestId, scope });
  const need = scope
    ? `lacks the scope ${scope}, which this call needs. Give the token the ${scope} scope in WATI’s dashboard`
    : 'may not make this call (WATI names no scope for it). Give the token access in WATI’s dashboard';
  const who = mode === 'gateway' ? 'The connection’s WATI token' : 'The WATI access token';
  const tail = said ? ` WATI said: ${said}` : '';
  return new WatiAuthError(`HTTP 403: ${who} ${need}.${tail}`, {
    code: 'forbidden',
    status,
    requestId,
    scope,
  });
}

export function errorFromV3Response(answer: FailedV3Answer): WatiError {
  const { status, body, requestId } = answer;
  if (status >= 200 && status < 300 && body) return refusedWith200(body, requestId);
  const said = nonEmpty(body?.message);
  if (status === 403) return forbidden(answer, said);
  const base = { status, requestId, info: said, body };
  const quoted = said ? ` ("${said}")` : '';
  if (said && /ticket has been expired|customer service window/i.test(said)) {
    return new WatiSessionWindowError(
      `WATI refused the session message: the contact has not written in the last 24 hours${quoted}. Send an approved template instead (templates.send).`,
      { ...base, code: 'session_window_closed' },
    );
  }
  if (said && invalidNumber.test(said)) {
    return new WatiInvalidNumberError(
      `WATI says the number is not a valid WhatsApp number${quoted}. Use the country code and number, digits only (e.g. 14155551234), of someone on WhatsApp.`,
      { ...base, code: 'invalid_number' },
    );
  }
  if (said && (status === 400 || status === 404) && /template/i.test(said)) {
    return new WatiTemplateError(
      `WATI refused the template${quoted}. Check templates.list(): the template must exist and be APPROVED.`,
      { ...base, code: 'template_error' },
    );
  }
  if (status === 404) {
    return new WatiApiError(`WATI found nothing there (HTTP 404)${quoted}. Check the id or target.`, {
      ...base,
      code: 'not_found',
    });
  }
  if (status === 400) {
    return new WatiValidationError(
      `WATI refused the request as invalid (HTTP 400)${quoted}; nothing was sent.`,
      violationsOf(said ?? 'the request is invalid'),
      'validation_failed',
      { status, requestId },
    );
  }
  const unknown =
    status >= 500 ? ' A write or send may or may not have happened: check before sending again.' : '';
  return new WatiApiError(`WATI answered HTTP ${status}${quoted}.${unknown}`, {
    ...base,
    code: 'wati_error',
  });
}
