/**
 * `createWatiMcpServer`: an MCP server with one tool per registry operation, plus
 * `check_session_window` and, in gateway mode, `list_connections`, `get_events` and `wait_for_reply`. Tools call WATI through the
 * given client (gateway or direct mode); sends take `dry_run`; every tool's annotations are set
 * explicitly; failures come back as tool results with `isError: true`.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  type MediaFile,
  prepareInput,
  type WatiClient,
  type WatiGatewayClient,
  WatiValidationError,
} from '@watigate/client';
import { type Operation, type OperationKind, type Registry, registry } from '@watigate/spec';
import { z } from 'zod';
import { checkSessionWindow } from './check-session-window.js';
import { describeSend } from './describe-send.js';
import { mediaResult } from './media-result.js';
import { eventToolNames, registerEventTools } from './register-event-tools.js';
import { annotationsFor, readAnnotations, type WatiToolAnnotations } from './tool-annotations.js';
import { callArguments, toolInputSchema } from './tool-input.js';
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
  /** The registry operation, or undefined for the tools that are not one (check_session_window, …). */
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
  'The 24-hour rule: WhatsApp allows free-form messages only within 24 hours of the customer’s last message; outside that window WATI answers "Ticket has been expired" and only an approved template can be sent (send_template_message_v2). Call check_session_window first.';

const sendRule =
  'Reaches a real person and cannot be undone: confirm recipient and content with the user, and call with dry_run: true first.';

/** WATI's JSON answer as the tool's structured content, which must be an object. */
function answerRecord(answer: unknown): Record<string, unknown> {
  return typeof answer === 'object' && answer !== null && !Array.isArray(answer)
    ? (answer as Record<string, unknown>)
    : { answer };
}

function describeTool(operation: Operation): string {
  const lines = [operation.summary];
  if (operation.kind === 'send' && operation.resource !== 'templates') lines.push(sessionRule);
  if (operation.kind === 'send') lines.push(sendRule);
  lines.push(`WATI endpoint: ${operation.method} ${operation.path} (${operation.see}).`);
  return lines.join('\n');
}

/** Lists the tools a server with these options offers, without building one. */
export function watiTools(
  options: Pick<
    WatiMcpServerOptions,
    'client' | 'allowSends' | 'allowWrites' | 'allowConnections' | 'allowEvents' | 'registry'
  >,
): WatiToolInfo[] {
  const allowed = (kind: OperationKind) =>
    (kind !== 'send' || options.allowSends !== false) && (kind !== 'write' || options.allowWrites !== false);
  const tools: WatiToolInfo[] = (options.registry ?? registry).list
    .filter((o) => allowed(o.kind))
    .map((o) => ({ name: o.tool, operationId: o.id, kind: o.kind, annotations: annotationsFor(o) }));
  tools.push({ name: 'check_session_window', kind: 'read', annotations: readAnnotations });
  if (options.client.mode === 'gateway' && options.allowConnections !== false) {
    tools.push({ name: 'list_connections', kind: 'read', annotations: readAnnotations });
  }
  if (options.client.mode === 'gateway' && options.allowEvents !== false) {
    for (const name of eventToolNames) tools.push({ name, kind: 'read', annotations: readAnnotations });
  }
  return tools;
}

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
  const operations = (options.registry ?? registry).list;
  const offered = new Set(watiTools(options).map((t) => t.operationId));

  for (const operation of operations) {
    const name = operation.tool;
    const tool = server.registerTool(
      name,
      {
        title: toolTitle(name),
        description: describeTool(operation),
        inputSchema: toolInputSchema(operation),
        annotations: annotationsFor(operation),
      },
      async (args: Record<string, unknown>) => {
        try {
          const { input, dryRun, violations } = callArguments(operation, args);
          if (violations.length > 0) {
            throw new WatiValidationError(
              `${operation.id} was not sent: ${violations.map((v) => v.message).join('; ')}`,
              violations,
            );
          }
          if (dryRun) {
            const prepared = prepareInput(operation, input);
            return jsonResult({ ...(await describeSend(operation, prepared, { client, now })) });
          }
          const answer = await client.callById(operation.id, input);
          if (operation.response.type === 'binary')
            return await mediaResult(String(input.fileName), answer as MediaFile);
          return jsonResult(answerRecord(answer));
        } catch (error) {
          return errorResult(name, error, logger);
        }
      },
    );
    // Hidden from tools/list, and a call answers an error: the caller's key lacks the scope.
    if (!offered.has(operation.id)) tool.disable();
  }

  server.registerTool(
    'check_session_window',
    {
      title: 'Check session window',
      description:
        'Tell whether the 24-hour customer-service window with a number is open: when the customer last wrote, when the window closes, and whether a session message or only a template can be sent now.',
      inputSchema: z.strictObject({
        whatsappNumber: z.string().min(1).describe('WhatsApp number with country code, e.g. 14155551234'),
      }),
      annotations: readAnnotations,
    },
    async ({ whatsappNumber }) => {
      try {
        return jsonResult({ ...(await checkSessionWindow(client, whatsappNumber, now)) });
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
