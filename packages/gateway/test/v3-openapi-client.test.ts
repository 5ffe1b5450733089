/**
 * Issue 14, "a v3 client written only from WATI's OpenAPI file, pointed at `http://<gateway>/wati`
 * with a Watigate key, works unchanged": the generic client of support/openapi-client.ts, built
 * at run time from packages/spec/openapi/wati-v3.json alone (nothing of the registry), runs every
 * operation of the file through the gateway with a key that is not an admin key, and every answer
 * must validate against the file's schema for its status. Real HTTP on 127.0.0.1, twice: to a
 * sandbox on its own host (as to WATI), and to `watigate serve --sandbox`'s built-in sandbox.
 */
import { readFileSync } from 'node:fs';
import { type ServedGateway, startServedGateway } from '@watigate/gateway/testing';
import { startTestSandbox, type TestSandbox, testToken } from '@watigate/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defined } from './support/defined.js';
import { createTestGateway, type TestGateway } from './support/harness.js';
import {
  type CallInput,
  type CallResult,
  createOpenApiClient,
  listOperations,
  type OpenApiDocument,
} from './support/openapi-client.js';
import { isFileContradiction } from './support/wati-v3-file-contradictions.js';

const document = JSON.parse(
  readFileSync(new URL('../../spec/openapi/wati-v3.json', import.meta.url), 'utf8'),
) as OpenApiDocument;
const v3 = '/api/ext/v3';
const john = '14155551234';
const ada = { whatsapp_number: '14155550123', name: 'Ada Lovelace' };
const page = { page_number: 1, page_size: 50 };

/** A gateway listening on 127.0.0.1 with one ACTIVE WATI connection, and a key that is not an admin key. */
interface Setup {
  gatewayUrl: string;
  key: string;
  /** The customer writes first, through the sandbox, so that the 24-hour window is open. */
  customerWrites(whatsappNumber: string, text: string): Promise<void>;
  close(): Promise<void>;
}

/** A gateway and a sandbox on its own port, for the refusals that need the sandbox's controls. */
interface OwnSandboxSetup extends Setup {
  sandbox: TestSandbox;
  /** A key with `wati:read` alone. */
  readKey: string;
}

/** The gateway (its app listening) connected to a sandbox on its own port, as to WATI's own host. */
async function withOwnSandbox(): Promise<OwnSandboxSetup> {
  const sandbox: TestSandbox = await startTestSandbox();
  const gateway: TestGateway = await createTestGateway({ logLevel: 'silent' });
  await gateway.createActiveConnection(sandbox.apiEndpoint, testToken);
  const gatewayUrl = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    gatewayUrl,
    key: await gateway.createKey(['wati:read', 'wati:send']),
    readKey: await gateway.createKey(['wati:read']),
    sandbox,
    customerWrites: (number, text) => sandbox.inbound(number, text),
    async close() {
      await gateway.close();
      await sandbox.close();
    },
  };
}

/** `watigate serve --sandbox`: the built-in sandbox, mounted at /sandbox of the gateway itself. */
async function withBuiltInSandbox(): Promise<Setup> {
  const gateway: ServedGateway = await startServedGateway();
  const admin = { authorization: `Bearer ${gateway.adminKey}`, 'content-type': 'application/json' };
  const res = await fetch(`${gateway.url}/keys`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ scopes: ['wati:read', 'wati:send'] }),
  });
  expect(res.status).toBe(201);
  return {
    gatewayUrl: gateway.url,
    key: ((await res.json()) as { secret: string }).secret,
    async customerWrites(whatsappNumber, text) {
      const inbound = await fetch(`${gateway.url}/sandbox/_sandbox/${gateway.sandbox?.tenantId}/inbound`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ whatsappNumber, text }),
      });
      expect(inbound.status).toBe(201);
    },
    close: () => gateway.close(),
  };
}

interface Contact {
  id: string | null;
  wa_id: string | null;
  name: string | null;
  custom_params: { name: string; value: string }[] | null;
  teams: string[] | null;
}
interface Message {
  id: string | null;
  text?: string | null;
  type?: string | null;
}

