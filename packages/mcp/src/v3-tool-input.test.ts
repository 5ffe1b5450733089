import { registryV3, type V3Operation } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { v3ToolInput } from './v3-tool-input.js';
import { v3Tools } from './v3-tools.js';

const op = (id: string) => registryV3.get(id) as V3Operation;
const spec = (name: string) => v3Tools.find((t) => t.name === name) as Parameters<typeof v3ToolInput>[1];

describe('v3ToolInput', () => {
  it('puts path and query parameters beside the body’s fields, and splits them back', () => {
    const input = v3ToolInput(op('v3PutConversationsByTargetOperator'), spec('assign_operator'));
    expect(Object.keys(input.schema.shape)).toEqual(['target', 'assignee_email']);
    const args = input.schema.parse({ target: 14155551234, assignee_email: 'ana@example.com' });
    expect(input.callArguments(args).input).toEqual({
      params: { target: '14155551234' },
      body: { assignee_email: 'ana@example.com' },
    });
  });

  it('sends assignee_email null (the bot) when assign_operator is called without one', () => {
    const input = v3ToolInput(op('v3PutConversationsByTargetOperator'), spec('assign_operator'));
    expect(input.callArguments(input.schema.parse({ target: '14155551234' })).input.body).toEqual({
      assignee_email: null,
    });
  });

  it('pages from 1 by 20 when paging is left out, and refuses a page_size over 100', () => {
    const input = v3ToolInput(op('v3GetContacts'));
    expect(input.callArguments(input.schema.parse({})).input).toEqual({
      params: { page_number: 1, page_size: 20 },
    });
    expect(input.schema.safeParse({ page_size: 101 }).success).toBe(false);
    expect(input.schema.safeParse({ page_number: 0 }).success).toBe(false);
  });

  it('takes WATI’s contacts[].customParams as custom_params and gives it back under WATI’s name', () => {
    const input = v3ToolInput(op('v3PutContacts'));
    const args = input.schema.parse({
      contacts: [{ target: 14155551234, custom_params: [{ name: 'city', value: 'Lima' }] }],
    });
    expect(input.callArguments(args).input.body).toEqual({
      contacts: [{ target: '14155551234', customParams: [{ name: 'city', value: 'Lima' }] }],
    });
    expect(input.schema.safeParse({ contacts: [{ target: '1', customParams: [] }] }).success).toBe(false);
  });

  it('fixes the interactive type per tool and requires that kind’s message', () => {
    const buttons = v3ToolInput(
      op('v3PostConversationsMessagesInteractive'),
      spec('send_interactive_buttons_message'),
    );
    expect(Object.keys(buttons.schema.shape)).toEqual([
      'target',
      'button_message',
      'idempotency_key',
      'dry_run',
    ]);
    expect(buttons.schema.safeParse({ target: '14155551234' }).success).toBe(false);
    const args = buttons.schema.parse({
      target: '14155551234',
      button_message: { body: 'Pick', buttons: [{ text: 'Yes' }] },
    });
    expect(buttons.callArguments(args)).toMatchObject({
      input: { body: { type: 'buttons', target: '14155551234', button_message: { body: 'Pick' } } },
      dryRun: false,
    });
    const list = v3ToolInput(
      op('v3PostConversationsMessagesInteractive'),
      spec('send_interactive_list_message'),
    );
    expect(Object.keys(list.schema.shape)).toEqual(['target', 'list_message', 'idempotency_key', 'dry_run']);
  });

  it('offers set_conversation_status’s four statuses as an enum', () => {
    const input = v3ToolInput(op('v3PutConversationsByTargetStatus'));
    expect(input.schema.safeParse({ target: '14155551234', new_status: 'solved' }).success).toBe(true);
    expect(input.schema.safeParse({ target: '14155551234', new_status: 'closed' }).success).toBe(false);
  });

  it('takes a multipart file as base64 with its name, and refuses a file over WhatsApp’s limit before decoding it', () => {
    const input = v3ToolInput(op('v3PostConversationsMessagesFile'));
    expect(Object.keys(input.schema.shape)).toEqual([
      'target',
      'file_base64',
      'file_name',
      'mime_type',
      'caption',
      'idempotency_key',
      'dry_run',
    ]);
    const ok = input.callArguments(
      input.schema.parse({
        target: '14155551234',
        file_base64: Buffer.from('hi').toString('base64'),
        file_name: 'a.txt',
      }),
    );
    expect(ok.violations).toEqual([]);
    expect((ok.input.body as { file: File }).file).toBeInstanceOf(File);
    const big = 'A'.repeat(Math.ceil(((5 * 1024 * 1024 + 1) * 4) / 3) + 4);
    const refused = input.callArguments(
      input.schema.parse({ target: '14155551234', file_base64: big, file_name: 'a.jpg' }),
    );
    expect(refused.violations).toMatchObject([{ field: 'file' }]);
  });

  it('adds dry_run and idempotency_key to sends only', () => {
    expect(Object.keys(v3ToolInput(op('v3PostChatbotsStart')).schema.shape)).toEqual([
      'target',
      'chatbot_id',
      'idempotency_key',
      'dry_run',
    ]);
    expect(v3ToolInput(op('v3GetChatbots')).schema.shape).not.toHaveProperty('dry_run');
  });
});
