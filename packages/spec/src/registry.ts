/**
 * The registry: every WATI endpoint Watigate supports, in one ordered list. The sandbox's routes,
 * the client's methods, the gateway's allowlist, the CLI's commands, the MCP tools and
 * docs/endpoints.md are all derived from it.
 */
import type { Operation } from './define-operation.js';
import { addContact, getContacts, updateContactAttributes } from './operations/contacts.js';
import { sendInteractiveButtonsMessage, sendInteractiveListMessage } from './operations/interactive.js';
import { getMedia } from './operations/media.js';
import { getMessages, sendSessionFile, sendSessionMessage } from './operations/messages.js';
import { assignOperator } from './operations/operators.js';
import {
  getMessageTemplates,
  sendTemplateMessage,
  sendTemplateMessageCSV,
  sendTemplateMessages,
  sendTemplateMessagesV2,
  sendTemplateMessageV2,
} from './operations/templates.js';
import { createPathMatcher } from './path-matcher.js';

export const operations = {
  getContacts,
  addContact,
  updateContactAttributes,
  getMessages,
  sendSessionMessage,
  sendSessionFile,
  getMessageTemplates,
  sendTemplateMessage,
  sendTemplateMessageV2,
  sendTemplateMessages,
  sendTemplateMessagesV2,
  sendTemplateMessageCSV,
  sendInteractiveButtonsMessage,
  sendInteractiveListMessage,
  assignOperator,
  getMedia,
} as const;

export type Operations = typeof operations;
export type OperationId = keyof Operations;

export interface OperationMatch {
  operation: Operation;
  /** Decoded path parameters. */
  pathParams: Record<string, string>;
}

/**
 * A list of operations and the lookups every adapter needs. `registry` below is WATI's; a test can
 * build one with an extra operation to show that each adapter picks it up with no code of its own.
 */
export interface Registry {
  /** In documentation order. */
  readonly list: readonly Operation[];
  get(id: string): Operation | undefined;
  /**
   * The entry for a request path below the tenant's API endpoint URL
   * (`/api/v1/getMessages/14155551234`), with its decoded path parameters. Matching is exact and
   * case-sensitive; a path parameter is one segment. Undefined for an unsupported path or method.
   */
  match(method: string, path: string): OperationMatch | undefined;
  /** True when some entry has this path under another method (for 405 answers). */
  pathIsKnown(path: string): boolean;
}

export function createRegistry(list: readonly Operation[]): Registry {
  const byId = new Map(list.map((operation) => [operation.id, operation]));
  const matcher = createPathMatcher(list);
  return {
    list,
    get: (id) => byId.get(id),
    match: matcher.match,
    pathIsKnown: matcher.pathIsKnown,
  };
}

/** The registry as a list, in documentation order. */
export const operationList: readonly Operation[] = Object.values(operations);

/** WATI's registry: every endpoint Watigate supports. */
export const registry: Registry = createRegistry(operationList);

export function getOperation(id: string): Operation | undefined {
  return registry.get(id);
}

/** `registry.match`: the entry for a request path and method, with its path parameters. */
export function matchOperation(method: string, path: string): OperationMatch | undefined {
  return registry.match(method, path);
}

/** `registry.pathIsKnown`: some entry has this path under another method. */
export function pathIsKnown(path: string): boolean {
  return registry.pathIsKnown(path);
}
