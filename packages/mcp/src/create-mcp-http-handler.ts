/**
 * `createMcpHttpHandler`: the MCP server over stateless Streamable HTTP, for the gateway's `/mcp`.
 * Each POST gets a new server built for that request's caller (its client and what its key may
 * do) and a transport without sessions; GET and DELETE answer 405, as in the SDK's stateless
 * example (no server-initiated stream, no session to end). The gateway authenticates first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createWatiMcpServer, type WatiMcpServerOptions } from './create-wati-mcp-server.js';

/**
 * What one request may use: the client bound to the caller's key and connection, its scopes, and
 * the WATI API version its tools speak (e.g. from the request's URL).
 */
export type McpRequestAccess = Pick<
  WatiMcpServerOptions,
  'client' | 'allowSends' | 'allowWrites' | 'allowConnections' | 'allowEvents' | 'apiVersion'
>;

/**
 * @typeParam Context what the caller already knows of the request and hands to each call, e.g.
 *   the authenticated key's scopes; `undefined` when `clientFor` reads the request alone.
 */
export interface McpHttpHandlerOptions<Context = undefined>
  extends Omit<WatiMcpServerOptions, keyof McpRequestAccess> {
  /**
   * The client and permissions for this request, e.g. from the authenticated Watigate key that
   * the caller passes as `context`: `allowSends: hasScope(context.scopes, 'wati:send')`. Tools not
   * allowed are not listed and refuse to run. Whatever it throws rejects the handler's promise
   * before anything is written, so the gateway's error handler can answer.
   */
  clientFor(req: IncomingMessage, context: Context): McpRequestAccess | Promise<McpRequestAccess>;
  /**
   * Largest request body read, in bytes, when no parsedBody is given. Files travel as base64, so
   * the default fits WhatsApp's 16 MiB video and audio limit; larger documents need stdio or the CLI.
   * @default 25165824 (24 MiB; the SDK's own default is 4 MiB)
   */
  maxRequestBodyBytes?: number;
}

/**
 * A Node request handler; `parsedBody` is the JSON body when a framework has already read it,
 * `context` what the caller hands to `clientFor`.
 */
export type McpHttpHandler<Context = undefined> = (
  req: IncomingMessage,
  res: ServerResponse,
  parsedBody?: unknown,
  context?: Context,
) => Promise<void>;

/** The default cap on an MCP request body over HTTP: 24 MiB (files travel as base64). */
export const defaultMaxRequestBodyBytes = 24 * 1024 * 1024;

const methodNotAllowed = JSON.stringify({
  jsonrpc: '2.0',
  error: {
    code: -32000,
    message: 'Method not allowed: this MCP endpoint is stateless; send JSON-RPC with POST.',
  },
  id: null,
});

export function createMcpHttpHandler<Context = undefined>(
  options: McpHttpHandlerOptions<Context>,
): McpHttpHandler<Context> {
  const { clientFor, maxRequestBodyBytes = defaultMaxRequestBodyBytes, ...serverOptions } = options;
  return async (req, res, parsedBody, context) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { 'content-type': 'application/json', allow: 'POST' }).end(methodNotAllowed);
      return;
    }
    const access = await clientFor(req, context as Context);
    const server = createWatiMcpServer({ ...serverOptions, ...access });
    // No sessionIdGenerator (the SDK's `sessionIdGenerator: undefined`): stateless, no Mcp-Session-Id.
    // JSON answers, not SSE: the tools send no notifications, and JSON is simpler to proxy.
    const transport = new StreamableHTTPServerTransport({
      enableJsonResponse: true,
      maxRequestBodySize: maxRequestBodyBytes,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, parsedBody);
  };
}
