/**
 * One command per WATI operation, `watigate <group> <command>`: the v1/v2 registry's (named by
 * `operation.cli`) and v3's (v3-commands.ts). Where both versions do the same job it is one
 * command, which runs the version `--api-version` (WATIGATE_API_VERSION, the profile; default v3)
 * selects; a flag that only one version has is refused under the other, naming the version that
 * has it. Flags derive from the operations' parameters, `--help` examples from their examples;
 * `--body`/`--body-file` give JSON input, sends and writes take `--idempotency-key`, `media get`
 * streams the file to `-o`.
 */
import { type Operation, type Registry, registry, resourceDescriptions } from '@watigate/spec';
import { type Command, Option } from 'commander';
import type { CommandContext } from '../command-context.js';
import type { ApiVersion } from '../config/api-version.js';
import { usageError } from '../exit-codes.js';
import { exampleCommand } from '../operations/example-command.js';
import { type FlagSpec, flagSpecs } from '../operations/flag-specs.js';
import { type V3Command, v3Commands, v3GroupDescriptions } from '../operations/v3-commands.js';
import type { FlagUse } from './operation-io.js';
import { checkedSendsV1, runV1Operation, specsOfV1 } from './run-v1-operation.js';
import { checkedSendsV3, runV3Operation } from './run-v3-operation.js';

/** One command and the operation each API version runs for it. */
interface Entry {
  group: string;
  name: string;
  v1?: Operation;
  v3?: V3Command;
}

function entriesOf(operations: Registry): Entry[] {
  const entries: Entry[] = [];
  for (const operation of operations.list) {
    if ('command' in operation.cli)
      entries.push({ group: operation.resource, name: operation.cli.command, v1: operation });
  }
  for (const command of v3Commands()) {
    const { group, command: name } = command.spec;
    const shared = entries.find((e) => e.group === group && e.name === name);
    if (shared) shared.v3 = command;
    else entries.push({ group, name, v3: command });
  }
  return entries;
}

function v3Specs(command: V3Command): FlagSpec[] {
  return flagSpecs(command.operation, command.renames).map((spec) =>
    command.itemRequired.has(spec.param)
      ? { ...spec, required: true }
      : spec.param === 'broadcast_name' && command.spec.nest === 'recipients'
        ? { ...spec, required: false, description: `${spec.description} (default: <template>-<UTC time>)` }
        : spec,
  );
}

/** `--phone` for a v3 command whose target may be a phone number: the same as `--target`. */
const phoneAlias = (command: V3Command, specs: readonly FlagSpec[]): FlagSpec | undefined =>
  'target' in command.operation.params && !specs.some((s) => s.flag === 'phone')
    ? {
        param: 'target',
        flag: 'phone',
        kind: 'string',
        required: false,
        description: 'the phone number, with country code (the same as --target)',
        phone: true,
        pairs: false,
      }
    : undefined;

function optionFor(spec: FlagSpec, note: string): Option {
  const required = note === '' && spec.required && spec.param !== 'target' ? ' (required)' : '';
  const target = spec.param === 'target' && spec.flag === 'target' ? ' (required, or --phone)' : '';
  if (spec.kind === 'json') {
    const arg = spec.pairs ? '<name=value...>' : '<json>';
    const hint = spec.pairs ? '; name=value pairs or a JSON array' : '; JSON';
    return new Option(`--${spec.flag} ${arg}`, `${spec.description}${hint}${required}${target}${note}`);
  }
  const arg = spec.kind === 'file' ? '<path>' : spec.kind === 'number' ? '<n>' : '<value>';
  return new Option(`--${spec.flag} ${arg}`, `${spec.description}${required}${target}${note}`);
}

interface Flag {
  option: Option;
  v1?: FlagSpec;
  v3?: FlagSpec;
}

/** Every flag of the command, once, with the spec each version reads it with. */
function flagsOf(entry: Entry, v1: FlagSpec[], v3: FlagSpec[]): Map<string, Flag> {
  const flags = new Map<string, { v1?: FlagSpec; v3?: FlagSpec }>();
  for (const spec of v1) flags.set(spec.flag, { v1: spec });
  for (const spec of v3) flags.set(spec.flag, { ...flags.get(spec.flag), v3: spec });
  const both = entry.v1 !== undefined && entry.v3 !== undefined;
  const out = new Map<string, Flag>();
  for (const [flag, f] of flags) {
    const spec = f.v3 ?? f.v1;
    if (!spec) continue;
    // "(required)" only where every version needs the flag; else the help says which one has it.
    const note = !both ? '' : !f.v1 ? ' (--api-version v3 only)' : !f.v3 ? ' (--api-version v1 only)' : '';
    const bothRequired = (f.v1?.required ?? true) && (f.v3?.required ?? true);
    out.set(flag, { option: optionFor({ ...spec, required: bothRequired }, note), ...f });
  }
  return out;
}

/** Refuses a v3-only command under v1 (and the reverse), naming the setting that chose the version. */
function versionMissing(entry: Entry, version: ApiVersion, from: string): Error {
  const other: ApiVersion = version === 'v1' ? 'v3' : 'v1';
  return usageError(
    `\`watigate ${entry.group} ${entry.name}\` needs WATI's ${other} API, and ${from} selects ${version}. Run it with --api-version ${other}.`,
  );
}

