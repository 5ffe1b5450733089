/**
 * `/mcp` and the built-in sandbox wherever the gateway listens (issue 11 #7): MCP tools call the
 * data plane in process, not over a loopback socket, and the sandbox connection points at the
 * address the gateway listens on. Tried on `::1` and, when this machine has one, on a
 * non-loopback address of its own (traffic stays on this machine).
 */
import { networkInterfaces } from 'node:os';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startTestSandbox, testToken } from '@watigate/sandbox/testing';
import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../src/rate-limit/memory-rate-limiter.js';
import { startServedGateway } from '../src/testing/start-served-gateway.js';
import { defined } from './support/defined.js';
import { createTestGateway } from './support/harness.js';

const ownAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
if (!ownAddress) console.warn('[mcp-listen-address] no non-loopback IPv4 address here; trying ::1 only');

describe.each(['::1', ...(ownAddress ? [ownAddress] : [])])('a gateway listening on %s', (host) => {
  it('answers MCP tool calls and reads through the built-in sandbox connection', async () => {
    const gateway = await startServedGateway({ HOST: host });
    const client = new Client({ name: 'listen-address-test', version: '1.0.0' });
    try {
      const key = defined(gateway.adminKey, 'the first admin key');
      const read = await fetch(`${gateway.listenUrl}/wati/api/v1/getContacts`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(read.status).toBe(200);
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${gateway.listenUrl}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${key}` } },
        }),
      );
      const result = (await client.callTool({ name: 'get_contacts', arguments: {} })) as {
        isError?: boolean;
        content: Array<{ type: string; text?: string }>;
      };
      expect(result.isError ?? false, result.content[0]?.text).toBe(false);
    } finally {
      await client.close();
      await gateway.close();
    }
  });
});

describe('the key’s rate, for MCP tool calls', () => {
  it('counts a tool call once: the /mcp request, not again for the WATI call it makes', async () => {
    const sb = await startTestSandbox();
    const limiter = createMemoryRateLimiter({ now: () => Date.now() });
    const keyChecks: string[] = [];
    const gw = await createTestGateway({
      deps: {
        rateLimiter: {
          consume(key, rule, cost) {
            if (key.startsWith('key:')) keyChecks.push(key);
            return limiter.consume(key, rule, cost);
          },
          close: () => limiter.close(),
        },
      },
    });
    const client = new Client({ name: 'rate-test', version: '1.0.0' });
    try {
      await gw.createActiveConnection(sb.apiEndpoint, testToken);
      const base = await gw.app.listen({ host: '127.0.0.1', port: 0 });
      await client.connect(
        // v1: the assertion below looks for v1's getContacts among the sandbox's requests.
        new StreamableHTTPClientTransport(new URL(`${base}/mcp?api_version=v1`), {
          requestInit: { headers: { authorization: `Bearer ${gw.adminKey}` } },
        }),
      );
      const before = keyChecks.length;
      const result = (await client.callTool({ name: 'get_contacts', arguments: {} })) as {
        isError?: boolean;
      };
      expect(result.isError ?? false).toBe(false);
      expect((await sb.requests()).some((r) => JSON.stringify(r).includes('getContacts'))).toBe(true);
      expect(keyChecks.length - before).toBe(1);
    } finally {
      await client.close();
      await gw.close();
      await sb.close();
    }
  });
});
