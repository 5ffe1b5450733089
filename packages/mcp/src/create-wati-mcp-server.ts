/**
 * `createWatiMcpServer`: an MCP server for one WATI API version (`apiVersion`, v3 by default).
 * On v3, one tool per `registryV3` operation (register-v3-tools.ts); on v1, one per operation of
 * the seed's v1/v2 registry (register-v1-tools.ts). Where both do a job the tool has one name.
 * Template sends are one tool (`send_template`); then `check_session_window` and, in gateway
 * mode, `list_connections`, `get_events` and `wait_for_reply`. Inputs are snake_case; sends take
 * `dry_run` and `idempotency_key`; every tool declares its annotations and an output schema its
 * structured content follows; failures come back as tool results with `isError: true`.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type WatiClient, type WatiGatewayClient, WatiValidationError } from '@watigate/client';
import { Connection, type OperationKind, type Registry, registry } from '@watigate/spec';
import { z } from 'zod';
import { type ApiVersion, defaultApiVersion, parseApiVersion } from './api-version.js';
import { CheckedSessionWindow, checkSessionWindow } from './check-session-window.js';
import { CheckedSessionWindowV3, checkSessionWindowV3 } from './check-session-window-v3.js';
import { eventToolNames, registerEventTools } from './register-event-tools.js';
import { registerV1Tools, v1RegistryTools } from './register-v1-tools.js';
import { registerV3Tools, v3ListedTools } from './register-v3-tools.js';
import { readAnnotations, type WatiToolAnnotations } from './tool-annotations.js';
import { phoneArgument } from './tool-input.js';
import { errorResult, jsonResult, type McpLogger } from './tool-result.js';
import { type V3Call, v3CallOf } from './v3-call.js';

export { sessionRule } from './send-rules.js';

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
  /** The v1/v2 operations offered as tools when `apiVersion` is v1. @default `@watigate/spec`'s registry */
  registry?: Registry;
  /**
   * The WATI API the tools speak: `v3` (`/api/ext/v3`, what WATI recommends) or `v1` (the seed's
   * v1/v2 endpoints, what a Maton-compatible gateway forwards). Shared tools keep their names;
   * their inputs and answers are that API's. Anything else throws. @default 'v3'
   */
  apiVersion?: ApiVersion;
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
  'apiVersion',
]);

/** Lists the tools a server with these options offers, without building one, in the order it lists them. */
export function watiTools(
  options: Pick<
    WatiMcpServerOptions,
    'client' | 'allowSends' | 'allowWrites' | 'allowConnections' | 'allowEvents' | 'registry' | 'apiVersion'
  >,
): WatiToolInfo[] {
  const allowed = (kind: OperationKind) =>
    (kind !== 'send' || options.allowSends !== false) && (kind !== 'write' || options.allowWrites !== false);
  const version = versionOf(options);
  const tools: WatiToolInfo[] =
    version === 'v1' ? v1RegistryTools(options.registry ?? registry, allowed) : v3ListedTools(allowed);
  tools.push({ name: 'check_session_window', kind: 'read', annotations: readAnnotations });
  if (options.client.mode === 'gateway' && options.allowConnections !== false) {
    tools.push({ name: 'list_connections', kind: 'read', annotations: readAnnotations });
  }
  if (options.client.mode === 'gateway' && options.allowEvents !== false) {
    for (const name of eventToolNames) tools.push({ name, kind: 'read', annotations: readAnnotations });
  }
  return tools;
}

/** The API version of these options: the default when absent, a WatiValidationError when not one. */
function versionOf(options: { apiVersion?: unknown }): ApiVersion {
  return options.apiVersion === undefined
    ? defaultApiVersion
    : parseApiVersion(options.apiVersion, 'apiVersion');
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
  const version = versionOf(options);
  const offered = new Set(watiTools(options).map((t) => t.name));
  const context = { client, now, logger };
  if (version === 'v1') {
    registerV1Tools(server, options.registry ?? registry, offered, context);
    registerCheckSessionWindowV1(server, context);
  } else {
    const call = v3CallOf(client);
    registerV3Tools(server, offered, { ...context, call });
    registerCheckSessionWindowV3(server, { ...context, call });
  }

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

const checkWindowDescription =
  'Tell whether the 24-hour customer-service window with a number is open: when the customer last wrote, when the window closes, and whether a session message or only a template can be sent now.';

function registerCheckSessionWindowV1(
  server: McpServer,
  { client, now, logger }: { client: WatiClient; now: () => number; logger: McpLogger | undefined },
): void {
  server.registerTool(
    'check_session_window',
    {
      title: 'Check session window',
      description: checkWindowDescription,
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
}

function registerCheckSessionWindowV3(
  server: McpServer,
  { call, now, logger }: { call: V3Call; now: () => number; logger: McpLogger | undefined },
): void {
  server.registerTool(
    'check_session_window',
    {
      title: 'Check session window',
      description: `${checkWindowDescription} The target is a phone number with country code, a conversation id, or channel:phone.`,
      inputSchema: z.strictObject({
        target: phoneArgument(
          'The conversation: a phone number with country code (14155551234), a conversation id, or channel:phone (MyChannel:14155551234)',
        ),
      }),
      outputSchema: CheckedSessionWindowV3,
      annotations: readAnnotations,
    },
    async ({ target }) => {
      try {
        return jsonResult({ ...(await checkSessionWindowV3(call, target, now)) });
      } catch (error) {
        return errorResult('check_session_window', error, logger);
      }
    },
  );
}
