/**
 * The commands that run WATI's v3 API: which command runs which `registryV3` operation, and each
 * one as the CLI sees it, an operation with flat parameters (a flag each), derived from the v3
 * operation's zod schemas: its path and query parameters, its body's fields, and, where the body
 * holds one object the flags describe (`button_message`, the first of `recipients`), that object's
 * fields. `toWire` puts the flat input back where v3 wants it (`{ params, body }`).
 *
 * The flat operation has the shape of a v1/v2 registry `Operation`, so that flag-specs.ts,
 * input-from-flags.ts and example-command.ts serve both versions unchanged.
 */
import {
  type Operation,
  type ParamSpec,
  registryV3,
  type V3Operation,
  type V3OperationId,
  type V3RequestInput,
} from '@watigate/spec';
import { z } from 'zod';
import { unwrap } from './flag-specs.js';

/** How one v3 operation becomes a `watigate <group> <command>`. */
export interface V3CommandSpec {
  id: V3OperationId;
  group: string;
  command: string;
  /**
   * A body field whose object the flags fill: `button_message`, or `recipients` (an array: the
   * flags fill its first item; `--body` can give them all).
   */
  nest?: string;
  /** Body fields the command sets itself (`type: "buttons"`). */
  fixed?: Record<string, unknown>;
  /** Values used when the flag is left out (v3 requires page numbers and an operator's email; v1 did not). */
  defaults?: Record<string, unknown>;
  /** Flag names that differ from the shared renames (flag-specs.ts), by v3 field name. */
  renames?: Record<string, string>;
  /** The example's path and query values (WATI's file gives examples for bodies only). */
  example?: Record<string, unknown>;
}

const paging = { page_number: 1, page_size: 20 };
const phone = '14155551234';

