/**
 * The v3 tools (`apiVersion: 'v3'`, the default): v3-tools.ts's list over `registryV3`, plus
 * send_template and schedule_template. Each tool's inputs, output schema and annotations come from
 * its v3 operation; sends go through the same dry run and idempotency as on v1 (run-send.ts).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type MediaFile, WatiValidationError } from '@watigate/client';
import { type OperationKind, registryV3, type V3Operation, type V3RequestInput } from '@watigate/spec';
import type { z } from 'zod';
import { CheckedSessionWindowV3 } from './check-session-window-v3.js';
import { describeSendV3, sentSummaryV3 } from './describe-send-v3.js';
import { MediaInfo, mediaResult } from './media-result.js';
import { prepareV3Input } from './prepare-v3-input.js';
import type { ListedTool } from './register-v1-tools.js';
import { fingerprint, runSend, type SendContext, type SendSteps, sendOutput } from './run-send.js';
import { sendRule, sessionRuleV3 } from './send-rules.js';
import {
  scheduleTemplateDescription,
  scheduleTemplateInput,
  sendTemplateDescriptionV3,
  sendTemplateInputV3,
  type TemplateArgumentsV3,
  templateBodyV3,
  templateFieldV3,
} from './send-template-v3.js';
import { speakV3Error } from './speak-v3-error.js';
import { annotationsFor } from './tool-annotations.js';
import { toolTitle } from './tool-name.js';
import { errorResult, jsonResult } from './tool-result.js';
import type { V3Call } from './v3-call.js';
import { v3ToolInput } from './v3-tool-input.js';
import { isTemplateSlot, type V3ToolEntry, type V3ToolSpec, v3Tools } from './v3-tools.js';

const operationOf = (entry: V3ToolEntry): V3Operation => {
  const operation = registryV3.get(entry.operationId);
  if (!operation) throw new Error(`${entry.name}: ${entry.operationId} is not in registryV3`);
  return operation;
};

/** The v3 tools a server offers with these permissions, in order. */
export function v3ListedTools(allowed: (kind: OperationKind) => boolean): ListedTool[] {
  return v3Tools.flatMap((entry) => {
    const operation = operationOf(entry);
    if (!allowed(operation.kind)) return [];
    return [
      {
        name: entry.name,
        operationId: operation.id,
        kind: operation.kind,
        annotations: annotationsFor(operation),
      },
    ];
  });
}

/** Session sends: the ones the 24-hour window governs. */
const sessionSends = new Set([
  'v3PostConversationsMessagesText',
  'v3PostConversationsMessagesFile',
  'v3PostConversationsMessagesFileViaUrl',
  'v3PostConversationsMessagesInteractive',
  // The chatbot's first message goes out as a session message.
  'v3PostChatbotsStart',
]);

function describeTool(description: string, operation: V3Operation): string {
  const lines = [description];
  if (sessionSends.has(operation.id)) lines.push(sessionRuleV3);
  if (operation.kind === 'send') lines.push(sendRule);
  lines.push(`WATI endpoint: ${operation.method} ${operation.path} (WATI API v3).`);
  return lines.join('\n');
}

/** WATI's JSON answer (status 200), or the media file's description. */
function answerSchema(operation: V3Operation): z.ZodType {
  const ok = operation.responses['200'];
  return ok?.type === 'json' ? ok.schema : MediaInfo;
}

export interface V3ToolContext extends SendContext {
  call: V3Call;
}

