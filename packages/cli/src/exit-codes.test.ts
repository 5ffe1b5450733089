import {
  WatiApiError,
  WatiAuthError,
  WatiConnectionError,
  WatiGatewayError,
  WatiRateLimitError,
  WatiSessionWindowError,
  WatiTemplateError,
  WatiTimeoutError,
  WatiValidationError,
} from '@watigate/client';
import { describe, expect, it } from 'vitest';
import { CliError, exitCodeFor, exitCodes } from './exit-codes.js';

const gateway = (code: string, status: number) => new WatiGatewayError('refused', { code, status });

describe('exitCodeFor', () => {
  it('maps each client error to the code a script can act on', () => {
    expect(exitCodeFor(new WatiValidationError('bad', []))).toBe(3);
    expect(exitCodeFor(new WatiValidationError('bad url', [], 'invalid_options'))).toBe(2);
    expect(exitCodeFor(new WatiAuthError('no', { code: 'unauthorized', status: 401 }))).toBe(4);
    expect(exitCodeFor(new WatiRateLimitError('slow down', { code: 'rate_limited', status: 429 }))).toBe(5);
    expect(exitCodeFor(new WatiTemplateError('not approved', { code: 'template_error' }))).toBe(8);
    expect(exitCodeFor(new WatiSessionWindowError('closed', { code: 'session_window_closed' }))).toBe(8);
    expect(exitCodeFor(new WatiApiError('refused', { code: 'wati_error', status: 200 }))).toBe(8);
    expect(exitCodeFor(new WatiApiError('gone', { code: 'wati_error', status: 404 }))).toBe(7);
    expect(exitCodeFor(new WatiConnectionError('down', { code: 'connection_failed' }))).toBe(9);
    expect(exitCodeFor(new WatiTimeoutError('slow', { code: 'timeout' }))).toBe(9);
  });

  it('maps the gateway’s own codes', () => {
    expect(exitCodeFor(gateway('connection_not_found', 404))).toBe(7);
    expect(exitCodeFor(gateway('not_found', 404))).toBe(7);
    expect(exitCodeFor(gateway('connection_missing', 400))).toBe(4);
    expect(exitCodeFor(gateway('connection_not_active', 409))).toBe(4);
    expect(exitCodeFor(gateway('connection_ambiguous', 400))).toBe(2);
    expect(exitCodeFor(gateway('invalid_request', 422))).toBe(3);
    expect(exitCodeFor(gateway('send_cap_exceeded', 429))).toBe(5);
    expect(exitCodeFor(gateway('upstream_unreachable', 502))).toBe(9);
    expect(exitCodeFor(gateway('internal_error', 500))).toBe(1);
  });

  it('keeps a CliError’s own code and maps anything else to 1', () => {
    expect(exitCodeFor(new CliError('usage', exitCodes.usage))).toBe(2);
    expect(exitCodeFor(new Error('boom'))).toBe(1);
    expect(exitCodeFor('string')).toBe(1);
  });
});
