import {
  WatiApiError,
  WatiAuthError,
  WatiGatewayError,
  WatiRateLimitError,
  WatiValidationError,
} from '@watigate/client';
import { registryV3, type V3Operation } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { speakV3Error } from './speak-v3-error.js';

const op = (id: string) => registryV3.get(id) as V3Operation;

describe('speakV3Error', () => {
  it('names the scope WATI requires when WATI answers 403, and says retrying will not help', () => {
    const error = new WatiAuthError('HTTP 403: …', { code: 'forbidden', status: 403 });
    const spoken = speakV3Error('get_contacts', op('v3GetContacts'), error) as Error & { status: number };
    expect(spoken.message).toBe(
      'get_contacts was refused (403): the WATI access token in use lacks the scope contactsv3:*, which WATI requires for get_contacts. Ask the account owner to give the token that access in WATI’s dashboard (API Docs) and connect it again; retrying will not help.',
    );
    expect(spoken.status).toBe(403);
  });

  it('says WATI did not allow it when WATI documents no scope for the operation', () => {
    const error = new WatiAuthError('Forbidden', { code: 'unauthorized', status: 403 });
    expect((speakV3Error('list_chatbots', op('v3GetChatbots'), error) as Error).message).toContain(
      'WATI does not allow list_chatbots for the WATI access token in use (WATI names no scope for it)',
    );
  });

  it('uses WATI’s reason (info) over the client’s wording for a 400, and says to fix the arguments', () => {
    const error = new WatiApiError('WATI refused the request', {
      code: 'wati_error',
      status: 400,
      info: 'Invalid target.',
    });
    expect((speakV3Error('get_contact', op('v3GetContactsByTarget'), error) as Error).message).toBe(
      'get_contact failed: WATI answered 400: Invalid target. Fix the arguments of get_contact as WATI says, then call it again.',
    );
  });

  it('warns that a send answered 5xx may have gone out, and how to check', () => {
    const error = new WatiApiError('Internal error', { code: 'wati_error', status: 500 });
    const message = (
      speakV3Error('send_session_message', op('v3PostConversationsMessagesText'), error) as Error
    ).message;
    expect(message).toContain('the message may or may not have gone out');
    expect(message).toContain('get_messages');
    expect(message).toContain('same idempotency_key never sends twice');
    expect((speakV3Error('get_contacts', op('v3GetContacts'), error) as Error).message).toContain(
      'try again',
    );
  });

  it('leaves the gateway’s own refusals, 401, 429 and other errors as they are', () => {
    const gateway = new WatiGatewayError('The key lacks wati:send', {
      code: 'insufficient_scope',
      status: 403,
    });
    expect(speakV3Error('start_chatbot', op('v3PostChatbotsStart'), gateway)).toBe(gateway);
    const auth = new WatiAuthError('Reconnect', { code: 'unauthorized', status: 401 });
    expect(speakV3Error('get_contacts', op('v3GetContacts'), auth)).toBe(auth);
    const limited = new WatiRateLimitError('Slow down', {
      code: 'rate_limited',
      status: 429,
      retryAfterMs: 5,
    });
    expect(speakV3Error('get_contacts', op('v3GetContacts'), limited)).toBe(limited);
    const plain = new Error('boom');
    expect(speakV3Error('get_contacts', op('v3GetContacts'), plain)).toBe(plain);
  });

  it('puts a client validation error in the tool’s terms', () => {
    const error = new WatiValidationError('v3PutContacts was not sent: contacts[0].customParams: bad', [
      { field: 'contacts[0].customParams', limit: 'x', message: 'contacts[0].customParams: bad' },
    ]);
    const spoken = speakV3Error(
      'update_contact_attributes',
      op('v3PutContacts'),
      error,
    ) as WatiValidationError;
    expect(spoken.message).toBe('update_contact_attributes was not sent: contacts[0].custom_params: bad');
    expect(spoken.violations[0]?.field).toBe('contacts[0].custom_params');
  });
});

describe('speakV3Error for a closed window', () => {
  it('says to send a template instead of fixing the arguments', () => {
    const error = new WatiApiError('x', {
      code: 'wati_error',
      status: 400,
      info: 'target: the 24-hour customer service window with +14155555678 is closed (Ticket has been expired); send a template message instead',
    });
    expect(
      (speakV3Error('send_session_message', op('v3PostConversationsMessagesText'), error) as Error).message,
    ).toBe(
      'send_session_message failed: WATI answered 400: target: the 24-hour customer service window with +14155555678 is closed (Ticket has been expired); send a template message instead. Send an approved template with send_template instead, or wait until the customer writes (check_session_window).',
    );
  });
});
