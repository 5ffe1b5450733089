/**
 * A v3 tool's input schema, built from its `registryV3` operation: the path and query parameters
 * and the body's fields side by side at the top level, all snake_case (v3's own names already are,
 * but for `contacts[].customParams`), plus `dry_run` and `idempotency_key` on sends. A target or
 * phone number may come as a JSON number. Paging defaults to the first page of 20. A multipart
 * file becomes JSON, as on v1: its bytes in base64 with its name and type. `callArguments` turns
 * the arguments back into the v3 request input (`{ params, body }`, as spec's checkV3Limits reads it).
 */
import { type LimitViolation, snakeCase, type V3Operation, type V3RequestInput } from '@watigate/spec';
import { z } from 'zod';
import { type FileArguments, fileArguments, fileFromArguments } from './file-input.js';
import { dryRunArgument, idempotencyKeyArgument, snakeSchema } from './tool-input.js';
import type { V3ToolSpec } from './v3-tools.js';

/** Fields that name a WhatsApp user: a JSON number is taken as its digits. */
export const v3PhoneKeys: ReadonlySet<string> = new Set(['target', 'whatsapp_number', 'phone_number']);

/** A page argument with WATI's bounds and a default, so that an agent may leave paging out. */
const paging: Record<string, (description: string) => z.ZodType> = {
  page_number: (d) => z.int().min(1).default(1).describe(`${d} Default 1.`),
  page_size: (d) => z.int().min(1).max(100).default(20).describe(`${d} Default 20.`),
};

/** The new_status values WATI documents, as an enum the agent can see. */
const conversationStatus = z
  .enum(['open', 'solved', 'pending', 'block'])
  .describe('open, solved (resolved), pending (waiting on further action) or block');

export interface V3CallArguments {
  input: V3RequestInput & { params: Record<string, unknown> };
  dryRun: boolean;
  idempotencyKey: string | undefined;
  /** Problems found while turning the arguments into the input (file type or size). */
  violations: LimitViolation[];
}

export interface V3ToolInput {
  schema: z.ZodObject;
  callArguments(args: Record<string, unknown>): V3CallArguments;
}

type Field = { where: 'params' | 'body'; name: string; toRegistry: (value: unknown) => unknown };

/** The body's fields as the tool takes them: multipart files as base64 arguments, the rest snake_case. */
function bodyShape(
  operation: V3Operation,
  spec: Pick<V3ToolSpec, 'fixed' | 'omit' | 'require' | 'defaults'>,
  shape: Record<string, z.ZodType>,
  fields: Map<string, Field>,
): void {
  const body = operation.body;
  if (!body) return;
  const object = body.schema as z.ZodObject;
  for (const [name, field] of Object.entries(object.shape)) {
    if (spec.omit?.includes(name) || (spec.fixed && name in spec.fixed)) continue;
    if (body.contentType === 'multipart/form-data' && name === 'file') {
      Object.assign(shape, fileArguments);
      continue;
    }
    let schema = field as z.ZodType;
    if (spec.require?.includes(name) && schema instanceof z.ZodOptional) {
      schema = (schema.unwrap() as z.ZodType).describe(schema.description ?? '');
    }
    if (spec.defaults && name in spec.defaults) schema = schema.optional();
    const renamed = snakeSchema(schema, name, v3PhoneKeys);
    const snake = snakeCase(name);
    if (shape[snake]) throw new Error(`${operation.id}: body field ${name} clashes with a parameter`);
    shape[snake] = operation.id === 'v3PutConversationsByTargetStatus' ? conversationStatus : renamed.schema;
    fields.set(snake, { where: 'body', name, toRegistry: renamed.toRegistry });
  }
}

/** The tool input of a v3 operation (as one tool presents it: `spec` may fix or omit body fields). */
export function v3ToolInput(
  operation: V3Operation,
  spec: Pick<V3ToolSpec, 'fixed' | 'omit' | 'require' | 'defaults'> = {},
): V3ToolInput {
  const shape: Record<string, z.ZodType> = {};
  const fields = new Map<string, Field>();
  for (const [name, param] of Object.entries(operation.params)) {
    const own = param.schema.description;
    const text = own && own !== param.description ? `${param.description} ${own}` : param.description;
    const page = paging[name];
    if (page) {
      shape[name] = page(text);
      fields.set(name, { where: 'params', name, toRegistry: (v) => v });
      continue;
    }
    const renamed = snakeSchema(param.schema, name, v3PhoneKeys);
    shape[name] = renamed.schema.describe(text);
    fields.set(name, { where: 'params', name, toRegistry: renamed.toRegistry });
  }
  bodyShape(operation, spec, shape, fields);
  if (operation.kind === 'send') {
    shape.idempotency_key = idempotencyKeyArgument;
    shape.dry_run = dryRunArgument;
  }
  const multipart = operation.body?.contentType === 'multipart/form-data';
  return {
    schema: z.strictObject(shape),
    callArguments(args) {
      const { dry_run, idempotency_key, ...rest } = args;
      const params: Record<string, unknown> = {};
      const body: Record<string, unknown> = { ...spec.defaults, ...spec.fixed };
      const violations: LimitViolation[] = [];
      if (multipart) {
        const { file_base64, file_name, mime_type } = rest;
        for (const name of Object.keys(fileArguments)) delete rest[name];
        const converted = fileFromArguments('file', { file_base64, file_name, mime_type } as FileArguments);
        if (converted.file) body.file = converted.file;
        violations.push(...converted.violations);
      }
      for (const [k, v] of Object.entries(rest)) {
        const field = fields.get(k);
        if (!field) continue;
        (field.where === 'params' ? params : body)[field.name] = field.toRegistry(v);
      }
      return {
        input: operation.body ? { params, body } : { params },
        dryRun: dry_run === true,
        idempotencyKey: typeof idempotency_key === 'string' ? idempotency_key : undefined,
        violations,
      };
    },
  };
}
