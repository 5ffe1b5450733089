import { registryV3, type V3Operation } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { buildV3Request } from './build-v3-request.js';
import type { WatiValidationError } from './errors.js';
import { prepareV3Input } from './prepare-v3-input.js';

const op = (id: string) => registryV3.get(id) as V3Operation;
const refusal = (id: string, input: unknown) => {
  try {
    prepareV3Input(op(id), input, ['secret-token-123']);
  } catch (e) {
    return e as WatiValidationError;
  }
  throw new Error('expected a refusal');
};

describe('prepareV3Input', () => {
  it('splits the input into path/query values and body fields', () => {
    expect(
      prepareV3Input(op('v3PutConversationsByTargetOperator'), {
        target: '14155551234',
        assignee_email: null,
      }),
    ).toEqual({
      params: { target: '14155551234' },
      body: { assignee_email: null },
    });
    expect(prepareV3Input(op('v3GetContacts'), { page_number: 1, page_size: 5 })).toEqual({
      params: { page_number: 1, page_size: 5 },
      body: undefined,
    });
  });

  it('normalises targets where the registry says they are', () => {
    expect(
      prepareV3Input(op('v3PostConversationsMessagesText'), { target: '+1 (415) 555-1234', text: 'x' }).body,
    ).toEqual({
      target: '14155551234',
      text: 'x',
    });
    expect(
      prepareV3Input(op('v3PostConversationsMessagesText'), { target: 'Main:+1 415 555 1234', text: 'x' })
        .body,
    ).toMatchObject({
      target: 'Main:14155551234',
    });
    expect(
      prepareV3Input(op('v3GetContactsByTarget'), { target: '65b73810e2bd04aa867b5f7d' }).params,
    ).toEqual({
      target: '65b73810e2bd04aa867b5f7d',
    });
    const send = prepareV3Input(op('v3PostMessageTemplatesSend'), {
      template_name: 't',
      broadcast_name: 'b',
      recipients: [{ phone_number: '+44 7700 900123' }],
    });
    expect(send.body?.recipients).toEqual([{ phone_number: '447700900123' }]);
  });

  it('coerces integer query values written as text', () => {
    expect(prepareV3Input(op('v3GetContacts'), { page_number: '2', page_size: '10' }).params).toEqual({
      page_number: 2,
      page_size: 10,
    });
  });

  it('names unknown, missing and mistyped fields', () => {
    expect(
      refusal('v3GetContacts', { page_number: 'x', pageSize: 1 }).violations.map((v) => v.field),
    ).toEqual(['page_number', 'page_size', 'pageSize']);
  });

  it('refuses a dot path in a path value and a malformed target', () => {
    expect(refusal('v3GetMessageTemplatesByTemplateId', { template_id: '..' }).violations).toEqual([
      {
        field: 'template_id',
        limit: 'an id or target',
        message: 'template_id must name one template; it is empty or a dot path',
      },
    ]);
    expect(refusal('v3GetContactsByTarget', { target: '0123' }).violations.map((v) => v.field)).toEqual([
      'target',
    ]);
  });

  it('checks WhatsApp’s limits and redacts secrets from the messages', () => {
    const error = refusal('v3PostConversationsMessagesFileViaUrl', {
      target: '14155551234',
      file_url: 'ftp://secret-token-123@example.com/a.png',
    });
    expect(error.violations.map((v) => v.field)).toEqual(['file_url']);
    expect(error.message).not.toContain('secret-token-123');
  });
});

describe('buildV3Request', () => {
  it('encodes path values, keeps query order, and sends JSON bodies with nulls', () => {
    const operation = op('v3PutConversationsByTargetOperator');
    expect(
      buildV3Request(operation, { params: { target: 'Main:1415' }, body: { assignee_email: null } }),
    ).toEqual({
      method: 'PUT',
      path: '/api/ext/v3/conversations/Main%3A1415/operator',
      query: [],
      body: { type: 'json', value: { assignee_email: null } },
    });
    expect(
      buildV3Request(op('v3GetBroadcasts'), {
        params: { page_size: 5, page_number: 2, channel: 'Main' },
        body: undefined,
      }),
    ).toEqual({
      method: 'GET',
      path: '/api/ext/v3/broadcasts',
      query: [
        ['channel', 'Main'],
        ['page_number', '2'],
        ['page_size', '5'],
      ],
    });
  });

  it('sends the file upload as multipart, the Blob kept as a Blob', () => {
    const file = new Blob(['x'], { type: 'image/png' });
    const parts = buildV3Request(op('v3PostConversationsMessagesFile'), {
      params: {},
      body: { target: '14155551234', file, caption: undefined },
    });
    expect(parts.body).toEqual({
      type: 'multipart',
      parts: [
        { name: 'target', value: '14155551234' },
        { name: 'file', value: file },
      ],
    });
  });
});
