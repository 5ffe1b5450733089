/**
 * Turns a command's flag values (and an optional JSON body) into an operation's input: numbers
 * parsed, JSON and `name=value` pairs decoded, files opened. Checking the input is the client's
 * job (`prepareInput`: the registry's schema, phone numbers, WhatsApp's limits, run when the
 * command calls); this module maps what it finds back to the flags that caused it, so every
 * problem is reported under its flag: exit code 2 when a flag is missing or its value cannot be
 * read (not a number, not JSON), else 3 (refused before sending).
 */
import { prepareInput, WatiValidationError } from '@watigate/client';
import type { LimitViolation, Operation } from '@watigate/spec';
import { CliError, exitCodes } from '../exit-codes.js';
import type { FlagSpec } from './flag-specs.js';

export type RawValue = string | string[] | undefined;

export interface InputSources {
  /** Flag values by parameter name, as commander collected them. */
  values: Record<string, RawValue>;
  /** Parsed `--body` / `--body-file` JSON, merged under the flags. */
  body?: Record<string, unknown> | undefined;
  openFile: (path: string) => Promise<Blob>;
}

function decodeJson(spec: FlagSpec, raw: string[]): unknown {
  const first = raw[0] ?? '';
  if (spec.pairs && !/^\s*[[{]/.test(first)) {
    return raw.map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`expected name=value pairs or JSON, got "${pair}"`);
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
    });
  }
  if (raw.length > 1) throw new Error('give the JSON value once');
  try {
    return JSON.parse(first);
  } catch {
    throw new Error(`expected JSON${spec.pairs ? ' or name=value pairs' : ''}, got "${first}"`);
  }
}

async function decode(spec: FlagSpec, value: RawValue, openFile: InputSources['openFile']): Promise<unknown> {
  const raw = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const single = raw[raw.length - 1] ?? '';
  switch (spec.kind) {
    case 'number': {
      if (!/^-?\d+(\.\d+)?$/.test(single.trim())) throw new Error(`expected a number, got "${single}"`);
      return Number(single);
    }
    case 'json':
      return decodeJson(spec, raw);
    case 'file':
      return openFile(single);
    default:
      return single;
  }
}

/** The value at a violation's field path, e.g. `receivers[1].whatsappNumber`. */
function valueAt(input: Record<string, unknown>, field: string): unknown {
  let value: unknown = input;
  for (const key of field.split(/[.[\]]/).filter(Boolean)) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/** Lines for the violations, under the flag of the parameter at fault (unknown fields: one line). */
function flagLines(
  specs: readonly FlagSpec[],
  input: Record<string, unknown>,
  violations: readonly LimitViolation[],
): { lines: string[]; usage: boolean } {
  const byParam = new Map(specs.map((s) => [s.param, s]));
  const lines: string[] = [];
  const unknown: string[] = [];
  let usage = false;
  for (const v of violations) {
    if (v.limit === 'a known parameter') {
      unknown.push(v.field);
      continue;
    }
    const head = v.field.split(/[.[]/)[0] ?? v.field;
    const spec = byParam.get(head);
    const where = `${spec ? `--${spec.flag}` : head}${v.field.slice(head.length)}`;
    if (v.limit === 'a phone number with country code') {
      lines.push(
        `${where}: "${String(valueAt(input, v.field))}" is not a phone number; give the country code and number, e.g. 14155551234 or "+1 415 555 1234"`,
      );
    } else if (v.message.startsWith(`${v.field}: `)) {
      // A schema problem: its message follows the field name.
      const missing = input[head] === undefined && v.field === head;
      if (missing) usage = true;
      lines.push(`${where}: ${missing ? 'required' : v.message.slice(v.field.length + 2)}`);
    } else lines.push(`${where}: ${v.message}`);
  }
  if (unknown.length > 0) {
    usage = true;
    lines.push(`--body: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  }
  return { lines, usage };
}

/** The command that runs `operation`, e.g. `watigate templates send`. */
export const commandName = (operation: Operation) =>
  `watigate ${operation.resource}${'command' in operation.cli ? ` ${operation.cli.command}` : ''}`;

/**
 * The CLI's input error: every problem, each under its flag. Exit 2 when a flag is missing or
 * cannot be read (`problems` are such), else 3: nothing was sent.
 */
export function flagError(
  operation: Operation,
  specs: readonly FlagSpec[],
  input: Record<string, unknown>,
  problems: readonly string[],
  violations: readonly LimitViolation[],
): CliError {
  const found = flagLines(specs, input, violations);
  const lines = [...problems, ...found.lines];
  return new CliError(
    `Invalid input for \`${commandName(operation)}\`, nothing was sent:\n  - ${lines.join('\n  - ')}`,
    problems.length > 0 || found.usage ? exitCodes.usage : exitCodes.validation,
  );
}

/** What the client's validation finds in `input`, without sending anything. */
export function clientViolations(operation: Operation, input: Record<string, unknown>): LimitViolation[] {
  try {
    prepareInput(operation, input);
    return [];
  } catch (error) {
    if (error instanceof WatiValidationError) return error.violations;
    throw error;
  }
}

/**
 * Decodes the flags into the operation's input. When a flag cannot be decoded nothing can be
 * sent, so the error lists that and what the client's validation finds in the rest.
 */
export async function inputFromFlags(
  operation: Operation,
  specs: readonly FlagSpec[],
  sources: InputSources,
): Promise<Record<string, unknown>> {
  const problems: string[] = [];
  const input: Record<string, unknown> = { ...(sources.body ?? {}) };
  const failed = new Set<string>();
  for (const spec of specs) {
    const value = sources.values[spec.param];
    if (value === undefined) continue;
    try {
      input[spec.param] = await decode(spec, value, sources.openFile);
    } catch (error) {
      failed.add(spec.param);
      problems.push(`--${spec.flag}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) {
    const rest = clientViolations(operation, input).filter(
      (v) => !failed.has(v.field.split(/[.[]/)[0] ?? ''),
    );
    throw flagError(operation, specs, input, problems, rest);
  }
  return input;
}
