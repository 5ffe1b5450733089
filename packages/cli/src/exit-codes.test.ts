import {
  WatiApiError,
  WatiAuthError,
  WatiRateLimitError,
  WatiTemplateError,
  WatiValidationError,
} from '@watigate/client';
import { describe, expect, it } from 'vitest';
import { CliError, exitCodeFor, exitCodes } from './exit-codes.js';

describe('exitCodeFor', () => {
  it('maps each client error to the code a script can act on', () => {
    expect(exitCodeFor(new WatiValidationError('bad', []))).toBe(3);
    expect(exitCodeFor(new WatiTemplateError('not approved', { code: 'template_error' }))).toBe(3);
    expect(exitCodeFor(new WatiAuthError('no', { code: 'unauthorized', status: 401 }))).toBe(4);
    expect(exitCodeFor(new WatiRateLimitError('slow down', { code: 'rate_limited', status: 429 }))).toBe(5);
    expect(exitCodeFor(new WatiApiError('refused', { code: 'wati_error', status: 200 }))).toBe(1);
  });

  it('keeps a CliError’s own code and maps anything else to 1', () => {
    expect(exitCodeFor(new CliError('usage', exitCodes.usage))).toBe(2);
    expect(exitCodeFor(new Error('boom'))).toBe(1);
    expect(exitCodeFor('string')).toBe(1);
  });
});
