/**
 * Every error path of every command, as a person meets it: the built `watigate` run as a child
 * process against a real gateway with its built-in WATI sandbox (`serve --sandbox`). The commands
 * are enumerated from the commander program, so a new command without cases here fails the test.
 * Each run is checked for its exit code (docs/cli.md's table) and for what it prints: a flag, an
 * environment variable or a `watigate` command to fix it, and never the SDK's or HTTP's vocabulary
 * (`templates.send`, `GET /connections`, `baseUrl`, operation ids, "see details") or a phrase
 * said twice.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry, registryV3 } from '@watigate/spec';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandContext } from '../src/command-context.js';
import { createProgram } from '../src/create-program.js';
import { type ServeProcess, startServeProcess, watigateBin } from '../src/testing/index.js';
import { tempDir } from './harness.js';

interface Run {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

let gw: ServeProcess;
let home: string;
let readKey: string;
const dir = tempDir('watigate-cli-errors-');
const csv = join(dir, 'customers.csv');
const named = join(dir, 'named.csv');
const pdf = join(dir, 'invoice.pdf');
writeFileSync(csv, 'phone\n14155551234\n');
writeFileSync(named, 'phone,name\n14155551234,Ana\n');
writeFileSync(pdf, '%PDF-1.4 test');

/** Runs the built bin with a clean environment: PATH, an empty HOME and config folder, and `env`. */
function watigate(args: string[], env: Record<string, string> = {}, stdin = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [watigateBin, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: join(home, 'config'), ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ args, code, stdout, stderr });
    });
    // A command refused before it reads stdin (a bad flag) exits first: EPIPE is no failure here,
    // the exit code and the output say what happened.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
    child.stdin.end(stdin);
  });
}

