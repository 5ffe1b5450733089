/**
 * The behaviour every transport must show, run over stdio and over Streamable HTTP: the tool
 * list with its exact annotations and output schemas, a read, sends with and without dry_run,
 * idempotency keys, and refusals.
 */
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { expect, it } from 'vitest';
import { customer, type Json, type McpConnection, type SandboxHarness } from './harness.js';

const read = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
const send = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
const write = (idempotentHint: boolean) => ({
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint,
  openWorldHint: true,
});

/** Every tool of a direct-mode server, in order, with the annotations it must declare. */
export const expectedTools: Record<string, typeof read> = {
  get_contacts: read,
  add_contact: write(true),
  update_contact_attributes: write(true),
  get_messages: read,
  send_session_message: send,
  send_session_file: send,
  get_message_templates: read,
  send_template: send,
  send_interactive_buttons_message: send,
  send_interactive_list_message: send,
  assign_operator: write(false),
  get_media: read,
  check_session_window: read,
};

/** Every tool of a direct-mode v3 server, in order, with the annotations it must declare. */
export const expectedV3Tools: Record<string, typeof read> = {
  get_contacts: read,
  get_contact: read,
  get_contacts_count: read,
  add_contact: write(false),
  update_contact_attributes: write(true),
  assign_contact_teams: write(true),
  get_messages: read,
  send_session_message: send,
  send_session_file: send,
  send_file_by_url: send,
  get_message_templates: read,
  get_message_template: read,
  send_template: send,
  schedule_template: send,
  send_interactive_buttons_message: send,
  send_interactive_list_message: send,
  assign_operator: write(true),
  set_conversation_status: write(true),
  get_media: read,
  list_broadcasts: read,
  get_broadcast: read,
  get_broadcast_overview: read,
  get_broadcast_recipients: read,
  list_channels: read,
  list_chatbots: read,
  start_chatbot: send,
  check_session_window: read,
};

type Result = {
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, Json>;
  isError?: boolean;
};

export async function callTool(
  c: McpConnection,
  name: string,
  args: Record<string, unknown>,
): Promise<Result> {
  return (await c.client.callTool({ name, arguments: args })) as Result;
}

/**
 * Asserts a success whose text block ends with the structured content as compact JSON (after a
 * summary line on sends), and returns the structured content.
 */
export function structured(result: Result): Record<string, Json> {
  expect(result.isError ?? false, result.content[0]?.text).toBe(false);
  const text = result.content.find((c) => c.type === 'text')?.text ?? '';
  const json = text.split('\n').at(-1) ?? '';
  expect(json).toBe(JSON.stringify(result.structuredContent));
  return result.structuredContent ?? {};
}

/** An error result: its text's first line (the message) and the JSON details on the next line. */
export function refusal(result: Result): { message: string; details: Record<string, Json> } {
  expect(result.isError).toBe(true);
  expect(result.structuredContent).toBeUndefined();
  const [message = '', details] = (result.content[0]?.text ?? '').split('\n');
  return { message, details: details ? JSON.parse(details) : {} };
}

const templateArgs = {
  template_name: 'order_update',
  broadcast_name: 'mcp_test',
  recipients: [{ whatsapp_number: customer, parameters: [{ name: 'name', value: 'John' }] }],
};

/** Every property name in a JSON Schema, at any depth. */
function propertyNames(schema: Json): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const own = schema.properties ? Object.keys(schema.properties) : [];
  return [...own, ...Object.values(schema).flatMap((v) => propertyNames(v))];
}

