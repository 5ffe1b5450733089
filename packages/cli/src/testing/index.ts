/**
 * `watigate/testing`: `watigate serve` in a child process, for the tests and benchmarks of every
 * package that need the gateway as operators run it. Node only.
 */
export type { ServeInfo, ServeProcess, ServeProcessOptions } from './serve-process.js';
export { parseServeOutput, startServeProcess, watigateBin } from './serve-process.js';