function walkTheFile(start: () => Promise<Setup>) {
  let setup: Setup;
  /** Every operation that answered 2xx, as `METHOD path`. */
  const answered = new Set<string>();
  beforeAll(async () => {
    setup = await start();
  });
  afterAll(async () => {
    await setup?.close();
  });

  const client = (credential = `Bearer ${setup.key}`) =>
    createOpenApiClient({
      document,
      serverUrl: `${setup.gatewayUrl}/wati`,
      credential,
      tolerate: isFileContradiction,
    });
  /** One call of the file's client; it throws when the answer is off the file. */
  async function call(method: string, path: string, input?: CallInput): Promise<CallResult> {
    const result = await client().call(method, `${v3}${path}`, input);
    if (result.status >= 200 && result.status < 300) answered.add(`${method} ${v3}${path}`);
    return result;
  }
  async function ok<T>(method: string, path: string, input?: CallInput): Promise<T> {
    const result = await call(method, path, input);
    expect(result.status, JSON.stringify(result.data)).toBe(200);
    return result.data as T;
  }
  const customerWrites = (number: string, text: string) => setup.customerWrites(number, text);
  let channel = '';

  it('lists channels and contacts, adds one, and gets it by phone, by id and by Channel:Phone', async () => {
    const { channels } = await ok<{ channels: { id: string | null; name: string | null }[] }>(
      'GET',
      '/channels',
      { query: page },
    );
    expect(channels.length).toBeGreaterThan(0);
    // Channel:Phone takes the channel's name or phone number (the file's description of a target).
    channel = defined(channels[0]?.name ?? undefined, "the first channel's name");

    const before = await ok<{ contact_count: number }>('GET', '/contacts/count');
    const list = await ok<{ contact_list: Contact[] }>('GET', '/contacts', { query: page });
    expect(list.contact_list.map((c) => c.wa_id)).toEqual(expect.arrayContaining([john, '14155555678']));

    const added = await ok<Contact>('POST', '/contacts', {
      body: { ...ada, custom_params: [{ name: 'city', value: 'London' }] },
    });
    expect(added).toMatchObject({ wa_id: ada.whatsapp_number, name: ada.name });
    expect((await ok<{ contact_count: number }>('GET', '/contacts/count')).contact_count).toBe(
      before.contact_count + 1,
    );
    const id = defined(added.id ?? undefined, "the new contact's id");
    for (const target of [ada.whatsapp_number, id, `${channel}:${ada.whatsapp_number}`]) {
      const got = await ok<Contact>('GET', '/contacts/{target}', { path: { target } });
      expect(got, target).toMatchObject({ id, wa_id: ada.whatsapp_number, name: ada.name });
    }
  });

  it('updates contacts and assigns teams', async () => {
    const updated = await ok<{ contact_list: Contact[] }>('PUT', '/contacts', {
      body: { contacts: [{ target: ada.whatsapp_number, customParams: [{ name: 'city', value: 'Paris' }] }] },
    });
    expect(updated.contact_list).toHaveLength(1);
    expect(updated.contact_list[0]?.custom_params).toEqual(
      expect.arrayContaining([{ name: 'city', value: 'Paris' }]),
    );
    expect(
      await ok('PUT', '/contacts/teams', { body: { target: ada.whatsapp_number, teams: ['Support'] } }),
    ).toEqual({ result: true });
    const got = await ok<Contact>('GET', '/contacts/{target}', { path: { target: ada.whatsapp_number } });
    expect(got.custom_params).toEqual(expect.arrayContaining([{ name: 'city', value: 'Paris' }]));
    expect(got.teams).toContain('Support');
  });

  it('sends text, interactive and file messages in the window and reads them back', async () => {
    await customerWrites(john, 'Hello, is my order on its way?');
    const text = await ok<{ message: Message }>('POST', '/conversations/messages/text', {
      body: { target: john, text: 'Yes, it ships today.' },
    });
    expect(text.message.id).toEqual(expect.any(String));

    const buttons = await ok<{ message: Message }>('POST', '/conversations/messages/interactive', {
      body: {
        target: john,
        type: 'buttons',
        button_message: { body: 'Was this helpful?', buttons: [{ text: 'Yes' }, { text: 'No' }] },
      },
    });
    expect(buttons.message.id).toEqual(expect.any(String));

    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 1, 2, 3, 4, 5]);
    const file = await ok<{ message: Message }>('POST', '/conversations/messages/file', {
      body: {
        target: john,
        file: new File([bytes], 'invoice.pdf', { type: 'application/pdf' }),
        caption: 'Invoice',
      },
    });
    const messageId = defined(file.message.id ?? undefined, 'the file message id');
    const download = await ok<Uint8Array>('GET', '/conversations/messages/file/{message_id}', {
      path: { message_id: messageId },
    });
    expect([...download]).toEqual([...bytes]);

    const byUrl = await ok<{ message: Message }>('POST', '/conversations/messages/fileViaUrl', {
      body: { target: john, file_url: 'https://example.com/catalogue.pdf', caption: 'Catalogue' },
    });
    expect(byUrl.message.id).toEqual(expect.any(String));

    const read = await ok<{ message_list: Message[] }>('GET', '/conversations/{target}/messages', {
      path: { target: john },
      query: page,
    });
    const ids = read.message_list.map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining([text.message.id, buttons.message.id, messageId, byUrl.message.id]),
    );
    expect(read.message_list.map((m) => m.text)).toContain('Yes, it ships today.');
  });

  it('sets the conversation status and operator, and starts a chatbot', async () => {
    expect(
      await ok('PUT', '/conversations/{target}/status', {
        path: { target: john },
        body: { new_status: 'solved' },
      }),
    ).toEqual({ result: true });
    expect(
      await ok('PUT', '/conversations/{target}/operator', {
        path: { target: john },
        body: { assignee_email: 'agent@example.com' },
      }),
    ).toEqual({ result: true });
    const bots = await ok<{ chatbot_list: { id: string | null }[] }>('GET', '/chatbots', { query: page });
    const bot = defined(bots.chatbot_list[0]?.id ?? undefined, 'a chatbot');
    expect(await ok('POST', '/chatbots/start', { body: { target: john, chatbot_id: bot } })).toEqual({
      result: true,
    });
  });

  it('lists templates, gets one by id, sends it to recipients and follows the broadcast', async () => {
    const { templates } = await ok<{
      templates: { id: string | null; name: string | null; status: string | null }[];
    }>('GET', '/messageTemplates', { query: page });
    const template = defined(
      templates.find((t) => t.name === 'order_update'),
      'the order_update template',
    );
    const id = defined(template.id ?? undefined, "the template's id");
    expect(await ok('GET', '/messageTemplates/{template_id}', { path: { template_id: id } })).toMatchObject({
      id,
      name: 'order_update',
    });

    const sent = await ok<{ success: boolean; broadcast_id: string | null; recipients: unknown[] | null }>(
      'POST',
      '/messageTemplates/send',
      {
        body: {
          template_name: 'order_update',
          broadcast_name: 'v3 acceptance',
          recipients: [
            { phone_number: john, custom_params: [{ name: 'name', value: 'John' }] },
            { phone_number: ada.whatsapp_number, custom_params: [{ name: 'name', value: 'Ada' }] },
          ],
        },
      },
    );
    expect(sent.success).toBe(true);
    const broadcastId = defined(sent.broadcast_id ?? undefined, 'the broadcast id');

    const { broadcasts } = await ok<{ broadcasts: { id: string | null }[] }>('GET', '/broadcasts', {
      query: page,
    });
    expect(broadcasts.map((b) => b.id)).toContain(broadcastId);
    expect(
      await ok('GET', '/broadcasts/{broadcast_id}', { path: { broadcast_id: broadcastId } }),
    ).toMatchObject({ id: broadcastId, name: 'v3 acceptance' });
    const recipients = await ok<{ recipients: { contact_phone: string | null }[] }>(
      'GET',
      '/broadcasts/{broadcast_id}/recipients',
      { path: { broadcast_id: broadcastId }, query: page },
    );
    expect(recipients.recipients.map((r) => r.contact_phone).sort()).toEqual(
      [ada.whatsapp_number, john].sort(),
    );
    const day = 24 * 3600 * 1000;
    const overview = await ok<{ total_sent: number }>('GET', '/broadcasts/overview', {
      query: {
        date_from: new Date(Date.now() - day).toISOString(),
        date_to: new Date(Date.now() + day).toISOString(),
      },
    });
    expect(overview.total_sent).toBeGreaterThanOrEqual(0);

    const scheduled = await ok<{ success: boolean }>('POST', '/messageTemplates/schedule', {
      body: {
        template_name: 'order_update',
        broadcast_name: 'v3 acceptance, tomorrow',
        scheduled_at: new Date(Date.now() + day).toISOString(),
        recipients: [{ phone_number: john, custom_params: [{ name: 'name', value: 'John' }] }],
      },
    });
    expect(scheduled.success).toBe(true);
  });

  it('meets a refusal the file declares: a wrong key is 401', async () => {
    const wrong = await client('Bearer wg_not_a_key').call('GET', `${v3}/contacts`, { query: page });
    expect(wrong.status).toBe(401);
  });

  it("gets WATI's error shape for an unknown contact: 404, a status the file does not declare", async () => {
    // WATI's error reference (not the file) lists 404; the file's client refuses an undeclared status.
    const unknown = call('GET', '/contacts/{target}', { path: { target: '14155559999' } });
    await expect(unknown).rejects.toMatchObject({
      name: 'ContractError',
      status: 404,
      body: expect.stringMatching(/^\{"code":404,"message":"[^"]+","timestamp":"[^"]+"\}$/),
    });
  });

  // KNOWN GAP (reported): the gateway's own pre-flight refuses a malformed v3 target with 422 and
  // Watigate's {"error": {...}} body; the file declares 400 with {code, message, timestamp} for an
  // invalid request, which is what WATI (and the sandbox, with pre-flight off) answers. When the
  // gateway answers v3 refusals in v3's shape this fails: check for the file's 400 instead.
  it("KNOWN GAP: a malformed target gets the gateway's own 422 invalid_request, a status the file does not declare", async () => {
    await expect(
      call('GET', '/contacts/{target}', { path: { target: 'not-a-phone!' } }),
    ).rejects.toMatchObject({
      name: 'ContractError',
      status: 422,
      body: expect.stringContaining('"code":"invalid_request"'),
    });
  });

  it('has run every operation of the file', () => {
    const all = listOperations(document).map((o) => `${o.method} ${o.path}`);
    expect(all).toHaveLength(25);
    expect(all.filter((o) => !answered.has(o))).toEqual([]);
  });
}