/** Registers the v3 tools; those not in `offered` are registered disabled (hidden, and refused). */
export function registerV3Tools(
  server: McpServer,
  offered: ReadonlySet<string>,
  context: V3ToolContext,
): void {
  const { call, client, logger, now } = context;
  const prefix = client.mode === 'gateway' ? '/wati' : '';

  const sendSteps = (
    tool: string,
    operation: V3Operation,
    input: V3RequestInput,
    speak: (error: unknown) => unknown,
  ): SendSteps<V3RequestInput> => ({
    prepare: () => prepareV3Input(tool, operation, input),
    describe: (prepared) => describeSendV3(tool, operation, prepared, { call, now, prefix }),
    send: (prepared, options) => call(operation.id, prepared, options),
    summary: (prepared, answer) => sentSummaryV3(tool, operation, prepared, answer),
    request: async (prepared) => ({
      operation: operation.id,
      params: prepared.params,
      body: await fingerprint((prepared.body ?? {}) as Record<string, unknown>),
    }),
    speak,
  });

  function register(entry: V3ToolSpec): void {
    const operation = operationOf(entry);
    const { name } = entry;
    const input = v3ToolInput(operation, entry);
    const speak = (error: unknown) => speakV3Error(name, operation, error);
    const tool = server.registerTool(
      name,
      {
        title: toolTitle(name),
        description: describeTool(entry.description, operation),
        inputSchema: input.schema,
        outputSchema:
          operation.kind === 'send'
            ? sendOutput(answerSchema(operation), CheckedSessionWindowV3)
            : (answerSchema(operation) as never),
        annotations: annotationsFor(operation),
      },
      async (args: Record<string, unknown>): Promise<CallToolResult> => {
        try {
          const { input: v3Input, dryRun, idempotencyKey, violations } = input.callArguments(args);
          if (violations.length > 0) {
            throw new WatiValidationError(
              `${name} was not sent: ${violations.map((v) => v.message).join('; ')}`,
              violations,
            );
          }
          if (operation.kind === 'send')
            return await runSend(
              name,
              sendSteps(name, operation, v3Input, speak),
              context,
              dryRun,
              idempotencyKey,
            );
          const answer = await call(operation.id, prepareV3Input(name, operation, v3Input));
          if (answerSchema(operation) === MediaInfo)
            return await mediaResult(String(v3Input.params.message_id), answer as MediaFile);
          return jsonResult(answer as Record<string, unknown>);
        } catch (error) {
          return errorResult(name, speak(error), logger);
        }
      },
    );
    if (!offered.has(name)) tool.disable();
  }

  function registerTemplateTool(name: 'send_template' | 'schedule_template'): void {
    const operation = operationOf({
      name,
      operationId: name === 'send_template' ? 'v3PostMessageTemplatesSend' : 'v3PostMessageTemplatesSchedule',
    });
    const schedule = name === 'schedule_template';
    const speak = (error: unknown) => {
      const spoken = speakV3Error(name, operation, error);
      if (!(spoken instanceof WatiValidationError) || spoken.code !== 'validation_failed') return spoken;
      return new WatiValidationError(
        templateFieldV3(spoken.message),
        spoken.violations.map((v) => ({
          ...v,
          field: templateFieldV3(v.field),
          message: templateFieldV3(v.message),
        })),
      );
    };
    const tool = server.registerTool(
      name,
      {
        title: toolTitle(name),
        description: [
          schedule ? scheduleTemplateDescription : sendTemplateDescriptionV3,
          sendRule,
          `WATI endpoint: ${operation.method} ${operation.path} (WATI API v3).`,
        ].join('\n'),
        inputSchema: schedule ? scheduleTemplateInput : sendTemplateInputV3,
        outputSchema: sendOutput(answerSchema(operation), CheckedSessionWindowV3),
        annotations: annotationsFor(operation),
      },
      async (args: TemplateArgumentsV3) => {
        try {
          const input = { params: {}, body: templateBodyV3(args) };
          const steps = sendSteps(name, operation, input, speak);
          return await runSend(name, steps, context, args.dry_run, args.idempotency_key);
        } catch (error) {
          return errorResult(name, speak(error), logger);
        }
      },
    );
    if (!offered.has(name)) tool.disable();
  }

  for (const entry of v3Tools) {
    if (isTemplateSlot(entry)) registerTemplateTool(entry.name);
    else register(entry);
  }
}
