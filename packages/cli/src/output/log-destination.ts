/**
 * Where `watigate serve` writes the gateway's log lines (always stderr): pino's JSON lines, or on
 * a terminal the same lines through pino's own pretty printer (pino-pretty), one readable line
 * each. The lines are redacted by the gateway's logger before they reach either form.
 */
import type { OutStream } from '../cli-io.js';
import { CliError, exitCodes } from '../exit-codes.js';

export const logFormats = ['json', 'pretty'] as const;
export type LogFormat = (typeof logFormats)[number];

/**
 * The format asked for (`--log-format`, else WATIGATE_LOG_FORMAT), or by default pretty when
 * stderr is a terminal and JSON when it is a file or a pipe (a log collector reads JSON).
 */
export function logFormatFor(options: {
  flag: string | undefined;
  env: string | undefined;
  stderrIsTTY: boolean;
}): LogFormat {
  const asked = options.flag ?? (options.env === '' ? undefined : options.env);
  if (asked === undefined) return options.stderrIsTTY ? 'pretty' : 'json';
  if ((logFormats as readonly string[]).includes(asked)) return asked as LogFormat;
  const source = options.flag !== undefined ? '--log-format' : 'WATIGATE_LOG_FORMAT';
  throw new CliError(`${source} must be json or pretty, not ${JSON.stringify(asked)}.`, exitCodes.usage);
}

/** A log destination for the gateway: `stderr` itself for JSON, a pretty printer in front of it otherwise. */
export async function createLogDestination(
  stderr: OutStream,
  format: LogFormat,
  colour: boolean,
): Promise<{ write(line: string): unknown }> {
  if (format === 'json') return stderr;
  // Loaded here, not at the top: only `serve` on a terminal needs it.
  const { prettyFactory } = await import('pino-pretty');
  const pretty = prettyFactory({
    colorize: colour,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
  });
  return { write: (line: string) => stderr.write(pretty(line)) };
}
