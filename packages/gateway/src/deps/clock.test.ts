import { describe, expect, it } from 'vitest';
import { createFixedClock, parseTimestamp, toTimestamp } from './clock.js';

describe('toTimestamp', () => {
  it('writes six fractional digits and Z', () => {
    expect(toTimestamp(parseTimestamp('2025-12-08T07:20:53.488460Z'))).toBe('2025-12-08T07:20:53.488460Z');
    expect(toTimestamp(Date.parse('2026-01-31T20:03:32Z'))).toBe('2026-01-31T20:03:32.000000Z');
  });

  it('never carries the microseconds into a fourth millisecond digit', () => {
    expect(toTimestamp(1000.9999)).toBe('1970-01-01T00:00:01.000999Z');
  });
});

describe('createFixedClock', () => {
  it('stays put until moved', () => {
    const clock = createFixedClock('2026-01-31T20:03:32.593153Z');
    expect(toTimestamp(clock.now())).toBe('2026-01-31T20:03:32.593153Z');
    clock.advance(1000);
    expect(toTimestamp(clock.now())).toBe('2026-01-31T20:03:33.593153Z');
  });
});
