/**
 * Derives a command's flags from a registry operation's parameters: the flag name from the
 * parameter name, the kind of value from its zod schema, required when the schema refuses
 * `undefined`, and the help text from the parameter's description.
 */
import type { Operation } from '@watigate/spec';
import type { z } from 'zod';

export type FlagKind = 'string' | 'number' | 'json' | 'file';

export interface FlagSpec {
  param: string;
  /** Without the leading dashes, e.g. `page-size`. */
  flag: string;
  kind: FlagKind;
  required: boolean;
  description: string;
  /** The value is a phone number, normalised with spec's normalizePhone. */
  phone: boolean;
  /** An array of `{name, value}`: `name=value` pairs are accepted as well as JSON. */
  pairs: boolean;
}

/** Parameter names whose flag reads better under another name. */
const renames: Record<string, string> = {
  whatsappNumber: 'phone',
  template_name: 'template',
  body: 'text',
  messageText: 'text',
};

export const kebab = (name: string) =>
  name
    .replace(/_/g, '-')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();

export const flagName = (param: string, more: Record<string, string> = {}) =>
  more[param] ?? renames[param] ?? kebab(param);

/** What a schema's definition may hold besides its type, read without zod's per-type classes. */
interface Def extends z.core.$ZodTypeDef {
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}
const defOf = (schema: z.ZodType): Def => schema._zod.def;

/** The schema without its optional/default/nullable wrappers. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (['optional', 'default', 'nullable', 'prefault', 'readonly'].includes(def.type) && def.innerType) {
      s = def.innerType;
    } else return s;
  }
}

function kindOf(schema: z.ZodType): FlagKind {
  switch (defOf(unwrap(schema)).type) {
    case 'number':
    case 'int':
      return 'number';
    case 'string':
    case 'enum':
    case 'literal':
      return 'string';
    case 'custom':
      return 'file';
    default:
      return 'json';
  }
}

function isPairs(schema: z.ZodType): boolean {
  const def = defOf(unwrap(schema));
  if (def.type !== 'array' || !def.element) return false;
  const item = defOf(unwrap(def.element));
  return (
    item.type === 'object' &&
    Object.keys(item.shape ?? {})
      .sort()
      .join(',') === 'name,value'
  );
}

/**
 * @param more flag names by parameter beyond the shared renames (a v3 command's, v3-commands.ts)
 */
export function flagSpecs(
  operation: Pick<Operation, 'params' | 'recipientParam'>,
  more: Record<string, string> = {},
): FlagSpec[] {
  return Object.entries(operation.params).map(([param, spec]) => ({
    param,
    flag: flagName(param, more),
    kind: kindOf(spec.schema),
    required: !spec.schema.safeParse(undefined).success,
    description: spec.description,
    phone: param === operation.recipientParam,
    pairs: isPairs(spec.schema),
  }));
}
