/**
 * Tool results: structured content plus the same JSON, compact, as text (for hosts that show only
 * text; indenting would double its length for the model to read), and errors as results with
 * `isError: true` so the model can read them and correct itself.
 * Error text is the client's message, which the client has already cleared of keys and tokens;
 * anything unexpected is logged and answered with a generic message.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isWatiError } from '@watigate/client';

/** Where the server reports problems that are not the caller's (stderr in the stdio server). */
export interface McpLogger {
  error(message: string, error?: unknown): void;
}

/**
 * A successful result: `value` as structuredContent and as compact JSON text, after `summary`'s
 * line when given (what a send did, in one sentence, before the details).
 */
export function jsonResult(value: Record<string, unknown>, summary?: string): CallToolResult {
  const json = JSON.stringify(value);
  return {
    content: [{ type: 'text', text: summary ? `${summary}\n${json}` : json }],
    structuredContent: value,
  };
}

/** The fields of a client error worth giving the model, when present. */
function errorFields(error: unknown): Record<string, unknown> {
  const e = error as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of ['code', 'status', 'requestId', 'retryAfterMs', 'violations', 'info', 'ticketStatus']) {
    if (e[key] !== undefined) out[key] = e[key];
  }
  return out;
}

/** What to do next, in tool terms, where the client's message speaks of its own methods. */
const hints: Record<string, string> = {
  session_window_closed:
    'Send an approved template with send_template instead, or wait until the customer writes (check_session_window).',
  rate_limited: 'Wait for retryAfterMs (when given) before calling again.',
};

/** The error's message, then its details (when any) as one line of compact JSON. */
function errorText(message: string, details: Record<string, unknown>): string {
  return Object.keys(details).length > 0 ? `${message}\n${JSON.stringify(details)}` : message;
}

/**
 * An error result for anything a tool threw: the message first, then a line of JSON with `error`
 * (code, status, violations… when present) and `extra` beside it (a refused dry run's
 * `would_send: false` and what it found; a send's `idempotency_key`). Text only: the SDK's client
 * checks any structuredContent against the tool's output schema, which describes success.
 */
/**
 * The client's message without its advice for SDK users: a sentence naming a client method
 * (`Check templates.list()`, `(templates.send)`) means nothing to a model calling tools; the
 * tool's own hint says what to do instead.
 */
function withoutSdkAdvice(message: string): string {
  return message
    .replace(/\s*\([a-z]+\.[a-z]+\w*\)/gi, '')
    .replace(/\s*Check [a-z]+\.[a-z]+\w*\(\)[^.]*\./gi, '');
}

export function errorResult(
  tool: string,
  error: unknown,
  logger?: McpLogger,
  extra: Record<string, unknown> = {},
): CallToolResult {
  if (isWatiError(error)) {
    const hint = hints[error.code];
    const message = hint ? `${withoutSdkAdvice(error.message)} ${hint}` : withoutSdkAdvice(error.message);
    const text = errorText(message, { ...extra, error: errorFields(error) });
    return { content: [{ type: 'text', text }], isError: true };
  }
  logger?.error(`tool ${tool} failed unexpectedly`, error);
  const message = `${tool} failed unexpectedly; the server log has the details.`;
  return {
    content: [{ type: 'text', text: errorText(message, { ...extra, error: { code: 'internal_error' } }) }],
    isError: true,
  };
}
