/**
 * The behaviour every transport must show, run over stdio and over Streamable HTTP: the tool
 * list with its exact annotations, a read, sends with and without dry_run, and refusals.
 */
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
  send_template_message: send,
  send_template_message_v2: send,
  send_template_messages: send,
  send_template_messages_v2: send,
  send_template_message_csv: send,
  send_interactive_buttons_message: send,
  send_interactive_list_message: send,
  assign_operator: write(false),
  get_media: read,
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

/** Asserts the text block is the structured content as JSON, and returns the structured content. */
export function structured(result: Result): Record<string, Json> {
  expect(result.isError ?? false).toBe(false);
  const text = result.content.find((c) => c.type === 'text')?.text ?? '';
  expect(JSON.parse(text)).toEqual(result.structuredContent);
  return result.structuredContent ?? {};
}

const templateArgs = {
  whatsappNumber: customer,
  template_name: 'order_update',
  broadcast_name: 'mcp_test',
  parameters: [{ name: 'name', value: 'John' }],
};

export function toolContract(get: () => { h: SandboxHarness; mcp: McpConnection }): void {
  it('lists every registry operation plus check_session_window, each with explicit annotations', async () => {
    const { tools } = await get().mcp.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(Object.keys(expectedTools));
    for (const tool of tools) expect(tool.annotations, tool.name).toEqual(expectedTools[tool.name]);
    const session = tools.find((t) => t.name === 'send_session_message');
    expect(session?.description).toContain('The 24-hour rule');
    expect(session?.inputSchema.properties).toHaveProperty('dry_run');
    expect(tools.find((t) => t.name === 'get_contacts')?.inputSchema.properties).not.toHaveProperty(
      'dry_run',
    );
  });

  it('get_contacts answers the sandbox contacts as structured content', async () => {
    const result = await callTool(get().mcp, 'get_contacts', { pageSize: 10, pageNumber: 1 });
    const body = structured(result);
    expect(body.result).toBe('success');
    expect(body.contact_list.map((c: { wAid: string }) => c.wAid)).toEqual(
      expect.arrayContaining(['14155551234', '14155555678']),
    );
  });

  it('send_template_message_v2 with dry_run describes the send, rendered, and sends nothing', async () => {
    const { h, mcp } = get();
    const body = structured(
      await callTool(mcp, 'send_template_message_v2', { ...templateArgs, dry_run: true }),
    );
    expect(body).toEqual({
      dryRun: true,
      operationId: 'sendTemplateMessageV2',
      summary:
        'Would send template "order_update" to 14155551234: "Hi John, your order has shipped and is on its way."',
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
        found: true,
        status: 'APPROVED',
        category: expect.any(String),
        body: 'Hi {{name}}, your order has shipped and is on its way.',
      },
      warnings: [],
      request: {
        method: 'POST',
        path: '/api/v2/sendTemplateMessage',
        query: { whatsappNumber: customer },
        body: {
          template_name: 'order_update',
          broadcast_name: 'mcp_test',
          parameters: templateArgs.parameters,
        },
      },
    });
    expect(await h.sent()).toEqual([]);
  });

  it('send_template_message_v2 sends for real without dry_run', async () => {
    const { h, mcp } = get();
    const body = structured(await callTool(mcp, 'send_template_message_v2', templateArgs));
    expect(body).toMatchObject({
      result: true,
      templateName: 'order_update',
      receivers: [{ waId: customer }],
    });
    expect(await h.sent()).toMatchObject([{ waId: customer, templateName: 'order_update' }]);
  });

  it('a dry run of a PENDING template is refused with the reason', async () => {
    const { h, mcp } = get();
    const result = await callTool(mcp, 'send_template_message_v2', {
      ...templateArgs,
      template_name: 'spring_sale',
      dry_run: true,
    });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toBe(
      'sendTemplateMessageV2 would not be sent: template "spring_sale" is PENDING; only APPROVED templates can be sent; parameters has no value for placeholder {{date}}; parameters has no value for placeholder {{discount}}',
    );
    expect(await h.sent()).toEqual([]);
  });

  it('send_session_message with dry_run names recipient and text after the customer wrote; then sends', async () => {
    const { h, mcp } = get();
    await h.inbound();
    const args = { whatsappNumber: '+1 415-555-1234', messageText: 'Your order shipped' };
    const preview = structured(await callTool(mcp, 'send_session_message', { ...args, dry_run: true }));
    expect(preview).toMatchObject({
      dryRun: true,
      summary: 'Would send a text message to 14155551234: "Your order shipped"',
      messages: [{ to: customer, type: 'text', text: 'Your order shipped' }],
      request: {
        method: 'POST',
        path: '/api/v1/sendSessionMessage/14155551234',
        query: { messageText: 'Your order shipped' },
      },
    });
    expect(await h.sent()).toEqual([]);
    const answer = structured(await callTool(mcp, 'send_session_message', args));
    expect(answer).toMatchObject({ result: 'success', message: { statusString: 'SENT' } });
    expect(await h.sent()).toMatchObject([{ waId: customer, text: 'Your order shipped' }]);
  });

  it('send_session_file sends a base64 file', async () => {
    const { h, mcp } = get();
    await h.inbound();
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const args = {
      whatsappNumber: customer,
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
    const result = await callTool(mcp, 'send_session_file', {
      whatsappNumber: customer,
      file_base64: big,
      file_name: 'huge.jpg',
      dry_run: true,
    });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(
      /^sendSessionFile was not sent: file is \d+ bytes; WhatsApp accepts image files up to 5242880 bytes$/,
    );
    expect(await h.sent()).toEqual([]);
  });

  it('returns isError with the client’s message when a send breaks WhatsApp’s limits (4 buttons)', async () => {
    const { h, mcp } = get();
    const buttons = ['One', 'Two', 'Three', 'Four'].map((text) => ({ text }));
    for (const dry_run of [true, false]) {
      const result = await callTool(mcp, 'send_interactive_buttons_message', {
        whatsappNumber: customer,
        body: 'Pick one',
        buttons,
        dry_run,
      });
      expect(result.isError).toBe(true);
      expect(result.content).toEqual([
        {
          type: 'text',
          text: 'sendInteractiveButtonsMessage was not sent: buttons has 4 items; WhatsApp allows 1 to 3',
        },
      ]);
      expect(result.structuredContent?.error).toMatchObject({
        code: 'validation_failed',
        violations: [{ field: 'buttons', limit: '1 to 3 buttons' }],
      });
    }
    expect(await h.sent()).toEqual([]);
  });

  it('returns isError with WATI’s reason and what to do when the window is closed', async () => {
    const { mcp } = get();
    const result = await callTool(mcp, 'send_session_message', {
      whatsappNumber: '14155555678',
      messageText: 'hi',
    });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toContain('"Ticket has been expired"');
    expect(result.content[0]?.text).toContain('send_template_message_v2');
    expect(result.structuredContent?.error).toMatchObject({ code: 'session_window_closed', status: 200 });
  });

  it('rejects unknown arguments as a tool error, not a protocol error', async () => {
    const result = await callTool(get().mcp, 'get_contacts', { page_size: 10 });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toContain('page_size');
  });
}
