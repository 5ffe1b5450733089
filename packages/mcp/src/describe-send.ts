/**
 * Dry runs: what a send tool would do, worked out without sending. The input has already passed
 * the client's pre-flight (registry schema, phone numbers, WhatsApp's limits); this adds the
 * template checks (APPROVED, every placeholder filled) with the template's rendered text, the
 * 24-hour window for session sends, and the exact request.
 */
import { type WatiClient, WatiValidationError } from '@watigate/client';
import {
  buildRequest,
  type CustomParam,
  checkTemplateParameters,
  type LimitViolation,
  type Operation,
  renderTemplate,
} from '@watigate/spec';
import { type CheckedSessionWindow, checkSessionWindow } from './check-session-window.js';
import { parseCsv } from './parse-csv.js';

export interface PreviewMessage {
  to: string;
  type: 'text' | 'file' | 'buttons' | 'list' | 'template';
  /** The text the recipient would read (a template's rendered body when the template is known). */
  text?: string;
  [key: string]: unknown;
}

export interface SendPreview {
  dryRun: true;
  operationId: string;
  /** One sentence: what would be sent to whom. */
  summary: string;
  messages: PreviewMessage[];
  template?: { name: string; found: boolean; status?: string; category?: string; body?: string };
  sessionWindow?: CheckedSessionWindow;
  warnings: string[];
  request: { method: string; path: string; query: Record<string, string>; body?: unknown };
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
async function templateReceivers(
  operation: Operation,
  input: Record<string, unknown>,
): Promise<Array<{ to: string; params: CustomParam[]; field: string }>> {
  if (Array.isArray(input.receivers)) {
    return (input.receivers as Array<{ whatsappNumber: string; customParams?: CustomParam[] }>).map(
      (r, i) => ({
        to: r.whatsappNumber,
        params: r.customParams ?? [],
        field: `receivers[${i}].customParams`,
      }),
    );
  }
  if (operation.id === 'sendTemplateMessageCSV' && input.whatsapp_numbers_csv instanceof Blob) {
    const rows = parseCsv(await input.whatsapp_numbers_csv.text());
    const [header = [], ...data] = rows;
    return data.map((row, i) => ({
      to: row[0] ?? '',
      params: header.slice(1).map((name, j) => ({ name, value: row[j + 1] ?? '' })),
      field: `whatsapp_numbers_csv row ${i + 2}`,
    }));
  }
  return [
    {
      to: String(input.whatsappNumber),
      params: (input.parameters as CustomParam[]) ?? [],
      field: 'parameters',
    },
  ];
}

function sessionMessage(operation: Operation, input: Record<string, unknown>): PreviewMessage {
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
      return { to, type: 'list', text: String(input.body), buttonText: input.buttonText };
  }
}

/**
 * Describes the send of `operation` with the prepared `input`. Throws a WatiValidationError when
 * the template checks fail, as the send itself would be refused.
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
  const warnings: string[] = [];

  if (!isTemplateSend(operation)) {
    const message = sessionMessage(operation, input);
    const window = await checkSessionWindow(client, message.to, now);
    if (!window.open) {
      warnings.push(
        `The 24-hour window with ${message.to} is closed, so WATI would answer "Ticket has been expired". ${window.advice}`,
      );
    }
    return {
      dryRun: true,
      operationId: operation.id,
      summary: `Would send a ${message.type} message to ${message.to}${message.text === undefined ? '.' : `: "${message.text}"`}`,
      messages: [message],
      sessionWindow: window,
      warnings,
      request,
    };
  }

  const name = String(input.template_name);
  const receivers = await templateReceivers(operation, input);
  const template = await client.templates.find(name);
  const violations: LimitViolation[] = [];
  if (template) {
    for (const r of receivers) violations.push(...checkTemplateParameters(template, r.params, r.field));
  } else {
    warnings.push(
      `No template named "${name}" was found; WATI would refuse the send. List them with get_message_templates.`,
    );
  }
  const unique = violations.filter((v, i) => violations.findIndex((w) => w.message === v.message) === i);
  if (unique.length > 0) {
    throw new WatiValidationError(
      `${operation.id} would not be sent: ${unique.map((v) => v.message).join('; ')}`,
      unique,
    );
  }
  const messages: PreviewMessage[] = receivers.map((r) => ({
    to: r.to,
    type: 'template',
    ...(template ? { text: renderTemplate(template.body, r.params) } : {}),
    parameters: r.params,
  }));
  const first = messages[0];
  const who = messages.length === 1 && first ? first.to : `${messages.length} numbers`;
  const what = messages.length === 1 && first?.text !== undefined ? `: "${first.text}"` : '.';
  return {
    dryRun: true,
    operationId: operation.id,
    summary: `Would send template "${name}" to ${who}${what}`,
    messages,
    template: template
      ? { name, found: true, status: template.status, category: template.category, body: template.body }
      : { name, found: false },
    warnings,
    request,
  };
}
