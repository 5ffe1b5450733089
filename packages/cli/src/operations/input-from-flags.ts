/**
 * Turns a command's flag values (and an optional JSON body) into an operation's input: numbers
 * parsed, JSON and `name=value` pairs decoded, phone numbers normalised, files opened, then the
 * whole input checked against the registry schema and WhatsApp's limits. Every problem is
 * reported under the flag that caused it (exit code 3).
 */
import { checkLimits, normalizePhone, type Operation } from '@watigate/spec';
import { validationError } from '../exit-codes.js';
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

export async function inputFromFlags(
  operation: Operation,
  specs: readonly FlagSpec[],
  sources: InputSources,
): Promise<Record<string, unknown>> {
  const problems: string[] = [];
  const input: Record<string, unknown> = { ...(sources.body ?? {}) };
  const byParam = new Map(specs.map((s) => [s.param, s]));
  const flagOf = (param: string) => (byParam.has(param) ? `--${byParam.get(param)?.flag}` : param);

  for (const spec of specs) {
    const value = sources.values[spec.param];
    if (value === undefined) continue;
    try {
      input[spec.param] = await decode(spec, value, sources.openFile);
    } catch (error) {
      problems.push(`--${spec.flag}: ${(error as Error).message}`);
    }
  }
  for (const spec of specs) {
    const value = input[spec.param];
    if (!spec.phone || typeof value !== 'string') continue;
    const digits = normalizePhone(value);
    if (digits) input[spec.param] = digits;
    else {
      problems.push(
        `--${spec.flag}: "${value}" is not a phone number; give the country code and number, e.g. 14155551234 or "+1 415 555 1234"`,
      );
    }
  }
  if (problems.length === 0) {
    const parsed = operation.input.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          problems.push(`--body: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`);
          continue;
        }
        const [head, ...rest] = issue.path.map(String);
        const where = head === undefined ? '--body' : `${flagOf(head)}${rest.map((p) => `.${p}`).join('')}`;
        problems.push(
          `${where}: ${input[head ?? ''] === undefined && rest.length === 0 ? 'required' : issue.message}`,
        );
      }
    } else {
      for (const v of checkLimits(operation.id, parsed.data as Record<string, unknown>)) {
        const head = v.field.split(/[.[]/)[0] ?? v.field;
        problems.push(`${flagOf(head)}${v.field.slice(head.length)}: ${v.message}`);
      }
    }
  }
  if (problems.length > 0) {
    throw validationError(`Invalid input for ${operation.id}:\n  - ${problems.join('\n  - ')}`);
  }
  return input;
}
