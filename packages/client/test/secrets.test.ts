/**
 * No error the client throws holds the API key or the WATI token: not in its message, stack,
 * properties or cause chain, even when a server echoes the credential back in its answer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWatiClient, isWatiError } from '../src/index.js';
import { type SandboxHarness, startSandbox, tenantId } from './sandbox.js';

const apiKey = 'wg_super_secret_key_7d1e';
const watiToken = 'wati-super-secret-token-93af';

let h: SandboxHarness;
let echo: Server;
let echoUrl: string;

beforeAll(async () => {
  h = await startSandbox();
  // A careless server that repeats the Authorization header in its error bodies.
  echo = createServer((req, res) => {
    const status = req.url?.includes('getMessageTemplates') ? 200 : req.url?.includes('keys') ? 403 : 500;
    const leak = String(req.headers.authorization);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(
      status === 200
        ? JSON.stringify({ result: false, info: `bad credential ${leak}` })
        : JSON.stringify({
            error: {
              code: 'internal_error',
              message: `failed with ${leak}`,
              requestId: 'r',
              details: [{ message: leak }],
            },
          }),
    );
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => echo.close(resolve));
  await h.close();
});

/** Everything an error exposes: message, stack, enumerable and own properties, causes. */
function everything(error: unknown): string {
  const parts = [String(error), inspect(error, { depth: 10, showHidden: true })];
  let current: unknown = error;
  while (current instanceof Error) {
    parts.push(current.message, current.stack ?? '', JSON.stringify(current));
    for (const key of Object.getOwnPropertyNames(current))
      parts.push(inspect((current as never)[key], { depth: 10 }));
    current = current.cause;
  }
  return parts.join('\n');
}

const noSleep = async () => {};

describe('errors never hold a secret', () => {
  it.each<[string, () => Promise<unknown>]>([
    ['a 401 from WATI', () => createWatiClient({ baseUrl: h.apiEndpoint, token: watiToken }).contacts.list()],
    [
      'a session-window refusal',
      () =>
        createWatiClient({ baseUrl: h.apiEndpoint, token: 'test-token-5f1c2a9e' }).messages.sendText(
          '14155551234',
          watiToken.slice(0, 3),
        ),
    ],
    [
      'a WATI body echoing the token',
      () => createWatiClient({ baseUrl: `${echoUrl}/${tenantId}`, token: watiToken }).templates.list(),
    ],
    [
      'a gateway error body echoing the key',
      () => createWatiClient({ baseUrl: echoUrl, apiKey, sleep: noSleep }).contacts.list(),
    ],
    ['a gateway 403 echoing the key', () => createWatiClient({ baseUrl: echoUrl, apiKey }).keys.list()],
    [
      'an unreachable host',
      () =>
        createWatiClient({ baseUrl: 'http://127.0.0.1:1', apiKey, retry: { maxRetries: 0 } }).contacts.list(),
    ],
    [
      'a timeout',
      () =>
        createWatiClient({
          baseUrl: h.apiEndpoint,
          token: watiToken,
          timeoutMs: 1,
          retry: { maxRetries: 0 },
        }).contacts.list(),
    ],
    [
      'a validation error',
      () => createWatiClient({ baseUrl: h.apiEndpoint, token: watiToken }).contacts.add(watiToken),
    ],
    [
      'bad options',
      async () => createWatiClient({ baseUrl: watiToken, token: watiToken, extra: apiKey } as never),
    ],
  ])('%s', async (_, run) => {
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isWatiError(error)).toBe(true);
    const text = everything(error);
    expect(text).not.toContain(watiToken);
    expect(text).not.toContain(apiKey);
  });
});
