/**
 * `--json` alone prints the whole answer; `--json fullName,wAid` (or `--json=fullName,wAid`) only those
 * fields, as gh does. Commander cannot give a flag an optional value without it swallowing the
 * next word (`watigate --json keys list`), so the field list is moved to a hidden
 * `--json-fields` flag before parsing: the word after `--json` is a field list when it reads as
 * one and is not a command's name.
 */
import type { Command } from 'commander';
import { isFieldList } from './select-fields.js';

/** Every command and alias name in the program, at any depth. */
export function commandNames(program: Command): Set<string> {
  const names = new Set<string>();
  const walk = (c: Command) => {
    for (const sub of c.commands) {
      names.add(sub.name());
      for (const alias of sub.aliases()) names.add(alias);
      walk(sub);
    }
  };
  walk(program);
  return names;
}

export function splitJsonFields(argv: readonly string[], commands: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (arg.startsWith('--json=')) {
      out.push('--json', '--json-fields', arg.slice('--json='.length));
      continue;
    }
    const next = argv[i + 1];
    if (arg === '--json' && next !== undefined && isFieldList(next) && !commands.has(next)) {
      out.push('--json', '--json-fields', next);
      i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}
