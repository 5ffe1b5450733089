/**
 * The v1 tools (`apiVersion: 'v1'`): one per operation of the seed's v1/v2 registry, except the
 * five template sends, which are one tool (`send_template`). What a Maton-compatible gateway
 * forwards; unchanged since before v3.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type MediaFile, prepareInput, WatiValidationError } from '@watigate/client';
import { type Operation, type OperationKind, type Registry, snakeCase } from '@watigate/spec';
import type { z } from 'zod';
import { describeSend, sentSummary } from './describe-send.js';
import { MediaInfo, mediaResult } from './media-result.js';
import { fingerprint, runSend, type SendContext, sendOutput } from './run-send.js';
import { sendRule, sessionRule } from './send-rules.js';
import {
  canSendTemplates,
  isTemplateSendOperation,
  sendTemplateDescription,
  sendTemplateEndpoints,
  sendTemplateInput,
  sendTemplateName,
  templateCall,
} from './send-template.js';
import { annotationsFor, sendAnnotations, type WatiToolAnnotations } from './tool-annotations.js';
import { toolInput } from './tool-input.js';
import { toolTitle } from './tool-name.js';
import { errorResult, jsonResult } from './tool-result.js';

export interface ListedTool {
  name: string;
  operationId?: string;
  kind: OperationKind;
  annotations: WatiToolAnnotations;
}

/** The v1 registry tools a server offers with these permissions, in order. */
export function v1RegistryTools(reg: Registry, allowed: (kind: OperationKind) => boolean): ListedTool[] {
  const tools: ListedTool[] = [];
  for (const o of reg.list) {
    if (!allowed(o.kind)) continue;
    if (isTemplateSendOperation(o)) {
      if (canSendTemplates(reg) && !tools.some((t) => t.name === sendTemplateName)) {
        tools.push({ name: sendTemplateName, kind: 'send', annotations: sendAnnotations });
      }
      continue;
    }
    tools.push({ name: o.tool, operationId: o.id, kind: o.kind, annotations: annotationsFor(o) });
  }
  return tools;
}

/**
 * A validation error in the tool's words: the tool's name for the operation id, and its
 * snake_case names for the registry's (`receivers[0].whatsappNumber` → `recipients[0].whatsapp_number`
 * for send_template).
 */
function inToolTerms(error: unknown, tool: string, operation: Operation): unknown {
  if (!(error instanceof WatiValidationError) || error.code !== 'validation_failed') return error;
  const speak = (text: string) => {
    let out = text.split(operation.id).join(tool);
    if (tool === sendTemplateName && 'receivers' in operation.params) {
      out = out.replace(/\breceivers\b/g, 'recipients').replace(/\bcustomParams\b/g, 'parameters');
    } else if (tool === sendTemplateName) {
      // One recipient: the single-send endpoint's top-level fields are recipients[0]'s.
      out = out.replace(/(?<![.\w])(whatsappNumber|parameters)\b/g, (field) =>
        field === 'whatsappNumber' ? 'recipients[0].whatsapp_number' : 'recipients[0].parameters',
      );
    }
    return out.replace(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g, (word) => snakeCase(word));
  };
  return new WatiValidationError(
    speak(error.message),
    error.violations.map((v) => ({ ...v, field: speak(v.field), message: speak(v.message) })),
  );
}

function describeTool(operation: Operation): string {
  // The summary names inputs as the registry does (`fileName`); the tool takes them in snake_case.
  const lines = [operation.summary.replace(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g, (word) => snakeCase(word))];
  if (operation.kind === 'send' && operation.resource !== 'templates') lines.push(sessionRule);
  if (operation.kind === 'send') lines.push(sendRule);
  lines.push(`WATI endpoint: ${operation.method} ${operation.path} (${operation.see}).`);
  return lines.join('\n');
}

/** WATI's JSON answer, as an object schema (a tool's output schema must be one). */
function answerSchema(operation: Operation): z.ZodType {
  if (operation.response.type !== 'json') return MediaInfo;
  return operation.response.schema;
}

/** Registers the v1 tools; those not in `offered` are registered disabled (hidden, and refused). */
export function registerV1Tools(
  server: McpServer,
  reg: Registry,
  offered: ReadonlySet<string>,
  context: SendContext,
): void {
  const { client, logger } = context;
  const sendSteps = (name: string, operation: Operation, input: Record<string, unknown>) => ({
    prepare: () => prepareInput(operation, input),
    describe: (prepared: Record<string, unknown>) => describeSend(operation, prepared, context),
    send: (_prepared: Record<string, unknown>, options: { idempotencyKey: string }) =>
      client.callById(operation.id, input, options),
    summary: (prepared: Record<string, unknown>) => sentSummary(operation, prepared),
    request: async (prepared: Record<string, unknown>) => ({
      operation: operation.id,
      input: await fingerprint(prepared),
    }),
    speak: (error: unknown) => inToolTerms(error, name, operation),
  });

  const templateSlot = reg.list.find(isTemplateSendOperation);
  for (const operation of reg.list) {
    if (isTemplateSendOperation(operation)) {
      if (operation === templateSlot && canSendTemplates(reg)) registerSendTemplate();
      continue;
    }
    const name = operation.tool;
    const input = toolInput(operation);
    const tool = server.registerTool(
      name,
      {
        title: toolTitle(name),
        description: describeTool(operation),
        inputSchema: input.schema,
        outputSchema:
          operation.kind === 'send'
            ? sendOutput(answerSchema(operation))
            : (answerSchema(operation) as never),
        annotations: annotationsFor(operation),
      },
      async (args: Record<string, unknown>) => {
        try {
          const { input: registryInput, dryRun, idempotencyKey, violations } = input.callArguments(args);
          if (violations.length > 0) {
            throw new WatiValidationError(
              `${name} was not sent: ${violations.map((v) => v.message).join('; ')}`,
              violations,
            );
          }
          if (operation.kind === 'send')
            return await runSend(
              name,
              sendSteps(name, operation, registryInput),
              context,
              dryRun,
              idempotencyKey,
            );
          const answer = await client.callById(operation.id, registryInput);
          if (operation.response.type === 'binary')
            return await mediaResult(String(registryInput.fileName), answer as MediaFile);
          return jsonResult(answer as Record<string, unknown>);
        } catch (error) {
          return errorResult(name, inToolTerms(error, name, operation), logger);
        }
      },
    );
    // Hidden from tools/list, and a call answers an error: the caller's key lacks the scope.
    if (!offered.has(name)) tool.disable();
  }

  function registerSendTemplate(): void {
    const single = reg.get('sendTemplateMessageV2') as Operation;
    const tool = server.registerTool(
      sendTemplateName,
      {
        title: 'Send template',
        description: [sendTemplateDescription, sendRule, sendTemplateEndpoints].join('\n'),
        inputSchema: sendTemplateInput,
        outputSchema: sendOutput(answerSchema(single)),
        annotations: sendAnnotations,
      },
      async (args) => {
        try {
          const { operation, input } = templateCall(reg, args);
          return await runSend(
            sendTemplateName,
            sendSteps(sendTemplateName, operation, input),
            context,
            args.dry_run,
            args.idempotency_key,
          );
        } catch (error) {
          return errorResult(sendTemplateName, error, logger);
        }
      },
    );
    if (!offered.has(sendTemplateName)) tool.disable();
  }
}
