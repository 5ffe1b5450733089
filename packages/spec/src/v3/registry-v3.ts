/**
 * The v3 registry: every operation of WATI's v3 OpenAPI file (operations.generated.ts) plus what
 * the file cannot say, declared here by hand: read/write/send, the rate class, where the target
 * is, and the v1/v2 operations it replaces (the v1 → v3 map in shared/reference/wati-v3-notes.md).
 *
 * Separate from `registry` (v1/v2) on purpose: nothing that consumes `registry` sees v3 until it is
 * wired in. Rate classes: an operation with a v1 equivalent takes that operation's class, so that
 * v1 and v3 calls of one tenant share the same bucket; the others follow the notes' endpoint
 * families (contacts, template sends) and are otherwise unmetered.
 */
import type { OperationKind, RateClass } from '../define-operation.js';
import { createPathMatcher } from '../path-matcher.js';
import type { OperationId } from '../registry.js';
import { checkV3Limits, type V3RequestInput } from './check-limits-v3.js';
import { v3GeneratedOperations } from './operations.generated.js';
import type { V3GeneratedOperation } from './types.js';

export type V3OperationId = keyof typeof v3GeneratedOperations;

/**
 * Where the WhatsApp user a call reaches or reads is named: a path parameter, a body field, or a
 * field of each item of a body array (`recipients[].phone_number`). `phone` means only a phone
 * number is accepted there, `target` any v3 target (phone, conversation id, Channel:Phone).
 */
export interface V3TargetPlace {
  in: 'path' | 'body';
  field: string;
  form: 'target' | 'phone';
}

export interface V3Extra {
  kind: OperationKind;
  rateClass: RateClass;
  target?: V3TargetPlace;
  /** The v1/v2 operations this one replaces, in `registry`. */
  v1: readonly OperationId[];
  /** Writes only: calling it twice leaves the same state as once. Reads always are, sends never. */
  idempotent?: boolean;
}

/** One v3 operation as the registry lists it: what the file says plus the hand-written half. */
export type V3Operation = V3GeneratedOperation &
  Omit<V3Extra, 'idempotent'> & {
    idempotent: boolean;
    /**
     * The WATI token scope this operation needs, where WATI documents one (v3ScopeOf); a token
     * without it answers 403. Undefined where WATI names none.
     */
    scope: string | undefined;
    /** WhatsApp's limits on this request (checkV3Limits); empty when none is broken. */
    checkLimits(input: V3RequestInput): ReturnType<typeof checkV3Limits>;
  };

/** The precise type of one operation (its literal path, its params' and body's schemas). */
export type V3OperationOf<Id extends V3OperationId> = (typeof v3GeneratedOperations)[Id] & V3Operation;

const pathTarget: V3TargetPlace = { in: 'path', field: 'target', form: 'target' };
const bodyTarget: V3TargetPlace = { in: 'body', field: 'target', form: 'target' };
const recipients: V3TargetPlace = { in: 'body', field: 'recipients[].phone_number', form: 'phone' };