const validator = new AjvJsonSchemaValidator();
const png =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export function toolContract(get: () => { h: SandboxHarness; mcp: McpConnection }): void {
  it('lists each tool with explicit annotations, an output schema, and snake_case inputs', async () => {
    const { tools } = await get().mcp.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(Object.keys(expectedTools));
    for (const tool of tools) {
      expect(tool.annotations, tool.name).toEqual(expectedTools[tool.name]);
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      for (const name of propertyNames(tool.inputSchema))
        expect(name, tool.name).toMatch(/^[a-z][a-z0-9_]*$/);
    }
    const session = tools.find((t) => t.name === 'send_session_message');
    expect(session?.description).toContain('The 24-hour rule');
    expect(Object.keys(session?.inputSchema.properties ?? {})).toEqual([
      'whatsapp_number',
      'message_text',
      'reply_context_id',
      'idempotency_key',
      'dry_run',
    ]);
    expect(tools.find((t) => t.name === 'get_contacts')?.inputSchema.properties).not.toHaveProperty(
      'dry_run',
    );
  });

  it('every tool’s structured content follows its output schema', async () => {
    const { h, mcp } = get();
    const { tools } = await mcp.client.listTools();
    await h.inbound();
    const [sentFile] = await (async () => {
      structured(
        await callTool(mcp, 'send_session_file', {
          whatsapp_number: customer,
          file_base64: png,
          file_name: 'a.png',
        }),
      );
      return h.sent();
    })();
    const calls: Array<[string, Record<string, unknown>]> = [
      ['get_contacts', { page_size: 10 }],
      ['add_contact', { whatsapp_number: '14155550100', name: 'Ana' }],
      [
        'update_contact_attributes',
        { whatsapp_number: customer, custom_params: [{ name: 'city', value: 'Lima' }] },
      ],
      ['get_messages', { whatsapp_number: customer, page_size: 5 }],
      ['send_session_message', { whatsapp_number: customer, message_text: 'Hi', dry_run: true }],
      ['send_session_message', { whatsapp_number: customer, message_text: 'Hi' }],
      [
        'send_session_file',
        { whatsapp_number: customer, file_base64: png, file_name: 'b.png', dry_run: true },
      ],
      ['get_message_templates', {}],
      ['send_template', { ...templateArgs, dry_run: true }],
      ['send_template', templateArgs],
      [
        'send_interactive_buttons_message',
        { whatsapp_number: customer, body: 'Pick one', buttons: [{ text: 'Yes' }, { text: 'No' }] },
      ],
      [
        'send_interactive_list_message',
        {
          whatsapp_number: customer,
          body: 'Choose',
          button_text: 'Options',
          sections: [{ title: 'A', rows: [{ title: 'One' }] }],
        },
      ],
      ['assign_operator', { whatsapp_number: customer }],
      ['get_media', { file_name: sentFile?.data }],
      ['check_session_window', { whatsapp_number: customer }],
    ];
    expect(new Set(calls.map(([name]) => name))).toEqual(new Set(Object.keys(expectedTools)));
    for (const [name, args] of calls) {
      const result = await callTool(mcp, name, args);
      expect(result.isError ?? false, `${name}: ${result.content[0]?.text}`).toBe(false);
      const schema = tools.find((t) => t.name === name)?.outputSchema;
      const check = validator.getValidator(schema as never)(result.structuredContent);
      expect(check.valid ? '' : check.errorMessage, name).toBe('');
    }
  });

  it('get_contacts answers compact JSON text and the same as structured content', async () => {
    const result = await callTool(get().mcp, 'get_contacts', { page_size: 10, page_number: 1 });
    const body = structured(result);
    expect(result.content).toHaveLength(1);
    expect(result.content[0]?.text).toBe(JSON.stringify(body));
    expect(body.result).toBe('success');
    expect(body.contact_list.map((c: { wAid: string }) => c.wAid)).toEqual(
      expect.arrayContaining(['14155551234', '14155555678']),
    );
  });

  it('takes a WhatsApp number as a JSON number, and still checks it', async () => {
    const { mcp } = get();
    const body = structured(await callTool(mcp, 'check_session_window', { whatsapp_number: 14155551234 }));
    expect(body.whatsapp_number).toBe(customer);
    const messages = structured(await callTool(mcp, 'get_messages', { whatsapp_number: 14155551234 }));
    expect(messages.result).toBe('success');
    const { message } = refusal(await callTool(mcp, 'get_messages', { whatsapp_number: 123 }));
    expect(message).toBe(
      'get_messages was not sent: whatsapp_number "123" is not a phone number; use the country code and number, e.g. 14155551234',
    );
  });

  it('names send_template’s own fields when a recipient’s number is wrong, one recipient or many', async () => {
    const { h, mcp } = get();
    const one = refusal(
      await callTool(mcp, 'send_template', {
        ...templateArgs,
        recipients: [{ whatsapp_number: 123, parameters: [{ name: 'name', value: 'John' }] }],
      }),
    );
    expect(one.message).toBe(
      'send_template was not sent: recipients[0].whatsapp_number "123" is not a phone number; use the country code and number, e.g. 14155551234',
    );
    const many = refusal(
      await callTool(mcp, 'send_template', {
        ...templateArgs,
        recipients: [...templateArgs.recipients, { whatsapp_number: 123 }],
      }),
    );
    expect(many.message).toBe(
      'send_template was not sent: recipients[1].whatsapp_number "123" is not a phone number; use the country code and number, e.g. 14155551234',
    );
    expect(await h.sent()).toEqual([]);
  });

  it('refuses the old camelCase names as unknown arguments (a tool error, not a protocol error)', async () => {
    const result = await callTool(get().mcp, 'get_contacts', { pageSize: 10 });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toContain('pageSize');
  });

  it('send_template with dry_run describes the send, rendered, and sends nothing', async () => {
    const { h, mcp } = get();
    const result = await callTool(mcp, 'send_template', {
      ...templateArgs,
      idempotency_key: 'dry-1',
      dry_run: true,
    });
    const body = structured(result);
    const summary =
      'Would send template "order_update" to 14155551234: "Hi John, your order has shipped and is on its way."';
    expect(result.content[0]?.text?.split('\n')[0]).toBe(`Dry run, nothing sent. ${summary}`);
    expect(body).toEqual({
      dry_run: true,
      sent: false,
      would_send: true,
      idempotency_key: 'dry-1',
      summary,
      messages: [
        {
          to: customer,
          type: 'template',
          text: 'Hi John, your order has shipped and is on its way.',
          parameters: [{ name: 'name', value: 'John' }],
        },
      ],
      template: {
        name: 'order_update',
        status: 'APPROVED',
        category: expect.any(String),
        body: 'Hi {{name}}, your order has shipped and is on its way.',
      },
      request: {
        method: 'POST',
        path: '/api/v2/sendTemplateMessage',
        query: { whatsappNumber: customer },
        body: {
          template_name: 'order_update',
          broadcast_name: 'mcp_test',
          parameters: [{ name: 'name', value: 'John' }],
        },
      },
    });
    expect(await h.sent()).toEqual([]);
  });

  it('send_template sends for real, and a retry with the same idempotency_key sends nothing more', async () => {
    const { h, mcp } = get();
    const first = structured(await callTool(mcp, 'send_template', templateArgs));
    expect(first).toMatchObject({
      dry_run: false,
      sent: true,
      summary: 'Sent template "order_update" to 14155551234.',
      idempotency_key: expect.stringMatching(/^[0-9a-f-]{36}$/),
      wati: { result: true, templateName: 'order_update', receivers: [{ waId: customer }] },
    });
    expect(await h.sent()).toMatchObject([{ waId: customer, templateName: 'order_update' }]);
    const retry = structured(
      await callTool(mcp, 'send_template', { ...templateArgs, idempotency_key: first.idempotency_key }),
    );
    expect(retry).toEqual(first);
    expect(await h.sent()).toHaveLength(1);
    const { message, details } = refusal(
      await callTool(mcp, 'send_template', {
        ...templateArgs,
        template_name: 'appointment_reminder',
        idempotency_key: first.idempotency_key,
      }),
    );
    expect(message).toContain('was used for a different');
    expect(details.error.code).toBe('idempotency_key_reused');
    expect(await h.sent()).toHaveLength(1);
  });

  it('send_template with several recipients uses the bulk endpoint, one message each', async () => {
    const { h, mcp } = get();
    const recipients = [
      { whatsapp_number: customer, parameters: [{ name: 'name', value: 'John' }] },
      { whatsapp_number: 14155555678, parameters: [{ name: 'name', value: 'Jane' }] },
    ];
    const preview = structured(
      await callTool(mcp, 'send_template', { template_name: 'order_update', recipients, dry_run: true }),
    );
    expect(preview.summary).toBe('Would send template "order_update" to 2 numbers.');
    expect(preview.request.path).toBe('/api/v2/sendTemplateMessages');
    expect(preview.messages.map((m: { to: string; text: string }) => [m.to, m.text])).toEqual([
      [customer, 'Hi John, your order has shipped and is on its way.'],
      ['14155555678', 'Hi Jane, your order has shipped and is on its way.'],
    ]);
    const sent = structured(
      await callTool(mcp, 'send_template', { template_name: 'order_update', recipients }),
    );
    expect(sent.summary).toBe('Sent template "order_update" to 2 numbers.');
    expect((await h.sent()).map((m: { waId: string }) => m.waId).sort()).toEqual([customer, '14155555678']);
  });

  it('a dry run of a PENDING template is refused with the reason first', async () => {
    const { h, mcp } = get();
    const { message, details } = refusal(
      await callTool(mcp, 'send_template', { ...templateArgs, template_name: 'spring_sale', dry_run: true }),
    );
    expect(message).toBe(
      'Would not be sent: template "spring_sale" is PENDING; only APPROVED templates can be sent; recipients[0].parameters has no value for placeholder {{date}}; recipients[0].parameters has no value for placeholder {{discount}}',
    );
    expect(details).toMatchObject({ dry_run: true, sent: false, would_send: false });
    expect(await h.sent()).toEqual([]);
  });

  it('send_session_message with dry_run names recipient and text after the customer wrote; then sends', async () => {
    const { h, mcp } = get();
    await h.inbound();
    const args = { whatsapp_number: '+1 415-555-1234', message_text: 'Your order shipped' };
    const preview = structured(await callTool(mcp, 'send_session_message', { ...args, dry_run: true }));
    expect(preview).toMatchObject({
      dry_run: true,
      would_send: true,
      summary: 'Would send a text message to 14155551234: "Your order shipped"',
      messages: [{ to: customer, type: 'text', text: 'Your order shipped' }],
      session_window: { open: true },
      request: {
        method: 'POST',
        path: '/api/v1/sendSessionMessage/14155551234',
        query: { messageText: 'Your order shipped' },
      },
    });
    expect(await h.sent()).toEqual([]);
    const answer = structured(await callTool(mcp, 'send_session_message', args));
    expect(answer).toMatchObject({
      sent: true,
      summary: 'Sent a text message to 14155551234.',
      wati: { result: 'success', message: { statusString: 'SENT' } },
    });
    expect(await h.sent()).toMatchObject([{ waId: customer, text: 'Your order shipped' }]);
  });

  it('a dry run to a closed 24-hour window is an error result whose first line is the refusal', async () => {
    const { h, mcp } = get();
    const result = await callTool(mcp, 'send_session_message', {
      whatsapp_number: '14155555678',
      message_text: 'hi',
      dry_run: true,
    });
    const { message, details } = refusal(result);
    expect(message).toBe(
      'Would not be sent: the 24-hour window with 14155555678 is closed (the customer has never written), so WATI would answer "Ticket has been expired". Send an approved template with send_template instead, or wait until the customer writes (check_session_window).',
    );
    expect(details).toMatchObject({
      dry_run: true,
      sent: false,
      would_send: false,
      session_window: { open: false },
      error: { code: 'session_window_closed' },
    });
    expect(await h.sent()).toEqual([]);
  });

  it('send_session_file sends a base64 file', async () => {
    const { h, mcp } = get();
    await h.inbound();
    const args = {
      whatsapp_number: customer,
      caption: 'Your receipt',
      file_base64: png,
      file_name: 'receipt.png',
    };
    const preview = structured(await callTool(mcp, 'send_session_file', { ...args, dry_run: true }));
    expect(preview.messages).toEqual([
      {
        to: customer,
        type: 'file',
        text: 'Your receipt',
        file: { name: 'receipt.png', type: 'image/png', size: 70 },
      },
    ]);
    structured(await callTool(mcp, 'send_session_file', args));
    expect(await h.sent()).toMatchObject([{ waId: customer, type: 'image' }]);
  });

  it('refuses a file over WhatsApp’s size limit before decoding it', async () => {
    const { h, mcp } = get();
    const big = 'A'.repeat(Math.ceil(((5 * 1024 * 1024 + 1) * 4) / 3) + 4);
    const { message } = refusal(
      await callTool(mcp, 'send_session_file', {
        whatsapp_number: customer,
        file_base64: big,
        file_name: 'huge.jpg',
        dry_run: true,
      }),
    );
    expect(message).toMatch(
      /^send_session_file was not sent: file is \d+ bytes; WhatsApp accepts image files up to 5242880 bytes$/,
    );
    expect(await h.sent()).toEqual([]);
  });

  it('returns isError in the tool’s own words when a send breaks WhatsApp’s limits (4 buttons)', async () => {
    const { h, mcp } = get();
    const buttons = ['One', 'Two', 'Three', 'Four'].map((text) => ({ text }));
    for (const dry_run of [true, false]) {
      const { message, details } = refusal(
        await callTool(mcp, 'send_interactive_buttons_message', {
          whatsapp_number: customer,
          body: 'Pick one',
          buttons,
          dry_run,
        }),
      );
      expect(message).toBe(
        'send_interactive_buttons_message was not sent: buttons has 4 items; WhatsApp allows 1 to 3',
      );
      expect(details.error).toMatchObject({
        code: 'validation_failed',
        violations: [{ field: 'buttons', limit: '1 to 3 buttons' }],
      });
      expect(details.idempotency_key).toEqual(expect.any(String));
    }
    expect(await h.sent()).toEqual([]);
  });

  it('returns isError with WATI’s reason and what to do when the window is closed', async () => {
    const { message, details } = refusal(
      await callTool(get().mcp, 'send_session_message', {
        whatsapp_number: '14155555678',
        message_text: 'hi',
      }),
    );
    expect(message).toContain('"Ticket has been expired"');
    expect(message).toContain('send_template');
    expect(details.error).toMatchObject({ code: 'session_window_closed', status: 200 });
  });
}
