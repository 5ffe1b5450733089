/**
 * Tool results: structured content plus the same JSON as text (for hosts that show only text),
 * and errors as results with `isError: true` so the model can read them and correct itself.
 * Error text is the client's message, which the client has already cleared of keys and tokens;
 * anything unexpected is logged and answered with a generic message.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isWatiError } from '@watigate/client';

/** Where the server reports problems that are not the caller's (stderr in the stdio server). */
export interface McpLogger {
  error(message: string, error?: unknown): void;
}

/** A successful result: `value` as structuredContent and as indented JSON text. */
export function jsonResult(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value };
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
    'With MCP: send an approved template with send_template_message_v2, or wait until the customer writes (check_session_window).',
  rate_limited: 'Wait for retryAfterMs (when given) before calling again.',
};

/** An error result for anything a tool threw. */
export function errorResult(tool: string, error: unknown, logger?: McpLogger): CallToolResult {
  if (isWatiError(error)) {
    const hint = hints[error.code];
    const text = hint ? `${error.message} ${hint}` : error.message;
    const body = { error: { message: text, ...errorFields(error) } };
    return { content: [{ type: 'text', text }], structuredContent: body, isError: true };
  }
  logger?.error(`tool ${tool} failed unexpectedly`, error);
  const message = `${tool} failed unexpectedly; the server log has the details.`;
  return {
    content: [{ type: 'text', text: message }],
    structuredContent: { error: { message, code: 'internal_error' } },
    isError: true,
  };
}
