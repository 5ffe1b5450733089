/**
 * MCP tool annotations, set explicitly on every tool: hosts auto-approve read-only tools and ask
 * before destructive ones, and an absent hint means "destructive, open-world" by the spec's
 * defaults (shared/reference/agents-and-cli.md §2.4).
 */
import type { OperationKind } from '@watigate/spec';

export interface WatiToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** Reads change nothing; repeating them has no effect. */
export const readAnnotations: WatiToolAnnotations = Object.freeze({
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
});

/** Sends reach a real person, may cost money and cannot be taken back; each call sends again. */
export const sendAnnotations: WatiToolAnnotations = Object.freeze({
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
});

/** The annotations of the tool for a registry operation: its kind, and whether a write is idempotent (the registry says). */
export function annotationsFor(operation: { kind: OperationKind; idempotent: boolean }): WatiToolAnnotations {
  switch (operation.kind) {
    case 'read':
      return readAnnotations;
    case 'send':
      return sendAnnotations;
    case 'write':
      return Object.freeze({
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: operation.idempotent,
        openWorldHint: true,
      });
  }
}