/** Flags given that the version in use does not have. */
function refuseOtherVersionFlags(cmd: Command, flags: Map<string, Flag>, version: ApiVersion): void {
  for (const [flag, f] of flags) {
    if (f[version] !== undefined || cmd.getOptionValueSource(f.option.attributeName()) !== 'cli') continue;
    const other = version === 'v1' ? 'v3' : 'v1';
    throw usageError(
      `--${flag} exists only with --api-version ${other}; this command line runs WATI's ${version} API. Leave --${flag} out, or add --api-version ${other}.`,
    );
  }
}

function helpText(entry: Entry): string {
  const lines: string[] = [];
  if (entry.v3) {
    const op = entry.v3.operation;
    lines.push(`Runs WATI's v3 API: ${op.method} ${op.path}.`);
  }
  if (entry.v1) {
    const op = entry.v1;
    lines.push(
      `${entry.v3 ? 'With --api-version v1: ' : 'Runs '}WATI's ${op.id} (${op.method} ${op.path}).\n@see ${op.see}`,
    );
  }
  const examples: string[] = [];
  if (entry.v3) examples.push(`  $ ${exampleCommand(entry.v3.operation, v3Specs(entry.v3))}`);
  if (entry.v1)
    examples.push(
      `  $ ${exampleCommand(entry.v1).replace(/^watigate /, entry.v3 ? 'watigate --api-version v1 ' : 'watigate ')}`,
    );
  return `\n${lines.join('\n')}\n\nExample${examples.length > 1 ? 's' : ''}:\n${examples.join('\n')}`;
}

function registerOne(group: Command, entry: Entry, ctx: CommandContext): void {
  const v1Specs = entry.v1 ? specsOfV1(entry.v1) : [];
  const v3 = entry.v3;
  const v3SpecList = v3 ? v3Specs(v3) : [];
  const alias = v3 ? phoneAlias(v3, v3SpecList) : undefined;
  const flags = flagsOf(entry, v1Specs, alias ? [...v3SpecList, alias] : v3SpecList);
  const summary = (entry.v1 ?? v3?.operation)?.summary ?? '';
  const command = group.command(entry.name).description(summary).addHelpText('after', helpText(entry));
  for (const f of flags.values()) command.addOption(f.option);
  const hasJson =
    (entry.v1 && Object.values(entry.v1.params).some((p) => p.in === 'json')) ||
    v3?.v3.body?.contentType === 'application/json';
  if (hasJson) {
    command.option('--body <json>', 'the input as one JSON object (flags given as well override its fields)');
    command.option('--body-file <path>', 'read the JSON input from a file, or `-` for stdin');
  }
  const operations = [entry.v1, v3?.operation].filter((o) => o !== undefined);
  if (operations.some((o) => o.kind !== 'read')) {
    command.option(
      '--idempotency-key <key>',
      'sent as Idempotency-Key: the gateway replays the first answer',
    );
  }
  const checked = (entry.v1 && checkedSendsV1.has(entry.v1.id)) || (v3 && checkedSendsV3.has(v3.v3.id));
  if (checked) {
    command.option(
      '--dry-run',
      entry.group === 'templates'
        ? 'check the template and its placeholders, print what would be sent, send nothing'
        : 'check the 24-hour window, print what would be sent, send nothing',
    );
  }
  if (operations.some((o) => o.response.type === 'binary'))
    command.addOption(
      new Option('-o, --output <file>', 'where to write the file, `-` for stdout').makeOptionMandatory(),
    );

  command.action(async (opts: Record<string, unknown>, cmd: Command) => {
    const setting = await ctx.apiVersion(cmd);
    // A command of one version only runs it when no version was chosen (a v1-only command a
    // registry extension adds runs under the default); a version chosen otherwise is refused.
    const other: ApiVersion = setting.version === 'v1' ? 'v3' : 'v1';
    const version = entry[setting.version] || setting.chosen ? setting.version : other;
    if (!entry[version]) throw versionMissing(entry, version, setting.from);
    refuseOtherVersionFlags(cmd, flags, version);
    const uses = (which: ApiVersion): FlagUse[] =>
      [...flags.values()].flatMap((f) => {
        const spec = f[which];
        return spec && spec !== alias ? [{ spec, key: f.option.attributeName() }] : [];
      });
    if (version === 'v3' && v3) {
      const phoneKey = alias ? flags.get('phone')?.option.attributeName() : undefined;
      return runV3Operation(ctx, cmd, v3, uses('v3'), opts, phoneKey);
    }
    if (entry.v1) return runV1Operation(ctx, cmd, entry.v1, uses('v1'), opts);
  });
}

const groupDescriptions: Record<string, string> = { ...resourceDescriptions, ...v3GroupDescriptions };
const v3OnlyHeading = 'WATI, v3 only:';

/** A command group per resource, a command per operation that names one (`operation.cli`), v1 and v3. */
export function registerOperationCommands(
  program: Command,
  ctx: CommandContext,
  operations: Registry = registry,
): void {
  const groups = new Map<string, Command>();
  const entries = entriesOf(operations);
  for (const entry of entries) {
    let group = groups.get(entry.group);
    if (!group) {
      const examples = entries
        .filter((e) => e.group === entry.group)
        .map((e) =>
          e.v3 ? exampleCommand(e.v3.operation, v3Specs(e.v3)) : exampleCommand(e.v1 as Operation),
        );
      group = program
        .command(entry.group)
        .description(groupDescriptions[entry.group] ?? '')
        .addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}`);
      // The groups only v3 has are listed under a heading of their own.
      if (!(entry.group in resourceDescriptions)) group.helpGroup(v3OnlyHeading);
      groups.set(entry.group, group);
    }
    registerOne(group, entry, ctx);
  }
}
