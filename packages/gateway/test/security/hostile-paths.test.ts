/**
 * Path safety: a corpus of hostile request targets and headers (fixtures/hostile-requests.json,
 * ≥ 200 entries: `..` in every encoding, encoded slashes and backslashes, `@` and `#` tricks,
 * absolute URLs, CRLF in headers, overlong paths, duplicate connection headers, null bytes,
 * unicode dots), each sent raw, plus property-based fuzzing of paths, queries, headers and JSON
 * bodies. Whatever arrives, no request reaches any origin but the connection's (an "evil" listener
 * must see nothing), the connection's upstream only ever sees registry paths under its base path,
 * and the gateway never answers 500.
 */
import { readFileSync } from 'node:fs';
import { matchOperation, operationList, registryV3 } from '@watigate/spec';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/harness.js';
import { type Listener, rawHttp, startListener } from './support/recording-upstreams.js';

interface Entry {
  name: string;
  target: string;
  method?: string;
  host?: string;
  headers?: Array<[string, string]>;
}

const corpus = JSON.parse(
  readFileSync(new URL('./fixtures/hostile-requests.json', import.meta.url), 'utf8'),
) as Entry[];
const BASE = '/1000001';
const TOKEN = 'wati-token-under-test';

let gw: TestGateway;
let upstream: Listener;
let evil: Listener;
let port: number;
let key: string;
let own: string;
let other: string;
const statuses = new Map<number | string, number>();

beforeAll(async () => {
  upstream = await startListener();
  evil = await startListener();
  // A high key rate, so that every hostile request meets the path checks rather than the key's limit.
  gw = await createTestGateway({
    env: { WATIGATE_PREFLIGHT: 'off', WATIGATE_WATI_RATE_LIMITS: 'off', WATIGATE_KEY_RPS: '100000' },
  });
  const address = await gw.app.listen({ host: '127.0.0.1', port: 0 });
  port = Number(new URL(address).port);
  key = gw.adminKey;
  own = (await gw.createActiveConnection(`http://${upstream.host}${BASE}`, TOKEN)).connectionId;
  const account = await gw.createAccount();
  other = (await gw.createActiveConnection(`http://${evil.host}${BASE}`, 'other-token', account.accountId))
    .connectionId;
});
afterAll(async () => {
  console.log(
    `[paths] statuses over the corpus and fuzzing: ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
  await gw?.close();
  await upstream?.close();
  await evil?.close();
});

const fill = (s: string) =>
  s.replaceAll('{{EVIL}}', evil.host).replaceAll('{{OWN}}', own).replaceAll('{{OTHER}}', other);

async function send(entry: Entry) {
  const result = await rawHttp(port, {
    method: entry.method ?? 'GET',
    target: fill(entry.target),
    ...(entry.host ? { host: fill(entry.host) } : {}),
    headers: [
      ['Authorization', `Bearer ${key}`],
      ...(entry.headers ?? []).map(([k, v]) => [k, fill(v)] as [string, string]),
    ],
  });
  statuses.set(result.status ?? 'none', (statuses.get(result.status ?? 'none') ?? 0) + 1);
  return result;
}

/** Everything the recording upstream saw is a registry path under the connection's base path. */
function expectOnlyRegistryPaths(): void {
  for (const seen of upstream.seen) {
    const q = seen.url.indexOf('?');
    const path = q === -1 ? seen.url : seen.url.slice(0, q);
    expect(path.startsWith(`${BASE}/api/`), seen.url).toBe(true);
    const below = path.slice(BASE.length);
    expect(matchOperation(seen.method, below), `${seen.method} ${seen.url}`).toBeTruthy();
    expect(below).not.toMatch(/(^|\/)\.\.?(;[^/]*)?(\/|$)|%2e|%2f|%5c|\\|%00|%25(2e|2f|5c|00|25)/i);
    expect(seen.host).toBe(upstream.host);
    expect(seen.authorization).toBe(`Bearer ${TOKEN}`);
    const forwarding = seen.headerNames.filter((h) =>
      /^(x-forwarded-.*|forwarded|via|x-real-ip|x-original-url|x-rewrite-url|cookie|maton-connection|watigate-connection)$/.test(
        h,
      ),
    );
    expect(forwarding, `${seen.method} ${seen.url}`).toEqual([]);
  }
  expect(evil.connections).toBe(0);
  expect(evil.seen).toEqual([]);
}

describe('hostile request corpus', () => {
  it('holds at least 200 entries', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
  });

  it('sends nothing outside the connection’s registry paths and never answers 500', async () => {
    const failures: string[] = [];
    for (const entry of corpus) {
      const result = await send(entry);
      if (result.status === undefined || result.status >= 500) {
        failures.push(`${entry.name}: ${result.status ?? 'no answer'} ${result.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expectOnlyRegistryPaths();
    // Sanity: the legitimate requests in the corpus (header cases) did reach the upstream.
    expect(upstream.seen.length).toBeGreaterThan(0);
  }, 120_000);
});

