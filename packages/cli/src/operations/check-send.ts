/**
 * What `templates send` and `messages send` check before sending, and what `--dry-run` prints:
 * the template must exist, be APPROVED and have a value for every placeholder (read with the
 * template list, as `broadcast` and the MCP dry run do); a session message needs the contact's
 * 24-hour window open (dry run only: the send itself lets WATI answer). Nothing here sends.
 */
import {
  isWatiError,
  type TemplateForCheck,
  type TemplateItem,
  type WatiClient,
  type WatiGatewayClient,
} from '@watigate/client';
import {
  type CustomParam,
  checkTemplateParameters,
  hasScope,
  normalizePhone,
  renderTemplate,
  templatePlaceholders,
} from '@watigate/spec';
import { exitCodes } from '../exit-codes.js';

export interface SendCheck {
  /** One line per reason the send would be refused; empty when it would go out. */
  refusals: string[];
  /** What a dry run shows, field by field. */
  preview: Record<string, unknown>;
}

/** The approved template names, for the message when the template is missing. */
async function approvedNames(client: WatiClient): Promise<string[]> {
  const names: string[] = [];
  for await (const t of client.templates.iterate({ pageSize: 100 })) {
    if (t.status === 'APPROVED') names.push(t.elementName);
  }
  return names;
}

/** How a check finds templates: v1's template list, or v3's (check-send-v3.ts). */
export interface TemplateLookup {
  find(name: string): Promise<TemplateForCheck | undefined>;
  approvedNames(): Promise<string[]>;
}

/** The template send's checks: found, APPROVED, every placeholder given by `--parameters`. */
export async function checkTemplateSend(
  client: WatiClient,
  input: Record<string, unknown>,
): Promise<SendCheck> {
  const lookup: TemplateLookup = {
    find: (name) => client.templates.find(name) as Promise<TemplateItem | undefined>,
    approvedNames: () => approvedNames(client),
  };
  return checkTemplate(lookup, {
    template: String(input.template_name),
    parameters: (input.parameters as CustomParam[] | undefined) ?? [],
    to: normalizePhone(String(input.whatsappNumber)) ?? input.whatsappNumber,
    broadcastName: input.broadcast_name,
  });
}

/** The checks of one template send, whichever API looks the template up. */
export async function checkTemplate(
  lookup: TemplateLookup,
  send: { template: string; parameters: CustomParam[]; to: unknown; broadcastName: unknown },
): Promise<SendCheck> {
  const name = send.template;
  const params = send.parameters;
  const template = await lookup.find(name);
  const preview: Record<string, unknown> = {
    to: send.to,
    template: name,
    broadcastName: send.broadcastName,
  };
  if (!template) {
    const approved = await lookup.approvedNames();
    return {
      refusals: [
        `No template named "${name}". Approved templates: ${approved.slice(0, 20).join(', ') || 'none'} (\`watigate templates list\`).`,
      ],
      preview: { ...preview, status: 'not found' },
    };
  }
  const refusals: string[] = [];
  const missing: string[] = [];
  for (const v of checkTemplateParameters(template, params)) {
    const placeholder = /\{\{([\w.]+)\}\}/.exec(v.limit)?.[1];
    if (placeholder) missing.push(placeholder);
    else
      refusals.push(
        `Template "${template.elementName}" is ${template.status}; only APPROVED templates can be sent. Wait for approval or pick another (\`watigate templates list\`).`,
      );
  }
  if (missing.length > 0) {
    const all = templatePlaceholders(template.body);
    refusals.push(
      `Template "${template.elementName}" needs a value for ${missing.map((n) => `{{${n}}}`).join(', ')}: add --parameters ${missing.map((n) => `${n}=VALUE`).join(' ')}${all.length > missing.length ? ` (it has ${all.map((n) => `{{${n}}}`).join(', ')})` : ''}.`,
    );
  }
  return {
    refusals,
    preview: { ...preview, status: template.status, text: renderTemplate(template.body, params) },
  };
}

/** A session message's dry run: what would be sent, and whether the 24-hour window is open. */
export async function checkSessionSend(
  client: WatiClient,
  input: Record<string, unknown>,
  now: () => number,
): Promise<SendCheck> {
  // Loaded here, not at the top: the MCP package would slow every other command.
  const { checkSessionWindow } = await import('@watigate/mcp');
  const to = String(input.whatsappNumber);
  const window = await checkSessionWindow(client, to, now);
  const preview = {
    to: window.whatsapp_number,
    text: input.messageText,
    window: window.open ? `open until ${window.closes_at}` : 'closed',
    lastCustomerMessage: window.last_inbound_at ?? 'none',
  };
  const refusals = window.open
    ? []
    : [
        `The 24-hour window with ${window.whatsapp_number} is ${window.last_inbound_at ? `closed since ${window.closes_at}` : 'not open: the contact has never written'}, so WATI would refuse the message. Send an approved template instead (\`watigate templates send\`).`,
      ];
  return { refusals, preview };
}

/** The exit code of a check that found reasons to refuse. */
export const refusedCode = exitCodes.validation;

/**
 * A dry run's check of the key itself, through a gateway: a key without `wati:send` would be
 * refused (exit 4 on the real send), so the dry run says so instead of "would be sent".
 */
export async function checkSendScope(client: WatiClient): Promise<string[]> {
  if (client.mode !== 'gateway') return [];
  const key = await (client as WatiGatewayClient).keys.self().catch((error: unknown) => {
    // A gateway older than GET /keys/self: the check is skipped, the rest of the dry run stands.
    if (isWatiError(error) && error.status === 404) return undefined;
    throw error;
  });
  if (key === undefined) return [];
  return hasScope(key.scopes, 'wati:send')
    ? []
    : [
        `This API key (${key.prefix}…, scopes ${key.scopes.join(', ')}) lacks the wati:send scope, so the gateway would refuse the send. Use a key that has it (\`watigate keys create --scope wati:send\`, run with an admin key).`,
      ];
}