/** Every v3 operation the CLI offers, in `--help` order within each group. */
export const v3CommandSpecs: readonly V3CommandSpec[] = [
  { id: 'v3GetContacts', group: 'contacts', command: 'list', defaults: paging },
  { id: 'v3GetContactsByTarget', group: 'contacts', command: 'get', example: { target: phone } },
  { id: 'v3GetContactsCount', group: 'contacts', command: 'count' },
  {
    id: 'v3PostContacts',
    group: 'contacts',
    command: 'add',
    example: {
      whatsapp_number: '14155550100',
      name: 'Ana Souza',
      custom_params: [{ name: 'city', value: 'Lisbon' }],
    },
  },
  {
    id: 'v3PutContacts',
    group: 'contacts',
    command: 'update',
    nest: 'contacts',
    example: { target: phone, customParams: [{ name: 'city', value: 'Paris' }] },
  },
  { id: 'v3PutContactsTeams', group: 'contacts', command: 'teams' },
  {
    id: 'v3GetConversationsByTargetMessages',
    group: 'messages',
    command: 'list',
    defaults: paging,
    example: { target: phone },
  },
  { id: 'v3PostConversationsMessagesText', group: 'messages', command: 'send' },
  { id: 'v3PostConversationsMessagesFile', group: 'messages', command: 'send-file' },
  { id: 'v3PostConversationsMessagesFileViaUrl', group: 'messages', command: 'send-file-url' },
  {
    id: 'v3PutConversationsByTargetStatus',
    group: 'conversations',
    command: 'status',
    example: { target: phone },
  },
  { id: 'v3GetMessageTemplates', group: 'templates', command: 'list', defaults: paging },
  {
    id: 'v3GetMessageTemplatesByTemplateId',
    group: 'templates',
    command: 'get',
    example: { template_id: 'template_123' },
  },
  {
    id: 'v3PostMessageTemplatesSend',
    group: 'templates',
    command: 'send',
    nest: 'recipients',
    renames: { custom_params: 'parameters' },
    example: {
      phone_number: phone,
      template_name: 'order_update',
      broadcast_name: 'shipping',
      custom_params: [{ name: 'name', value: 'Ana' }],
    },
  },
  {
    id: 'v3PostMessageTemplatesSchedule',
    group: 'templates',
    command: 'schedule',
    nest: 'recipients',
    renames: { custom_params: 'parameters' },
    example: {
      phone_number: phone,
      template_name: 'order_update',
      broadcast_name: 'shipping',
      custom_params: [{ name: 'name', value: 'Ana' }],
      scheduled_at: '2026-12-24T09:00:00Z',
    },
  },
  {
    id: 'v3PostConversationsMessagesInteractive',
    group: 'interactive',
    command: 'buttons',
    nest: 'button_message',
    fixed: { type: 'buttons' },
    example: { target: phone, body: 'Did this solve it?', buttons: [{ text: 'Yes' }, { text: 'No' }] },
  },
  {
    id: 'v3PostConversationsMessagesInteractive',
    group: 'interactive',
    command: 'list',
    nest: 'list_message',
    fixed: { type: 'list' },
    example: {
      target: phone,
      body: 'Pick a size',
      button_text: 'Sizes',
      sections: [{ title: 'Sizes', rows: [{ title: 'Small' }, { title: 'Large' }] }],
    },
  },
  {
    id: 'v3PutConversationsByTargetOperator',
    group: 'operators',
    command: 'assign',
    // Without --email the bot takes the chat, as with v1 (v3 wants the field, null for the bot).
    defaults: { assignee_email: null },
    example: { target: phone, assignee_email: 'support@example.com' },
  },
  {
    id: 'v3GetConversationsMessagesFileByMessageId',
    group: 'media',
    command: 'get',
    example: { message_id: '507f1f77bcf86cd799439011' },
  },
  { id: 'v3GetBroadcasts', group: 'broadcasts', command: 'list', defaults: paging },
  {
    id: 'v3GetBroadcastsByBroadcastId',
    group: 'broadcasts',
    command: 'get',
    example: { broadcast_id: 'broadcast-123' },
  },
  {
    id: 'v3GetBroadcastsOverview',
    group: 'broadcasts',
    command: 'overview',
    example: { date_from: '2026-01-01', date_to: '2026-01-31' },
  },
  {
    id: 'v3GetBroadcastsByBroadcastIdRecipients',
    group: 'broadcasts',
    command: 'recipients',
    defaults: paging,
    example: { broadcast_id: 'broadcast-123' },
  },
  { id: 'v3GetChannels', group: 'channels', command: 'list', defaults: paging },
  { id: 'v3GetChatbots', group: 'chatbots', command: 'list', defaults: paging },
  { id: 'v3PostChatbotsStart', group: 'chatbots', command: 'start' },
];

/** What each group is for where v3 adds to it or only v3 has it (the others' lines come from spec). */
export const v3GroupDescriptions: Record<string, string> = {
  contacts: 'list, get, count, add and update contacts; assign them to teams (v3)',
  messages: 'read a conversation and send session messages (24-hour window); a file by URL (v3)',
  templates: 'list, get, send and schedule message templates (get, schedule: v3; see also `broadcast`)',
  conversations: "set a conversation's status (v3)",
  broadcasts: 'list broadcasts, their statistics and recipients (v3)',
  channels: "list the account's channels (v3)",
  chatbots: 'list chatbots and start one for a contact (v3, WATI Pro plan)',
};

/** v3 field names whose flag reads as v1's did, for the same meaning. */
const v3Renames: Record<string, string> = {
  whatsapp_number: 'phone',
  phone_number: 'phone',
  assignee_email: 'email',
  new_status: 'status',
  search_string: 'search',
};

