/**
 * The wati skill: frontmatter valid for Agent Skills (agentskills.io/specification) and OpenClaw
 * (`metadata.openclaw`, docs.openclaw.ai/tools/skills), and every curl example aimed at a path the
 * gateway serves: its control plane or `/wati/` plus a registry endpoint (v1/v2 or v3).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { matchOperation, matchV3, operationList } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CurlExample, extractCurlExamples, shellWords } from '../extract-curl-examples.js';

const file = fileURLToPath(new URL('./SKILL.md', import.meta.url));
const text = readFileSync(file, 'utf8');
const [, frontmatterText = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
const frontmatter = parse(frontmatterText) as Record<string, unknown>;
const metadata = frontmatter.metadata as Record<string, unknown>;
const openclaw = metadata.openclaw as {
  requires: { env: string[]; bins?: string[] };
  primaryEnv: string;
  envVars: Array<{ name: string; required?: boolean; description?: string }>;
  emoji: string;
  homepage: string;
};
const examples = extractCurlExamples(text);

/** The one control call that exists only on the built-in sandbox. */
const sandboxInbound = '/sandbox/_sandbox/1000001/inbound';

/** The WATI operation an example calls, v1/v2 or v3: its id, class and whether it sends a template. */
function watiOperation(example: CurlExample): { id: string; kind: string; template: boolean } | undefined {
  if (!example.path.startsWith('/wati/')) return undefined;
  const path = example.path.slice('/wati'.length);
  const v1 = matchOperation(example.method, path)?.operation;
  if (v1) return { id: v1.id, kind: v1.kind, template: v1.resource === 'templates' };
  const v3 = matchV3(example.method, path)?.operation;
  if (v3) return { id: v3.id, kind: v3.kind, template: v3.tag === 'MessageTemplate' };
  return undefined;
}

function classify(example: CurlExample): 'control' | 'events' | 'wati' | 'sandbox' | 'unknown' {
  if (example.path === '/connections' || example.path === '/connections/$connection_id') return 'control';
  if (example.path === '/events') return 'events';
  if (example.path === sandboxInbound) return 'sandbox';
  if (watiOperation(example)) return 'wati';
  return 'unknown';
}

