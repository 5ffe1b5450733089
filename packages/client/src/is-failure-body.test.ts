import { describe, expect, it } from 'vitest';
import { isFailureBody, isV3FailureBody } from './is-failure-body.js';

describe('isFailureBody', () => {
  it.each([[{ result: false, info: 'x' }], [{ result: 'false' }], [{ ok: false, result: 'success' }]])(
    'is true for %j',
    (body) => {
      expect(isFailureBody(body)).toBe(true);
    },
  );

  it.each([
    [{ result: true }],
    [{ result: 'success', contact_list: [] }],
    [{ ok: true, result: 'success' }],
    [{ connections: [] }],
    [[]],
    [null],
    ['text'],
  ])('is false for %j', (body) => {
    expect(isFailureBody(body)).toBe(false);
  });
});

describe('isV3FailureBody', () => {
  it.each([[{ success: false, recipients: [] }], [{ result: false }]])('is true for %j', (body) => {
    expect(isV3FailureBody(body)).toBe(true);
  });

  it.each([
    [{ success: true, recipients: [{ errors: ['Invalid WhatsApp number'] }] }],
    [{ result: true }],
    [{}],
    [[]],
    [null],
  ])('is false for %j', (body) => {
    expect(isV3FailureBody(body)).toBe(false);
  });
});