/** A v3 command as the CLI runs it. */
export interface V3Command {
  spec: V3CommandSpec;
  v3: V3Operation;
  /** The flat operation: a parameter per flag, v1 registry shape (see the file header). */
  operation: Operation;
  /** Flag names by parameter, beyond flag-specs.ts' renames. */
  renames: Record<string, string>;
  /**
   * Fields the one item the flags give must have (`phone_number` of `recipients`); optional in
   * `operation`, since the array flag (`--recipients`) may give every item instead.
   */
  itemRequired: ReadonlySet<string>;
  /** The flat input where v3 wants it. */
  toWire(input: Record<string, unknown>): V3RequestInput;
  /** A v3 field path (`recipients[0].phone_number`) as a flat one (`phone_number`). */
  flatField(field: string): string;
}

interface ShapeDef {
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  type: string;
}
const defOf = (schema: z.ZodType) => schema._zod.def as unknown as ShapeDef;
const shapeOf = (schema: z.ZodType): Record<string, z.ZodType> => defOf(unwrap(schema)).shape ?? {};

/** The nested object's schema: the field's object, or its array's item. */
function nestedSchema(field: z.ZodType): { schema: z.ZodType; many: boolean } {
  const inner = unwrap(field);
  const def = defOf(inner);
  if (def.type === 'array' && def.element) return { schema: unwrap(def.element), many: true };
  return { schema: inner, many: false };
}

/** The first description found through the optional/nullable wrappers. */
function describedAs(schema: z.ZodType): string {
  let s: z.ZodType | undefined = schema;
  while (s) {
    if (s.description) return s.description;
    s = (s._zod.def as { innerType?: z.ZodType }).innerType;
  }
  return '';
}

const descriptionOf = (schema: z.ZodType) => {
  const text = describedAs(schema);
  // The target fields' descriptions list formats in Markdown; the first sentence is enough here.
  const first = text.split('\n')[0] ?? '';
  return first.replace(/ in the following formats:$/, ' (phone, id or Channel:Phone)').replace(/\.$/, '');
};

/** A path or query value's schema, with a default when the command gives one. */
function withDefault(schema: z.ZodType, value: unknown): z.ZodType {
  return value === undefined ? schema : schema.optional();
}

