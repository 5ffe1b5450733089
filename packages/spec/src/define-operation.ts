/**
 * The shape of one registry entry: everything the sandbox, client, gateway, CLI and MCP server
 * need to know about one WATI endpoint, declared once.
 */
import { z } from 'zod';

/** Where a parameter travels on the wire. */
export const paramLocations = ['path', 'query', 'form', 'json', 'multipart'] as const;
export type ParamLocation = (typeof paramLocations)[number];

/** read: no side effect; write: changes WATI data but reaches nobody; send: reaches a WhatsApp user. */
export const operationKinds = ['read', 'write', 'send'] as const;
export type OperationKind = (typeof operationKinds)[number];

/**
 * WATI's documented rate-limit classes (per 10 seconds).
 * `unmetered` marks endpoints for which WATI publishes no limit.
 * @see https://support.wati.io/en/articles/11823158
 */
export const rateClasses = ['contacts', 'messages', 'templateSend', 'unmetered'] as const;
export type RateClass = (typeof rateClasses)[number];

/**
 * What each resource groups, in one line: the CLI's command groups (`watigate contacts …`) and
 * the docs' sections are the resources.
 */
export const resourceDescriptions = {
  contacts: 'list, add and update contacts',
  messages: 'read a conversation and send session messages (24-hour window)',
  templates: 'list message templates and send one (see also `broadcast`)',
  interactive: 'send reply-button and list messages (24-hour window)',
  operators: 'assign a chat to an operator or to the bot',
  media: 'download a media file a message refers to',
} as const;
export type Resource = keyof typeof resourceDescriptions;
export const resources = Object.keys(resourceDescriptions) as Resource[];

export interface ParamSpec<S extends z.ZodType = z.ZodType> {
  in: ParamLocation;
  schema: S;
  description: string;
  /** `json`: the value is sent as a JSON string (WATI's `attribute` filter on getContacts). */
  encode?: 'json';
}

export type Params = Record<string, ParamSpec>;

export type ResponseSpec<R extends z.ZodType = z.ZodType> =
  | { type: 'json'; schema: R }
  /** Raw bytes with the file's content type (getMedia). */
  | { type: 'binary' };

export interface OperationSpec<P extends Params = Params, R extends ResponseSpec = ResponseSpec> {
  /** WATI's endpoint name, suffixed `V2` for the v2 variant of the same name. */
  id: string;
  method: 'GET' | 'POST';
  /** Path below the tenant's API endpoint URL, with `{name}` for path parameters. */
  path: `/api/${'v1' | 'v2'}/${string}`;
  resource: Resource;
  kind: OperationKind;
  rateClass: RateClass;
  /** One line, imperative, shown in docs, `--help` and MCP tool descriptions. */
  summary: string;
  params: P;
  response: R;
  /** The parameter that names the WhatsApp user this call reaches or reads, if any. */
  recipientParam?: keyof P & string;
  /** The WATI reference page this entry mirrors. */
  see: string;
  /** A realistic input: the CLI's `--help` example and the docs show it; a test checks it is valid. */
  example: ExampleInput<P>;
  /**
   * Whether calling it twice leaves the same state as calling it once. Reads always do and sends
   * never do (each call reaches the person again), so only writes say it. @default false
   */
  idempotent?: boolean;
  /** The CLI command that runs it. */
  cli: CliNaming;
  /**
   * The MCP tool that runs it. @default the id in snake_case (`getContacts` → `get_contacts`).
   * Several operations may share one tool: the five template sends are all `send_template`, which
   * picks the endpoint itself.
   */
  tool?: string;
}

/**
 * How the `watigate` CLI offers an operation: as `watigate <resource> <command>`, or not at all,
 * with the reason (another command does the job better).
 */
export type CliNaming = { command: string } | { omitted: string };

/**
 * An example input: each parameter's value as a caller would pass it, except that a file
 * (a multipart Blob) is given by its file name.
 */
export type ExampleInput<P extends Params> = {
  [K in keyof P]?: P[K]['in'] extends 'multipart' ? string : z.input<P[K]['schema']>;
};

export type InputShape<P extends Params> = { [K in keyof P]: P[K]['schema'] };

export type Operation<P extends Params = Params, R extends ResponseSpec = ResponseSpec> = Omit<
  OperationSpec<P, R>,
  'idempotent' | 'tool'
> & {
  /** Every parameter in one object; unknown keys are rejected. */
  input: z.ZodObject<InputShape<P>, z.core.$strict>;
  /** True for reads, false for sends, as declared for writes. */
  idempotent: boolean;
  /** The MCP tool's name. */
  tool: string;
};

/**
 * snake_case of an operation id: runs of capitals count as one word (`CSV` → `csv`) and a version
 * suffix is its own word (`V2` → `v2`).
 */
export function snakeCase(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** Declares a registry entry and derives its input schema, idempotency and tool name. */
export function defineOperation<const P extends Params, const R extends ResponseSpec>(
  spec: OperationSpec<P, R>,
): Operation<P, R> {
  const shape = Object.fromEntries(
    Object.entries(spec.params).map(([k, p]) => [k, p.schema]),
  ) as InputShape<P>;
  const idempotent = spec.kind === 'read' || (spec.kind === 'write' && spec.idempotent === true);
  return Object.freeze({
    ...spec,
    input: z.strictObject(shape),
    idempotent,
    tool: spec.tool ?? snakeCase(spec.id),
  });
}

export type OperationInput<O extends Operation> = z.input<O['input']>;
export type OperationResponse<O extends Operation> = O['response'] extends { type: 'json'; schema: infer S }
  ? S extends z.ZodType
    ? z.output<S>
    : never
  : ReadableStream<Uint8Array>;
