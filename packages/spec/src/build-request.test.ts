import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildRequest } from './build-request.js';
import { defineOperation } from './define-operation.js';
import { operations } from './registry.js';

describe('buildRequest', () => {
  it('percent-encodes path parameters', () => {
    expect(buildRequest(operations.getMessages, { whatsappNumber: '+1 415/555?1234#x' })).toEqual({
      method: 'GET',
      path: '/api/v1/getMessages/%2B1%20415%2F555%3F1234%23x',
      query: [],
    });
  });

  it('puts query parameters in declaration order, numbers as decimal text, and omits undefined ones', () => {
    expect(
      buildRequest(operations.getContacts, {
        pageNumber: 2,
        pageSize: 50,
        name: undefined,
        createdDate: '2024-10-11',
      }),
    ).toEqual({
      method: 'GET',
      path: '/api/v1/getContacts',
      query: [
        ['pageSize', '50'],
        ['pageNumber', '2'],
        ['createdDate', '2024-10-11'],
      ],
    });
  });

  it('sends the getContacts attribute filter as one JSON-encoded query value', () => {
    const attribute = [
      { name: 'city', operator: '==', value: 'Paris' },
      { name: 'vip', operator: 'exist' },
    ];
    expect(buildRequest(operations.getContacts, { attribute })).toEqual({
      method: 'GET',
      path: '/api/v1/getContacts',
      query: [
        ['attribute', '[{"name":"city","operator":"==","value":"Paris"},{"name":"vip","operator":"exist"}]'],
      ],
    });
  });

  it('keeps messageText in the query string of sendSessionMessage, with no body', () => {
    expect(
      buildRequest(operations.sendSessionMessage, {
        whatsappNumber: '14155551234',
        messageText: 'Hi & bye',
        replyContextId: 'wamid.1',
      }),
    ).toEqual({
      method: 'POST',
      path: '/api/v1/sendSessionMessage/14155551234',
      query: [
        ['messageText', 'Hi & bye'],
        ['replyContextId', 'wamid.1'],
      ],
    });
  });

  it('collects json parameters into one JSON body and query parameters into the query', () => {
    const parameters = [{ name: 'name', value: 'John' }];
    expect(
      buildRequest(operations.sendTemplateMessage, {
        whatsappNumber: '14155551234',
        template_name: 'welcome',
        broadcast_name: 'welcome_2024',
        parameters,
      }),
    ).toEqual({
      method: 'POST',
      path: '/api/v1/sendTemplateMessage',
      query: [['whatsappNumber', '14155551234']],
      body: { type: 'json', value: { template_name: 'welcome', broadcast_name: 'welcome_2024', parameters } },
    });
  });

  it('keeps nested json values as values, not strings', () => {
    const sections = [{ title: 'A', rows: [{ title: 'One', id: '1' }] }];
    const request = buildRequest(operations.sendInteractiveListMessage, {
      whatsappNumber: '14155551234',
      body: 'Pick one',
      buttonText: 'Options',
      sections,
    });
    expect(request.body).toEqual({
      type: 'json',
      value: { body: 'Pick one', buttonText: 'Options', sections },
    });
  });

  it('sends an empty JSON object for a JSON operation given only its path parameter', () => {
    expect(buildRequest(operations.addContact, { whatsappNumber: '14155551234' })).toEqual({
      method: 'POST',
      path: '/api/v1/addContact/14155551234',
      query: [],
      body: { type: 'json', value: {} },
    });
  });

  it('sends no body for an operation without body parameters', () => {
    expect(buildRequest(operations.assignOperator, { whatsappNumber: '14155551234' })).toEqual({
      method: 'POST',
      path: '/api/v1/assignOperator',
      query: [['whatsappNumber', '14155551234']],
    });
    expect(buildRequest(operations.getMessageTemplates, {})).toEqual({
      method: 'GET',
      path: '/api/v1/getMessageTemplates',
      query: [],
    });
  });

  it('sends a file as a multipart part holding the same Blob, beside query parameters', () => {
    const file = new Blob(['%PDF-1.7'], { type: 'application/pdf' });
    expect(
      buildRequest(operations.sendSessionFile, { whatsappNumber: '14155551234', caption: 'Invoice', file }),
    ).toEqual({
      method: 'POST',
      path: '/api/v1/sendSessionFile/14155551234',
      query: [['caption', 'Invoice']],
      body: { type: 'multipart', parts: [{ name: 'file', value: file }] },
    });
    const parts = buildRequest(operations.sendSessionFile, { whatsappNumber: '1', file }).body;
    expect(parts?.type === 'multipart' && parts.parts[0]?.value).toBe(file);
  });

  it('sends the CSV of sendTemplateMessageCSV as multipart with the names in the query', () => {
    const csv = new Blob(['phone,name\n14155551234,John\n'], { type: 'text/csv' });
    expect(
      buildRequest(operations.sendTemplateMessageCSV, {
        template_name: 'welcome',
        broadcast_name: 'csv_run',
        whatsapp_numbers_csv: csv,
      }),
    ).toEqual({
      method: 'POST',
      path: '/api/v1/sendTemplateMessageCSV',
      query: [
        ['template_name', 'welcome'],
        ['broadcast_name', 'csv_run'],
      ],
      body: { type: 'multipart', parts: [{ name: 'whatsapp_numbers_csv', value: csv }] },
    });
  });

  it('encodes form parameters as name/value pairs, objects and json-encoded values as JSON text', () => {
    const formOperation = defineOperation({
      id: 'formExample',
      method: 'POST',
      path: '/api/v1/formExample',
      resource: 'contacts',
      kind: 'write',
      rateClass: 'unmetered',
      summary: 'An operation with form parameters, for this test only.',
      params: {
        a: { in: 'form', schema: z.string(), description: 'text' },
        n: { in: 'form', schema: z.number(), description: 'number' },
        o: { in: 'form', schema: z.object({ x: z.number() }), description: 'object' },
        j: { in: 'form', schema: z.string(), description: 'json text', encode: 'json' },
        m: { in: 'multipart', schema: z.string().optional(), description: 'text part' },
      },
      response: { type: 'binary' },
      see: 'https://docs.wati.io/reference/post_api-v1-formexample',
      example: { a: 'x y', n: 3, o: { x: 1 }, j: 'q' },
      cli: { omitted: 'made up for this test only' },
    });
    expect(buildRequest(formOperation, { a: 'x y', n: 3, o: { x: 1 }, j: 'q' })).toEqual({
      method: 'POST',
      path: '/api/v1/formExample',
      query: [],
      body: {
        type: 'form',
        value: [
          ['a', 'x y'],
          ['n', '3'],
          ['o', '{"x":1}'],
          ['j', '"q"'],
        ],
      },
    });
    expect(buildRequest(formOperation, { m: 'text' }).body).toEqual({
      type: 'multipart',
      parts: [{ name: 'm', value: 'text' }],
    });
  });

  it('ignores input keys that are not parameters of the operation', () => {
    expect(buildRequest(operations.getMedia, { fileName: 'data/images/a.jpg', token: 'secret' })).toEqual({
      method: 'GET',
      path: '/api/v1/getMedia',
      query: [['fileName', 'data/images/a.jpg']],
    });
  });
});