describe('skills/wati/SKILL.md frontmatter', () => {
  it('has only the top-level keys Agent Skills allows', () => {
    const allowed = ['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools'];
    expect(Object.keys(frontmatter).filter((k) => !allowed.includes(k))).toEqual([]);
  });

  it('is named like its folder, in lowercase words joined by single hyphens', () => {
    expect(frontmatter.name).toBe(basename(dirname(file)));
    expect(frontmatter.name).toMatch(/^(?=.{1,64}$)[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('says what and when in at most 1024 characters; compatibility in at most 500', () => {
    const description = frontmatter.description as string;
    expect(description.length).toBeGreaterThan(0);
    expect(description.length).toBeLessThanOrEqual(1024);
    expect(description).toMatch(/Use when/);
    expect((frontmatter.compatibility as string).length).toBeLessThanOrEqual(500);
    expect(typeof frontmatter.license).toBe('string');
  });

  it('keeps metadata strings, apart from the openclaw block', () => {
    for (const [key, value] of Object.entries(metadata)) {
      if (key !== 'openclaw') expect(typeof value, key).toBe('string');
    }
  });

  it('declares the gateway variables for OpenClaw, consistently', () => {
    expect(openclaw.requires.env).toEqual(['WATIGATE_URL', 'WATIGATE_API_KEY']);
    expect(openclaw.requires.env).toContain(openclaw.primaryEnv);
    expect(openclaw.primaryEnv).toBe('WATIGATE_API_KEY');
    const required = openclaw.envVars.filter((v) => v.required !== false).map((v) => v.name);
    const optional = openclaw.envVars.filter((v) => v.required === false).map((v) => v.name);
    expect(required).toEqual(openclaw.requires.env);
    expect(optional).toEqual(['WATIGATE_CONNECTION']);
    for (const v of openclaw.envVars) expect(v.description, v.name).toBeTruthy();
    expect(openclaw.emoji).toBeTruthy();
    expect(openclaw.homepage).toMatch(/^https:\/\//);
  });

  it('uses block style only, as the reference validator (strictyaml) refuses flow style', () => {
    const flow = frontmatterText.split('\n').filter((line) => /(:|^\s*-)\s+[[{]/.test(line));
    expect(flow).toEqual([]);
  });

  it('survives OpenClaw flattening metadata to JSON and reading it back', () => {
    expect(JSON.parse(JSON.stringify(metadata))).toEqual(metadata);
  });

  it('uses no upper-case variable it does not declare (ClawHub flags undeclared env)', () => {
    const declared = openclaw.envVars.map((v) => v.name);
    const used = [...new Set([...body.matchAll(/\$\{?([A-Z][A-Z0-9_]*)\b/g)].map((m) => m[1]))];
    expect(used.filter((v) => !declared.includes(v as string))).toEqual([]);
  });

  it('keeps the body under 500 lines', () => {
    expect(body.split('\n').length).toBeLessThan(500);
  });
});

describe('skills/wati/SKILL.md curl examples', () => {
  it('are extracted with method, path, headers and body', () => {
    expect(examples.length).toBeGreaterThanOrEqual(operationList.length + 4);
    const csv = examples.find((e) => e.path === '/wati/api/v1/sendTemplateMessageCSV');
    expect(csv).toMatchObject({
      method: 'POST',
      query: 'template_name=order_update&broadcast_name=order_update',
      headers: { authorization: 'Bearer $WATIGATE_API_KEY' },
      form: ['whatsapp_numbers_csv=@receivers.csv;type=text/csv'],
      setup: ["printf 'phone,name\\n14155551234,John\\n14155555678,Jane\\n' > receivers.csv"],
    });
  });

  it('each aim at the control plane, /events, /wati/ plus a registry endpoint, or the one sandbox call', () => {
    const wrong = examples
      .filter((e) => classify(e) === 'unknown')
      .map((e) => `${e.line}: ${e.method} ${e.path}`);
    expect(wrong).toEqual([]);
    expect(examples.filter((e) => classify(e) === 'sandbox')).toHaveLength(1);
  });

  it('cover every registry endpoint', () => {
    const covered = new Set(examples.map((e) => watiOperation(e)?.id));
    expect(operationList.map((o) => o.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('show v3 beside v1: contacts, a conversation, a text, a template to several, a template by id, a status, broadcasts', () => {
    const v3 = examples.map((e) => watiOperation(e)?.id).filter((id) => id?.startsWith('v3'));
    expect(new Set(v3)).toEqual(
      new Set([
        'v3GetContacts',
        'v3GetConversationsByTargetMessages',
        'v3PostConversationsMessagesText',
        'v3GetMessageTemplates',
        'v3PostMessageTemplatesSend',
        'v3GetMessageTemplatesByTemplateId',
        'v3PutConversationsByTargetStatus',
        'v3GetBroadcasts',
      ]),
    );
    const send = examples.find((e) => watiOperation(e)?.id === 'v3PostMessageTemplatesSend');
    const body = JSON.parse(send?.data[0] ?? '{}') as { recipients: unknown[] };
    expect(body.recipients.length).toBeGreaterThan(1);
    // Beside the seed's: each v3 example follows a v1/v2 example of its own section.
    examples.forEach((e, i) => {
      if (!watiOperation(e)?.id.startsWith('v3')) return;
      const v1Before = examples
        .slice(0, i)
        .some((x) => x.section === e.section && watiOperation(x) && !watiOperation(x)?.id.startsWith('v3'));
      expect(v1Before, `line ${e.line}`).toBe(true);
    });
  });

  it('read a template by the id a template list answered', () => {
    const list = examples.findIndex((e) => watiOperation(e)?.id === 'v3GetMessageTemplates');
    const byId = examples.findIndex((e) => watiOperation(e)?.id === 'v3GetMessageTemplatesByTemplateId');
    expect(list).toBeGreaterThanOrEqual(0);
    expect(byId).toBeGreaterThan(list);
    expect(examples[byId]?.variables).toContain('template_id');
  });

  it('cover listing, creating, reading and deleting connections', () => {
    const control = examples.filter((e) => classify(e) === 'control').map((e) => `${e.method} ${e.path}`);
    expect(control).toEqual([
      'GET /connections',
      'POST /connections',
      'GET /connections/$connection_id',
      'DELETE /connections/$connection_id',
    ]);
  });

  it('use curl -s -g, a quoted "$WATIGATE_URL" and the Watigate key', () => {
    for (const e of examples) {
      expect(e.command, `line ${e.line}`).toMatch(/curl -s (-g )?.*"\$WATIGATE_URL/);
      if (classify(e) === 'sandbox') continue;
      expect(e.flags, `line ${e.line}`).toEqual(expect.arrayContaining(['-s', '-g']));
      expect(e.headers.authorization, `line ${e.line}`).toBe('Bearer $WATIGATE_API_KEY');
    }
  });

  it('play the customer (sandbox only) before the first session send, and say so', () => {
    const sessionSend = examples.findIndex((e) => {
      const op = watiOperation(e);
      return op?.kind === 'send' && !op.template;
    });
    const inbound = examples.findIndex((e) => classify(e) === 'sandbox');
    expect(inbound).toBeGreaterThanOrEqual(0);
    expect(inbound).toBeLessThan(sessionSend);
    const before = text
      .split('\n')
      .slice(0, (examples[inbound] as CurlExample).line)
      .join('\n');
    expect(before.slice(-600)).toMatch(/\*\*Sandbox only\*\*/);
    expect(examples[inbound]?.data).toEqual(['{"whatsappNumber":"14155551234","text":"hi"}']);
  });

  it('show the listening loop: a cursor, a template, a long poll for the reply after it, a session answer', () => {
    const loop = examples.filter((e) => e.section === 'Listening for replies');
    const steps = loop.map((e) => watiOperation(e)?.id ?? `${e.method} ${e.path}?${e.query}`);
    expect(steps).toEqual([
      'GET /events?after=latest',
      'sendTemplateMessageV2',
      'GET /events?after=$cursor&type=message.received&whatsappNumber=14155551234&wait=30',
      'sendSessionMessage',
    ]);
  });

  it('use only the declared variables and the connection_id, file_name, template_id and cursor placeholders', () => {
    const allowed = [
      'WATIGATE_URL',
      'WATIGATE_API_KEY',
      'WATIGATE_CONNECTION',
      'connection_id',
      'file_name',
      'template_id',
      'cursor',
    ];
    const extra = examples.flatMap((e) => e.variables).filter((v) => !allowed.includes(v));
    expect(extra).toEqual([]);
  });

  it('use the sandbox’s seeded numbers and approved templates', () => {
    const templates = examples.flatMap((e) =>
      [...`${e.query} ${e.data.join(' ')}`.matchAll(/"?template_name"?[=:]"?(\w+)/g)].map((m) => m[1]),
    );
    expect(new Set(templates)).toEqual(new Set(['order_update', 'appointment_reminder']));
  });
});

describe('shellWords', () => {
  it('keeps quoted text whole and drops the quotes', () => {
    expect(
      shellWords(`curl -s "$WATIGATE_URL/x?a=1" -H 'content-type: application/json' -d '{"a":"b c"}'`),
    ).toEqual([
      'curl',
      '-s',
      '$WATIGATE_URL/x?a=1',
      '-H',
      'content-type: application/json',
      '-d',
      '{"a":"b c"}',
    ]);
  });
});
