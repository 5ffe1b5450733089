/**
 * Gateway mode end to end: the client talks to a stand-in for the gateway's data plane that
 * checks the Watigate key, records what the client sent, and forwards to the real sandbox with
 * the WATI token, as DESIGN.md §2 describes. WATI's answers are the sandbox's own.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWatiClient, WatiSessionWindowError } from '../src/index.js';
import { type SandboxHarness, startSandbox, token } from './sandbox.js';

const apiKey = 'wg_gateway_mode_key_abcdef';
let h: SandboxHarness;
let proxy: Server;
let gatewayUrl: string;
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

beforeAll(async () => {
  h = await startSandbox();
  proxy = createServer(async (req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    if (req.headers.authorization !== `Bearer ${apiKey}` || !req.url?.startsWith('/wati/')) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { code: 'invalid_key', message: 'Unknown key', requestId: 'req_x', details: [] },
        }),
      );
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const upstream = await fetch(`${h.apiEndpoint}${req.url.slice('/wati'.length)}`, {
      method: req.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {}),
      },
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'x-request-id': 'req_proxy',
    });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await h.close();
});

describe('gateway mode', () => {
  it('sends WATI paths below /wati with the Watigate key and Maton-Connection', async () => {
    const client = createWatiClient({ baseUrl: `${gatewayUrl}/`, apiKey, connection: 'conn-1' });
    const page = await client.contacts.list({ pageSize: 1 });
    expect(page.result).toBe('success');
    expect(seen.at(-1)?.url).toBe('/wati/api/v1/getContacts?pageSize=1');
    expect(seen.at(-1)?.headers).toMatchObject({
      authorization: `Bearer ${apiKey}`,
      'maton-connection': 'conn-1',
    });
  });

  it('omits Maton-Connection when no connection is set', async () => {
    await createWatiClient({ baseUrl: gatewayUrl, apiKey }).templates.list({ pageSize: 1 });
    expect(seen.at(-1)?.headers['maton-connection']).toBeUndefined();
  });

  it('passes WATI’s refusals through as the same typed errors, with the gateway’s request id', async () => {
    const error = await createWatiClient({ baseUrl: gatewayUrl, apiKey })
      .messages.sendText('14155551234', 'hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiSessionWindowError);
    expect(error).toMatchObject({ requestId: 'req_proxy', ticketStatus: 'BROADCAST' });
  });
});
