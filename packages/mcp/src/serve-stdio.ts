/**
 * `serveStdio`: the MCP server over stdio, for `watigate mcp` and the `watigate-mcp` bin. It reads
 * no environment: the client comes in with the options. stdout carries only the protocol; logs go
 * to stderr (or the given logger).
 */
import type { Readable, Writable } from 'node:stream';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createWatiMcpServer, type WatiMcpServerOptions } from './create-wati-mcp-server.js';
import type { McpLogger } from './tool-result.js';

export interface ServeStdioOptions extends WatiMcpServerOptions {
  /** @default process.stdin */
  stdin?: Readable;
  /** @default process.stdout */
  stdout?: Writable;
}

export interface StdioServerHandle {
  server: McpServer;
  /** Resolves when the client disconnects or close() is called. */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** Logs to stderr, one line per problem; never stdout, which is the protocol channel. */
export const stderrLogger: McpLogger = {
  error(message, error) {
    const detail =
      error instanceof Error
        ? `: ${error.stack ?? error.message}`
        : error === undefined
          ? ''
          : `: ${String(error)}`;
    process.stderr.write(`watigate-mcp: ${message}${detail}\n`);
  },
};

export async function serveStdio(options: ServeStdioOptions): Promise<StdioServerHandle> {
  const { stdin, stdout, ...serverOptions } = options;
  const server = createWatiMcpServer({ logger: stderrLogger, ...serverOptions });
  const transport = new StdioServerTransport(stdin, stdout);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
  await server.connect(transport);
  return { server, closed, close: () => server.close() };
}