/**
 * `..` and `.` as the *value* of a path parameter, in every encoding a server behind WATI might
 * undo: raw, percent-encoded, double- and triple-encoded, with `;params` (stripped by Tomcat and
 * Spring), overlong UTF-8, fullwidth dots, and with a hidden separator after a name.
 */
const traversalValues = [
  '..',
  '.',
  '..;',
  '.;',
  '..;x=1',
  '%2e%2e',
  '%2E%2E',
  '%2e.',
  '.%2e',
  '%2e',
  '%2e%2e;',
  '..%3b',
  '%252e%252e',
  '%252E%252E',
  '%25252e%25252e',
  '%252e.',
  '%c0%ae%c0%ae',
  '%e0%80%ae%e0%80%ae',
  '%ef%bc%8e%ef%bc%8e',
  '..%00',
  '..%2f',
  '..%5c',
  'a%252f..%252f..',
  'a%255c..%255c..',
  '14155551234%252f..',
  '%u002e%u002e',
];

/** Each registry path with a path parameter, with the value put in its place and a suffix or not. */
const traversalCases = operationList
  .filter((op) => op.path.includes('{'))
  .flatMap((op) =>
    traversalValues.flatMap((value) =>
      ['', '/api/v1/getContacts'].map((suffix) => ({
        name: `${op.method} ${op.path} with ${value}${suffix}`,
        method: op.method,
        target: `/wati${op.path.replace(/\{[^}]+\}/, value)}${suffix}`,
      })),
    ),
  );

