import { registryV3, type V3Operation } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { describeV3Request, sentSummaryV3 } from './describe-send-v3.js';

const op = (id: string) => registryV3.get(id) as V3Operation;
const send = op('v3PostMessageTemplatesSend');
const input = {
  params: {},
  body: {
    template_name: 'order_update',
    recipients: [{ phone_number: '14155551234' }, { phone_number: '14155555678' }],
  },
};

describe('sentSummaryV3', () => {
  it('says what was sent when WATI reports no error', () => {
    expect(sentSummaryV3('send_template', send, input, { success: true, broadcast_id: 'b1' })).toBe(
      'Sent template "order_update" to 2 numbers.',
    );
  });

  it('says when WATI answered 200 but reported errors for some recipients', () => {
    const answer = {
      success: true,
      recipients: [
        { phone_number: '14155551234', errors: [] },
        { phone_number: '14155555678', errors: ['Invalid WhatsApp number'] },
      ],
    };
    expect(sentSummaryV3('send_template', send, input, answer)).toBe(
      'Sent template "order_update" to 2 numbers. But WATI reported errors for 1 of 2 recipients: "Invalid WhatsApp number"; see wati.recipients.',
    );
    expect(
      sentSummaryV3('send_template', send, input, { success: false, error: 'Template not approved' }),
    ).toBe(
      'Sent template "order_update" to 2 numbers. But WATI reported errors for the send: "Template not approved"; see wati.recipients.',
    );
  });
});

describe('describeV3Request', () => {
  it('fills path parameters (encoded), puts query parameters in query, describes a file', () => {
    expect(
      describeV3Request(
        op('v3GetBroadcastsByBroadcastIdRecipients'),
        { params: { broadcast_id: 'a/b', page_number: 1, page_size: 20 } },
        '/wati',
      ),
    ).toEqual({
      method: 'GET',
      path: '/wati/api/ext/v3/broadcasts/a%2Fb/recipients',
      query: { page_number: '1', page_size: '20' },
    });
    const file = new File(['hi'], 'a.txt', { type: 'text/plain' });
    expect(
      describeV3Request(
        op('v3PostConversationsMessagesFile'),
        { params: {}, body: { target: '1', file } },
        '',
      ),
    ).toEqual({
      method: 'POST',
      path: '/api/ext/v3/conversations/messages/file',
      query: {},
      body: { target: '1', file: { file_name: 'a.txt', type: 'text/plain', size: 2 } },
    });
  });
});
