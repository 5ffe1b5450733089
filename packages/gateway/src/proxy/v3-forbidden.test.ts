import { registryV3 } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { forbiddenMessage } from './v3-forbidden.js';
import { fromV3 } from './wati-operation.js';

function op(id: string) {
  const found = registryV3.get(id);
  if (!found) throw new Error(`no ${id}`);
  return fromV3(found);
}

describe('forbiddenMessage', () => {
  it('names the scope WATI documents for the endpoint and what to do about it', () => {
    expect(forbiddenMessage(op('v3GetContacts'), 'c-1', 'Forbidden')).toBe(
      "WATI refused this call (HTTP 403): the WATI token of connection c-1 lacks the scope contactsv3:*, which GET /api/ext/v3/contacts needs. Give the token the contactsv3:* scope in WATI's dashboard, then connect connection c-1 again with that token (watigate connections open c-1 prints its connect page). WATI said: Forbidden",
    );
    expect(forbiddenMessage(op('v3PostMessageTemplatesSend'), 'c-1', undefined)).toContain(
      'lacks the scope messagetemplatev3:write, which POST /api/ext/v3/messageTemplates/send needs',
    );
  });

  it('says WATI names no scope where it documents none', () => {
    const message = forbiddenMessage(op('v3GetChannels'), 'c-1', undefined);
    expect(message).toBe(
      "WATI refused this call (HTTP 403): the WATI token of connection c-1 may not call GET /api/ext/v3/channels, and WATI names no scope for this endpoint. Give the token access to it in WATI's dashboard, then connect connection c-1 again with that token (watigate connections open c-1 prints its connect page).",
    );
  });
});