describe("a v3 client written from WATI's OpenAPI file, through the gateway to a sandbox on its own host", () => {
  walkTheFile(withOwnSandbox);
});

describe("a v3 client written from WATI's OpenAPI file: refusals, as the file declares them", () => {
  let setup: OwnSandboxSetup;
  beforeAll(async () => {
    setup = await withOwnSandbox();
  });
  afterAll(async () => {
    await setup?.close();
  });
  const client = (key: string) =>
    createOpenApiClient({
      document,
      serverUrl: `${setup.gatewayUrl}/wati`,
      credential: `Bearer ${key}`,
      tolerate: isFileContradiction,
    });
  const text = { target: '14155555678', text: 'Are you still there?' };

  it("answers a text outside the 24-hour window 400 with the file's InvalidRequestResponse", async () => {
    const res = await client(setup.key).call('POST', `${v3}/conversations/messages/text`, { body: text });
    expect(res.status).toBe(400);
    expect(res.data).toEqual({
      code: 400,
      message: expect.stringContaining('24-hour customer service window'),
      timestamp: expect.any(String),
    });
  });

  it("answers 403 with the file's ForbiddenRequestResponse when WATI's token lacks a v3 scope", async () => {
    await setup.sandbox.control('PUT', '/_sandbox/{tenant}/scopes', { scopes: ['conversationsv3:*'] });
    try {
      const res = await client(setup.key).call('GET', `${v3}/contacts`, { query: page });
      expect(res.status).toBe(403);
      expect(res.data).toEqual({
        code: 403,
        message: expect.stringContaining('lacks the scope contactsv3:*'),
        timestamp: expect.any(String),
      });
    } finally {
      await setup.sandbox.control('PUT', '/_sandbox/{tenant}/scopes', { scopes: null });
    }
  });

  // KNOWN GAP (reported): a Watigate key without `wati:send` is refused by the gateway with 403 and
  // Watigate's {"error": {...}} body, which the file's ForbiddenRequestResponse ({code, message,
  // timestamp}) does not describe. When the gateway answers v3 refusals in v3's shape this fails:
  // check for the file's 403 instead.
  it("KNOWN GAP: a read-only key's send gets the gateway's own 403 body, off the file's schema, and nothing is sent", async () => {
    const sent = (await setup.sandbox.sent()).length;
    await expect(
      client(setup.readKey).call('POST', `${v3}/conversations/messages/text`, { body: text }),
    ).rejects.toMatchObject({
      name: 'ContractError',
      status: 403,
      body: { error: expect.objectContaining({ code: 'insufficient_scope' }) },
    });
    expect((await setup.sandbox.sent()).length).toBe(sent);
  });
});

describe("a v3 client written from WATI's OpenAPI file, through `watigate serve --sandbox`", () => {
  // The built-in sandbox's API endpoint is <gateway>/sandbox/<tenant>: v3 goes below it without
  // the tenant id (<gateway>/sandbox/api/ext/v3/...), not to the gateway's own origin.
  walkTheFile(withBuiltInSandbox);
});
