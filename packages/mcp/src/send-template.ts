/**
 * `send_template`: one tool for every template send. WATI has five endpoints for it (v1 and v2,
 * one receiver or many, and a CSV upload); an agent needs one: a template, and one or many
 * recipients each with its placeholder values. The tool picks the endpoint: v2 (the answer carries
 * each message's localMessageId, which webhooks and events refer to), one receiver or many.
 */
import { type Operation, type Registry, whatsappLimits } from '@watigate/spec';
import { z } from 'zod';
import { dryRunArgument, idempotencyKeyArgument, phoneArgument } from './tool-input.js';

export const sendTemplateName = 'send_template';

const maxBulkReceivers = whatsappLimits.bulk.maxReceivers;

/** The registry operations send_template stands for (the registry names it as their tool). */
export const isTemplateSendOperation = (operation: Operation): boolean => operation.tool === sendTemplateName;

const parameter = z.strictObject({
  name: z.string().min(1).describe('The placeholder’s name, as in {{name}}'),
  value: z.string().describe('Its value'),
});

export const sendTemplateInput = z.strictObject({
  template_name: z.string().min(1).describe('The template’s name (elementName), from get_message_templates'),
  broadcast_name: z
    .string()
    .min(1)
    .optional()
    .describe('Label for this send in WATI’s broadcast history (default: the template name)'),
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
    .max(maxBulkReceivers)
    .describe(`One or more recipients (up to ${maxBulkReceivers}), each with its own placeholder values`),
  idempotency_key: idempotencyKeyArgument,
  dry_run: dryRunArgument,
});
export type SendTemplateArguments = z.output<typeof sendTemplateInput>;

/** The endpoint and registry input for these arguments. */
export function templateCall(
  registry: Registry,
  args: SendTemplateArguments,
): { operation: Operation; input: Record<string, unknown> } {
  const { template_name, recipients } = args;
  const broadcast_name = args.broadcast_name ?? template_name;
  const [only] = recipients;
  if (recipients.length === 1 && only) {
    return {
      operation: operationOf(registry, 'sendTemplateMessageV2'),
      input: {
        whatsappNumber: only.whatsapp_number,
        template_name,
        broadcast_name,
        parameters: only.parameters,
      },
    };
  }
  return {
    operation: operationOf(registry, 'sendTemplateMessagesV2'),
    input: {
      template_name,
      broadcast_name,
      receivers: recipients.map((r) => ({ whatsappNumber: r.whatsapp_number, customParams: r.parameters })),
    },
  };
}

function operationOf(registry: Registry, id: string): Operation {
  const operation = registry.get(id);
  if (!operation) throw new Error(`send_template needs ${id} in the registry`);
  return operation;
}

/** Whether a registry can serve send_template. */
export const canSendTemplates = (registry: Registry): boolean =>
  registry.get('sendTemplateMessageV2') !== undefined && registry.get('sendTemplateMessagesV2') !== undefined;

export const sendTemplateDescription = [
  'Send an approved WhatsApp template to one or many recipients (up to 1000), each with its own placeholder values. A template is the only message allowed outside the 24-hour window, so this is how to write first or write again after a day of silence.',
  'Check the template first with get_message_templates (status APPROVED, its {{placeholders}}); a dry run renders the text each recipient would read.',
].join('\n');

export const sendTemplateEndpoints =
  'WATI endpoint: POST /api/v2/sendTemplateMessage (one recipient) or POST /api/v2/sendTemplateMessages (several) (https://docs.wati.io/reference/post_api-v2-sendtemplatemessage).';
