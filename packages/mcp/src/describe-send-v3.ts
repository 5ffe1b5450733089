/**
 * Dry runs on v3: what a v3 send tool would do, worked out without sending. The input has passed
 * the pre-flight (prepare-v3-input.ts); this adds the 24-hour window for session sends (text,
 * file, file by URL, buttons, list, a chatbot's first message), the template checks (found through v3, APPROVED, every
 * placeholder filled) with the rendered text for template sends and schedules, and the exact
 * request. A send WATI would refuse is a DryRunRefusal, answered as an error result.
 */
import { WatiValidationError } from '@watigate/client';
import {
  type CustomParam,
  checkTemplateParameters,
  type LimitViolation,
  renderTemplate,
  type V3Operation,
  type V3RequestInput,
} from '@watigate/spec';
import { checkSessionWindowV3 } from './check-session-window-v3.js';
import { DryRunRefusal, type PreviewMessage, type SendPreview } from './describe-send.js';
import { templateFieldV3 } from './send-template-v3.js';
import type { V3Call } from './v3-call.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});

export interface DescribeV3Options {
  call: V3Call;
  now: () => number;
  /** `/wati` through a gateway, '' straight to WATI. */
  prefix: string;
}

/** The WATI request a v3 call makes, a file described by name, type and size. */
export function describeV3Request(operation: V3Operation, input: V3RequestInput, prefix: string) {
  const params = input.params ?? {};
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String(params[name] ?? '')),
  );
  const query: Record<string, string> = {};
  for (const [name, spec] of Object.entries(operation.params)) {
    if (spec.in === 'query' && params[name] !== undefined) query[name] = String(params[name]);
  }
  const body =
    input.body === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(obj(input.body)).map(([k, v]) => [
            k,
            v instanceof Blob ? { file_name: (v as File).name, type: v.type, size: v.size } : v,
          ]),
        );
  return { method: operation.method, path: `${prefix}${path}`, query, ...(body ? { body } : {}) };
}

const isTemplateSend = (operation: V3Operation) => operation.tag === 'MessageTemplate';

/** The message a v3 session send (or chatbot start) delivers. */
export function v3Message(operation: V3Operation, body: Obj): PreviewMessage {
  const to = String(body.target);
  const caption = typeof body.caption === 'string' ? { text: body.caption } : {};
  switch (operation.id) {
    case 'v3PostConversationsMessagesText':
      return { to, type: 'text', text: String(body.text) };
    case 'v3PostConversationsMessagesFile': {
      const file = body.file as File;
      return { to, type: 'file', ...caption, file: { name: file.name, type: file.type, size: file.size } };
    }
    case 'v3PostConversationsMessagesFileViaUrl':
      return { to, type: 'file', ...caption, file_url: body.file_url };
    case 'v3PostChatbotsStart':
      return { to, type: 'chatbot', chatbot_id: body.chatbot_id };
    default: {
      if (body.type === 'list') {
        const list = obj(body.list_message);
        return { to, type: 'list', text: String(list.body ?? ''), button_text: list.button_text };
      }
      const buttons = obj(body.button_message);
      const texts = Array.isArray(buttons.buttons) ? buttons.buttons.map((b) => obj(b).text) : [];
      return { to, type: 'buttons', text: String(buttons.body ?? ''), buttons: texts };
    }
  }
}

interface V3Template {
  name: string;
  status: string;
  category: string;
  body: string;
}

/** A template by name, read through v3 a page of 100 at a time (at most 10 pages). */
async function findTemplate(call: V3Call, name: string, channel: unknown): Promise<V3Template | undefined> {
  for (let page_number = 1; page_number <= 10; page_number++) {
    const page = obj(
      await call('v3GetMessageTemplates', {
        params: { page_number, page_size: 100, ...(typeof channel === 'string' ? { channel } : {}) },
      }),
    );
    const templates = Array.isArray(page.templates) ? page.templates.map(obj) : [];
    const found = templates.find((t) => t.name === name);
    if (found) {
      return {
        name,
        status: String(found.status ?? ''),
        category: String(found.category ?? ''),
        body: String(found.body ?? found.body_original ?? ''),
      };
    }
    if (templates.length < 100) return undefined;
  }
  return undefined;
}