/** The hand-written half, one entry per generated operation (a test holds them equal). */
export const v3Extras = {
  v3GetBroadcasts: { kind: 'read', rateClass: 'unmetered', v1: [] },
  v3GetBroadcastsByBroadcastId: { kind: 'read', rateClass: 'unmetered', v1: [] },
  v3GetBroadcastsByBroadcastIdRecipients: { kind: 'read', rateClass: 'unmetered', v1: [] },
  v3GetBroadcastsOverview: { kind: 'read', rateClass: 'unmetered', v1: [] },
  v3GetChannels: { kind: 'read', rateClass: 'unmetered', v1: [] },
  v3GetChatbots: { kind: 'read', rateClass: 'unmetered', v1: [] },
  // Starting a chatbot makes it write to the person: a send.
  v3PostChatbotsStart: { kind: 'send', rateClass: 'unmetered', target: bodyTarget, v1: [] },
  v3PostContacts: {
    kind: 'write',
    rateClass: 'contacts',
    target: { in: 'body', field: 'whatsapp_number', form: 'phone' },
    v1: ['addContact'],
  },
  v3GetContacts: { kind: 'read', rateClass: 'contacts', v1: ['getContacts'] },
  v3PutContacts: {
    kind: 'write',
    rateClass: 'unmetered',
    target: { in: 'body', field: 'contacts[].target', form: 'target' },
    v1: ['updateContactAttributes'],
    idempotent: true,
  },
  v3GetContactsByTarget: { kind: 'read', rateClass: 'contacts', target: pathTarget, v1: [] },
  v3PutContactsTeams: { kind: 'write', rateClass: 'contacts', target: bodyTarget, v1: [], idempotent: true },
  v3GetContactsCount: { kind: 'read', rateClass: 'contacts', v1: [] },
  v3GetConversationsByTargetMessages: {
    kind: 'read',
    rateClass: 'messages',
    target: pathTarget,
    v1: ['getMessages'],
  },
  v3PostConversationsMessagesText: {
    kind: 'send',
    rateClass: 'unmetered',
    target: bodyTarget,
    v1: ['sendSessionMessage'],
  },
  v3PostConversationsMessagesFile: {
    kind: 'send',
    rateClass: 'unmetered',
    target: bodyTarget,
    v1: ['sendSessionFile'],
  },
  v3PostConversationsMessagesFileViaUrl: { kind: 'send', rateClass: 'unmetered', target: bodyTarget, v1: [] },
  v3GetConversationsMessagesFileByMessageId: { kind: 'read', rateClass: 'unmetered', v1: ['getMedia'] },
  v3PutConversationsByTargetOperator: {
    kind: 'write',
    rateClass: 'unmetered',
    target: pathTarget,
    v1: ['assignOperator'],
    idempotent: true,
  },
  v3PutConversationsByTargetStatus: {
    kind: 'write',
    rateClass: 'unmetered',
    target: pathTarget,
    v1: [],
    idempotent: true,
  },
  v3PostConversationsMessagesInteractive: {
    kind: 'send',
    rateClass: 'unmetered',
    target: bodyTarget,
    v1: ['sendInteractiveButtonsMessage', 'sendInteractiveListMessage'],
  },
  v3GetMessageTemplatesByTemplateId: { kind: 'read', rateClass: 'unmetered', v1: [] },
  v3GetMessageTemplates: { kind: 'read', rateClass: 'unmetered', v1: ['getMessageTemplates'] },
  v3PostMessageTemplatesSend: {
    kind: 'send',
    rateClass: 'templateSend',
    target: recipients,
    v1: [
      'sendTemplateMessage',
      'sendTemplateMessageV2',
      'sendTemplateMessages',
      'sendTemplateMessagesV2',
      'sendTemplateMessageCSV',
    ],
  },
  v3PostMessageTemplatesSchedule: { kind: 'send', rateClass: 'templateSend', target: recipients, v1: [] },
} as const satisfies Record<V3OperationId, V3Extra>;

/**
 * The token scope WATI documents for an operation (wati-v3-notes.md: `contactsv3:*`,
 * `conversationsv3:*`, `messagetemplatev3:write`): by the file's tag, and for templates only the
 * sends (WATI names no scope for reading templates, broadcasts, channels or chatbots).
 */
export function v3ScopeOf(operation: Pick<V3GeneratedOperation, 'tag' | 'method'>): string | undefined {
  if (operation.tag === 'Contacts') return 'contactsv3:*';
  if (operation.tag === 'Conversations') return 'conversationsv3:*';
  if (operation.tag === 'MessageTemplate' && operation.method !== 'GET') return 'messagetemplatev3:write';
  return undefined;
}

export interface V3OperationMatch {
  operation: V3Operation;
  /** Decoded path parameters. */
  pathParams: Record<string, string>;
}

export interface RegistryV3 {
  /** In the OpenAPI file's order. */
  readonly list: readonly V3Operation[];
  get(id: string): V3Operation | undefined;
  /**
   * The operation for a method and a path without its query string (`/api/ext/v3/contacts/count`),
   * with decoded path parameters. A literal segment wins over a parameter (`/contacts/count` is not
   * the contact `count`). Undefined for an unknown path or method.
   */
  match(method: string, path: string): V3OperationMatch | undefined;
  /** True when some operation has this path under another method (for 405 answers). */
  pathIsKnown(path: string): boolean;
}

function build(): RegistryV3 {
  const list = (Object.keys(v3GeneratedOperations) as V3OperationId[]).map((id) => {
    const generated: V3GeneratedOperation = v3GeneratedOperations[id];
    const extra: V3Extra = v3Extras[id];
    const idempotent = extra.kind === 'read' || (extra.kind === 'write' && extra.idempotent === true);
    return Object.freeze({
      ...generated,
      ...extra,
      idempotent,
      scope: v3ScopeOf(generated),
      checkLimits: (input: V3RequestInput) => checkV3Limits(id, input),
    }) satisfies V3Operation;
  });
  const byId = new Map<string, V3Operation>(list.map((op) => [op.id, op]));
  const matcher = createPathMatcher(list);
  return {
    list,
    get: (id) => byId.get(id),
    match: matcher.match,
    pathIsKnown: matcher.pathIsKnown,
  };
}

/** WATI's v3 operations: a registry of its own, not part of `registry`. */
export const registryV3: RegistryV3 = build();

/** `registryV3.match`: the v3 operation for a method and a path, with its path parameters. */
export function matchV3(method: string, path: string): V3OperationMatch | undefined {
  return registryV3.match(method, path);
}
