/**
 * Dry runs: what a send tool would do, worked out without sending. The input has already passed
 * the client's pre-flight (registry schema, phone numbers, WhatsApp's limits); this adds the
 * template checks (found, APPROVED, every placeholder filled) with the template's rendered text,
 * the 24-hour window for session sends, and the exact request. A send WATI would refuse is a
 * refusal (`DryRunRefusal`), not a preview with a warning: the tool answers it as an error.
 */
import { type WatiClient, WatiError, WatiValidationError } from '@watigate/client';
import {
  buildRequest,
  type CustomParam,
  checkTemplateParameters,
  type LimitViolation,
  type Operation,
  renderTemplate,
} from '@watigate/spec';
import { z } from 'zod';
import { CheckedSessionWindow, checkSessionWindow } from './check-session-window.js';
import type { CheckedSessionWindowV3 } from './check-session-window-v3.js';

/** One message a send would deliver. */
export const PreviewMessage = z.looseObject({
  to: z.string(),
  type: z.enum(['text', 'file', 'buttons', 'list', 'template', 'chatbot']),
  /** The text the recipient would read (a template's rendered body when the template is known). */
  text: z.string().optional(),
});
export type PreviewMessage = z.infer<typeof PreviewMessage>;

/** The preview fields of a dry run's answer (beside `dry_run`, `sent`, `idempotency_key`). */
export const SendPreview = {
  would_send: z.boolean().describe('true: the send passed every check; false comes as an error result'),
  summary: z.string().describe('One sentence: what would be sent (or was sent) to whom'),
  messages: z.array(PreviewMessage).optional(),
  template: z
    .object({ name: z.string(), status: z.string(), category: z.string(), body: z.string() })
    .optional(),
  session_window: CheckedSessionWindow.optional(),
  request: z
    .object({
      method: z.string(),
      path: z.string(),
      query: z.record(z.string(), z.string()),
      body: z.unknown().optional(),
    })
    .optional()
    .describe('The WATI request the send makes'),
};

export interface SendPreview {
  would_send: true;
  summary: string;
  messages: PreviewMessage[];
  template?: { name: string; status: string; category: string; body: string };
  session_window?: CheckedSessionWindow | CheckedSessionWindowV3;
  request: { method: string; path: string; query: Record<string, string>; body?: unknown };
}

/** WATI would refuse this send: the reason, and what the dry run found on the way. */
export class DryRunRefusal extends WatiError {
  override name = 'DryRunRefusal';
  readonly found: Record<string, unknown>;
  constructor(message: string, code: string, found: Record<string, unknown>) {
    super(message, { code });
    this.found = found;
  }
}

export interface DescribeSendOptions {
  client: WatiClient;
  now: () => number;
}

const isTemplateSend = (operation: Operation) => operation.resource === 'templates';

function describeBody(body: ReturnType<typeof buildRequest>['body']): unknown {
  if (!body) return undefined;
  if (body.type === 'json') return body.value;
  if (body.type === 'form') return Object.fromEntries(body.value);
  return Object.fromEntries(
    body.parts.map((part) => [
      part.name,
      typeof part.value === 'string'
        ? part.value
        : { fileName: (part.value as File).name, type: part.value.type, size: part.value.size },
    ]),
  );
}

/** Who gets what with which placeholder values, for each kind of template send. */
function templateReceivers(
  input: Record<string, unknown>,
): Array<{ to: string; params: CustomParam[]; field: string }> {
  if (Array.isArray(input.receivers)) {
    return (input.receivers as Array<{ whatsappNumber: string; customParams?: CustomParam[] }>).map(
      (r, i) => ({
        to: r.whatsappNumber,
        params: r.customParams ?? [],
        field: `recipients[${i}].parameters`,
      }),
    );
  }
  return [
    {
      to: String(input.whatsappNumber),
      params: (input.parameters as CustomParam[]) ?? [],
      field: 'recipients[0].parameters',
    },
  ];
}

