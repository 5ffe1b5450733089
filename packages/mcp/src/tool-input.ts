/**
 * A tool's input schema, built from its registry operation's parameters: the same zod schemas the
 * client validates with, each described, with every name in snake_case (`whatsappNumber` →
 * `whatsapp_number`, nested ones too: `customParams` → `custom_params`), plus `dry_run` and
 * `idempotency_key` on sends. A WhatsApp number may come as a JSON number (models often write
 * one); it becomes its digits and is still checked by the client. Multipart parameters, which are
 * Blobs in the registry, become JSON: a file as base64 with its name and type.
 */
import { type LimitViolation, type Operation, snakeCase } from '@watigate/spec';
import { z } from 'zod';
import { type FileArguments, fileArguments, fileFromArguments } from './file-input.js';

export const dryRunArgument = z
  .boolean()
  .default(false)
  .describe(
    'true: validate and describe exactly what would be sent (recipient, rendered text, request) without sending',
  );

/** The gateway's rule for an Idempotency-Key: 1 to 255 visible ASCII characters. */
export const idempotencyKeyArgument = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, '1 to 255 visible ASCII characters, e.g. a UUID')
  .optional()
  .describe(
    'Makes a retry safe: a call with a key already used answers the first call’s result and sends nothing again. Generated when omitted and returned in the result; pass that same key when you retry.',
  );

const phoneHint =
  'WhatsApp number with country code, e.g. 14155551234 (a +, spaces and dashes are tolerated)';

/** A WhatsApp number as a string or a JSON number; either way the tool gets its digits as a string. */
export function phoneArgument(description = phoneHint) {
  return z
    .union([z.string().min(1), z.number().int().nonnegative()])
    .transform((value) => String(value))
    .describe(description);
}

/** A schema with snake_case names, and how to turn a value it accepts back into the registry's names. */
interface Renamed {
  schema: z.ZodType;
  toRegistry(value: unknown): unknown;
}

const same = (value: unknown) => value;

function described<T extends z.ZodType>(schema: T, description: string | undefined): T {
  return description ? (schema.describe(description) as T) : schema;
}

/**
 * Renames the object keys of `schema` to snake_case, at every depth, keeping its checks (array
 * bounds, strictness) and descriptions. A `whatsappNumber` key takes the phone argument, and so
 * does a string under any of `phoneKeys` (v3's `target`, `phone_number`), keeping its
 * optional and nullable wrappers.
 */
export function snakeSchema(schema: z.ZodType, key?: string, phoneKeys?: ReadonlySet<string>): Renamed {
  if (key === 'whatsappNumber') {
    const own = schema.description;
    return { schema: phoneArgument(own ?? phoneHint), toRegistry: same };
  }
  const def = schema.def as unknown as Record<string, unknown> & { type: string };
  const description = schema.description;
  switch (def.type) {
    case 'object': {
      const object = schema as z.ZodObject;
      const shape: Record<string, z.ZodType> = {};
      const inner = new Map<string, { name: string; toRegistry: (v: unknown) => unknown }>();
      for (const [name, field] of Object.entries(object.shape)) {
        const renamed = snakeSchema(field as z.ZodType, name, phoneKeys);
        const snake = snakeCase(name);
        shape[snake] = renamed.schema;
        inner.set(snake, { name, toRegistry: renamed.toRegistry });
      }
      return {
        schema: described(object.clone({ ...object.def, shape } as typeof object.def), description),
        toRegistry(value) {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(value)) {
            const field = inner.get(k);
            out[field?.name ?? k] = field ? field.toRegistry(v) : v;
          }
          return out;
        },
      };
    }
    case 'array': {
      const element = snakeSchema(def.element as z.ZodType, undefined, phoneKeys);
      return {
        schema: described(schema.clone({ ...schema.def, element: element.schema } as never), description),
        toRegistry: (value) => (Array.isArray(value) ? value.map(element.toRegistry) : value),
      };
    }
    case 'optional':
    case 'default':
    case 'nullable': {
      const inner = snakeSchema(def.innerType as z.ZodType, key, phoneKeys);
      return {
        schema: described(schema.clone({ ...schema.def, innerType: inner.schema } as never), description),
        toRegistry: (value) => (value === undefined || value === null ? value : inner.toRegistry(value)),
      };
    }
    case 'string':
      if (key !== undefined && phoneKeys?.has(key)) {
        return { schema: phoneArgument(description ?? phoneHint), toRegistry: same };
      }
      return { schema, toRegistry: same };
    default:
      return { schema, toRegistry: same };
  }
}

export interface ToolInput {
  /** The tool's input schema. Unknown arguments are rejected. */
  schema: z.ZodObject;
  /** Turns validated tool arguments back into the operation's registry input. */
  callArguments(args: Record<string, unknown>): CallArguments;
}

export interface CallArguments {
  /** The registry input to give the client. */
  input: Record<string, unknown>;
  dryRun: boolean;
  /** The caller's idempotency key, when given (sends only). */
  idempotencyKey: string | undefined;
  /** Problems found while turning the arguments into the input (file type or size). */
  violations: LimitViolation[];
}

/** The tool input of an operation: snake_case names, JSON files, `dry_run` and `idempotency_key` on sends. */
export function toolInput(operation: Operation): ToolInput {
  const shape: Record<string, z.ZodType> = {};
  const fields = new Map<string, { name: string; toRegistry: (v: unknown) => unknown }>();
  for (const [name, param] of Object.entries(operation.params)) {
    if (param.in === 'multipart') {
      if (name !== 'file') {
        throw new Error(`${operation.id}.${name}: only a multipart "file" parameter has a tool argument`);
      }
      Object.assign(shape, fileArguments);
      continue;
    }
    // Keep the schema's own hint (the number format) after the parameter's description.
    const own = param.schema.description;
    const text = own && own !== param.description ? `${param.description}. ${own}` : param.description;
    const renamed = snakeSchema(param.schema, name);
    const snake = snakeCase(name);
    shape[snake] = renamed.schema.describe(text);
    fields.set(snake, { name, toRegistry: renamed.toRegistry });
  }
  if (operation.kind === 'send') {
    shape.idempotency_key = idempotencyKeyArgument;
    shape.dry_run = dryRunArgument;
  }
  return {
    schema: z.strictObject(shape),
    callArguments(args) {
      const { dry_run, idempotency_key, ...rest } = args;
      const input: Record<string, unknown> = {};
      const violations: LimitViolation[] = [];
      if (operation.params.file?.in === 'multipart') {
        const { file_base64, file_name, mime_type } = rest;
        for (const name of Object.keys(fileArguments)) delete rest[name];
        const converted = fileFromArguments('file', { file_base64, file_name, mime_type } as FileArguments);
        if (converted.file) input.file = converted.file;
        violations.push(...converted.violations);
      }
      for (const [k, v] of Object.entries(rest)) {
        const field = fields.get(k);
        input[field?.name ?? k] = field ? field.toRegistry(v) : v;
      }
      return {
        input,
        dryRun: dry_run === true,
        idempotencyKey: typeof idempotency_key === 'string' ? idempotency_key : undefined,
        violations,
      };
    },
  };
}