async function describeTemplateSend(
  tool: string,
  body: Obj,
  call: V3Call,
): Promise<Omit<SendPreview, 'request'>> {
  const name = String(body.template_name);
  const template = await findTemplate(call, name, body.channel);
  if (!template) {
    throw new DryRunRefusal(
      `Would not be sent: no template is named "${name}", so WATI would refuse the send. List the templates with get_message_templates.`,
      'template_not_found',
      {},
    );
  }
  const recipients = Array.isArray(body.recipients) ? body.recipients.map(obj) : [];
  const violations: LimitViolation[] = [];
  recipients.forEach((r, i) => {
    const params = (r.custom_params ?? []) as CustomParam[];
    violations.push(
      ...checkTemplateParameters(
        { elementName: name, status: template.status, body: template.body },
        params,
        `recipients[${i}].parameters`,
      ),
    );
  });
  const unique = violations.filter((v, i) => violations.findIndex((w) => w.message === v.message) === i);
  if (unique.length > 0) {
    const spoken = unique.map((v) => ({ ...v, field: templateFieldV3(v.field) }));
    throw new WatiValidationError(`Would not be sent: ${unique.map((v) => v.message).join('; ')}`, spoken);
  }
  const messages: PreviewMessage[] = recipients.map((r) => {
    const params = (r.custom_params ?? []) as CustomParam[];
    return {
      to: String(r.phone_number),
      type: 'template',
      text: renderTemplate(template.body, params),
      parameters: params,
    };
  });
  const first = messages[0];
  const who = messages.length === 1 && first ? first.to : `${messages.length} numbers`;
  const what = messages.length === 1 && first?.text !== undefined ? `: "${first.text}"` : '.';
  const when = tool === 'schedule_template' ? ` at ${String(body.scheduled_at)}` : '';
  const verb = tool === 'schedule_template' ? 'schedule' : 'send';
  return {
    would_send: true,
    summary: `Would ${verb} template "${name}"${when} to ${who}${what}`,
    messages,
    template,
  };
}

/** Describes a v3 send; throws a DryRunRefusal (or a WatiValidationError) when WATI would refuse it. */
export async function describeSendV3(
  tool: string,
  operation: V3Operation,
  input: V3RequestInput,
  { call, now, prefix }: DescribeV3Options,
): Promise<SendPreview> {
  const request = describeV3Request(operation, input, prefix);
  const body = obj(input.body);
  if (isTemplateSend(operation)) return { ...(await describeTemplateSend(tool, body, call)), request };
  const message = v3Message(operation, body);
  // A chatbot's first message is a session message too: only inside the window.
  const window = await checkSessionWindowV3(call, message.to, now);
  if (!window.open) {
    throw new DryRunRefusal(
      `Would not be sent: the 24-hour window with ${message.to} is closed${window.last_inbound_at ? ` (the customer last wrote at ${window.last_inbound_at})` : ' (the customer has never written)'}, so WATI would refuse the message.`,
      'session_window_closed',
      { messages: [message], session_window: window },
    );
  }
  const summary =
    operation.id === 'v3PostChatbotsStart'
      ? `Would start chatbot ${String(body.chatbot_id)} in the conversation with ${message.to}.`
      : `Would send a ${message.type} message to ${message.to}${message.text === undefined ? '.' : `: "${message.text}"`}`;
  return {
    would_send: true,
    summary,
    messages: [message],
    session_window: window,
    request,
  };
}

/**
 * What WATI's answer to a template send says went wrong, if anything: it answers HTTP 200 with
 * `success: false` or per-recipient `errors` (shared/reference/wati-v3-notes.md).
 */
function templateProblems(answer: unknown, total: number): string {
  const a = obj(answer);
  const failed = (Array.isArray(a.recipients) ? a.recipients.map(obj) : []).filter(
    (r) => Array.isArray(r.errors) && r.errors.length > 0,
  );
  if (a.success !== false && failed.length === 0) return '';
  const first = failed[0];
  const reason =
    typeof a.error === 'string' && a.error !== ''
      ? a.error
      : first
        ? String((first.errors as unknown[])[0])
        : '';
  const who = failed.length > 0 ? `${failed.length} of ${total} recipients` : 'the send';
  return ` But WATI reported errors for ${who}${reason ? `: "${reason}"` : ''}; see wati.recipients.`;
}

/** One sentence for a v3 send that went out (and what WATI's answer reports against it). */
export function sentSummaryV3(
  tool: string,
  operation: V3Operation,
  input: V3RequestInput,
  answer?: unknown,
): string {
  const body = obj(input.body);
  if (isTemplateSend(operation)) {
    const recipients = Array.isArray(body.recipients) ? body.recipients.map(obj) : [];
    const who =
      recipients.length === 1 ? String(recipients[0]?.phone_number) : `${recipients.length} numbers`;
    const problems = templateProblems(answer, recipients.length);
    return tool === 'schedule_template'
      ? `Scheduled template "${String(body.template_name)}" at ${String(body.scheduled_at)} for ${who}.${problems}`
      : `Sent template "${String(body.template_name)}" to ${who}.${problems}`;
  }
  const message = v3Message(operation, body);
  if (operation.id === 'v3PostChatbotsStart')
    return `Started chatbot ${String(body.chatbot_id)} in the conversation with ${message.to}.`;
  return `Sent a ${message.type} message to ${message.to}.`;
}
