import { describe, expect, it } from 'vitest';
import { errorFromResponse } from './error-from-response.js';
import {
  WatiApiError,
  WatiAuthError,
  WatiInvalidNumberError,
  WatiRateLimitError,
  WatiSessionWindowError,
  WatiTemplateError,
  WatiValidationError,
} from './errors.js';

const v3 = (status: number, body: unknown, extra: Record<string, unknown> = {}) =>
  errorFromResponse({
    status,
    text: body === undefined ? '' : JSON.stringify(body),
    mode: 'direct',
    apiVersion: 'v3',
    ...extra,
  });
const wati = (code: number, message: string) => ({ code, message, timestamp: '2026-01-05T10:00:00Z' });

describe('errorFromResponse for v3 answers', () => {
  it('maps 401 without a body as v1 does', () => {
    expect(v3(401, undefined)).toBeInstanceOf(WatiAuthError);
    expect(v3(401, undefined)).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('maps 403 to forbidden with the scope the operation needs and what WATI said', () => {
    const error = v3(403, wati(403, 'Forbidden'), { scope: 'contactsv3:*', requestId: 'r1' });
    expect(error).toBeInstanceOf(WatiAuthError);
    expect(error).toMatchObject({
      code: 'forbidden',
      status: 403,
      scope: 'contactsv3:*',
      requestId: 'r1',
      message:
        'HTTP 403: The WATI access token lacks the scope contactsv3:*, which this call needs. Give the token the contactsv3:* scope in WATI’s dashboard. WATI said: Forbidden',
    });
  });

  it('says so when WATI names no scope for a 403', () => {
    expect(v3(403, undefined).message).toBe(
      'HTTP 403: The WATI access token may not make this call (WATI names no scope for it). Give the token access in WATI’s dashboard.',
    );
  });

  it('keeps the gateway’s 403 advice in gateway mode', () => {
    const advice =
      'WATI refused this call (HTTP 403): the WATI token of connection c lacks the scope contactsv3:*.';
    const error = v3(403, wati(403, advice), { mode: 'gateway', scope: 'contactsv3:*' });
    expect(error).toMatchObject({ code: 'forbidden', message: advice, scope: 'contactsv3:*' });
  });

  it('maps 429 to WatiRateLimitError with Retry-After, even without a body', () => {
    const error = v3(429, undefined, { retryAfterMs: 3000 });
    expect(error).toBeInstanceOf(WatiRateLimitError);
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 3000 });
  });

  it('maps 400 to WatiValidationError naming the field WATI named', () => {
    const error = v3(400, wati(400, 'recipients[3].phone_number: required'));
    expect(error).toBeInstanceOf(WatiValidationError);
    expect(error).toMatchObject({
      code: 'validation_failed',
      status: 400,
      violations: [
        {
          field: 'recipients[3].phone_number',
          limit: 'accepted by WATI',
          message: 'recipients[3].phone_number: required',
        },
      ],
    });
    expect((v3(400, wati(400, 'Bad things')) as WatiValidationError).violations).toEqual([
      { field: '(request)', limit: 'accepted by WATI', message: 'Bad things' },
    ]);
  });

  it('maps the closed window, an invalid number and a template to their classes', () => {
    expect(v3(400, wati(400, 'target: window closed (Ticket has been expired)'))).toBeInstanceOf(
      WatiSessionWindowError,
    );
    expect(v3(400, wati(400, 'target: Invalid WhatsApp number'))).toBeInstanceOf(WatiInvalidNumberError);
    expect(v3(404, wati(404, 'template_name: no template named x'))).toMatchObject({
      code: 'template_error',
      status: 404,
    });
  });

  it('maps 404 to not_found and 5xx to wati_error saying a write may have happened', () => {
    expect(v3(404, wati(404, 'no broadcast b'))).toMatchObject({ code: 'not_found', info: 'no broadcast b' });
    const error = v3(500, wati(500, 'oops'));
    expect(error).toBeInstanceOf(WatiApiError);
    expect(error.message).toBe(
      'WATI answered HTTP 500 ("oops"). A write or send may or may not have happened: check before sending again.',
    );
  });

  it('reads a 200 template send with success: false by its recipients', () => {
    const invalid = v3(200, {
      success: false,
      broadcast_id: null,
      error: 'There are no valid recipients',
      recipients: [
        { phone_number: '1', errors: ['Invalid phone number format.'] },
        { phone_number: '621111111111', errors: ['Invalid WhatsApp number'] },
      ],
    });
    expect(invalid).toBeInstanceOf(WatiInvalidNumberError);
    expect(invalid).toMatchObject({ status: 200, invalidWhatsappNumbers: ['1', '621111111111'] });
    const template = v3(200, {
      success: false,
      recipients: [
        { phone_number: '14155551234', errors: ['Parameter name is missing'] },
        { phone_number: '621111111111', errors: ['Invalid WhatsApp number'] },
      ],
    });
    expect(template).toBeInstanceOf(WatiTemplateError);
    expect(v3(200, { result: false })).toMatchObject({
      code: 'wati_error',
      message: 'WATI did not do it (result: false).',
    });
  });

  it('leaves the gateway’s own error bodies to the gateway mapping', () => {
    const error = v3(422, { error: { code: 'invalid_request', message: 'no', requestId: 'r', details: [] } });
    expect(error).toMatchObject({ name: 'WatiGatewayError', code: 'invalid_request' });
  });
});
