/**
 * Ctrl-C during a wait the CLI handles itself (`connections create --wait`, `broadcast`): the
 * command says how to pick up where it stopped, then ends with 130, the code a shell gives a
 * program stopped by SIGINT (128 + 2), so scripts see the same code as without the handler.
 */
export const interruptedExitCode = 130;
