/**
 * `watigate mcp`: the MCP server over stdio, for agents that launch their tools as processes.
 * It uses the same settings as every other command (flags, env, profile; or direct mode), and
 * keeps stdout for the protocol: everything else goes to stderr.
 */
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { ownBin } from '../self-command.js';
import { untilSignal } from './until-signal.js';

export function registerMcp(program: Command, ctx: CommandContext): void {
  program
    .command('mcp')
    .description('serve the WATI tools over MCP on stdio (stdout is the protocol; logs go to stderr)')
    .option('--read-only', 'list and run only the read tools')
    .addHelpText(
      'after',
      `
Configure your agent to launch it, with the gateway URL and a key in its environment (an
absolute path, so that it works whatever folder the agent starts in):
  { "command": "node", "args": [${JSON.stringify(ownBin)}, "mcp"], "env": { "WATIGATE_URL": "…", "WATIGATE_API_KEY": "wg_…" } }

The tools speak WATI's v3 API (/api/ext/v3, what WATI recommends) unless the CLI's API version
says v1 (watigate --api-version v1 mcp, WATIGATE_API_VERSION=v1 or the profile's), for a gateway
that forwards only the seed's v1/v2 endpoints.

Example:
  $ WATIGATE_URL=http://127.0.0.1:8080 WATIGATE_API_KEY=wg_… watigate mcp`,
    )
    .action(async (opts: { readOnly?: boolean }, command: Command) => {
      // The CLI's one setting (--api-version, WATIGATE_API_VERSION, the profile; v3 by default).
      const { version: apiVersion } = await ctx.apiVersion(command);
      // Loaded here, not at the top: the MCP SDK would slow every other command.
      const { serveStdio } = await import('@watigate/mcp');
      const client = await ctx.client(command);
      const handle = await serveStdio({
        apiVersion,
        client,
        // The bin passes process.stdin/stdout; tests pass PassThrough streams. Both are Node streams.
        stdin: ctx.io.stdin as Readable,
        stdout: ctx.io.stdout as Writable,
        ...(opts.readOnly ? { allowSends: false, allowWrites: false } : {}),
      });
      ctx.log(
        `watigate mcp: serving ${client.mode === 'gateway' ? 'through the gateway' : 'straight to WATI'} on stdio`,
      );
      try {
        await Promise.race([handle.closed, (ctx.io.untilInterrupted ?? untilSignal)()]);
      } finally {
        await handle.close();
      }
    });
}
