/**
 * `createWatiMcpServer`: an MCP server with one tool per registry operation, except the five
 * template sends, which are one tool (`send_template`), plus `check_session_window` and, in
 * gateway mode, `list_connections`, `get_events` and `wait_for_reply`. Inputs are snake_case;
 * sends take `dry_run` and `idempotency_key`; every tool declares its annotations and an output
 * schema its structured content follows; failures come back as tool results with `isError: true`.
 */
import { createHash } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  type MediaFile,
  prepareInput,
  type WatiClient,
  type WatiGatewayClient,
  WatiValidationError,
} from '@watigate/client';
import {
  Connection,
  type Operation,
  type OperationKind,
  type Registry,
  registry,
  snakeCase,
} from '@watigate/spec';
import { z } from 'zod';
import { CheckedSessionWindow, checkSessionWindow } from './check-session-window.js';
import { DryRunRefusal, describeSend, SendPreview, sentSummary } from './describe-send.js';
import { newIdempotencyKey, sendOnce } from './idempotency.js';
import { MediaInfo, mediaResult } from './media-result.js';
import { eventToolNames, registerEventTools } from './register-event-tools.js';
import {
  canSendTemplates,
  isTemplateSendOperation,
  sendTemplateDescription,
  sendTemplateEndpoints,
  sendTemplateInput,
  sendTemplateName,
  templateCall,
} from './send-template.js';
import {
  annotationsFor,
  readAnnotations,
  sendAnnotations,
  type WatiToolAnnotations,
} from './tool-annotations.js';
import { phoneArgument, toolInput } from './tool-input.js';
import { toolTitle } from './tool-name.js';
import { errorResult, jsonResult, type McpLogger } from './tool-result.js';

export interface WatiMcpServerOptions {
  /** The client the tools call WATI with: gateway mode (adds `list_connections`) or direct mode. */
  client: WatiClient | WatiGatewayClient;
  /** Offer the send tools (the gateway passes the key's `wati:send` scope). @default true */
  allowSends?: boolean;
  /** Offer the CRM write tools (add_contact, update_contact_attributes, assign_operator). @default true */
  allowWrites?: boolean;
  /** Offer list_connections in gateway mode (the gateway passes the key's `connections` scope). @default true */
  allowConnections?: boolean;
  /** Offer get_events and wait_for_reply in gateway mode (the gateway passes the key's `events:read` scope). @default true */
  allowEvents?: boolean;
  /** Current time in milliseconds since the epoch, for the 24-hour window. @default Date.now */
  now?: () => number;
  /** Where unexpected tool failures are reported; never stdout. @default none */
  logger?: McpLogger;
  /** Server name and version announced to clients. @default { name: 'watigate', version: '0.1.0' } */
  serverInfo?: { name: string; version: string };
  /** The operations offered as tools. @default `@watigate/spec`'s registry */
  registry?: Registry;
}

/** What the server offers, for docs and for a gateway deciding scopes. */
export interface WatiToolInfo {
  name: string;
  /** The registry operation, or undefined for the tools that are not one (send_template, check_session_window, …). */
  operationId?: string;
  kind: OperationKind;
  annotations: WatiToolAnnotations;
}

const optionKeys = new Set([
  'client',
  'allowSends',
  'allowWrites',
  'allowConnections',
  'allowEvents',
  'now',
  'logger',
  'serverInfo',
  'registry',
]);

/** Added to the description of every tool that sends a session message (rules §1). */
export const sessionRule =
  'The 24-hour rule: WhatsApp allows free-form messages only within 24 hours of the customer’s last message; outside that window WATI answers "Ticket has been expired" and only an approved template can be sent (send_template). Call check_session_window first.';

const sendRule =
  'Reaches a real person and cannot be undone: confirm recipient and content with the user, and call with dry_run: true first. To make a retry safe (after a timeout, say), pass your own idempotency_key, e.g. a UUID, and the same one again when you retry: one key never sends twice.';

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

/**
 * A send's input as compared between two calls with one idempotency key: a file by its name, type
 * and the SHA-256 of its bytes, so that another file of the same name and size is a different send.
 */
async function fingerprint(input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(input).map(async ([k, v]) => [
      k,
      v instanceof Blob
        ? {
            name: (v as File).name,
            type: v.type,
            sha256: createHash('sha256')
              .update(new Uint8Array(await v.arrayBuffer()))
              .digest('hex'),
          }
        : v,
    ]),
  );
  return Object.fromEntries(entries);
}

function describeTool(operation: Operation): string {
  // The summary names inputs as the registry does (`fileName`); the tool takes them in snake_case.
  const lines = [operation.summary.replace(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g, (word) => snakeCase(word))];
  if (operation.kind === 'send' && operation.resource !== 'templates') lines.push(sessionRule);
  if (operation.kind === 'send') lines.push(sendRule);
  lines.push(`WATI endpoint: ${operation.method} ${operation.path} (${operation.see}).`);
  return lines.join('\n');
}

/** Lists the tools a server with these options offers, without building one, in the order it lists them. */
export function watiTools(
  options: Pick<
    WatiMcpServerOptions,
    'client' | 'allowSends' | 'allowWrites' | 'allowConnections' | 'allowEvents' | 'registry'
  >,
): WatiToolInfo[] {
  const allowed = (kind: OperationKind) =>
    (kind !== 'send' || options.allowSends !== false) && (kind !== 'write' || options.allowWrites !== false);
  const reg = options.registry ?? registry;
  const tools: WatiToolInfo[] = [];
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
  tools.push({ name: 'check_session_window', kind: 'read', annotations: readAnnotations });
  if (options.client.mode === 'gateway' && options.allowConnections !== false) {
    tools.push({ name: 'list_connections', kind: 'read', annotations: readAnnotations });
  }
  if (options.client.mode === 'gateway' && options.allowEvents !== false) {
    for (const name of eventToolNames) tools.push({ name, kind: 'read', annotations: readAnnotations });
  }
  return tools;
}

