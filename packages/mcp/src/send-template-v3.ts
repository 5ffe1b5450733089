/**
 * `send_template` and `schedule_template` on v3: one call of `POST /api/ext/v3/messageTemplates/send`
 * (or `/schedule`) for one recipient or up to 10,000, each with its own placeholder values. The
 * arguments are v1's send_template's (template_name, broadcast_name, recipients with
 * whatsapp_number and parameters), so that an agent's instructions hold on either API, plus v3's
 * `channel` and, to schedule, `scheduled_at`.
 */
import { snakeCase, v3Limits } from '@watigate/spec';
import { z } from 'zod';
import { dryRunArgument, idempotencyKeyArgument, phoneArgument } from './tool-input.js';

const maxRecipients = v3Limits.templateSend.maxRecipients;

const parameter = z.strictObject({
  name: z.string().min(1).describe('The placeholder’s name, as in {{name}}'),
  value: z.string().describe('Its value'),
});

const common = {
  channel: z
    .string()
    .min(1)
    .optional()
    .describe(
      'The channel (name or number, from list_channels) to send from; the default channel when omitted',
    ),
  template_name: z.string().min(1).describe('The template’s name, from get_message_templates'),
  broadcast_name: z
    .string()
    .min(1)
    .optional()
    .describe('Name of the broadcast this send creates (list_broadcasts); default: the template name'),
  recipients: z
    .array(
      z.strictObject({
        whatsapp_number: phoneArgument(),
        parameters: z
          .array(parameter)
          .default([])
          .describe('Placeholder values for this recipient: [{"name":"name","value":"John"}]'),
      }),
    )
    .min(1)
    .max(maxRecipients)
    .describe(
      `One or more recipients (up to ${maxRecipients} in one call), each with its own placeholder values`,
    ),
};

export const sendTemplateInputV3 = z.strictObject({
  ...common,
  idempotency_key: idempotencyKeyArgument,
  dry_run: dryRunArgument,
});

export const scheduleTemplateInput = z.strictObject({
  ...common,
  scheduled_at: z.string().min(1).describe('When to send, in UTC, ISO 8601 (2026-12-24T09:00:00Z)'),
  idempotency_key: idempotencyKeyArgument,
  dry_run: dryRunArgument,
});

export type TemplateArgumentsV3 = z.output<typeof sendTemplateInputV3> & { scheduled_at?: string };

/** The v3 request body for these arguments. */
export function templateBodyV3(args: TemplateArgumentsV3): Record<string, unknown> {
  return {
    ...(args.channel ? { channel: args.channel } : {}),
    template_name: args.template_name,
    broadcast_name: args.broadcast_name ?? args.template_name,
    ...(args.scheduled_at !== undefined ? { scheduled_at: args.scheduled_at } : {}),
    recipients: args.recipients.map((r) => ({
      phone_number: r.whatsapp_number,
      custom_params: r.parameters,
    })),
  };
}

/** A field of WATI's body as the tool names it (`recipients[2].phone_number` → `recipients[2].whatsapp_number`). */
export function templateFieldV3(text: string): string {
  return text
    .replace(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g, (word) => snakeCase(word))
    .replace(/\bphone_number\b/g, 'whatsapp_number')
    .replace(/\bcustom_params\b/g, 'parameters');
}

export const sendTemplateDescriptionV3 = [
  `Send an approved WhatsApp template to one or many recipients (up to ${maxRecipients} in one call), each with its own placeholder values. A template is the only message allowed outside the 24-hour window, so this is how to write first or write again after a day of silence. The send creates a broadcast: follow its delivery with get_broadcast and get_broadcast_recipients (its broadcast_id is in the answer).`,
  'Check the template first with get_message_templates (status APPROVED, its {{placeholders}}); a dry run renders the text each recipient would read.',
].join('\n');

export const scheduleTemplateDescription = [
  `Schedule an approved WhatsApp template for one or many recipients (up to ${maxRecipients}) at scheduled_at (UTC), each with its own placeholder values. It creates a scheduled broadcast (list_broadcasts, get_broadcast).`,
  'Check the template first with get_message_templates; a dry run renders the text each recipient would read.',
].join('\n');
