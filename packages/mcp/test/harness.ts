/**
 * Test harness: a real `@watigate/sandbox` on an ephemeral port (the upstream; never a fake of
 * WATI), its control API, and MCP clients from the official SDK connected to our server over
 * stdio (the built bin, direct mode) or over Streamable HTTP (createMcpHttpHandler on node:http).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createWatiClient } from '@watigate/client';
import { startTestSandbox, type TestSandbox } from '@watigate/sandbox/testing';
import { type ApiVersion, createMcpHttpHandler, type McpRequestAccess } from '../src/index.js';

export const tenantId = '1000001';
export const token = 'sandbox-token-7f3a9c51';
export const customer = '14155551234';
export const day = 24 * 3600_000;

/** Parsed JSON from the sandbox or a tool, read freely by assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON answers.
export type Json = any;

export interface SandboxHarness extends Omit<TestSandbox, 'inbound'> {
  /** Milliseconds the sandbox's base clock runs behind real time (stdio window test). */
  lag: { ms: number };
  /** Plays the customer: an inbound message that opens the 24-hour window. */
  inbound(whatsappNumber?: string, text?: string): Promise<void>;
}

export async function startSandbox(): Promise<SandboxHarness> {
  const lag = { ms: 0 };
  const t = await startTestSandbox({ tenantId, token, clock: { now: () => Date.now() - lag.ms } });
  return {
    ...t,
    lag,
    inbound: (whatsappNumber = customer, text = 'Hello') => t.inbound(whatsappNumber, text),
  };
}

export interface McpConnection {
  client: Client;
  /** What the server wrote to stderr (stdio only). */
  stderr(): string;
  close(): Promise<void>;
}

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/**
 * The built `watigate-mcp` bin in direct mode against the sandbox (run `tsc -b packages/mcp`
 * first), speaking `apiVersion` (WATIGATE_API_VERSION; unset: the bin's default).
 */
export async function connectStdio(h: SandboxHarness, apiVersion?: ApiVersion): Promise<McpConnection> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin],
    env: {
      WATIGATE_WATI_URL: h.apiEndpoint,
      WATIGATE_WATI_TOKEN: token,
      ...(apiVersion ? { WATIGATE_API_VERSION: apiVersion } : {}),
    },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

export interface HttpMcp {
  url: string;
  server: Server;
  connect(path?: string): Promise<McpConnection>;
  close(): Promise<void>;
}

/**
 * A node:http server mounting createMcpHttpHandler with a direct-mode client, as the gateway will
 * at `/mcp`. `/mcp-read` stands for a key without the `wati:send` scope. The MCP server's clock is
 * the sandbox's, so a clock advance closes the window for both. Its tools speak `apiVersion`.
 */
export async function startHttpMcp(h: SandboxHarness, apiVersion?: ApiVersion): Promise<HttpMcp> {
  const wati = createWatiClient({ baseUrl: h.apiEndpoint, token });
  const handler = createMcpHttpHandler({
    clientFor: (req: IncomingMessage): McpRequestAccess => ({
      client: wati,
      allowSends: req.url !== '/mcp-read',
      ...(apiVersion ? { apiVersion } : {}),
    }),
    now: () => h.sandbox.clock.now(),
  });
  const server = createServer((req, res) => {
    if (req.url !== '/mcp' && req.url !== '/mcp-read') {
      res.writeHead(404).end();
      return;
    }
    handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    async connect(path = '/mcp') {
      const client = new Client({ name: 'mcp-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${url}${path}`)));
      return { client, stderr: () => '', close: () => client.close() };
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
