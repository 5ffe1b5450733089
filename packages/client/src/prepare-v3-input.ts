/**
 * Pre-flight for one v3 operation call, before anything is sent: the generated zod schemas of the
 * operation's parameters and body (unknown fields refused, every problem named by its field),
 * v3 targets normalised (a phone number to its digits, `Channel:Phone` to `Channel:digits`), and
 * WhatsApp's limits (`checkV3Limits`). Returns the request split into path/query values and body.
 */
import {
  type LimitViolation,
  parseV3Target,
  type V3Operation,
  type V3TargetPlace,
  v3PhoneDigits,
} from '@watigate/spec';
import { z } from 'zod';
import { validationError, violationsFromIssues } from './prepare-input.js';

export interface PreparedV3Input {
  /** Path and query values by name, validated. */
  params: Record<string, unknown>;
  /** The body's fields, validated; undefined when the operation has no body. */
  body: Record<string, unknown> | undefined;
}

const inputSchemas = new WeakMap<V3Operation, z.ZodType>();

/** One object schema for parameters and body fields together (no v3 operation reuses a name). */
function inputSchemaOf(operation: V3Operation): z.ZodType {
  let schema = inputSchemas.get(operation);
  if (schema) return schema;
  const params = Object.fromEntries(Object.entries(operation.params).map(([name, p]) => [name, p.schema]));
  const body = operation.body?.schema as z.ZodObject | undefined;
  const shape = { ...params, ...(body?.shape ?? {}) };
  // A multipart body is a loose object in the file: its unknown parts pass, as WATI's do.
  const loose =
    body !== undefined && body.def.catchall !== undefined && !(body.def.catchall instanceof z.ZodNever);
  schema = loose ? z.looseObject(shape) : z.strictObject(shape);
  inputSchemas.set(operation, schema);
  return schema;
}

/** Query values from a command line arrive as text: `"10"` for an integer parameter becomes 10. */
function coerceQuery(operation: V3Operation, input: Record<string, unknown>): Record<string, unknown> {
  const out = { ...input };
  for (const [name, param] of Object.entries(operation.params)) {
    const value = out[name];
    if (param.in !== 'query' || typeof value !== 'string' || !/^-?\d+$/.test(value)) continue;
    if (!param.schema.safeParse(value).success && param.schema.safeParse(Number(value)).success)
      out[name] = Number(value);
  }
  return out;
}

/** `14155551234` from `+1 415 555 1234`, `MyChannel:14155551234` from `MyChannel:+1 415…`; ids as given. */
function normalizeTarget(value: unknown, form: V3TargetPlace['form']): unknown {
  if (typeof value !== 'string') return value;
  if (form === 'phone') return v3PhoneDigits(value) ?? value;
  const target = parseV3Target(value);
  if (!target) return value;
  if (target.kind === 'phone') return target.phone;
  if (target.kind === 'channelPhone') return `${target.channel}:${target.phone}`;
  return target.id;
}

/** Applies `normalizeTarget` where the registry says the operation names its target. */
function normalizeTargets(operation: V3Operation, data: Record<string, unknown>): void {
  const place = operation.target;
  if (!place) return;
  const [list, field] = place.field.split('[].') as [string, string | undefined];
  if (field === undefined) {
    if (data[list] !== undefined) data[list] = normalizeTarget(data[list], place.form);
    return;
  }
  if (!Array.isArray(data[list])) return;
  data[list] = (data[list] as unknown[]).map((item) =>
    typeof item === 'object' && item !== null && field in item
      ? { ...item, [field]: normalizeTarget((item as Record<string, unknown>)[field], place.form) }
      : item,
  );
}

/** A path value must name one thing: not empty, not `.` or `..` (which a URL would resolve away). */
function pathViolations(operation: V3Operation, data: Record<string, unknown>): LimitViolation[] {
  return Object.entries(operation.params)
    .filter(([name, p]) => p.in === 'path' && typeof data[name] === 'string')
    .filter(([name]) => ['', '.', '..'].includes((data[name] as string).trim()))
    .map(([name]) => ({
      field: name,
      limit: 'an id or target',
      message: `${name} must name one ${name.replace(/_id$/, '')}; it is empty or a dot path`,
    }));
}

/** Validates and normalises a v3 call's input; throws a WatiValidationError naming every bad field. */
export function prepareV3Input(
  operation: V3Operation,
  input: unknown,
  secrets: readonly string[] = [],
): PreparedV3Input {
  const raw = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const parsed = inputSchemaOf(operation).safeParse(coerceQuery(operation, raw));
  if (!parsed.success)
    throw validationError(operation.id, violationsFromIssues(parsed.error.issues), secrets);
  const data = { ...(parsed.data as Record<string, unknown>) };
  normalizeTargets(operation, data);
  const params: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    if (name in operation.params) params[name] = value;
    else body[name] = value;
  }
  const violations = [
    ...pathViolations(operation, params),
    ...operation.checkLimits({ params, body: operation.body ? body : undefined }),
  ];
  if (violations.length > 0) throw validationError(operation.id, violations, secrets);
  return { params, body: operation.body ? body : undefined };
}
