import { WatiAuthError, WatiConnectionError, WatiGatewayError, WatiValidationError } from '@watigate/client';
import { describe, expect, it } from 'vitest';
import { describeError, inCliTerms } from './describe-error.js';

/** A gateway error as the client builds it from the gateway's `{"error": …}` body. */
const gateway = (code: string, status: number, message: string, details: unknown[] = []) =>
  new WatiGatewayError(`The gateway refused the request (HTTP ${status} ${code}): ${message}`, {
    code,
    status,
    details,
  });

describe('describeError', () => {
  it('tells a connection that is not ACTIVE with the command that reconnects it, not a route', () => {
    const text = describeError(
      gateway(
        'connection_not_active',
        409,
        'Connection c1 is FAILED (WATI rejected the stored token (HTTP 401) at 2026-01-05T10:00:00Z); its connect link has expired; GET /connections/c1 gives a new one',
      ),
    );
    expect(text).toBe(
      'Connection c1 is FAILED (WATI rejected the stored token (HTTP 401) at 2026-01-05T10:00:00Z). Ask whoever manages this gateway’s connections to reconnect it (`watigate connections open c1`).',
    );
  });

  it('keeps the connect page URL the gateway gives', () => {
    const text = describeError(
      gateway(
        'connection_not_active',
        409,
        'Connection c1 is PENDING; connect it at https://gw.example/connect/abc',
      ),
    );
    expect(text).toBe(
      'Connection c1 is PENDING. Open https://gw.example/connect/abc to connect it again, or run `watigate connections open c1`.',
    );
  });

  it('prints the details of "see details", each under its flag', () => {
    const text = describeError(
      gateway('invalid_request', 422, 'The request body is not valid; see details', [
        { field: 'body.expiresAt', message: 'expiresAt: Invalid ISO datetime' },
      ]),
    );
    expect(text).toBe('The gateway refused the input:\n  - --expires-at: Invalid ISO datetime');
  });

  it('names the scope a key lacks and the command that makes one', () => {
    expect(
      describeError(gateway('insufficient_scope', 403, 'This route needs a key with the `admin` scope')),
    ).toBe(
      'This API key lacks the admin scope. Create a key that has it with `watigate keys create --scope admin` (run with an admin key), then log in with it (`watigate login --api-key-stdin`).',
    );
  });

  it('tells a gateway URL with a path from an unsupported endpoint: check --url', () => {
    const text = describeError(
      gateway(
        'endpoint_not_supported',
        404,
        'GET /wati/wati/api/v1/getContacts is not a supported WATI endpoint; see details',
      ),
      { mode: 'gateway', url: 'http://127.0.0.1:18510/wati2' },
    );
    expect(text).toBe(
      "The gateway at http://127.0.0.1:18510/wati2 does not know the WATI endpoint this command calls. Check that --url (or WATIGATE_URL; `watigate profiles list`) is the gateway's own URL, such as http://127.0.0.1:8080, with no /wati or other path after it.",
    );
  });

  it('names --url, not baseUrl, for an unreachable gateway, and WATIGATE_WATI_URL in direct mode', () => {
    const error = new WatiConnectionError(
      'Could not reach http://127.0.0.1:9 (fetch failed). Check baseUrl and the network.',
      { code: 'connection_failed' },
    );
    expect(describeError(error)).toBe(
      'Could not reach the gateway at http://127.0.0.1:9 (fetch failed). Check --url (or WATIGATE_URL; `watigate profiles list` shows each profile’s) and the network.',
    );
    expect(describeError(error, { mode: 'direct' })).toContain('Check WATIGATE_WATI_URL (or --wati-url)');
  });

  it('names the setting of an invalid client option once', () => {
    const error = new WatiValidationError(
      'Invalid createWatiClient options: baseUrl: baseUrl must be an http(s) URL',
      [{ field: 'baseUrl', limit: 'an http(s) URL', message: 'baseUrl: baseUrl must be an http(s) URL' }],
      'invalid_options',
    );
    expect(describeError(error)).toBe('Invalid setting:\n  - --url: must be an http(s) URL');
  });

  it('says which token WATI refused in direct mode', () => {
    const error = new WatiAuthError('WATI refused the token (HTTP 401).', {
      code: 'unauthorized',
      status: 401,
    });
    expect(describeError(error, { mode: 'direct' })).toBe(
      'WATI refused the access token. Check WATIGATE_WATI_TOKEN (or --wati-token).',
    );
  });
});

describe('inCliTerms', () => {
  it('rewrites routes, SDK methods and operation ids as the commands that do the same', () => {
    expect(inCliTerms('list them with GET /connections')).toBe('list them with `watigate connections list`');
    expect(inCliTerms('Create one with POST /connections {"app":"wati"} and open the url')).toBe(
      'Create one with `watigate connections create` and open the url',
    );
    expect(inCliTerms('Check templates.list(): it must exist')).toBe(
      'Check `watigate templates list`: it must exist',
    );
    expect(inCliTerms('check getMessages before sending again')).toBe(
      'check `watigate messages list` before sending again',
    );
    expect(inCliTerms('retries with this Idempotency-Key replay it')).toBe(
      'retries with this --idempotency-key replay it',
    );
  });
});
