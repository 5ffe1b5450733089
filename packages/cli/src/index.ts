export type { BroadcastHooks, CliIo, OutStream } from './cli-io.js';
export type { ExitCode } from './exit-codes.js';
export { CliError, exitCodeDescriptions, exitCodeFor, exitCodes } from './exit-codes.js';
export { run } from './run.js';
