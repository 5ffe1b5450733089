import { describe, expect, it } from 'vitest';
import { checkV3Limits, v3Limits } from './check-limits-v3.js';
import { registryV3 } from './registry-v3.js';
import { parseV3Target } from './target.js';

const fields = (id: string, input: Parameters<typeof checkV3Limits>[1]) =>
  checkV3Limits(id, input).map((v) => v.field);

const recipients = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ phone_number: `1415${String(i).padStart(7, '0')}` }));

describe('v3 targets', () => {
  it('reads the three forms WATI documents', () => {
    expect(parseV3Target('14155552671')).toEqual({ kind: 'phone', phone: '14155552671' });
    expect(parseV3Target('+1 415 555 2671')).toEqual({ kind: 'phone', phone: '14155552671' });
    expect(parseV3Target('123456789:1415552671')).toEqual({
      kind: 'channelPhone',
      channel: '123456789',
      phone: '1415552671',
    });
    expect(parseV3Target('MyChannel:1415552671')).toMatchObject({
      kind: 'channelPhone',
      channel: 'MyChannel',
    });
    expect(parseV3Target('685bd235e6119686e693a093')).toEqual({ kind: 'id', id: '685bd235e6119686e693a093' });
  });

  it.each([
    '',
    '   ',
    '12345',
    '1234567890123456',
    '0414555123',
    '+1 415 abc',
    'MyChannel:',
    ':14155552671',
    'MyChannel:abc',
    'a/b',
    'has space',
    '../contacts',
  ])('refuses %j', (value) => {
    expect(parseV3Target(value)).toBeUndefined();
  });
});

describe('checkV3Limits', () => {
  it('refuses a malformed target in the path and in the body, naming the field', () => {
    expect(fields('v3GetConversationsByTargetMessages', { params: { target: 'MyChannel:' } })).toEqual([
      'target',
    ]);
    expect(fields('v3PostConversationsMessagesText', { body: { target: '12', text: 'hi' } })).toEqual([
      'target',
    ]);
    expect(fields('v3PutContacts', { body: { contacts: [{ target: 'ok_id' }, { target: 'a b' }] } })).toEqual(
      ['contacts[1].target'],
    );
    expect(
      checkV3Limits('v3PostConversationsMessagesText', { body: { target: 'x y', text: 'hi' } })[0]?.message,
    ).toMatch(/not a target; use a phone number with country code/);
  });

  it('takes 10,000 recipients in one template send and refuses 10,001', () => {
    expect(v3Limits.templateSend.maxRecipients).toBe(10_000);
    const body = { template_name: 'welcome', broadcast_name: 'b' };
    expect(
      checkV3Limits('v3PostMessageTemplatesSend', { body: { ...body, recipients: recipients(10_000) } }),
    ).toEqual([]);
    const over = checkV3Limits('v3PostMessageTemplatesSend', {
      body: { ...body, recipients: recipients(10_001) },
    });
    expect(over).toEqual([
      {
        field: 'recipients',
        limit: 'at most 10000 recipients',
        message: 'recipients has 10001 items; send at most 10000 per call',
      },
    ]);
    expect(
      fields('v3PostMessageTemplatesSchedule', { body: { ...body, recipients: recipients(10_001) } }),
    ).toEqual(['recipients']);
    expect(
      fields('v3PostMessageTemplatesSend', { body: { ...body, recipients: [{ phone_number: 'abc' }] } }),
    ).toEqual(['recipients[0].phone_number']);
  });

  it('holds text to 4096 characters (code points)', () => {
    const target = '14155551234';
    expect(fields('v3PostConversationsMessagesText', { body: { target, text: '😀'.repeat(4096) } })).toEqual(
      [],
    );
    expect(fields('v3PostConversationsMessagesText', { body: { target, text: 'a'.repeat(4097) } })).toEqual([
      'text',
    ]);
    expect(fields('v3PostConversationsMessagesText', { body: { target, text: ' ' } })).toEqual(['text']);
  });

  it('holds reply buttons to 1 to 3 of at most 20 characters, and list messages to 10 rows', () => {
    const target = '14155551234';
    const button = (text: string) => ({ text });
    expect(
      fields('v3PostConversationsMessagesInteractive', {
        body: {
          target,
          type: 'buttons',
          button_message: { body: 'Pick', buttons: ['a', 'b', 'c', 'd'].map(button) },
        },
      }),
    ).toEqual(['button_message.buttons']);
    expect(
      fields('v3PostConversationsMessagesInteractive', {
        body: {
          target,
          type: 'buttons',
          button_message: { body: 'Pick', buttons: [button('x'.repeat(21))] },
        },
      }),
    ).toEqual(['button_message.buttons[0].text']);
    const rows = Array.from({ length: 11 }, (_, i) => ({ title: `row ${i}` }));
    expect(
      fields('v3PostConversationsMessagesInteractive', {
        body: {
          target,
          type: 'list',
          list_message: { body: 'Pick', button_text: 'Menu', sections: [{ rows }] },
        },
      }),
    ).toEqual(['list_message.sections']);
    expect(fields('v3PostConversationsMessagesInteractive', { body: { target, type: 'carousel' } })).toEqual([
      'type',
    ]);
  });

  it('refuses a file over WhatsApp limit or of a type it does not take, and a file URL that is not http(s)', () => {
    const target = '14155551234';
    const big = new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'photo.jpg', { type: 'image/jpeg' });
    expect(fields('v3PostConversationsMessagesFile', { body: { target, file: big } })).toEqual(['file']);
    const exe = new File([new Uint8Array(3)], 'a.exe', { type: 'application/x-msdownload' });
    expect(fields('v3PostConversationsMessagesFile', { body: { target, file: exe } })).toEqual(['file']);
    const ok = new File([new Uint8Array(3)], 'a.pdf', { type: 'application/pdf' });
    expect(fields('v3PostConversationsMessagesFile', { body: { target, file: ok, caption: 'x' } })).toEqual(
      [],
    );
    expect(
      fields('v3PostConversationsMessagesFileViaUrl', { body: { target, file_url: 'file:///etc/passwd' } }),
    ).toEqual(['file_url']);
  });

  it('passes every example request of WATI file', () => {
    for (const o of registryV3.list) {
      const example = o.body?.example as Record<string, unknown> | undefined;
      if (!example) continue;
      const body =
        o.body?.contentType === 'multipart/form-data'
          ? { ...example, file: new File([new Uint8Array(3)], 'example.jpg', { type: 'image/jpeg' }) }
          : example;
      expect(o.checkLimits({ body }), o.id).toEqual([]);
    }
  });

  it('survives malformed bodies without throwing', () => {
    for (const o of registryV3.list) {
      for (const body of [null, 'x', [], { recipients: [null, 'x'] }, { contacts: 'x' }]) {
        expect(() => o.checkLimits({ body, params: { target: 'x y' } })).not.toThrow();
      }
    }
  });
});
