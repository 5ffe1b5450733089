import { operationList } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { toolName, toolTitle } from './tool-name.js';

describe('toolName', () => {
  it('snake-cases operation ids, with version suffixes and acronyms as their own word', () => {
    expect(toolName('getContacts')).toBe('get_contacts');
    expect(toolName('sendSessionMessage')).toBe('send_session_message');
    expect(toolName('sendTemplateMessageV2')).toBe('send_template_message_v2');
    expect(toolName('sendTemplateMessagesV2')).toBe('send_template_messages_v2');
    expect(toolName('sendTemplateMessageCSV')).toBe('send_template_message_csv');
  });

  it('gives every registry operation a distinct name that MCP accepts', () => {
    const names = operationList.map((o) => toolName(o.id));
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9_]{1,128}$/);
  });
});

describe('toolTitle', () => {
  it('reads as words', () => {
    expect(toolTitle('sendTemplateMessageCSV')).toBe('Send template message CSV');
    expect(toolTitle('getContacts')).toBe('Get contacts');
  });
});
