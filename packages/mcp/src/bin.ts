#!/usr/bin/env node
/**
 * `watigate-mcp`: the MCP server over stdio, configured from the environment (load-config.ts).
 * The one file that reads process.env and exits.
 */
import { createWatiClient } from '@watigate/client';
import { loadConfig, McpConfigError } from './load-config.js';
import { serveStdio } from './serve-stdio.js';

try {
  const config = loadConfig(process.env);
  const client =
    config.mode === 'gateway' ? createWatiClient(config.client) : createWatiClient(config.client);
  const handle = await serveStdio({
    client,
    ...(config.apiVersion ? { apiVersion: config.apiVersion } : {}),
  });
  const stop = () => void handle.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // The SDK's stdio transport does not watch for end of input; a host that closes our stdin is gone.
  process.stdin.on('end', stop);
  await handle.closed;
} catch (error) {
  process.stderr.write(`watigate-mcp: ${error instanceof McpConfigError ? error.message : String(error)}\n`);
  process.exit(2);
}
