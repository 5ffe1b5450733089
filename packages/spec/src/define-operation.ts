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

export const resources = ['contacts', 'messages', 'templates', 'interactive', 'operators', 'media'] as const;
export type Resource = (typeof resources)[number];

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
}

export type InputShape<P extends Params> = { [K in keyof P]: P[K]['schema'] };

export type Operation<P extends Params = Params, R extends ResponseSpec = ResponseSpec> = OperationSpec<
  P,
  R
> & {
  /** Every parameter in one object; unknown keys are rejected. */
  input: z.ZodObject<InputShape<P>, z.core.$strict>;
};

/** Declares a registry entry and derives its input schema from its parameters. */
export function defineOperation<const P extends Params, const R extends ResponseSpec>(
  spec: OperationSpec<P, R>,
): Operation<P, R> {
  const shape = Object.fromEntries(
    Object.entries(spec.params).map(([k, p]) => [k, p.schema]),
  ) as InputShape<P>;
  return Object.freeze({ ...spec, input: z.strictObject(shape) });
}

export type OperationInput<O extends Operation> = z.input<O['input']>;
export type OperationResponse<O extends Operation> = O['response'] extends { type: 'json'; schema: infer S }
  ? S extends z.ZodType
    ? z.output<S>
    : never
  : ReadableStream<Uint8Array>;