export function sessionMessage(operation: Operation, input: Record<string, unknown>): PreviewMessage {
  const to = String(input.whatsappNumber);
  switch (operation.id) {
    case 'sendSessionMessage':
      return { to, type: 'text', text: String(input.messageText) };
    case 'sendSessionFile': {
      const file = input.file as File;
      return {
        to,
        type: 'file',
        ...(typeof input.caption === 'string' ? { text: input.caption } : {}),
        file: { name: file.name, type: file.type, size: file.size },
      };
    }
    case 'sendInteractiveButtonsMessage':
      return {
        to,
        type: 'buttons',
        text: String(input.body),
        buttons: (input.buttons as Array<{ text: string }>).map((b) => b.text),
      };
    default:
      return { to, type: 'list', text: String(input.body), button_text: input.buttonText };
  }
}

/**
 * Describes the send of `operation` with the prepared `input`. Throws a DryRunRefusal (or a
 * WatiValidationError for the template's placeholders) when WATI would refuse the send.
 */
export async function describeSend(
  operation: Operation,
  input: Record<string, unknown>,
  { client, now }: DescribeSendOptions,
): Promise<SendPreview> {
  const parts = buildRequest(operation, input);
  const prefix = client.mode === 'gateway' ? '/wati' : '';
  const request = {
    method: parts.method,
    path: `${prefix}${parts.path}`,
    query: Object.fromEntries(parts.query),
    ...(parts.body ? { body: describeBody(parts.body) } : {}),
  };

  if (!isTemplateSend(operation)) {
    const message = sessionMessage(operation, input);
    const window = await checkSessionWindow(client, message.to, now);
    if (!window.open) {
      throw new DryRunRefusal(
        `Would not be sent: the 24-hour window with ${message.to} is closed${window.last_inbound_at ? ` (the customer last wrote at ${window.last_inbound_at})` : ' (the customer has never written)'}, so WATI would answer "Ticket has been expired".`,
        'session_window_closed',
        { messages: [message], session_window: window },
      );
    }
    return {
      would_send: true,
      summary: `Would send a ${message.type} message to ${message.to}${message.text === undefined ? '.' : `: "${message.text}"`}`,
      messages: [message],
      session_window: window,
      request,
    };
  }

  const name = String(input.template_name);
  const receivers = templateReceivers(input);
  const template = await client.templates.find(name);
  if (!template) {
    throw new DryRunRefusal(
      `Would not be sent: no template is named "${name}", so WATI would refuse the send. List the templates with get_message_templates.`,
      'template_not_found',
      {},
    );
  }
  const violations: LimitViolation[] = [];
  for (const r of receivers) violations.push(...checkTemplateParameters(template, r.params, r.field));
  const unique = violations.filter((v, i) => violations.findIndex((w) => w.message === v.message) === i);
  if (unique.length > 0) {
    throw new WatiValidationError(`Would not be sent: ${unique.map((v) => v.message).join('; ')}`, unique);
  }
  const messages: PreviewMessage[] = receivers.map((r) => ({
    to: r.to,
    type: 'template',
    text: renderTemplate(template.body, r.params),
    parameters: r.params,
  }));
  const first = messages[0];
  const who = messages.length === 1 && first ? first.to : `${messages.length} numbers`;
  const what = messages.length === 1 && first?.text !== undefined ? `: "${first.text}"` : '.';
  return {
    would_send: true,
    summary: `Would send template "${name}" to ${who}${what}`,
    messages,
    template: { name, status: template.status, category: template.category, body: template.body },
    request,
  };
}

/** One sentence for a send that went out: what, and to whom. */
export function sentSummary(operation: Operation, input: Record<string, unknown>): string {
  if (!isTemplateSend(operation)) {
    const message = sessionMessage(operation, input);
    return `Sent a ${message.type} message to ${message.to}.`;
  }
  const receivers = templateReceivers(input);
  const first = receivers[0];
  const who = receivers.length === 1 && first ? first.to : `${receivers.length} numbers`;
  return `Sent template "${String(input.template_name)}" to ${who}.`;
}
