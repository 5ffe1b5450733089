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

/** The registry as a list, in documentation order. */
export const operationList: readonly Operation[] = Object.values(operations);

export function getOperation(id: string): Operation | undefined {
  return Object.hasOwn(operations, id) ? operations[id as OperationId] : undefined;
}

export interface OperationMatch {
  operation: Operation;
  /** Decoded path parameters. */
  pathParams: Record<string, string>;
}

const compiled = operationList.map((operation) => {
  const names: string[] = [];
  const pattern = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { operation, names, regex: new RegExp(`^${pattern}$`) };
});

/**
 * Finds the registry entry for a request path below the tenant's API endpoint URL
 * (`/api/v1/getMessages/14155551234`). Matching is exact and case-sensitive; a path parameter is
 * one segment. Returns undefined for an unsupported path or method.
 */
export function matchOperation(method: string, path: string): OperationMatch | undefined {
  const upper = method.toUpperCase();
  for (const { operation, names, regex } of compiled) {
    if (operation.method !== upper) continue;
    const m = regex.exec(path);
    if (!m) continue;
    const pathParams: Record<string, string> = {};
    let ok = true;
    names.forEach((name, i) => {
      try {
        pathParams[name] = decodeURIComponent(m[i + 1] ?? '');
      } catch {
        ok = false;
      }
    });
    if (ok) return { operation, pathParams };
  }
  return undefined;
}

/** True when some registry entry has this path under another method (for 405 answers). */
export function pathIsKnown(path: string): boolean {
  return compiled.some(({ regex }) => regex.test(path));
}