export function defineV3Command(spec: V3CommandSpec): V3Command {
  const v3 = registryV3.get(spec.id);
  if (!v3) throw new Error(`unknown v3 operation ${spec.id}`);
  const params: Record<string, ParamSpec> = {};
  for (const [name, p] of Object.entries(v3.params)) {
    params[name] = {
      in: p.in,
      schema: withDefault(p.schema, spec.defaults?.[name]),
      description: `${(p.description.split('\n')[0] ?? '').replace(/\.$/, '')}${spec.defaults?.[name] !== undefined ? ` (default ${String(spec.defaults[name])})` : ''}`,
    };
  }
  const bodyIn = v3.body?.contentType === 'multipart/form-data' ? 'multipart' : 'json';
  const bodyShape = v3.body ? shapeOf(v3.body.schema) : {};
  const nestedFields = new Set<string>();
  const itemRequired = new Set<string>();
  let many = false;
  for (const [name, schema] of Object.entries(bodyShape)) {
    if (spec.fixed && name in spec.fixed) continue;
    if (name === spec.nest) {
      const nested = nestedSchema(schema);
      many = nested.many;
      for (const [field, fieldSchema] of Object.entries(shapeOf(nested.schema))) {
        nestedFields.add(field);
        const required = many && !fieldSchema.safeParse(undefined).success;
        if (required) itemRequired.add(field);
        params[field] = {
          in: bodyIn,
          schema: required ? fieldSchema.optional() : fieldSchema,
          description: descriptionOf(fieldSchema),
        };
      }
      continue;
    }
    if (name.endsWith('_message')) continue; // the other kind of interactive message
    const fallback = spec.defaults?.[name];
    params[name] = {
      in: bodyIn,
      schema: withDefault(schema, fallback),
      description: descriptionOf(schema),
    };
  }
  if (spec.nest && many) {
    // `--body '{"recipients": [...]}'` gives every item; the flags then give none.
    params[spec.nest] = {
      in: bodyIn,
      schema: (bodyShape[spec.nest] as z.ZodType).optional(),
      description: `every item of ${spec.nest} at once, as JSON (instead of the flags for one)`,
    };
  }
  const renames = { ...v3Renames, ...spec.renames };
  const prefix = spec.nest ? (many ? `${spec.nest}[0].` : `${spec.nest}.`) : undefined;

  const toWire = (input: Record<string, unknown>): V3RequestInput => {
    const wireParams: Record<string, unknown> = {};
    const body: Record<string, unknown> = { ...spec.fixed };
    const nested: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(input)) {
      if (value === undefined) continue;
      const at = params[name]?.in;
      if (at === 'path' || at === 'query') wireParams[name] = value;
      else if (nestedFields.has(name)) nested[name] = value;
      else body[name] = value;
    }
    for (const [name, value] of Object.entries(spec.defaults ?? {})) {
      const into = params[name]?.in === 'path' || params[name]?.in === 'query' ? wireParams : body;
      if (into[name] === undefined) into[name] = value;
    }
    if (spec.nest && (Object.keys(nested).length > 0 || !many))
      body[spec.nest] = many ? [nested, ...((body[spec.nest] as unknown[] | undefined) ?? [])] : nested;
    return v3.body ? { params: wireParams, body } : { params: wireParams };
  };

  const flatField = (field: string) =>
    prefix && field.startsWith(prefix) ? field.slice(prefix.length) : field;

  const operation = {
    id: v3.id,
    method: v3.method,
    path: v3.path,
    resource: spec.group,
    kind: v3.kind,
    rateClass: v3.rateClass,
    summary: v3.summary.replace(/\.$/, ''),
    params,
    input: z.strictObject(Object.fromEntries(Object.entries(params).map(([k, p]) => [k, p.schema]))),
    response: responseOf(v3),
    see: 'https://docs.wati.io/reference',
    example: exampleOf(v3, spec),
    idempotent: v3.idempotent,
    cli: { command: spec.command },
    tool: v3.id,
  } as unknown as Operation; // v3 methods (PUT) and paths (/api/ext/v3) are outside v1's types
  return { spec, v3, operation, renames, itemRequired, toWire, flatField };
}

function responseOf(v3: V3Operation): Operation['response'] {
  const ok = v3.responses['200'];
  if (ok?.type === 'binary') return { type: 'binary' };
  return { type: 'json', schema: ok?.type === 'json' ? ok.schema : z.unknown() };
}

/** WATI's example body, flattened as the flags take it, with the command's path and query values. */
function exampleOf(v3: V3Operation, spec: V3CommandSpec): Record<string, unknown> {
  const body = { ...((v3.body?.example as Record<string, unknown> | undefined) ?? {}) };
  const out: Record<string, unknown> = {};
  if (v3.body?.contentType === 'multipart/form-data')
    return { target: phone, file: 'invoice.pdf', ...spec.example };
  for (const [name, value] of Object.entries(body)) {
    if (spec.fixed && name in spec.fixed) continue;
    if (name === spec.nest) {
      const item = Array.isArray(value) ? value[0] : value;
      for (const [field, v] of Object.entries((item as Record<string, unknown>) ?? {}))
        if (v !== null) out[field] = v;
      continue;
    }
    if (name.endsWith('_message') || value === null) continue;
    out[name] = value;
  }
  // WATI's examples mix formats (`123456789:1415552671`); a plain number reads best in --help.
  if ('target' in out) out.target = phone;
  // Left to their defaults: a channel and a message id of WATI's example account.
  delete out.channel;
  delete out.local_message_id;
  return { ...out, ...spec.example };
}

let all: V3Command[] | undefined;
/** Every v3 command, built once. */
export function v3Commands(): V3Command[] {
  all ??= v3CommandSpecs.map(defineV3Command);
  return all;
}
