/**
 * What every command action gets: the injected io, the global flags, the resolved settings and
 * a client built from them, and the two ways to print a result (a table, or JSON with `--json`).
 */
import { resolve } from 'node:path';
import { createWatiClient, type WatiClient, type WatiGatewayClient } from '@watigate/client';
import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { type ApiVersionSetting, resolveApiVersion } from './config/api-version.js';
import { readConfig } from './config/config-file.js';
import { configPath } from './config/config-path.js';
import { profileName, resolveSettings, type SettingFlags, type Settings } from './config/resolve-settings.js';
import { CliError, exitCodes } from './exit-codes.js';
import { colorEnabled, createStyle, type Style } from './output/colors.js';
import { selectFields } from './output/select-fields.js';

export interface GlobalFlags extends SettingFlags {
  json?: boolean | undefined;
  /** `--json fullName,wAid` (run.ts turns it into this hidden flag). */
  jsonFields?: string | undefined;
  /** `--api-version v1|v3`: which WATI API the shared commands call. */
  apiVersion?: string | undefined;
}

export interface PrintOptions {
  /** The list inside the answer that `--json fields` selects from (`contact_list`). @default the answer, when it is an array */
  rows?: (data: unknown) => readonly unknown[] | undefined;
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
  /** The WATI API version the command runs under (config/api-version.ts); needs no gateway settings. */
  apiVersion(command: Command): Promise<ApiVersionSetting>;
  client(command: Command, tuning?: ClientTuning): Promise<WatiClient>;
  gatewayClient(command: Command): Promise<WatiGatewayClient>;
  /**
   * Prints `data` as JSON with `--json` (only the named fields with `--json a,b`), else the human
   * rendering `human(style)`, coloured when stdout is a terminal.
   */
  print(command: Command, data: unknown, human: (style: Style) => string, options?: PrintOptions): void;
  /** A line on stderr (progress, hints); never on stdout. */
  log(line: string): void;
  /** Colours for stdout and for stderr, each on only when that stream is a terminal (and NO_COLOR is unset). */
  style: { out: Style; err: Style };
  resolvePath(path: string): string;
}

export function createCommandContext(io: CliIo): CommandContext {
  const globals = (command: Command) => command.optsWithGlobals() as GlobalFlags;
  const path = () => configPath(io.env);
  const sleep = io.sleep;
  const style = {
    out: createStyle(colorEnabled(io.env, io.isTTY.stdout)),
    err: createStyle(colorEnabled(io.env, io.isTTY.stderr)),
  };
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
    async apiVersion(command) {
      const flags = globals(command);
      const config = await readConfig(path());
      return resolveApiVersion(flags.apiVersion, io.env, config, profileName(flags, io.env, config));
    },
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
    print(command, data, human, options = {}) {
      const flags = globals(command);
      if (!flags.json) {
        io.stdout.write(human(style.out));
        return;
      }
      const fields = flags.jsonFields?.split(',');
      const out = fields ? selectFields(data, fields, options.rows?.(data)) : data;
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    },
    style,
    log(line) {
      io.stderr.write(`${line}\n`);
    },
    resolvePath(p) {
      return resolve(io.cwd, p);
    },
  };
  return context;
}
