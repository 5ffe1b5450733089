/**
 * Adding an endpoint is one registry entry plus its sandbox behaviour (DESIGN.md §1): a made-up
 * read, `getThrowaway`, defined here and given to each package as its registry, appears in the
 * sandbox, the gateway's allowlist and OpenAPI document, the client, the CLI, the MCP tools and
 * the endpoint table, and answers end to end (CLI → client → gateway → sandbox), with no code of
 * its own in any package.
 */
import { PassThrough, Writable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createWatiClient } from '@watigate/client';
import { createTestGateway, inject, type TestGateway } from '@watigate/gateway/testing';
import { createWatiMcpServer } from '@watigate/mcp';
import { startTestSandbox, type TestSandbox } from '@watigate/sandbox/testing';
import * as spec from '@watigate/spec';
import { createRegistry, defineOperation, registry } from '@watigate/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from 'watigate';
import { z } from 'zod';
import { renderEndpoints } from '../scripts/render-endpoints.mjs';

const getThrowaway = defineOperation({
  id: 'getThrowaway',
  method: 'GET',
  path: '/api/v1/getThrowaway/{whatsappNumber}',
  resource: 'contacts',
  kind: 'read',
  rateClass: 'contacts',
  summary: 'Read a made-up record of a contact, for this test only.',
  params: {
    whatsappNumber: { in: 'path', schema: spec.WhatsappNumber, description: 'The contact’s WhatsApp number' },
    verbose: { in: 'query', schema: z.string().optional(), description: 'Say more' },
  },
  response: { type: 'json', schema: z.looseObject({ result: spec.WatiResult, echo: z.string() }) },
  recipientParam: 'whatsappNumber',
  see: 'https://docs.wati.io/reference/get_api-v1-getthrowaway',
  example: { whatsappNumber: '14155551234', verbose: 'yes' },
  cli: { command: 'throwaway' },
});
const extended = createRegistry([...registry.list, getThrowaway]);

let sandbox: TestSandbox;
let gw: TestGateway;
let gatewayUrl: string;
let key: string;

beforeAll(async () => {
  sandbox = await startTestSandbox({
    registry: extended,
    handlers: {
      // The operation's sandbox behaviour: WATI's envelope around what was asked.
      getThrowaway: ({ pathParams, query }) => ({
        body: { result: 'success', echo: `${pathParams.whatsappNumber}:${query.verbose ?? ''}` },
      }),
    },
  });
  gw = await createTestGateway({
    env: { WATIGATE_ALLOWED_HOSTS: sandbox.host },
    deps: { registry: extended },
  });
  await gw.createActiveConnection(sandbox.apiEndpoint, sandbox.token);
  key = await gw.createKey(['wati:read']);
  gatewayUrl = await gw.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await gw?.close();
  await sandbox?.close();
});

describe('an operation added to the registry', () => {
  it('is forwarded by the gateway and documented in its OpenAPI document', async () => {
    const res = await inject(gw.app, {
      method: 'GET',
      url: '/wati/api/v1/getThrowaway/14155551234?verbose=yes',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.json()).toEqual({ result: 'success', echo: '14155551234:yes' });
    const openapi = (await inject(gw.app, '/openapi.json')).json();
    expect(openapi.paths['/wati/api/v1/getThrowaway/{whatsappNumber}'].get.operationId).toBe('getThrowaway');
  });

  it('is refused by a gateway on the standard registry', async () => {
    const standard = await createTestGateway();
    const standardKey = await standard.createKey(['wati:read']);
    const res = await inject(standard.app, {
      method: 'GET',
      url: '/wati/api/v1/getThrowaway/14155551234',
      headers: { authorization: `Bearer ${standardKey}` },
    });
    expect(res.json().error.code).toBe('endpoint_not_supported');
    await standard.close();
  });

  it('is a typed-at-run-time call of the client', async () => {
    const client = createWatiClient({ baseUrl: gatewayUrl, apiKey: key, registry: extended });
    expect(await client.callById('getThrowaway', { whatsappNumber: '+1 415 555 1234' })).toEqual({
      result: 'success',
      echo: '14155551234:',
    });
  });

  it('is a CLI command with flags and an example of its own', async () => {
    const stdout = collector();
    const code = await run(['--json', 'contacts', 'throwaway', '--phone', '14155551234', '--verbose', 'no'], {
      stdout,
      stderr: collector(),
      stdin: new PassThrough(),
      env: { WATIGATE_URL: gatewayUrl, WATIGATE_API_KEY: key, HOME: '/nonexistent' },
      cwd: process.cwd(),
      isTTY: { stdin: false, stdout: false, stderr: false },
      registry: extended,
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout.text)).toEqual({ result: 'success', echo: '14155551234:no' });
    const help = collector();
    await run(['contacts', 'throwaway', '--help'], {
      stdout: help,
      stderr: collector(),
      stdin: new PassThrough(),
      env: {},
      cwd: process.cwd(),
      isTTY: { stdin: false, stdout: false, stderr: false },
      registry: extended,
    });
    expect(help.text).toContain('$ watigate contacts throwaway --phone 14155551234 --verbose yes');
  });

  it('is an MCP tool, annotated read-only, that answers', async () => {
    const client = createWatiClient({ baseUrl: gatewayUrl, apiKey: key, registry: extended });
    // v1: the extension is an entry of the v1/v2 registry, whose tools a v1 server offers.
    const server = createWatiMcpServer({
      client,
      registry: extended,
      allowConnections: false,
      apiVersion: 'v1',
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const mcp = new Client({ name: 'registry-test', version: '1.0.0' });
    await mcp.connect(clientSide);
    const tool = (await mcp.listTools()).tools.find((t) => t.name === 'get_throwaway');
    expect(tool?.annotations?.readOnlyHint).toBe(true);
    const result = await mcp.callTool({
      name: 'get_throwaway',
      arguments: { whatsapp_number: '14155551234' },
    });
    expect(result.structuredContent).toEqual({ result: 'success', echo: '14155551234:' });
    await mcp.close();
  });

  it('is a row of docs/endpoints.md', () => {
    const table = renderEndpoints({ ...spec, operationList: extended.list });
    expect(table).toContain('getThrowaway');
    expect(table).toContain('/api/v1/getThrowaway/{whatsappNumber}');
    expect(renderEndpoints(spec)).not.toContain('getThrowaway');
  });
});

/** A writable stream that keeps what is written. */
function collector(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  stream.text = '';
  return stream;
}
