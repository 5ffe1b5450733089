/**
 * Pre-flight checks of WhatsApp's limits (limits.ts) on a v3 request, before it leaves: targets,
 * text length, buttons, list rows, files, and at most 10,000 recipients per template send.
 * Pure; works on raw (possibly malformed) request bodies and returns every violation found.
 * The field names are v3's own (`button_message.buttons[0].text`, `recipients[3].phone_number`).
 */
import { checkFile, type LimitViolation } from '../check-limits.js';
import { charCount, whatsappLimits as L } from '../limits.js';
import { parseV3Target, v3PhoneDigits } from './target.js';

/** v3's own limits beyond WhatsApp's (shared/reference/wati-v3-notes.md). */
export const v3Limits = {
  /** Recipients in one `POST /messageTemplates/send` (or `/schedule`) call. */
  templateSend: { maxRecipients: 10_000 },
} as const;

/** A v3 request as the checks see it: path and query values by name, and the body. */
export interface V3RequestInput {
  params?: Record<string, unknown>;
  body?: unknown;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);

class Checks {
  readonly out: LimitViolation[] = [];

  maxChars(field: string, value: unknown, max: number): void {
    if (typeof value !== 'string') return;
    const n = charCount(value);
    if (n > max) {
      this.out.push({
        field,
        limit: `at most ${max} characters`,
        message: `${field} has ${n} characters; the limit is ${max}`,
      });
    }
  }

  required(field: string, value: unknown): void {
    if (typeof value !== 'string' || value.trim() === '') {
      this.out.push({ field, limit: 'required', message: `${field} must not be empty` });
    }
  }

  target(field: string, value: unknown): void {
    if (value === undefined) return; // a missing required field is the schema's to report
    if (typeof value !== 'string' || !parseV3Target(value)) {
      this.out.push({
        field,
        limit: 'a phone number, a conversation id or Channel:Phone',
        message: `${field} ${JSON.stringify(value)} is not a target; use a phone number with country code (14155551234), a conversation id, or channel:phone (MyChannel:14155551234)`,
      });
    }
  }

  phone(field: string, value: unknown): void {
    if (value === undefined) return;
    if (typeof value !== 'string' || !v3PhoneDigits(value)) {
      this.out.push({
        field,
        limit: 'a phone number with country code',
        message: `${field} ${JSON.stringify(value)} is not a phone number; use the country code and number, e.g. 14155551234`,
      });
    }
  }

  count(field: string, n: number, min: number, max: number, what: string): void {
    if (n < min || n > max) {
      this.out.push({
        field,
        limit: min === max ? `${max} ${what}` : `${min} to ${max} ${what}`,
        message: `${field} has ${n} ${what}; WhatsApp allows ${min} to ${max}`,
      });
    }
  }

  buttons(prefix: string, message: Obj): void {
    const b = L.buttons;
    this.required(`${prefix}.body`, message.body);
    this.maxChars(`${prefix}.body`, message.body, b.bodyMaxChars);
    this.maxChars(`${prefix}.footer`, message.footer, b.footerMaxChars);
    this.maxChars(`${prefix}.header.text`, obj(message.header).text, b.headerTextMaxChars);
    const buttons = list(message.buttons);
    this.count(`${prefix}.buttons`, buttons.length, b.min, b.max, 'buttons');
    const seen = new Set<unknown>();
    buttons.forEach((button, i) => {
      this.required(`${prefix}.buttons[${i}].text`, button.text);
      this.maxChars(`${prefix}.buttons[${i}].text`, button.text, b.titleMaxChars);
      if (typeof button.text === 'string' && seen.has(button.text)) {
        this.out.push({
          field: `${prefix}.buttons[${i}].text`,
          limit: 'unique button texts',
          message: `${prefix}.buttons[${i}].text "${button.text}" repeats another button's text`,
        });
      }
      seen.add(button.text);
    });
  }

