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
  type V3RequestInput,
} from '@watigate/spec';
import { z } from 'zod';
import { unwrap } from './flag-specs.js';
import { examplePhone, type V3CommandSpec, v3CommandSpecs } from './v3-command-specs.js';

export { type V3CommandSpec, v3CommandSpecs, v3GroupDescriptions } from './v3-command-specs.js';

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

/** The command's parameters, one per flag, and which of them fill the nested object. */
interface FlatParams {
  params: Record<string, ParamSpec>;
  nestedFields: Set<string>;
  itemRequired: Set<string>;
  /** The nested field is an array (the flags fill its first item). */
  many: boolean;
}

function pathAndQuery(v3: V3Operation, spec: V3CommandSpec): Record<string, ParamSpec> {
  const params: Record<string, ParamSpec> = {};
  for (const [name, p] of Object.entries(v3.params)) {
    const fallback = spec.defaults?.[name];
    const text = (p.description.split('\n')[0] ?? '').replace(/\.$/, '');
    params[name] = {
      in: p.in,
      schema: withDefault(p.schema, fallback),
      description: `${text}${fallback !== undefined ? ` (default ${String(fallback)})` : ''}`,
    };
  }
  return params;
}

function flatParams(v3: V3Operation, spec: V3CommandSpec): FlatParams {
  const flat: FlatParams = {
    params: pathAndQuery(v3, spec),
    nestedFields: new Set(),
    itemRequired: new Set(),
    many: false,
  };
  const { params } = flat;
  const bodyIn = v3.body?.contentType === 'multipart/form-data' ? 'multipart' : 'json';
  const bodyShape = v3.body ? shapeOf(v3.body.schema) : {};
  for (const [name, schema] of Object.entries(bodyShape)) {
    if (spec.fixed && name in spec.fixed) continue;
    if (name === spec.nest) {
      const nested = nestedSchema(schema);
      flat.many = nested.many;
      for (const [field, fieldSchema] of Object.entries(shapeOf(nested.schema))) {
        flat.nestedFields.add(field);
        const required = nested.many && !fieldSchema.safeParse(undefined).success;
        if (required) flat.itemRequired.add(field);
        const fieldIn = required ? fieldSchema.optional() : fieldSchema;
        params[field] = { in: bodyIn, schema: fieldIn, description: descriptionOf(fieldSchema) };
      }
      if (nested.many) {
        // `--body '{"recipients": [...]}'` gives every item; the flags then give none.
        params[name] = {
          in: bodyIn,
          schema: schema.optional(),
          description: `every item of ${name} at once, as JSON (instead of the flags for one)`,
        };
      }
      continue;
    }
    if (name.endsWith('_message')) continue; // the other kind of interactive message
    const fallback = spec.defaults?.[name];
    params[name] = { in: bodyIn, schema: withDefault(schema, fallback), description: descriptionOf(schema) };
  }
  return flat;
}

/** Puts the flat input where v3 wants it: path and query values, the body, the nested object. */
function wireOf(v3: V3Operation, spec: V3CommandSpec, flat: FlatParams) {
  const { params, nestedFields, many } = flat;
  const inPathOrQuery = (name: string) => params[name]?.in === 'path' || params[name]?.in === 'query';
  return (input: Record<string, unknown>): V3RequestInput => {
    const wireParams: Record<string, unknown> = {};
    const body: Record<string, unknown> = { ...spec.fixed };
    const nested: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(input)) {
      if (value === undefined) continue;
      if (inPathOrQuery(name)) wireParams[name] = value;
      else if (nestedFields.has(name)) nested[name] = value;
      else body[name] = value;
    }
    for (const [name, value] of Object.entries(spec.defaults ?? {})) {
      const into = inPathOrQuery(name) ? wireParams : body;
      if (into[name] === undefined) into[name] = value;
    }
    if (spec.nest && (Object.keys(nested).length > 0 || !many))
      body[spec.nest] = many ? [nested, ...((body[spec.nest] as unknown[] | undefined) ?? [])] : nested;
    return v3.body ? { params: wireParams, body } : { params: wireParams };
  };
}

export function defineV3Command(spec: V3CommandSpec): V3Command {
  const v3 = registryV3.get(spec.id);
  if (!v3) throw new Error(`unknown v3 operation ${spec.id}`);
  const flat = flatParams(v3, spec);
  const { params } = flat;
  const prefix = spec.nest ? (flat.many ? `${spec.nest}[0].` : `${spec.nest}.`) : undefined;
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
  return {
    spec,
    v3,
    operation,
    renames: { ...v3Renames, ...spec.renames },
    itemRequired: flat.itemRequired,
    toWire: wireOf(v3, spec, flat),
    flatField: (field) => (prefix && field.startsWith(prefix) ? field.slice(prefix.length) : field),
  };
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
    return { target: examplePhone, file: 'invoice.pdf', ...spec.example };
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
  if ('target' in out) out.target = examplePhone;
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
