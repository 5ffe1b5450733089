/**
 * Pre-flight for one operation call: the registry's input schema, phone-number normalisation and
 * WhatsApp's limits, all before anything is sent. Every problem is reported, not only the first.
 */
import { checkLimits, type LimitViolation, normalizePhone, type Operation } from '@watigate/spec';
import type { z } from 'zod';
import { WatiValidationError } from './errors.js';
import { redact } from './redact.js';

/** `buttons[3].text` from zod's `['buttons', 3, 'text']`. */
export function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}

/** Turns zod issues into violations; values are never quoted, so nothing sensitive is echoed. */
export function violationsFromIssues(issues: readonly z.core.$ZodIssue[]): LimitViolation[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const field = fieldName([...issue.path, key]);
        return { field, limit: 'a known parameter', message: `${field} is not a parameter of this call` };
      });
    }
    const field = fieldName(issue.path) || '(input)';
    return [{ field, limit: issue.code, message: `${field}: ${issue.message}` }];
  });
}

function normalize(value: unknown, field: string, out: LimitViolation[]): unknown {
  if (typeof value !== 'string') return value;
  const digits = normalizePhone(value);
  if (digits === undefined) {
    out.push({
      field,
      limit: 'a phone number with country code',
      message: `${field} "${value}" is not a phone number; use the country code and number, e.g. 14155551234`,
    });
    return value;
  }
  return digits;
}

/**
 * A `WatiValidationError` listing every violation. Messages quote the values at fault, so any
 * secret pasted into a field by mistake is redacted from them.
 */
export function validationError(
  operationId: string,
  violations: LimitViolation[],
  secrets: readonly string[] = [],
): WatiValidationError {
  const safe = violations.map((v) => ({ ...v, message: redact(v.message, secrets) }));
  const list = safe.map((v) => v.message).join('; ');
  return new WatiValidationError(`${operationId} was not sent: ${list}`, safe);
}

/** Validates and normalises an operation's input; returns the input to put on the wire. */
export function prepareInput(
  operation: Operation,
  input: unknown,
  secrets: readonly string[] = [],
): Record<string, unknown> {
  const parsed = operation.input.safeParse(input ?? {});
  if (!parsed.success)
    throw validationError(operation.id, violationsFromIssues(parsed.error.issues), secrets);
  const data = { ...(parsed.data as Record<string, unknown>) };
  const violations: LimitViolation[] = [];
  if ('whatsappNumber' in data)
    data.whatsappNumber = normalize(data.whatsappNumber, 'whatsappNumber', violations);
  if (Array.isArray(data.receivers)) {
    data.receivers = data.receivers.map((receiver: Record<string, unknown>, i: number) => ({
      ...receiver,
      whatsappNumber: normalize(receiver.whatsappNumber, `receivers[${i}].whatsappNumber`, violations),
    }));
  }
  // checkLimits checks numbers too; report each bad number once.
  const reported = new Set(violations.map((v) => v.field));
  violations.push(...checkLimits(operation.id, data).filter((v) => !reported.has(v.field)));
  if (violations.length > 0) throw validationError(operation.id, violations, secrets);
  return data;
}