/** WATI's JSON answer, as an object schema (a tool's output schema must be one). */
function answerSchema(operation: Operation): z.ZodType {
  if (operation.response.type !== 'json') return MediaInfo;
  return operation.response.schema;
}

/** A send tool's structured content: a dry run's preview, or what was sent with WATI's answer. */
function sendOutput(answer: z.ZodType) {
  return z.object({
    dry_run: z.boolean(),
    sent: z.boolean().describe('true: WATI accepted the send'),
    idempotency_key: z.string().describe('Pass it again to retry this send without sending twice'),
    ...SendPreview,
    would_send: SendPreview.would_send.optional(),
    wati: answer.optional().describe('WATI’s answer (when sent)'),
  });
}

/** list_connections' answer: the control plane's own connection schema. */
const connectionsOutput = z.object({ connections: z.array(Connection) });

export function createWatiMcpServer(options: WatiMcpServerOptions): McpServer {
  const unknown = Object.keys(options).filter((k) => !optionKeys.has(k));
  if (unknown.length > 0) {
    throw new WatiValidationError(
      `Unknown createWatiMcpServer option${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`,
      unknown.map((field) => ({ field, limit: 'a known option', message: `unknown option ${field}` })),
      'invalid_options',
    );
  }
  const { client, logger } = options;
  const now = options.now ?? Date.now;
  const server = new McpServer(options.serverInfo ?? { name: 'watigate', version: '0.1.0' });
  const reg = options.registry ?? registry;
  const offered = new Set(watiTools(options).map((t) => t.name));

  /** Sends (or, with dry_run, describes) `operation` with the registry `input`. */
  async function send(
    name: string,
    operation: Operation,
    input: Record<string, unknown>,
    dryRun: boolean,
    givenKey: string | undefined,
  ): Promise<CallToolResult> {
    const idempotency_key = givenKey ?? newIdempotencyKey();
    if (dryRun) {
      try {
        const prepared = prepareInput(operation, input);
        const preview = await describeSend(operation, prepared, { client, now });
        return jsonResult(
          { dry_run: true, sent: false, idempotency_key, ...preview },
          `Dry run, nothing sent. ${preview.summary}`,
        );
      } catch (error) {
        const found = error instanceof DryRunRefusal ? error.found : {};
        return errorResult(name, inToolTerms(error, name, operation), logger, {
          dry_run: true,
          sent: false,
          would_send: false,
          idempotency_key,
          ...found,
        });
      }
    }
    try {
      const prepared = prepareInput(operation, input);
      const request = { operation: operation.id, input: await fingerprint(prepared) };
      const answer = await sendOnce(
        client,
        idempotency_key,
        request,
        (options) => client.callById(operation.id, input, options),
        now,
      );
      const summary = sentSummary(operation, prepared);
      return jsonResult({ dry_run: false, sent: true, idempotency_key, summary, wati: answer }, summary);
    } catch (error) {
      // The key goes back with the error: a retry with it cannot send twice.
      return errorResult(name, inToolTerms(error, name, operation), logger, { idempotency_key });
    }
  }

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
            return await send(name, operation, registryInput, dryRun, idempotencyKey);
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
          return await send(sendTemplateName, operation, input, args.dry_run, args.idempotency_key);
        } catch (error) {
          return errorResult(sendTemplateName, error, logger);
        }
      },
    );
    if (!offered.has(sendTemplateName)) tool.disable();
  }

  server.registerTool(
    'check_session_window',
    {
      title: 'Check session window',
      description:
        'Tell whether the 24-hour customer-service window with a number is open: when the customer last wrote, when the window closes, and whether a session message or only a template can be sent now.',
      inputSchema: z.strictObject({ whatsapp_number: phoneArgument() }),
      outputSchema: CheckedSessionWindow,
      annotations: readAnnotations,
    },
    async ({ whatsapp_number }) => {
      try {
        return jsonResult({ ...(await checkSessionWindow(client, whatsapp_number, now)) });
      } catch (error) {
        return errorResult('check_session_window', error, logger);
      }
    },
  );

  if (client.mode === 'gateway' && options.allowConnections !== false) {
    const gateway = client as WatiGatewayClient;
    server.registerTool(
      'list_connections',
      {
        title: 'List connections',
        description:
          'List the WATI accounts connected to this Watigate account (connection_id, status). Pass a connection_id to the gateway as the Maton-Connection header to pick one.',
        inputSchema: z.strictObject({
          status: z
            .enum(['PENDING', 'ACTIVE', 'FAILED'])
            .optional()
            .describe('Only connections in this status'),
        }),
        outputSchema: connectionsOutput,
        annotations: readAnnotations,
      },
      async ({ status }) => {
        try {
          const connections = await gateway.connections.list({ app: 'wati', ...(status ? { status } : {}) });
          return jsonResult({ connections });
        } catch (error) {
          return errorResult('list_connections', error, logger);
        }
      },
    );
  }
  if (client.mode === 'gateway' && options.allowEvents !== false) {
    registerEventTools(server, client as WatiGatewayClient, logger);
  }
  return server;
}
