/**
 * What a v3 send checks before it goes out, through v3 reads only (so a v3 command line makes v3
 * calls only): the template of `templates send` / `schedule` in v3's template list, and, for a
 * `messages send --dry-run` to a phone number, the 24-hour window from v3's message list.
 */
import { callV3ById, type WatiClient } from '@watigate/client';
import { type CustomParam, sessionWindowOpen, v3PhoneDigits, whatsappLimits } from '@watigate/spec';
import { checkTemplate, type SendCheck, type TemplateLookup } from './check-send.js';

type Obj = Record<string, unknown>;
const pageSize = 100;
/** Pages read at most: 10,000 templates, or the newest 300 messages of a conversation. */
const maxTemplatePages = 100;
const maxMessagePages = 3;

async function* v3Rows(client: WatiClient, id: string, listField: string, params: Obj, maxPages: number) {
  for (let page = 1; page <= maxPages; page++) {
    const answer = (await callV3ById(client, id, {
      params: { ...params, page_number: page, page_size: pageSize },
    })) as Obj;
    const rows = Array.isArray(answer[listField]) ? (answer[listField] as Obj[]) : [];
    yield* rows;
    if (rows.length < pageSize) return;
  }
}

/** Templates found by name in v3's list, shaped as the shared check reads them. */
export function v3TemplateLookup(client: WatiClient, channel: unknown): TemplateLookup {
  const params = typeof channel === 'string' ? { channel } : {};
  const all = () => v3Rows(client, 'v3GetMessageTemplates', 'templates', params, maxTemplatePages);
  return {
    async find(name) {
      for await (const t of all())
        if (t.name === name)
          return { elementName: name, status: String(t.status), body: String(t.body ?? t.hsm ?? '') };
      return undefined;
    },
    async approvedNames() {
      const names: string[] = [];
      for await (const t of all()) if (t.status === 'APPROVED') names.push(String(t.name));
      return names;
    },
  };
}

/** The template check of a v3 send, for its first recipient (the one the flags give). */
export function checkTemplateSendV3(client: WatiClient, body: Obj): Promise<SendCheck> {
  const recipients = Array.isArray(body.recipients) ? (body.recipients as Obj[]) : [];
  const first = recipients[0] ?? {};
  const parameters = ((first.custom_params as CustomParam[] | null | undefined) ?? []).map((p) => ({
    name: String(p.name),
    value: String(p.value),
  }));
  return checkTemplate(v3TemplateLookup(client, body.channel), {
    template: String(body.template_name),
    parameters,
    to:
      recipients.length > 1 ? `${first.phone_number} and ${recipients.length - 1} more` : first.phone_number,
    broadcastName: body.broadcast_name,
  });
}

/** A v3 text send's dry run: the 24-hour window, when the target is a phone number. */
export async function checkSessionSendV3(
  client: WatiClient,
  body: Obj,
  now: () => number,
): Promise<SendCheck> {
  const target = String(body.target);
  const phone = v3PhoneDigits(target);
  if (phone === undefined) {
    return {
      refusals: [],
      preview: { to: target, text: body.text, window: 'not checked (the target is not a phone number)' },
    };
  }
  let last: number | undefined;
  const messages = v3Rows(
    client,
    'v3GetConversationsByTargetMessages',
    'message_list',
    { target: phone },
    maxMessagePages,
  );
  for await (const m of messages) {
    if (m.owner !== false) continue;
    const at = Date.parse(String(m.created ?? m.timestamp));
    if (!Number.isNaN(at) && (last === undefined || at > last)) last = at;
  }
  const open = sessionWindowOpen(last, now());
  const closesAt =
    last === undefined ? undefined : new Date(last + whatsappLimits.sessionWindowMs).toISOString();
  const preview = {
    to: phone,
    text: body.text,
    window: open ? `open until ${closesAt}` : 'closed',
    lastCustomerMessage: last === undefined ? 'none' : new Date(last).toISOString(),
  };
  const refusals = open
    ? []
    : [
        `The 24-hour window with ${phone} is ${last !== undefined ? `closed since ${closesAt}` : 'not open: the contact has never written'}, so WATI would refuse the message. Send an approved template instead (\`watigate templates send\`).`,
      ];
  return { refusals, preview };
}
