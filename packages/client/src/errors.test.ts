import { describe, expect, it } from 'vitest';
import {
  isWatiError,
  WatiConnectionError,
  WatiError,
  WatiTimeoutError,
  WatiValidationError,
} from './errors.js';

describe('isWatiError', () => {
  it('recognises every client error by its Symbol.for brand', () => {
    expect(isWatiError(new WatiError('x', { code: 'c' }))).toBe(true);
    expect(isWatiError(new WatiValidationError('x', []))).toBe(true);
  });

  it('recognises an error branded by another copy of the client', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('watigate.error')]: true });
    expect(isWatiError(foreign)).toBe(true);
  });

  it('rejects other values', () => {
    expect(isWatiError(new Error('x'))).toBe(false);
    expect(isWatiError(null)).toBe(false);
    expect(isWatiError({ code: 'x' })).toBe(false);
  });
});

describe('WatiTimeoutError', () => {
  it('is a WatiConnectionError, so one catch handles both', () => {
    expect(new WatiTimeoutError('t', { code: 'timeout' })).toBeInstanceOf(WatiConnectionError);
  });
});
