/**
 * Pre-flight checks of WhatsApp's limits (limits.ts) on an operation's input, before a request
 * leaves: used by the client, by the gateway's pre-flight and by the sandbox's refusals.
 * Pure; returns every violation found rather than stopping at the first.
 */
import { charCount, whatsappLimits as L, mediaKindOf } from './limits.js';
import { normalizePhone } from './phone.js';
import type { CustomParam, MessageTemplate } from './wati-schemas.js';

export interface LimitViolation {
  /** Where in the input, e.g. `buttons[3]` or `sections[0].rows[2].title`. */
  field: string;
  /** The limit that was broken, e.g. `at most 20 characters`. */
  limit: string;
  message: string;
}

type Input = Record<string, unknown>;

function maxChars(out: LimitViolation[], field: string, value: unknown, max: number): void {
  if (typeof value !== 'string') return;
  const n = charCount(value);
  if (n > max)
    out.push({
      field,
      limit: `at most ${max} characters`,
      message: `${field} has ${n} characters; the limit is ${max}`,
    });
}

function required(out: LimitViolation[], field: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim() === '') {
    out.push({ field, limit: 'required', message: `${field} must not be empty` });
  }
}

function phone(out: LimitViolation[], field: string, value: unknown): void {
  if (typeof value !== 'string') return;
  if (!normalizePhone(value)) {
    out.push({
      field,
      limit: 'a phone number with country code',
      message: `${field} "${value}" is not a phone number; use the country code and number, e.g. 14155551234`,
    });
  }
}

/**
 * An array's items as objects. The gateway and the sandbox check raw request bodies, so a
 * malformed item (`[null]`, a string) must be reported as missing fields, not throw.
 */
function items(value: unknown): Input[] {
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown) => (typeof item === 'object' && item !== null ? (item as Input) : {}));
}

function checkButtons(out: LimitViolation[], input: Input): void {
  const b = L.buttons;
  required(out, 'body', input.body);
  maxChars(out, 'body', input.body, b.bodyMaxChars);
  maxChars(out, 'footer', input.footer, b.footerMaxChars);
  const header = input.header;
  if (typeof header === 'object' && header !== null) {
    maxChars(out, 'header.text', (header as Input).text, b.headerTextMaxChars);
  }
  const buttons = items(input.buttons);
  if (buttons.length < b.min || buttons.length > b.max) {
    out.push({
      field: 'buttons',
      limit: `${b.min} to ${b.max} buttons`,
      message: `buttons has ${buttons.length} items; WhatsApp allows ${b.min} to ${b.max}`,
    });
  }
  const seen = new Set<string>();
  buttons.forEach((button, i) => {
    required(out, `buttons[${i}].text`, button.text);
    maxChars(out, `buttons[${i}].text`, button.text, b.titleMaxChars);
    maxChars(out, `buttons[${i}].id`, button.id, b.idMaxChars);
    if (typeof button.text === 'string') {
      if (seen.has(button.text)) {
        out.push({
          field: `buttons[${i}].text`,
          limit: 'unique titles',
          message: `button title "${button.text}" is used twice`,
        });
      }
      seen.add(button.text);
    }
  });
}

function checkList(out: LimitViolation[], input: Input): void {
  const l = L.list;
  required(out, 'body', input.body);
  maxChars(out, 'body', input.body, l.bodyMaxChars);
  maxChars(out, 'header', input.header, l.headerMaxChars);
  maxChars(out, 'footer', input.footer, l.footerMaxChars);
  required(out, 'buttonText', input.buttonText);
  maxChars(out, 'buttonText', input.buttonText, l.buttonTextMaxChars);
  const sections = items(input.sections);
  if (sections.length > l.maxSections) {
    out.push({
      field: 'sections',
      limit: `at most ${l.maxSections} sections`,
      message: `sections has ${sections.length} items; the limit is ${l.maxSections}`,
    });
  }
  let rows = 0;
  sections.forEach((section, i) => {
    if (sections.length > 1) required(out, `sections[${i}].title`, section.title);
    maxChars(out, `sections[${i}].title`, section.title, l.sectionTitleMaxChars);
    items(section.rows).forEach((row, j) => {
      rows++;
      required(out, `sections[${i}].rows[${j}].title`, row.title);
      maxChars(out, `sections[${i}].rows[${j}].title`, row.title, l.rowTitleMaxChars);
      maxChars(out, `sections[${i}].rows[${j}].description`, row.description, l.rowDescriptionMaxChars);
      maxChars(out, `sections[${i}].rows[${j}].id`, row.id, l.rowIdMaxChars);
    });
  });
  if (rows < l.minRowsTotal || rows > l.maxRowsTotal) {
    out.push({
      field: 'sections',
      limit: `${l.minRowsTotal} to ${l.maxRowsTotal} rows in all`,
      message: `the list has ${rows} rows in all; WhatsApp allows ${l.minRowsTotal} to ${l.maxRowsTotal}`,
    });
  }
}

