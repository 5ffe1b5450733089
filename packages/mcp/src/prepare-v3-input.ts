/**
 * Pre-flight of a v3 tool call before anything is sent (and for a dry run, instead of sending):
 * the operation's parameter and body schemas from WATI's file, then WhatsApp's limits
 * (checkV3Limits). Every problem is reported, in the tool's terms: its name, and the snake_case
 * field names it takes (`contacts[0].custom_params`, not WATI's `customParams`).
 */
import { WatiValidationError } from '@watigate/client';
import {
  type LimitViolation,
  parseV3Target,
  snakeCase,
  type V3Operation,
  type V3RequestInput,
  v3PhoneDigits,
} from '@watigate/spec';
import type { z } from 'zod';

/** `recipients[3].phone_number` from zod's `['recipients', 3, 'phone_number']`. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}

function violationsOf(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): LimitViolation[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const field = fieldName([...prefix, ...issue.path, key]);
        return { field, limit: 'a known parameter', message: `${field} is not a parameter of this call` };
      });
    }
    const field = fieldName([...prefix, ...issue.path]) || '(input)';
    return [{ field, limit: issue.code, message: `${field}: ${issue.message}` }];
  });
}

/** camelCase words (WATI's `customParams`) as the tool names them. */
const inSnakeCase = (text: string) => text.replace(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g, (w) => snakeCase(w));

/** A validation error for `tool` listing every violation, with the tool's field names. */
export function v3ValidationError(tool: string, violations: readonly LimitViolation[]): WatiValidationError {
  const spoken = violations.map((v) => ({
    ...v,
    field: inSnakeCase(v.field),
    message: inSnakeCase(v.message),
  }));
  return new WatiValidationError(`${tool} was not sent: ${spoken.map((v) => v.message).join('; ')}`, spoken);
}

/** Checks a v3 request input; returns it, or throws a WatiValidationError naming every problem. */
export function prepareV3Input(tool: string, operation: V3Operation, input: V3RequestInput): V3RequestInput {
  const violations: LimitViolation[] = [];
  const params = input.params ?? {};
  for (const [name, spec] of Object.entries(operation.params)) {
    const checked = spec.schema.safeParse(params[name]);
    if (!checked.success) violations.push(...violationsOf(checked.error.issues, [name]));
  }
  if (operation.body) {
    const checked = operation.body.schema.safeParse(input.body ?? {});
    if (!checked.success) violations.push(...violationsOf(checked.error.issues, []));
  }
  const reported = new Set(violations.map((v) => v.field));
  violations.push(...operation.checkLimits(input).filter((v) => !reported.has(v.field)));
  if (violations.length > 0) throw v3ValidationError(tool, violations);
  return normalizeTargets(input);
}

/** A valid target as WATI takes it: a phone's digits only (`+1 415-555-1234` → `14155551234`). */
export function normalizeTarget(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const target = parseV3Target(value);
  if (target?.kind === 'phone') return target.phone;
  if (target?.kind === 'channelPhone') return `${target.channel}:${target.phone}`;
  return target ? target.id : value;
}

type Obj = Record<string, unknown>;

/** Every target and phone number of a checked input, normalised (the checks accepted them). */
function normalizeTargets(input: V3RequestInput): V3RequestInput {
  const params = { ...input.params };
  if ('target' in params) params.target = normalizeTarget(params.target);
  if (typeof input.body !== 'object' || input.body === null) return { ...input, params };
  const body: Obj = { ...(input.body as Obj) };
  if ('target' in body) body.target = normalizeTarget(body.target);
  if (typeof body.whatsapp_number === 'string')
    body.whatsapp_number = v3PhoneDigits(body.whatsapp_number) ?? body.whatsapp_number;
  if (Array.isArray(body.contacts))
    body.contacts = body.contacts.map((c: Obj) => ({ ...c, target: normalizeTarget(c.target) }));
  if (Array.isArray(body.recipients)) {
    body.recipients = body.recipients.map((r: Obj) => ({
      ...r,
      phone_number:
        typeof r.phone_number === 'string'
          ? (v3PhoneDigits(r.phone_number) ?? r.phone_number)
          : r.phone_number,
    }));
  }
  return { params, body };
}