  list(prefix: string, message: Obj): void {
    const l = L.list;
    this.required(`${prefix}.body`, message.body);
    this.maxChars(`${prefix}.body`, message.body, l.bodyMaxChars);
    this.maxChars(`${prefix}.header`, message.header, l.headerMaxChars);
    this.maxChars(`${prefix}.footer`, message.footer, l.footerMaxChars);
    this.required(`${prefix}.button_text`, message.button_text);
    this.maxChars(`${prefix}.button_text`, message.button_text, l.buttonTextMaxChars);
    const sections = list(message.sections);
    if (sections.length > l.maxSections)
      this.count(`${prefix}.sections`, sections.length, 1, l.maxSections, 'sections');
    let rows = 0;
    sections.forEach((section, i) => {
      const at = `${prefix}.sections[${i}]`;
      if (sections.length > 1) this.required(`${at}.title`, section.title);
      this.maxChars(`${at}.title`, section.title, l.sectionTitleMaxChars);
      list(section.rows).forEach((row, j) => {
        rows++;
        this.required(`${at}.rows[${j}].title`, row.title);
        this.maxChars(`${at}.rows[${j}].title`, row.title, l.rowTitleMaxChars);
        this.maxChars(`${at}.rows[${j}].description`, row.description, l.rowDescriptionMaxChars);
      });
    });
    this.count(`${prefix}.sections`, rows, l.minRowsTotal, l.maxRowsTotal, 'rows in all');
  }

  recipients(body: Obj): void {
    this.maxChars('template_name', body.template_name, L.template.nameMaxChars);
    const recipients = list(body.recipients);
    const max = v3Limits.templateSend.maxRecipients;
    if (recipients.length > max) {
      this.out.push({
        field: 'recipients',
        limit: `at most ${max} recipients`,
        message: `recipients has ${recipients.length} items; send at most ${max} per call`,
      });
    }
    recipients.forEach((r, i) => {
      this.phone(`recipients[${i}].phone_number`, r.phone_number);
    });
  }
}

/**
 * Checks a v3 request against WhatsApp's limits. Reads and unknown ids yield no violations, except
 * for a malformed target in the path.
 */
export function checkV3Limits(operationId: string, input: V3RequestInput): LimitViolation[] {
  const c = new Checks();
  const params = input.params ?? {};
  const body = obj(input.body);
  if ('target' in params) c.target('target', params.target);
  switch (operationId) {
    case 'v3PostConversationsMessagesText':
      c.target('target', body.target);
      c.required('text', body.text);
      c.maxChars('text', body.text, L.text.maxChars);
      break;
    case 'v3PostConversationsMessagesFile':
      c.target('target', body.target);
      c.maxChars('caption', body.caption, L.caption.maxChars);
      if (body.file instanceof Blob) c.out.push(...checkFile('file', body.file as Blob & { name?: string }));
      break;
    case 'v3PostConversationsMessagesFileViaUrl': {
      c.target('target', body.target);
      c.maxChars('caption', body.caption, L.caption.maxChars);
      let url: URL | undefined;
      try {
        url = typeof body.file_url === 'string' ? new URL(body.file_url) : undefined;
      } catch {}
      if (body.file_url !== undefined && (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))) {
        c.out.push({
          field: 'file_url',
          limit: 'an http or https URL',
          message: `file_url ${JSON.stringify(body.file_url)} is not an http(s) URL WATI can fetch`,
        });
      }
      break;
    }
    case 'v3PostConversationsMessagesInteractive':
      c.target('target', body.target);
      if (body.type === 'buttons') c.buttons('button_message', obj(body.button_message));
      else if (body.type === 'list') c.list('list_message', obj(body.list_message));
      else if (body.type !== undefined) {
        c.out.push({
          field: 'type',
          limit: '"buttons" or "list"',
          message: `type must be "buttons" or "list"`,
        });
      }
      break;
    case 'v3PostMessageTemplatesSend':
    case 'v3PostMessageTemplatesSchedule':
      c.recipients(body);
      break;
    case 'v3PostContacts':
      c.phone('whatsapp_number', body.whatsapp_number);
      break;
    case 'v3PutContacts':
      list(body.contacts).forEach((contact, i) => {
        c.target(`contacts[${i}].target`, contact.target);
      });
      break;
    case 'v3PutContactsTeams':
    case 'v3PostChatbotsStart':
      c.target('target', body.target);
      break;
  }
  return c.out;
}
