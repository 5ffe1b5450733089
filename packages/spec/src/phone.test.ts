import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['+1 415 555 1234', '14155551234'],
    ['+1 (415) 555-1234', '14155551234'],
    ['14155551234', '14155551234'],
    ['  14155551234\n', '14155551234'],
    ['+44 20 7946 0958', '442079460958'],
    ['919876543210', '919876543210'],
    ['85264318721', '85264318721'],
    ['1.415.555.1234', '14155551234'],
  ])('turns %j into %j', (input, digits) => {
    expect(normalizePhone(input)).toBe(digits);
  });

  it.each([
    ['7208713112', 'a national number without its country code'],
    ['abc', 'letters'],
    ['1415555CALL', 'letters among digits'],
    ['1234567890123456', '16 digits, more than E.164 allows'],
    ['+1 415 555 1234 5678', '16 digits with separators'],
    ['0014155551234', 'an international 00 prefix'],
    ['1234567', 'fewer than 8 digits'],
    ['', 'nothing'],
    ['+', 'a lone plus'],
    ['++14155551234', 'two plus signs'],
    ['1415+5551234', 'a plus inside the number'],
    ['14155551234;ext=2', 'an extension'],
  ])('returns undefined for %j (%s)', (input) => {
    expect(normalizePhone(input)).toBeUndefined();
  });
});

describe('maskPhone', () => {
  it('keeps the first two and the last two digits', () => {
    expect(maskPhone('14155551234')).toBe('14*******34');
    expect(maskPhone('442079460958')).toBe('44********58');
    expect(maskPhone('123456')).toBe('12**56');
  });

  it('masks every digit of a number of five digits or fewer', () => {
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone('12')).toBe('**');
    expect(maskPhone('')).toBe('');
  });
});
