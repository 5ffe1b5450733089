/**
 * What every command action gets: the injected io, the global flags, the resolved settings and
 * a client built from them, and the two ways to print a result (a table, or JSON with `--json`).
 */
import { resolve } from 'node:path';
import { createWatiClient, type WatiClient, type WatiGatewayClient } from '@watigate/client';
import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { readConfig } from './config/config-file.js';
import { configPath } from './config/config-path.js';
import { resolveSettings, type SettingFlags, type Settings } from './config/resolve-settings.js';
import { CliError, exitCodes } from './exit-codes.js';

export interface GlobalFlags extends SettingFlags {
  json?: boolean | undefined;
}

export interface ClientTuning {
  /** Retries after the first attempt for 429, 5xx and network errors. */
  maxRetries?: number;
}

export interface CommandContext {
  io: CliIo;
  /** Set by an action that ends with a code other than 0 without throwing (broadcast's partial failure). */
  exitCode: number | undefined;
  /** The settings last resolved, so that an error can name the URL and the setting to fix. */
  resolved: Settings | undefined;
  globals(command: Command): GlobalFlags;
  configPath(): string;
  settings(command: Command): Promise<Settings>;
  client(command: Command, tuning?: ClientTuning): Promise<WatiClient>;
  gatewayClient(command: Command): Promise<WatiGatewayClient>;
  /** Prints `data` as JSON with `--json`, else the human rendering `human()`. */
  print(command: Command, data: unknown, human: () => string): void;
  /** A line on stderr (progress, hints); never on stdout. */
  log(line: string): void;
  resolvePath(path: string): string;
}

export function createCommandContext(io: CliIo): CommandContext {
  const globals = (command: Command) => command.optsWithGlobals() as GlobalFlags;
  const path = () => configPath(io.env);
  const sleep = io.sleep;
  const settings = async (command: Command) => {
    const s = resolveSettings(globals(command), io.env, await readConfig(path()));
    context.resolved = s;
    return s;
  };
  const build = (s: Settings, tuning: ClientTuning = {}) => {
    const common = {
      baseUrl: s.url,
      ...(io.fetch ? { fetch: io.fetch } : {}),
      ...(io.now ? { now: io.now } : {}),
      ...(sleep ? { sleep: (ms: number) => sleep(ms) } : {}),
      ...(io.registry ? { registry: io.registry } : {}),
      ...(tuning.maxRetries !== undefined
        ? { retry: { maxRetries: tuning.maxRetries, baseDelayMs: 500, maxDelayMs: 8000 } }
        : {}),
    };
    return s.mode === 'direct'
      ? createWatiClient({ ...common, token: s.token })
      : createWatiClient({
          ...common,
          apiKey: s.apiKey,
          ...(s.connection ? { connection: s.connection } : {}),
        });
  };
  const context: CommandContext = {
    io,
    exitCode: undefined,
    resolved: undefined,
    globals,
    configPath: path,
    settings,
    async client(command, tuning) {
      return build(await settings(command), tuning);
    },
    async gatewayClient(command) {
      const s = await settings(command);
      if (s.mode !== 'gateway') {
        throw new CliError(
          `\`${command.name()}\` manages a Watigate gateway and is not available in direct mode. Unset WATIGATE_WATI_URL and WATIGATE_WATI_TOKEN.`,
          exitCodes.usage,
        );
      }
      return build(s) as WatiGatewayClient;
    },
    print(command, data, human) {
      io.stdout.write(globals(command).json ? `${JSON.stringify(data, null, 2)}\n` : human());
    },
    log(line) {
      io.stderr.write(`${line}\n`);
    },
    resolvePath(p) {
      return resolve(io.cwd, p);
    },
  };
  return context;
}
