import { describe, expect, it } from 'vitest';
import { errorFromResponse } from './error-from-response.js';
import {
  isWatiError,
  WatiApiError,
  WatiAuthError,
  WatiGatewayError,
  WatiInvalidNumberError,
  WatiRateLimitError,
  WatiSessionWindowError,
  WatiTemplateError,
} from './errors.js';

const direct = (status: number, body: unknown, extra: { retryAfterMs?: number; requestId?: string } = {}) =>
  errorFromResponse({
    status,
    text: typeof body === 'string' ? body : JSON.stringify(body),
    mode: 'direct',
    ...extra,
  });

// Bodies below are the ones recorded in shared/reference/wati-api.md.
describe('errorFromResponse', () => {
  it('maps "Ticket has been expired" to WatiSessionWindowError with ticketStatus', () => {
    const e = direct(200, { result: false, info: 'Ticket has been expired', ticketStatus: 'BROADCAST' });
    expect(e).toBeInstanceOf(WatiSessionWindowError);
    expect(e).toMatchObject({
      code: 'session_window_closed',
      status: 200,
      ticketStatus: 'BROADCAST',
      info: 'Ticket has been expired',
    });
    expect(e.message).toMatch(/template/);
  });

  it('maps "Invalid Conversation" to WatiInvalidNumberError', () => {
    const e = direct(200, { result: false, info: 'Invalid Conversation' });
    expect(e).toBeInstanceOf(WatiInvalidNumberError);
    expect(e.code).toBe('invalid_number');
  });

  it('maps validWhatsAppNumber: false to WatiInvalidNumberError', () => {
    const e = direct(200, { result: false, info: 'Something', validWhatsAppNumber: false });
    expect(e).toBeInstanceOf(WatiInvalidNumberError);
  });

  it('maps a bulk answer listing invalid numbers to WatiInvalidNumberError with the list', () => {
    const body = {
      result: false,
      errors: {
        error: 'There are no valid Receivers',
        invalidWhatsappNumbers: ['contact#0: contact +621111111111 is not valid'],
        invalidCustomParameters: [],
      },
    };
    const e = direct(200, body);
    expect(e).toBeInstanceOf(WatiInvalidNumberError);
    expect(e).toMatchObject({
      info: 'There are no valid Receivers',
      invalidWhatsappNumbers: ['contact#0: contact +621111111111 is not valid'],
      body,
    });
  });

  it('maps a v2 answer whose receivers are not on WhatsApp to WatiInvalidNumberError', () => {
    const body = {
      result: false,
      error: 'No valid receivers',
      templateName: 'order_update',
      receivers: [
        { localMessageId: 'x', waId: '621111111111', isValidWhatsAppNumber: false, errors: ['invalid'] },
      ],
    };
    const e = direct(200, body);
    expect(e).toBeInstanceOf(WatiInvalidNumberError);
    expect(e).toMatchObject({ invalidWhatsappNumbers: ['621111111111'] });
  });

  it('maps template refusals to WatiTemplateError', () => {
    expect(direct(200, { result: false, info: 'Template not found' })).toBeInstanceOf(WatiTemplateError);
    expect(direct(200, { result: false, info: 'template is not approved' })).toBeInstanceOf(
      WatiTemplateError,
    );
    const params = {
      result: false,
      errors: { error: 'x', invalidWhatsappNumbers: [], invalidCustomParameters: ['name'] },
    };
    expect(direct(200, params)).toBeInstanceOf(WatiTemplateError);
  });

  it('maps other result: false answers to WatiApiError carrying info and the raw body', () => {
    const body = { result: false, info: 'message text can not be empty' };
    const e = direct(200, body);
    expect(e).toBeInstanceOf(WatiApiError);
    expect(e.constructor).toBe(WatiApiError);
    expect(e).toMatchObject({ code: 'wati_error', status: 200, info: 'message text can not be empty', body });
  });

  it('maps 401 with an empty body to WatiAuthError', () => {
    const e = direct(401, '');
    expect(e).toBeInstanceOf(WatiAuthError);
    expect(e).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(e.message).toMatch(/WATI’s dashboard/);
  });

  it('maps 403 to WatiAuthError', () => {
    expect(direct(403, '')).toBeInstanceOf(WatiAuthError);
  });

  it('maps 429 to WatiRateLimitError with retryAfterMs', () => {
    const e = direct(429, { result: false, info: 'Too many requests' }, { retryAfterMs: 4000 });
    expect(e).toBeInstanceOf(WatiRateLimitError);
    expect(e).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 4000 });
  });

  it('maps the gateway’s error body to WatiGatewayError with its code, requestId and details', () => {
    const body = {
      error: {
        code: 'connection_missing',
        message: 'Create one',
        requestId: 'req_1',
        details: [{ message: 'd' }],
      },
    };
    const e = errorFromResponse({ status: 400, text: JSON.stringify(body), mode: 'gateway' });
    expect(e).toBeInstanceOf(WatiGatewayError);
    expect(e).toMatchObject({
      code: 'connection_missing',
      status: 400,
      requestId: 'req_1',
      details: [{ message: 'd' }],
    });
  });

  it('maps the gateway’s 401 and 429 bodies to the auth and rate-limit classes, keeping the code', () => {
    const unauth = { error: { code: 'invalid_key', message: 'revoked', requestId: 'req_2', details: [] } };
    const limited = { error: { code: 'rate_limited', message: 'slow', requestId: 'req_3', details: [] } };
    expect(errorFromResponse({ status: 401, text: JSON.stringify(unauth), mode: 'gateway' })).toMatchObject({
      name: 'WatiAuthError',
      code: 'invalid_key',
      requestId: 'req_2',
    });
    expect(
      errorFromResponse({ status: 429, text: JSON.stringify(limited), mode: 'gateway', retryAfterMs: 1000 }),
    ).toMatchObject({ name: 'WatiRateLimitError', code: 'rate_limited', retryAfterMs: 1000 });
  });

  it('does not take a v2 `error: null` body for a gateway error', () => {
    const e = direct(200, { result: false, error: null, templateName: 't', receivers: [] });
    expect(e.constructor).toBe(WatiApiError);
  });

  it('maps a non-JSON 5xx to WatiApiError with the text', () => {
    const e = direct(503, 'Service Unavailable');
    expect(e).toMatchObject({ code: 'wati_error', status: 503, body: 'Service Unavailable' });
    expect(isWatiError(e)).toBe(true);
  });
});

describe('errorFromResponse with v2 per-receiver errors', () => {
  it('uses the receivers’ errors as the reason and maps a missing parameter to WatiTemplateError', () => {
    const body = {
      result: false,
      error: null,
      templateName: 'order_update',
      receivers: [
        {
          localMessageId: 'x',
          waId: '14155551234',
          isValidWhatsAppNumber: true,
          errors: ['Parameter ordernumber is missing'],
        },
      ],
    };
    const e = direct(200, body);
    expect(e).toBeInstanceOf(WatiTemplateError);
    expect(e).toMatchObject({ info: 'Parameter ordernumber is missing' });
  });
});
