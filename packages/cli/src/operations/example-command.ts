/**
 * The `watigate` command line that runs an operation with its registry example input, for
 * `--help`: flags named as flag-specs.ts names them, values quoted for a POSIX shell, so the line
 * works when pasted.
 */
import type { Operation } from '@watigate/spec';
import { type FlagSpec, flagSpecs } from './flag-specs.js';

/** `value` as one shell word: bare when safe, else in single quotes. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

function flagWords(spec: FlagSpec, value: unknown): string[] {
  if (spec.pairs && Array.isArray(value)) {
    const pairs = value as Array<{ name: string; value: string }>;
    return [`--${spec.flag}`, ...pairs.map((p) => shellQuote(`${p.name}=${p.value}`))];
  }
  const text = spec.kind === 'json' ? JSON.stringify(value) : String(value);
  return [`--${spec.flag}`, shellQuote(text)];
}

export function exampleCommand(
  operation: Operation,
  specs: readonly FlagSpec[] = flagSpecs(operation),
): string {
  if (!('command' in operation.cli)) throw new Error(`${operation.id} has no CLI command`);
  const example = operation.example as Record<string, unknown>;
  const words = ['watigate', operation.resource, operation.cli.command];
  for (const spec of specs) {
    if (example[spec.param] !== undefined) words.push(...flagWords(spec, example[spec.param]));
  }
  if (operation.response.type === 'binary') {
    const name =
      String(example.fileName ?? 'media.jpg')
        .split('/')
        .pop() ?? 'file';
    words.push('-o', shellQuote(name));
  }
  return words.join(' ');
}
