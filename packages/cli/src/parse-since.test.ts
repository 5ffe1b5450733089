import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseSince } from './parse-since.js';

const now = Date.parse('2026-12-04T10:00:00.000Z');

describe('parseSince', () => {
  it.each([
    ['90s', '2026-12-04T09:58:30.000Z'],
    ['10m', '2026-12-04T09:50:00.000Z'],
    ['2h', '2026-12-04T08:00:00.000Z'],
    ['1d', '2026-12-03T10:00:00.000Z'],
    ['2026-12-04T09:30:00Z', '2026-12-04T09:30:00.000Z'],
    ['2026-12-04T11:30:00+02:00', '2026-12-04T09:30:00.000Z'],
    ['2026-12-04', '2026-12-04T00:00:00.000Z'],
  ])('reads %s as %s', (value, expected) => {
    expect(parseSince(value, now).toISOString()).toBe(expected);
  });

  it.each(['10', '10 minutes', '1w', 'yesterday', '2026-12-04T09:30:00', '2026-13-45'])(
    'refuses %s, naming the flag and the forms it takes',
    (value) => {
      expect(() => parseSince(value, now)).toThrow(InvalidArgumentError);
      expect(() => parseSince(value, now)).toThrow(
        /^--since takes an ISO 8601 time .* or a duration such as 30s/,
      );
    },
  );
});