/** Runs many at a time, two by two (the machine is shared). */
async function all<T>(items: readonly T[], fn: (item: T) => Promise<Run>): Promise<Run[]> {
  const out: Run[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return out;
}

const gatewayEnv = () => ({ WATIGATE_URL: gw.url, WATIGATE_API_KEY: gw.adminKey });

/** SDK and HTTP vocabulary that a CLI error must not print. */
const operationIds = [...registry.list, ...registryV3.list].map((o) => o.id);
const banned: Array<[string, RegExp]> = [
  ['an SDK method call', /\b\w+\.\w+\(/],
  ['an HTTP route', /\b(GET|POST|PUT|DELETE|PATCH) \//],
  ['createWatiClient', /createWatiClient/],
  [
    'a client option name',
    /\b(baseUrl|apiKey|idempotencyKey|expiresAt|dailySendCap|template_name|broadcast_name)\b/,
  ],
  ['an operation id', new RegExp(`\\b(${operationIds.join('|')})\\b`)],
  ['"see details"', /see details/i],
  ['a header name', /\b(Maton-Connection|Idempotency-Key|Authorization)\b/],
];

/** A run of six words said twice in one message. */
function repeatedPhrase(text: string): string | undefined {
  const words = text
    .toLowerCase()
    .replace(/\(request id [^)]*\)/g, '')
    .split(/[^a-z0-9_'-]+/)
    .filter(Boolean);
  const seen = new Set<string>();
  for (let i = 0; i + 6 <= words.length; i++) {
    const phrase = words.slice(i, i + 6).join(' ');
    if (seen.has(phrase)) return phrase;
    seen.add(phrase);
  }
  return undefined;
}

/** What is wrong with what a failed run printed, if anything. */
function problemsOf(run: Run): string[] {
  const text = run.stderr;
  const problems: string[] = [];
  for (const [what, re] of banned) if (re.test(text)) problems.push(`prints ${what}: ${re.exec(text)?.[0]}`);
  const twice = repeatedPhrase(text);
  if (twice) problems.push(`says "${twice}" twice`);
  if (!/--[a-z]|`watigate |WATIGATE_/.test(text)) problems.push('names no flag, variable or command');
  if (text.trim() === '') problems.push('prints nothing on stderr');
  return problems;
}

/** Every command with an action, as its words (`contacts list`), from the commander program. */
function commandsOf(): Array<{ path: string; command: Command }> {
  const io = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: {},
    cwd: dir,
    isTTY: { stdin: false, stdout: false, stderr: false },
  };
  const out: Array<{ path: string; command: Command }> = [];
  const walk = (c: Command, path: string[]) => {
    const subs = c.commands.filter((s) => s.name() !== 'help' || path.length === 0);
    if (path.length > 0 && subs.length === 0) out.push({ path: path.join(' '), command: c });
    for (const s of subs) walk(s, [...path, s.name()]);
  };
  walk(createProgram(createCommandContext(io)), []);
  return out;
}

const connection = () => gw.sandbox.connectionId;

/**
 * A well-formed invocation of each command, the base of its error cases: a case changes one
 * thing. `gateway` marks the commands that talk to the gateway (the settings cases apply).
 */
const valid = (): Record<string, { args: string[]; gateway: boolean }> => ({
  login: { args: ['login', '--url', gw.url, '--api-key', gw.adminKey], gateway: false },
  'profiles list': { args: ['profiles', 'list'], gateway: false },
  'profiles use': { args: ['profiles', 'use', 'default'], gateway: false },
  'profiles remove': { args: ['profiles', 'remove', 'default'], gateway: false },
  'profiles set-api-version': { args: ['profiles', 'set-api-version', 'v1'], gateway: false },
  'keys list': { args: ['keys', 'list'], gateway: true },
  'keys create': { args: ['keys', 'create', '--scope', 'wati:read'], gateway: true },
  'keys revoke': { args: ['keys', 'revoke', 'key_nosuch', '--yes'], gateway: true },
  'connections list': { args: ['connections', 'list'], gateway: true },
  'connections create': { args: ['connections', 'create'], gateway: true },
  'connections get': { args: ['connections', 'get', connection()], gateway: true },
  'connections delete': { args: ['connections', 'delete', 'c-nosuch', '--yes'], gateway: true },
  'connections open': { args: ['connections', 'open', connection()], gateway: true },
  'contacts list': { args: ['contacts', 'list'], gateway: true },
  'contacts add': { args: ['contacts', 'add', '--phone', '14155550100', '--name', 'Ana'], gateway: true },
  'contacts update': {
    args: ['contacts', 'update', '--phone', '14155551234', '--custom-params', 'city=Paris'],
    gateway: true,
  },
  'contacts get': { args: ['contacts', 'get', '--target', '14155551234'], gateway: true },
  'contacts count': { args: ['contacts', 'count'], gateway: true },
  'contacts teams': {
    args: ['contacts', 'teams', '--target', '14155551234', '--teams', '["Support"]'],
    gateway: true,
  },
  'messages list': { args: ['messages', 'list', '--phone', '14155551234'], gateway: true },
  'messages send': { args: ['messages', 'send', '--phone', '14155551234', '--text', 'hi'], gateway: true },
  'messages send-file': {
    args: ['messages', 'send-file', '--phone', '14155551234', '--file', pdf],
    gateway: true,
  },
  'messages send-file-url': {
    args: ['messages', 'send-file-url', '--phone', '14155551234', '--file-url', 'https://example.com/a.pdf'],
    gateway: true,
  },
  'conversations status': {
    args: ['conversations', 'status', '--target', '14155551234', '--status', 'solved'],
    gateway: true,
  },
  'templates list': { args: ['templates', 'list'], gateway: true },
  'templates get': { args: ['templates', 'get', '--template-id', 'tpl-nosuch'], gateway: true },
  'templates schedule': {
    args: [
      'templates',
      'schedule',
      '--phone',
      '14155551234',
      '--template',
      'order_update',
      '--parameters',
      'name=Ana',
      '--scheduled-at',
      '2030-01-01T09:00:00Z',
    ],
    gateway: true,
  },
  'broadcasts list': { args: ['broadcasts', 'list'], gateway: true },
  'broadcasts get': { args: ['broadcasts', 'get', '--broadcast-id', 'b-nosuch'], gateway: true },
  'broadcasts overview': {
    args: ['broadcasts', 'overview', '--date-from', '2026-01-01', '--date-to', '2026-12-31'],
    gateway: true,
  },
  'broadcasts recipients': {
    args: ['broadcasts', 'recipients', '--broadcast-id', 'b-nosuch'],
    gateway: true,
  },
  'channels list': { args: ['channels', 'list'], gateway: true },
  'chatbots list': { args: ['chatbots', 'list'], gateway: true },
  'chatbots start': {
    args: ['chatbots', 'start', '--target', '14155551234', '--chatbot-id', 'bot-nosuch'],
    gateway: true,
  },
  'templates send': {
    args: [
      'templates',
      'send',
      '--phone',
      '14155551234',
      '--template',
      'order_update',
      '--parameters',
      'name=Ana',
    ],
    gateway: true,
  },
  'interactive buttons': {
    args: [
      'interactive',
      'buttons',
      '--phone',
      '14155551234',
      '--text',
      'Pick',
      '--buttons',
      '[{"text":"a"}]',
    ],
    gateway: true,
  },
  'interactive list': {
    args: [
      'interactive',
      'list',
      '--phone',
      '14155551234',
      '--text',
      'Pick',
      '--button-text',
      'Open',
      '--sections',
      '[{"title":"s","rows":[{"title":"r"}]}]',
    ],
    gateway: true,
  },
  'operators assign': { args: ['operators', 'assign', '--phone', '14155551234'], gateway: true },
  'media get': {
    args: ['media', 'get', '--message-id', 'm-nosuch', '--output', join(dir, 'x.jpg')],
    gateway: true,
  },
  broadcast: {
    args: ['broadcast', '--template', 'order_update', '--csv', named, '--dry-run'],
    gateway: true,
  },
  'events tail': { args: ['events', 'tail'], gateway: true },
  serve: { args: ['serve', '--port', '0'], gateway: false },
  sandbox: { args: ['sandbox', '--port', '0'], gateway: false },
  'rotate-key': { args: ['rotate-key', '--data-dir', dir], gateway: false },
  mcp: { args: ['mcp'], gateway: false },
  help: { args: ['help'], gateway: false },
});

/** The invocation without `--flag` and its values (up to the next flag). */
function without(args: string[], flag: string): string[] {
  const at = args.indexOf(flag);
  if (at < 0) return args;
  let end = at + 1;
  while (end < args.length && !args[end]?.startsWith('--')) end++;
  return [...args.slice(0, at), ...args.slice(end)];
}

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  stdin?: string;
  code: number;
  /** What stderr must also say, beyond the checks every case gets. */
  says?: RegExp;
}

/** The cases every command gets: an unknown flag, each required flag or argument left out. */
function usageCases(path: string, command: Command, args: string[]): Case[] {
  const cases: Case[] = [{ name: `${path}: an unknown flag`, args: [...args, '--no-such-flag'], code: 2 }];
  for (const option of command.options) {
    if (!(option.mandatory || /\(required\)/.test(option.description)) || !option.long) continue;
    cases.push({ name: `${path}: without ${option.long}`, args: without(args, option.long), code: 2 });
  }
  const depth = path.split(' ').length;
  if (command.registeredArguments.some((a) => a.required)) {
    cases.push({ name: `${path}: without its argument`, args: args.slice(0, depth), code: 2 });
  }
  return cases;
}

/** The settings cases of a command that talks to the gateway. */
function settingsCases(path: string, args: string[]): Case[] {
  return [
    { name: `${path}: nothing configured`, args, env: {}, code: 4 },
    { name: `${path}: a profile typo`, args: ['-p', 'nosuch', ...args], env: gatewayEnv(), code: 2 },
    {
      name: `${path}: a URL that is not one`,
      args: ['--url', 'notaurl', ...args],
      env: gatewayEnv(),
      code: 2,
    },
    {
      name: `${path}: a refused key`,
      args,
      env: { ...gatewayEnv(), WATIGATE_API_KEY: 'wg_not_a_real_key_000000000000000000000000' },
      code: 4,
    },
    {
      name: `${path}: the gateway unreachable`,
      args,
      env: { ...gatewayEnv(), WATIGATE_URL: 'http://127.0.0.1:9' },
      code: 9,
    },
  ];
}

/** The errors particular to each command. */
const runtimeCases = (): Case[] => {
  const env = gatewayEnv();
  const read = { ...env, WATIGATE_API_KEY: readKey };
  return [
    { name: 'login: no URL', args: ['login', '--api-key', 'wg_x'], env: {}, code: 2 },
    {
      name: 'login: a refused key',
      args: ['login', '--url', gw.url, '--api-key-stdin'],
      stdin: 'wg_nope',
      code: 4,
    },
    {
      name: 'login: unreachable',
      args: ['login', '--url', 'http://127.0.0.1:9', '--api-key', 'wg_x'],
      code: 9,
    },
    {
      name: 'login: a URL that is not one',
      args: ['login', '--url', 'notaurl', '--api-key', 'wg_x'],
      code: 2,
    },
    { name: 'profiles use: no such profile', args: ['profiles', 'use', 'nosuch'], code: 2 },
    { name: 'profiles remove: no such profile', args: ['profiles', 'remove', 'nosuch'], code: 2 },
    {
      name: 'profiles list: a config file that is not JSON',
      args: ['profiles', 'list'],
      env: { XDG_CONFIG_HOME: join(dir, 'bad') },
      code: 1,
    },
    {
      name: 'profiles use: a config file that is not JSON',
      args: ['profiles', 'use', 'default'],
      env: { XDG_CONFIG_HOME: join(dir, 'bad') },
      code: 1,
    },
    {
      name: 'profiles remove: a config file that is not JSON',
      args: ['profiles', 'remove', 'default'],
      env: { XDG_CONFIG_HOME: join(dir, 'bad') },
      code: 1,
    },
    {
      name: 'profiles set-api-version: not a version',
      args: ['profiles', 'set-api-version', 'v2'],
      code: 2,
      says: /v1 or v3/,
    },
    {
      name: 'profiles set-api-version: no such profile',
      args: ['-p', 'nosuch', 'profiles', 'set-api-version', 'v1'],
      code: 2,
    },
    {
      name: 'contacts list: a bad --api-version',
      args: ['--api-version', 'v2', 'contacts', 'list'],
      env,
      code: 2,
      says: /--api-version must be v1 or v3/,
    },
    {
      name: 'contacts list: a bad WATIGATE_API_VERSION',
      args: ['contacts', 'list'],
      env: { ...env, WATIGATE_API_VERSION: 'v2' },
      code: 2,
      says: /WATIGATE_API_VERSION must be v1 or v3/,
    },
    {
      name: 'contacts get: no such contact',
      args: ['contacts', 'get', '--target', '19998887777'],
      env,
      code: 7,
    },
    {
      name: 'contacts get: not a target',
      args: ['contacts', 'get', '--target', 'a b'],
      env,
      code: 3,
    },
    {
      name: 'contacts count: under --api-version v1',
      args: ['--api-version', 'v1', 'contacts', 'count'],
      env,
      code: 2,
      says: /--api-version v3/,
    },
    {
      name: 'contacts teams: --teams not JSON',
      args: ['contacts', 'teams', '--target', '14155551234', '--teams', 'Support'],
      env,
      code: 2,
    },
    {
      name: 'messages send-file-url: not an http(s) URL',
      args: ['messages', 'send-file-url', '--phone', '14155551234', '--file-url', 'ftp://example.com/a.pdf'],
      env,
      code: 3,
    },
    {
      name: 'messages send: a v1-only flag under v3',
      args: ['messages', 'send', '--phone', '14155551234', '--text', 'hi', '--reply-context-id', 'wamid.x'],
      env,
      code: 2,
      says: /--api-version v1/,
    },
    {
      name: 'messages send: --phone and --target both',
      args: ['messages', 'send', '--phone', '14155551234', '--target', '14155551234', '--text', 'hi'],
      env,
      code: 2,
    },
    {
      name: 'conversations status: under WATIGATE_API_VERSION=v1',
      args: ['conversations', 'status', '--target', '14155551234', '--status', 'solved'],
      env: { ...env, WATIGATE_API_VERSION: 'v1' },
      code: 2,
      says: /WATIGATE_API_VERSION/,
    },
    {
      name: 'templates get: no such template',
      args: ['templates', 'get', '--template-id', 'tpl-nosuch'],
      env,
      code: 7,
    },
    {
      name: 'templates list: a v3-only flag under v1',
      args: ['--api-version', 'v1', 'templates', 'list', '--channel', 'Main'],
      env,
      code: 2,
      says: /--api-version v3/,
    },
    {
      name: 'templates schedule: a missing placeholder',
      args: [
        'templates',
        'schedule',
        '--phone',
        '14155551234',
        '--template',
        'order_update',
        '--scheduled-at',
        '2030-01-01T09:00:00Z',
      ],
      env,
      code: 3,
    },
    {
      name: 'broadcasts list: --page-size not a number',
      args: ['broadcasts', 'list', '--page-size', 'ten'],
      env,
      code: 2,
    },
    {
      name: 'broadcasts get: no such broadcast',
      args: ['broadcasts', 'get', '--broadcast-id', 'b-nosuch'],
      env,
      code: 7,
    },
    {
      name: 'broadcasts overview: under --api-version v1',
      args: [
        '--api-version',
        'v1',
        'broadcasts',
        'overview',
        '--date-from',
        '2026-01-01',
        '--date-to',
        '2026-12-31',
      ],
      env,
      code: 2,
    },
    {
      name: 'broadcasts recipients: no such broadcast',
      args: ['broadcasts', 'recipients', '--broadcast-id', 'b-nosuch'],
      env,
      code: 7,
    },
    {
      name: 'channels list: unknown connection',
      args: ['--connection', 'c-nosuch', 'channels', 'list'],
      env,
      code: 7,
    },
    {
      name: 'chatbots list: under --api-version v1',
      args: ['--api-version', 'v1', 'chatbots', 'list'],
      env,
      code: 2,
    },
    {
      name: 'chatbots start: a read-only key',
      args: ['chatbots', 'start', '--target', '14155551234', '--chatbot-id', 'bot-nosuch'],
      env: read,
      code: 4,
    },
    { name: 'keys list: a key without admin', args: ['keys', 'list'], env: read, code: 4 },
    {
      name: 'keys create: a bad --expires-at',
      args: ['keys', 'create', '--scope', 'admin', '--expires-at', 'tomorrow'],
      env,
      code: 2,
    },
    {
      name: 'keys create: an unknown scope',
      args: ['keys', 'create', '--scope', 'everything'],
      env,
      code: 2,
    },
    {
      name: 'keys create: --connections not connection ids (the gateway’s details, by flag)',
      args: ['keys', 'create', '--scope', 'wati:read', '--connections', 'nosuch'],
      env,
      code: 3,
    },
    {
      name: 'messages send: an --idempotency-key the gateway cannot take',
      args: ['messages', 'send', '--phone', '14155551234', '--text', 'hi', '--idempotency-key', 'bad key é'],
      env,
      code: 2,
    },
    { name: 'keys revoke: no such key', args: ['keys', 'revoke', 'key_nosuch', '--yes'], env, code: 7 },
    {
      name: 'keys revoke: no --yes and nothing to ask on',
      args: ['keys', 'revoke', 'key_nosuch'],
      env,
      code: 2,
      says: /--yes/,
    },
    { name: 'connections list: a key without the scope', args: ['connections', 'list'], env: read, code: 4 },
    {
      name: 'connections create: a key without the scope',
      args: ['connections', 'create'],
      env: read,
      code: 4,
    },
    { name: 'connections get: no such connection', args: ['connections', 'get', 'c-nosuch'], env, code: 7 },
    {
      name: 'connections delete: no such connection',
      args: ['connections', 'delete', 'c-nosuch', '--yes'],
      env,
      code: 7,
    },
    {
      name: 'connections delete: no --yes and nothing to ask on',
      args: ['connections', 'delete', 'c-nosuch'],
      env,
      code: 2,
      says: /--yes/,
    },
    { name: 'connections open: no such connection', args: ['connections', 'open', 'c-nosuch'], env, code: 7 },
    {
      name: 'connections list: a bad --status',
      args: ['connections', 'list', '--status', 'GONE'],
      env,
      code: 2,
    },
    {
      name: 'contacts list: unknown connection',
      args: ['--connection', 'c-nosuch', 'contacts', 'list'],
      env,
      code: 7,
    },
    {
      name: 'contacts list: --page-size not a number',
      args: ['contacts', 'list', '--page-size', 'ten'],
      env,
      code: 2,
    },
    {
      name: 'contacts list: --page-size over the limit',
      args: ['contacts', 'list', '--page-size', '5000'],
      env,
      code: 3,
    },
    {
      name: 'contacts add: not a phone number',
      args: ['contacts', 'add', '--phone', '12ab', '--name', 'Ana'],
      env,
      code: 3,
    },
    {
      name: 'contacts update: no such contact',
      args: ['contacts', 'update', '--phone', '19998887777', '--custom-params', 'a=b'],
      env,
      code: 8,
    },
    {
      name: 'contacts update: no such contact (v1)',
      args: ['--api-version', 'v1', 'contacts', 'update', '--phone', '19998887777', '--custom-params', 'a=b'],
      env,
      code: 8,
    },
    {
      name: 'contacts update: --custom-params not pairs',
      args: ['contacts', 'update', '--phone', '14155551234', '--custom-params', 'city'],
      env,
      code: 2,
    },
    {
      name: 'messages list: not a phone number',
      args: ['messages', 'list', '--phone', '12ab'],
      env,
      code: 3,
    },
    {
      name: 'messages send: WATI refuses (24-hour window closed)',
      args: ['messages', 'send', '--phone', '14155555678', '--text', 'hi'],
      env,
      code: 8,
    },
    {
      name: 'messages send: --dry-run to a closed window',
      args: ['messages', 'send', '--phone', '14155555678', '--text', 'hi', '--dry-run'],
      env,
      code: 3,
    },
    {
      name: 'messages send: a read-only key',
      args: ['messages', 'send', '--phone', '14155551234', '--text', 'hi'],
      env: read,
      code: 4,
    },
    {
      name: 'messages send-file: no such file',
      args: ['messages', 'send-file', '--phone', '14155551234', '--file', join(dir, 'nope.pdf')],
      env,
      code: 2,
    },
    {
      name: 'templates list: unknown connection',
      args: ['--connection', 'c-nosuch', 'templates', 'list'],
      env,
      code: 7,
    },
    {
      name: 'templates send: a missing placeholder',
      args: ['templates', 'send', '--phone', '14155551234', '--template', 'order_update'],
      env,
      code: 3,
    },
    {
      name: 'templates send: no such template',
      args: ['templates', 'send', '--phone', '14155551234', '--template', 'nosuch'],
      env,
      code: 3,
    },
    {
      name: 'templates send: --dry-run with a missing placeholder',
      args: [
        'templates',
        'send',
        '--phone',
        '14155551234',
        '--template',
        'appointment_reminder',
        '--parameters',
        'name=Ana',
        '--dry-run',
      ],
      env,
      code: 3,
    },
    {
      name: 'templates send: --parameters not pairs',
      args: [
        'templates',
        'send',
        '--phone',
        '14155551234',
        '--template',
        'order_update',
        '--parameters',
        'Ana',
      ],
      env,
      code: 2,
    },
    {
      name: 'interactive buttons: four buttons',
      args: [
        'interactive',
        'buttons',
        '--phone',
        '14155551234',
        '--text',
        'Pick',
        '--buttons',
        '[{"text":"a"},{"text":"b"},{"text":"c"},{"text":"d"}]',
      ],
      env,
      code: 3,
    },
    {
      name: 'interactive buttons: WATI refuses (window closed)',
      args: [
        'interactive',
        'buttons',
        '--phone',
        '14155555678',
        '--text',
        'Pick',
        '--buttons',
        '[{"text":"a"}]',
      ],
      env,
      code: 8,
    },
    {
      name: 'interactive list: --sections not JSON',
      args: [
        'interactive',
        'list',
        '--phone',
        '14155551234',
        '--text',
        'Pick',
        '--button-text',
        'Open',
        '--sections',
        '{nope',
      ],
      env,
      code: 2,
    },
    {
      name: 'interactive list: --body not JSON',
      args: ['interactive', 'list', '--phone', '14155551234', '--body', '{nope'],
      env,
      code: 2,
    },
    {
      name: 'operators assign: no such operator',
      args: ['operators', 'assign', '--phone', '14155551234', '--email', 'nobody@example.com'],
      env,
      code: 8,
    },
    {
      name: 'media get: no such message',
      args: ['media', 'get', '--message-id', 'm-nosuch', '--output', join(dir, 'x.jpg')],
      env,
      code: 7,
    },
    {
      // --file-name is v1's: pinned to v1.
      name: 'media get: no such file (v1)',
      args: ['media', 'get', '--file-name', 'nosuch.jpg', '--output', join(dir, 'x.jpg')],
      env: { ...env, WATIGATE_API_VERSION: 'v1' },
      code: 7,
    },
    {
      name: 'broadcast: a --csv that does not exist',
      args: ['broadcast', '--template', 'order_update', '--csv', join(dir, 'nope.csv'), '--dry-run'],
      env,
      code: 2,
    },
    {
      name: 'broadcast: no such template',
      args: ['broadcast', '--template', 'nosuch', '--csv', csv, '--dry-run'],
      env,
      code: 3,
    },
    {
      name: 'broadcast: without --yes and not on a terminal',
      args: ['broadcast', '--template', 'welcome_wati_v1', '--csv', named],
      env,
      code: 2,
    },
    {
      name: 'broadcast: a CSV without the placeholder column',
      args: ['broadcast', '--template', 'order_update', '--csv', csv, '--dry-run'],
      env,
      code: 3,
    },
    { name: 'events tail: a bad --since', args: ['events', 'tail', '--since', 'garbage'], env, code: 2 },
    { name: 'events tail: a key without events:read', args: ['events', 'tail'], env: read, code: 4 },
    { name: 'serve: --port not a number', args: ['serve', '--port', 'abc'], code: 2 },
    {
      name: 'serve: the port in use',
      args: ['serve', '--port', new URL(gw.url).port, '--data-dir', join(dir, 'serve')],
      code: 1,
    },
    { name: 'sandbox: --port not a number', args: ['sandbox', '--port', 'abc'], code: 2 },
    { name: 'sandbox: the port in use', args: ['sandbox', '--port', new URL(gw.url).port], code: 1 },
    {
      name: 'rotate-key: a master key that is not one',
      args: ['rotate-key', '--data-dir', join(dir, 'badkey')],
      code: 2,
    },
    { name: 'mcp: nothing configured', args: ['mcp'], env: {}, code: 4 },
    { name: 'mcp: an API version that is not one', args: ['--api-version', 'v2', 'mcp'], env: {}, code: 2 },
    {
      name: 'mcp: WATIGATE_API_VERSION that is not one',
      args: ['mcp'],
      env: { ...gatewayEnv(), WATIGATE_API_VERSION: 'v9' },
      code: 2,
      says: /WATIGATE_API_VERSION must be v1 or v3/,
    },
    { name: 'help: no such command', args: ['help', 'nosuch'], code: 2 },
    { name: 'an unknown command', args: ['contcts', 'list'], code: 2 },
  ];
};

beforeAll(async () => {
  // Dozens of refused keys from one address would trip the gateway's failed-key limiter.
  gw = await startServeProcess({ logLevel: 'error', env: { WATIGATE_AUTH_FAILURES_PER_MINUTE: '0' } });
  home = tempDir('watigate-cli-errors-home-');
  writeFileSync(join(dir, 'bad-config.json'), '');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(dir, 'bad', 'watigate'), { recursive: true });
  writeFileSync(join(dir, 'bad', 'watigate', 'config.json'), '{not json');
  mkdirSync(join(dir, 'badkey'), { recursive: true });
  writeFileSync(join(dir, 'badkey', 'master.key'), 'short');
  const created = await watigate(['--json', 'keys', 'create', '--scope', 'wati:read'], gatewayEnv());
  readKey = JSON.parse(created.stdout).secret;
}, 60_000);
afterAll(() => gw?.remove());

describe('every error path of every command, as a child process against serve --sandbox', () => {
  it('covers every command of the program', () => {
    const known = Object.keys(valid());
    expect(
      commandsOf()
        .map((c) => c.path)
        .filter((p) => !known.includes(p)),
    ).toEqual([]);
  });

  it('exits with the code of docs/cli.md’s table and prints the fix in the CLI’s terms, never SDK or HTTP vocabulary', async () => {
    const table = valid();
    const cases: Case[] = [];
    for (const { path, command } of commandsOf()) {
      const base = table[path];
      if (!base) continue;
      cases.push(...usageCases(path, command, base.args).map((c) => ({ ...c, env: gatewayEnv() })));
      if (base.gateway) cases.push(...settingsCases(path, base.args));
    }
    cases.push(...runtimeCases());
    const before = (await gw.sent()).length;
    const runs = await all(cases, (c) => watigate(c.args, c.env ?? {}, c.stdin));
    const failures = cases.flatMap((c, i) => {
      const run = runs[i] as Run;
      const wrong = [
        ...(run.code === c.code ? [] : [`exit ${run.code}, expected ${c.code}`]),
        ...(c.says === undefined || c.says.test(run.stderr) ? [] : [`does not say ${c.says}`]),
        ...problemsOf(run),
      ];
      return wrong.length > 0
        ? [
            `${c.name} (watigate ${c.args.join(' ')}):\n    ${wrong.join('\n    ')}\n    stderr: ${run.stderr.trim().replace(/\n/g, '\n            ')}`,
          ]
        : [];
    });
    expect(failures, failures.join('\n')).toEqual([]);
    // Not one of them reached a customer.
    expect((await gw.sent()).length).toBe(before);
    // Every command had its usage error, and every gateway command its settings errors.
    const paths = commandsOf().map((c) => c.path);
    for (const path of paths)
      expect(
        cases.some((c) => c.name.startsWith(`${path}: `) && c.code === 2),
        path,
      ).toBe(true);
    // …and one error met when it runs (a refused key, an unknown id, WATI's refusal, a bad file).
    const runtime = [
      ...runtimeCases(),
      ...paths.flatMap((p) => (table[p]?.gateway ? settingsCases(p, []) : [])),
    ];
    for (const path of paths.filter((p) => p !== 'help'))
      expect(
        runtime.some((c) => c.name.startsWith(`${path}: `)),
        `${path} has a runtime error case`,
      ).toBe(true);
  }, 600_000);

  it('rate limited: exit 5 when WATI keeps answering 429 after the retries', async () => {
    await gw.control('POST', '/faults', { status: 429, count: 10, retryAfterSeconds: 1 });
    try {
      const r = await watigate(['contacts', 'list'], gatewayEnv());
      expect(r.code, r.stderr).toBe(5);
      expect(problemsOf(r), r.stderr).toEqual([]);
    } finally {
      await gw.control('DELETE', '/faults');
    }
  }, 60_000);

  it('no ACTIVE connection left: exit 4, naming `watigate connections create`', async () => {
    // Set up over HTTP: whether `connections delete` asks for --yes is not this test's concern.
    const del = await fetch(`${gw.url}/connections/${connection()}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${gw.adminKey}` },
    });
    expect(del.ok).toBe(true);
    const r = await watigate(['contacts', 'list'], gatewayEnv());
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain('`watigate connections create --wait`');
    expect(problemsOf(r), r.stderr).toEqual([]);
  }, 60_000);
});
