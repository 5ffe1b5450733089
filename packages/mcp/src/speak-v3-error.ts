/**
 * A v3 tool's failure in the agent's terms. WATI's v3 answers errors with real status codes and
 * `{code, message, timestamp}` (shared/reference/wati-v3-notes.md); the client turns them into
 * typed errors. This says what failed, in the tool's name and field names, and what to do next:
 * fix an argument (400), look the id up (404), get a token with the scope WATI names for the
 * operation (403), wait (429), or check before resending a send whose outcome WATI left
 * unknown (5xx). The gateway's own refusals (its key scopes, plan limits) already say what to do
 * and pass as they are, as do the pre-flight's refusals.
 */
import { isWatiError, WatiError, WatiGatewayError, WatiValidationError } from '@watigate/client';
import { snakeCase, type V3Operation } from '@watigate/spec';

const camelWords = /\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g;

/** WATI's refusal of a session message outside the 24-hour window (v1 called it "Ticket has been expired"). */
const closedWindow = /ticket has been expired|24-hour|session window/i;

/** WATI's own reason: its message (`info`), else the fields it named (a v3 400), else the client's wording. */
function reasonOf(error: WatiError): string {
  const info = (error as { info?: unknown }).info;
  const violations = (error as { violations?: Array<{ message?: unknown }> }).violations ?? [];
  const named = violations.map((v) => v.message).filter((m): m is string => typeof m === 'string');
  const text =
    typeof info === 'string' && info.trim() !== ''
      ? info.trim()
      : named.length > 0
        ? named.join('; ')
        : error.message;
  return text.replace(/[.\s]+$/, '');
}

/** The next step after a failure of `tool`, by WATI's status (403 is worded whole, below). */
function advice(tool: string, operation: V3Operation, status: number, reason: string): string | undefined {
  if ((status === 400 || status === 422) && closedWindow.test(reason))
    return 'Send an approved template with send_template instead, or wait until the customer writes (check_session_window).';
  if (status === 400 || status === 422)
    return `Fix the arguments of ${tool} as WATI says, then call it again.`;
  if (status === 404)
    return 'Check the id or target: list what exists first (get_contacts, get_message_templates, list_broadcasts, list_chatbots).';
  if (status >= 500 && operation.kind === 'send')
    return 'WATI failed while sending, so the message may or may not have gone out. Check with get_messages (or get_broadcast for a template send) before sending again; a retry with the same idempotency_key never sends twice.';
  if (status >= 500) return 'WATI failed; try again in a moment.';
  return undefined;
}

/** A 403: the WATI token lacks the scope the operation needs (the client names it, or the registry does). */
function forbidden(tool: string, operation: V3Operation, error: WatiError): string {
  const scope = (error as { scope?: unknown }).scope ?? operation.scope;
  const lacks =
    typeof scope === 'string'
      ? `the WATI access token in use lacks the scope ${scope}, which WATI requires for ${tool}`
      : `WATI does not allow ${tool} for the WATI access token in use (WATI names no scope for it)`;
  return `${tool} was refused (403): ${lacks}. Ask the account owner to give the token that access in WATI’s dashboard (API Docs) and connect it again; retrying will not help.`;
}

/** Codes the tool results already explain (tool-result.ts hints), and a validation error in the tool's names. */
const explained = new Set(['session_window_closed', 'rate_limited', 'idempotency_key_reused']);

function inToolNames(tool: string, operation: V3Operation, error: WatiValidationError): WatiValidationError {
  if (!error.message.includes(operation.id)) return error;
  const speak = (text: string) =>
    text
      .split(operation.id)
      .join(tool)
      .replace(camelWords, (w) => snakeCase(w));
  return new WatiValidationError(
    speak(error.message),
    error.violations.map((v) => ({ ...v, field: speak(v.field), message: speak(v.message) })),
    error.code === 'invalid_options' ? 'invalid_options' : 'validation_failed',
  );
}

export function speakV3Error(tool: string, operation: V3Operation, error: unknown): unknown {
  if (!isWatiError(error)) return error;
  // Refused before WATI (pre-flight), or not WATI's answer at all (the gateway, the network).
  if (error.code === 'session_window_closed' && error.status !== undefined) {
    // The tool result adds what to do instead (send_template, check_session_window).
    const info = (error as { info?: unknown }).info;
    const spoken = new WatiError(
      `${tool} was not sent: the 24-hour window is closed, so WATI refused the message${typeof info === 'string' ? ` ("${info}")` : ''}.`,
      { code: error.code, status: error.status, requestId: error.requestId, cause: error },
    );
    if (info !== undefined) Object.defineProperty(spoken, 'info', { value: info, enumerable: true });
    return spoken;
  }
  if (error.status === undefined || error instanceof WatiGatewayError || explained.has(error.code)) {
    return error instanceof WatiValidationError ? inToolNames(tool, operation, error) : error;
  }
  if (error.status === 401) return error;
  const reason = reasonOf(error);
  let message: string;
  if (error.status === 403) message = forbidden(tool, operation, error);
  else {
    const next = advice(tool, operation, error.status, reason);
    if (!next) return error;
    message = `${tool} failed: WATI answered ${error.status}: ${reason}. ${next}`;
  }
  const spoken = new WatiError(message, {
    code: error.code,
    status: error.status,
    requestId: error.requestId,
    cause: error,
  });
  // errorResult gives the model these fields too, when the client's error had them.
  for (const key of ['retryAfterMs', 'info', 'violations'] as const) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (value !== undefined) Object.defineProperty(spoken, key, { value, enumerable: true });
  }
  return spoken;
}