/** Checks a file against WhatsApp's media types and sizes. */
export function checkFile(
  field: string,
  file: { type?: string; size: number; name?: string },
): LimitViolation[] {
  const kind = mediaKindOf(file.type, file.name);
  if (!kind) {
    return [
      {
        field,
        limit: 'a supported media type',
        message: `${field} has type "${file.type || 'unknown'}", which WhatsApp does not accept; send JPEG/PNG images, MP4/3GPP video, AAC/AMR/MP3/MP4/OGG audio, or PDF/Office/text documents`,
      },
    ];
  }
  const max = L.media[kind].maxBytes;
  if (file.size > max) {
    return [
      {
        field,
        limit: `at most ${max} bytes for ${kind}`,
        message: `${field} is ${file.size} bytes; WhatsApp accepts ${kind} files up to ${max} bytes`,
      },
    ];
  }
  return [];
}

/**
 * Checks an operation's input against WhatsApp's limits. Inputs of operations with no limits
 * (reads) yield no violations.
 */
export function checkLimits(operationId: string, input: Input): LimitViolation[] {
  const out: LimitViolation[] = [];
  if (typeof input.whatsappNumber === 'string') phone(out, 'whatsappNumber', input.whatsappNumber);
  switch (operationId) {
    case 'sendSessionMessage':
      required(out, 'messageText', input.messageText);
      maxChars(out, 'messageText', input.messageText, L.text.maxChars);
      break;
    case 'sendSessionFile':
      maxChars(out, 'caption', input.caption, L.caption.maxChars);
      if (input.file instanceof Blob) out.push(...checkFile('file', input.file as Blob & { name?: string }));
      break;
    case 'sendInteractiveButtonsMessage':
      checkButtons(out, input);
      break;
    case 'sendInteractiveListMessage':
      checkList(out, input);
      break;
    case 'sendTemplateMessage':
    case 'sendTemplateMessageV2':
      maxChars(out, 'template_name', input.template_name, L.template.nameMaxChars);
      break;
    case 'sendTemplateMessages':
    case 'sendTemplateMessagesV2': {
      maxChars(out, 'template_name', input.template_name, L.template.nameMaxChars);
      const receivers = items(input.receivers);
      if (receivers.length > L.bulk.maxReceivers) {
        out.push({
          field: 'receivers',
          limit: `at most ${L.bulk.maxReceivers} receivers`,
          message: `receivers has ${receivers.length} items; send at most ${L.bulk.maxReceivers} per call`,
        });
      }
      receivers.forEach((r, i) => {
        phone(out, `receivers[${i}].whatsappNumber`, r.whatsappNumber);
      });
      break;
    }
  }
  return out;
}

/** Placeholder names in a template body: `{{name}}` or `{{1}}`, in order of first use. */
export function templatePlaceholders(body: string): string[] {
  const names: string[] = [];
  for (const m of body.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) {
    const name = m[1];
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Checks a template send against the template itself: it must be APPROVED and every placeholder
 * must have a non-empty value. `field` names where the parameters live in the input.
 */
export function checkTemplateParameters(
  template: Pick<MessageTemplate, 'elementName' | 'status' | 'body'>,
  parameters: readonly CustomParam[],
  field = 'parameters',
): LimitViolation[] {
  const out: LimitViolation[] = [];
  if (template.status !== 'APPROVED') {
    out.push({
      field: 'template_name',
      limit: 'an APPROVED template',
      message: `template "${template.elementName}" is ${template.status}; only APPROVED templates can be sent`,
    });
  }
  for (const name of templatePlaceholders(template.body)) {
    const p = parameters.find((x) => x.name === name);
    if (!p || p.value === '') {
      out.push({
        field,
        limit: `a value for {{${name}}}`,
        message: `${field} has no value for placeholder {{${name}}}`,
      });
    }
  }
  return out;
}

/** Fills a template body's placeholders with the given values. */
export function renderTemplate(body: string, parameters: readonly CustomParam[]): string {
  return body.replace(
    /\{\{\s*([\w.]+)\s*\}\}/g,
    (whole, name: string) => parameters.find((p) => p.name === name)?.value ?? whole,
  );
}
