import { checkLimits, registry, registryV3, v3Limits } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { fromV1, fromV3, maskV3Target, type RequestView, v3RecipientOf } from './wati-operation.js';

const view = (over: Partial<RequestView> = {}): RequestView => ({
  query: '',
  pathParams: {},
  fields: undefined,
  ...over,
});

function spec3(id: string) {
  const op = registryV3.get(id);
  if (!op) throw new Error(`no ${id}`);
  return op;
}
const v3 = (id: string) => fromV3(spec3(id));
function v1(id: string) {
  const op = registry.get(id);
  if (!op) throw new Error(`no ${id}`);
  return fromV1(op);
}

describe('fromV1', () => {
  it('keeps every v1/v2 entry’s id, method, path, kind and rate class, and the v1 API', () => {
    for (const op of registry.list) {
      expect(fromV1(op)).toMatchObject({
        id: op.id,
        method: op.method,
        path: op.path,
        kind: op.kind,
        rateClass: op.rateClass,
        api: 'v1',
        watiScope: undefined,
      });
    }
  });

  it('checks sends only, as checkLimits does, and reads the body only of sends', () => {
    for (const op of registry.list) {
      const wrapped = fromV1(op);
      expect(wrapped.checks === undefined).toBe(op.kind !== 'send');
      expect(wrapped.reads).toBe(op.kind === 'send' ? 'fields' : 'nothing');
    }
    const send = v1('sendSessionMessage');
    const request = view({ query: 'messageText=', pathParams: { whatsappNumber: '14155551234' } });
    expect(send.checks?.(request)).toEqual(
      checkLimits('sendSessionMessage', { messageText: '', whatsappNumber: '14155551234' }),
    );
    expect(send.checks?.(request)).not.toEqual([]);
  });

  it('names the recipient masked, from the path, the query or the body', () => {
    const send = v1('sendSessionMessage');
    expect(send.recipient(view({ pathParams: { whatsappNumber: '14155551234' } }))).toBe('14*******34');
    const template = v1('sendTemplateMessage');
    expect(template.recipient(view({ query: 'whatsappNumber=14155551234' }))).toBe('14*******34');
    expect(v1('getContacts').recipient(view())).toBeNull();
  });
});