describe('path-parameter traversal', () => {
  it('refuses `..` in every encoding as a path parameter with 400 invalid_path, before WATI', async () => {
    const before = upstream.seen.length;
    const wrong: string[] = [];
    for (const entry of traversalCases) {
      const result = await send({
        ...entry,
        ...(entry.method === 'POST' ? { headers: [['Content-Type', 'application/json']] } : {}),
      });
      const code = /"code"\s*:\s*"([a-z_]+)"/.exec(result.body)?.[1];
      if (result.status !== 400 || code !== 'invalid_path')
        wrong.push(`${entry.name}: ${result.status ?? 'no answer'} ${code ?? result.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
    expect(upstream.seen.slice(before).map((s) => s.url)).toEqual([]);
    expect(evil.connections).toBe(0);
  }, 120_000);
});

/** The same values in each v3 path parameter (`/api/ext/v3/contacts/{target}`, …), pre-flight off. */
const v3TraversalCases = registryV3.list
  .filter((op) => op.path.includes('{'))
  .flatMap((op) =>
    traversalValues.flatMap((value) =>
      ['', '/api/ext/v3/contacts'].map((suffix) => ({
        name: `${op.method} ${op.path} with ${value}${suffix}`,
        method: op.method,
        target: `/wati${op.path.replace(/\{[^}]+\}/, value)}${suffix}`,
      })),
    ),
  );

describe('v3 path-parameter traversal', () => {
  it('refuses `..` in every encoding as a v3 path parameter with 400 invalid_path, before WATI', async () => {
    const before = upstream.seen.length;
    const wrong: string[] = [];
    for (const entry of v3TraversalCases) {
      const result = await send({
        ...entry,
        ...(entry.method === 'GET' ? {} : { headers: [['Content-Type', 'application/json']] }),
      });
      const code = /"code"\s*:\s*"([a-z_]+)"/.exec(result.body)?.[1];
      if (result.status !== 400 || code !== 'invalid_path')
        wrong.push(`${entry.name}: ${result.status ?? 'no answer'} ${code ?? result.body.slice(0, 120)}`);
    }
    expect(v3TraversalCases.length).toBeGreaterThanOrEqual(200);
    expect(wrong).toEqual([]);
    expect(upstream.seen.slice(before).map((s) => s.url)).toEqual([]);
    expect(evil.connections).toBe(0);
  }, 120_000);
});

describe('how many hostile cases the suite sends', () => {
  it('at least 300 written ones (the corpus and the path-parameter cases), beside the fuzzing', () => {
    const written = corpus.length + traversalCases.length;
    console.log(`[paths] ${corpus.length} corpus entries + ${traversalCases.length} path-parameter cases`);
    expect(written).toBeGreaterThanOrEqual(300);
    expect(traversalCases.length).toBeGreaterThanOrEqual(100);
  });
});

/** Characters that matter to URL parsers, and their encodings. */
const pathPiece = fc.constantFrom(
  '.',
  '..',
  '/',
  '%2e',
  '%2E',
  '%2f',
  '%2F',
  '%5c',
  '\\',
  '@',
  '#',
  '?',
  ':',
  '%00',
  '%25',
  '%',
  '%c0%ae',
  '%ef%bc%8e',
  ';',
  '~',
  'api',
  'v1',
  'v2',
  'getContacts',
  'getMessages',
  '14155551234',
  'sendSessionMessage',
  'http:',
  '//',
  '{{EVIL}}',
  'a',
  'Z',
  '0',
  '-',
  '_',
  '=',
  '&',
);
const visible = fc
  .string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 })
  .filter((s) => !s.includes(' '));

describe('fuzzing', () => {
  it('paths: never 500, nothing off-registry', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(pathPiece, { minLength: 1, maxLength: 12 }),
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        async (pieces, method) => {
          const result = await send({ name: 'fuzz', method, target: `/wati/${pieces.join('')}` });
          expect(result.status).toBeDefined();
          expect(result.status).not.toBe(500);
        },
      ),
      { numRuns: 300 },
    );
    expectOnlyRegistryPaths();
  }, 120_000);

  it('queries: never 500, nothing off-registry', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(pathPiece, visible), { maxLength: 10 }), async (pieces) => {
        const result = await send({ name: 'fuzz', target: `/wati/api/v1/getContacts?${pieces.join('')}` });
        expect(result.status).toBeDefined();
        expect(result.status).not.toBe(500);
      }),
      { numRuns: 200 },
    );
    expectOnlyRegistryPaths();
  }, 120_000);

  it('headers: never 500, nothing off-registry', async () => {
    const name = fc.constantFrom(
      'Maton-Connection',
      'Watigate-Connection',
      'Idempotency-Key',
      'Content-Type',
      'X-Forwarded-For',
      'X-Forwarded-Host',
      'Forwarded',
      'Cookie',
      'Accept-Encoding',
      'Range',
      'Origin',
      'Referer',
    );
    const value = fc.oneof(visible, fc.constantFrom(own, other, '{{EVIL}}', `${own}, ${other}`, 'bytes=0-1'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(name, value), { maxLength: 5 }),
        fc.boolean(),
        async (headers, isSend) => {
          const result = await send({
            name: 'fuzz',
            method: isSend ? 'POST' : 'GET',
            target: isSend
              ? '/wati/api/v1/sendSessionMessage/14155551234?messageText=hi'
              : '/wati/api/v1/getContacts',
            headers,
          });
          expect(result.status).toBeDefined();
          expect(result.status).not.toBe(500);
        },
      ),
      { numRuns: 200 },
    );
    expectOnlyRegistryPaths();
  }, 120_000);

  it('JSON bodies: never 500 on sends or the control plane', async () => {
    const targets = [
      ['POST', '/wati/api/v1/sendTemplateMessage?whatsappNumber=14155551234'],
      ['POST', '/wati/api/v1/sendInteractiveButtonsMessage?whatsappNumber=14155551234'],
      ['POST', '/wati/api/v1/addContact/14155551234'],
      ['POST', '/keys'],
      ['POST', '/connections'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...targets),
        fc.jsonValue(),
        fc.boolean(),
        async ([method, target], json, preflight) => {
          const body = JSON.stringify(json) ?? 'null';
          const result = await rawHttp(port, {
            method,
            target,
            headers: [
              ['Authorization', `Bearer ${key}`],
              ['Content-Type', 'application/json'],
              ...(preflight
                ? []
                : ([['Idempotency-Key', `fuzz-${Math.random()}`]] as Array<[string, string]>)),
            ],
            body,
          });
          statuses.set(result.status ?? 'none', (statuses.get(result.status ?? 'none') ?? 0) + 1);
          expect(result.status).toBeDefined();
          expect(result.status).not.toBe(500);
        },
      ),
      { numRuns: 200 },
    );
    expectOnlyRegistryPaths();
  }, 120_000);
});