describe('fromV3', () => {
  it('keeps every v3 entry’s id, method, path, kind, rate class and WATI scope, and the v3 API', () => {
    for (const op of registryV3.list) {
      expect(fromV3(op)).toMatchObject({
        id: op.id,
        method: op.method,
        path: op.path,
        kind: op.kind,
        rateClass: op.rateClass,
        api: 'v3',
        watiScope: op.scope,
      });
    }
  });

  it('reads a JSON body’s fields, the file upload’s multipart parts, nothing of a bodyless call', () => {
    expect(v3('v3PostConversationsMessagesFile').reads).toBe('multipart');
    expect(v3('v3PostConversationsMessagesText').reads).toBe('fields');
    expect(v3('v3PutContacts').reads).toBe('fields');
    expect(v3('v3GetContacts').reads).toBe('nothing');
    expect(v3('v3GetContactsByTarget').reads).toBe('nothing');
  });

  it('checks writes, sends and reads with a target in the path; not other reads', () => {
    for (const op of registryV3.list) {
      const wrapped = fromV3(op);
      expect(wrapped.checks !== undefined, op.id).toBe(op.kind !== 'read' || op.target?.in === 'path');
    }
  });

  it('refuses a malformed target wherever operation.target puts it, naming the field', () => {
    const bad = 'not a target/x';
    for (const op of registryV3.list) {
      const place = op.target;
      if (!place) continue;
      const wrapped = fromV3(op);
      let request: RequestView;
      let field: string;
      if (place.in === 'path') {
        request = view({ pathParams: { [place.field]: bad } });
        field = place.field;
      } else {
        const items = /^(\w+)\[\]\.(\w+)$/.exec(place.field);
        if (items) {
          const [, list = '', name = ''] = items;
          request = view({ fields: { [list]: [{ [name]: bad }] } });
          field = `${list}[0].${name}`;
        } else {
          request = view({ fields: { [place.field]: bad } });
          field = place.field;
        }
      }
      const fields = (wrapped.checks?.(request) ?? []).map((v) => v.field);
      expect(fields, op.id).toContain(field);
    }
  });

  it('accepts every example request of WATI’s file', () => {
    for (const op of registryV3.list) {
      const example = op.body?.example;
      if (example === undefined || op.body?.contentType !== 'application/json') continue;
      expect(fromV3(op).checks?.(view({ fields: example as Record<string, unknown> })), op.id).toEqual([]);
    }
  });

  it('refuses 10,001 recipients, naming the limit', () => {
    const recipients = Array.from({ length: v3Limits.templateSend.maxRecipients + 1 }, () => ({
      phone_number: '14155551234',
    }));
    const violations = v3('v3PostMessageTemplatesSend').checks?.(
      view({ fields: { template_name: 'welcome', broadcast_name: 'b', recipients } }),
    );
    expect(violations).toEqual([
      {
        field: 'recipients',
        limit: 'at most 10000 recipients',
        message: 'recipients has 10001 items; send at most 10000 per call',
      },
    ]);
  });

  it('refuses a file over WhatsApp’s limit for its type, and a file_url that is not http(s)', () => {
    const file = new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'big.jpg', { type: 'image/jpeg' });
    expect(
      v3('v3PostConversationsMessagesFile').checks?.(view({ fields: { target: '14155551234', file } })),
    ).toEqual([
      {
        field: 'file',
        limit: `at most ${5 * 1024 * 1024} bytes for image`,
        message: `file is ${5 * 1024 * 1024 + 1} bytes; WhatsApp accepts image files up to ${5 * 1024 * 1024} bytes`,
      },
    ]);
    expect(
      v3('v3PostConversationsMessagesFileViaUrl')
        .checks?.(view({ fields: { target: '14155551234', file_url: 'file:///etc/passwd' } }))
        .map((v) => v.field),
    ).toEqual(['file_url']);
  });

  it('checks query values and path parameters together', () => {
    const read = v3('v3GetConversationsByTargetMessages');
    expect(read.checks?.(view({ query: 'page_size=10', pathParams: { target: '14155551234' } }))).toEqual([]);
    expect(read.checks?.(view({ pathParams: { target: '0123' } })).map((v) => v.field)).toEqual(['target']);
  });
});

describe('maskV3Target', () => {
  it('masks a phone as v1 does, a channel’s phone after the channel, and keeps an id', () => {
    expect(maskV3Target('14155551234')).toBe('14*******34');
    expect(maskV3Target('+1 415 555 1234')).toBe('14*******34');
    expect(maskV3Target('MyChannel:14155551234')).toBe('MyChannel:14*******34');
    expect(maskV3Target('685bd235e6119686e693a093')).toBe('685bd235e6119686e693a093');
  });

  it('keeps only the digits, masked, of what is no target, and nothing of an empty value', () => {
    expect(maskV3Target('call 14155551234 now')).toBe('14*******34');
    expect(maskV3Target('')).toBeNull();
    expect(maskV3Target(42)).toBeNull();
  });
});

describe('v3RecipientOf', () => {
  const send = spec3('v3PostMessageTemplatesSend');
  const text = spec3('v3PostConversationsMessagesText');
  const byPath = spec3('v3PutConversationsByTargetOperator');

  it('reads the target from the body or the path', () => {
    expect(v3RecipientOf(text, view({ fields: { target: '14155551234', text: 'hi' } }))).toBe('14*******34');
    expect(v3RecipientOf(byPath, view({ pathParams: { target: 'Ch:14155551234' } }))).toBe('Ch:14*******34');
    expect(v3RecipientOf(spec3('v3GetChannels'), view())).toBeNull();
  });

  it('names the first of several recipients and how many more', () => {
    const recipients = [{ phone_number: '14155551234' }, { phone_number: '447700900123' }, {}];
    expect(v3RecipientOf(send, view({ fields: { recipients } }))).toBe('14*******34 (+2 more)');
    expect(v3RecipientOf(send, view({ fields: { recipients: recipients.slice(0, 1) } }))).toBe('14*******34');
    expect(v3RecipientOf(send, view({ fields: { recipients: [] } }))).toBeNull();
    expect(v3RecipientOf(send, view({ fields: { recipients: 'x' } }))).toBeNull();
    expect(v3RecipientOf(send, view())).toBeNull();
  });
});
