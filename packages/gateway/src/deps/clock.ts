/**
 * Time, injected: the app never reads the system clock directly, so tests can fix it.
 * Timestamps on the wire are ISO 8601 with six fractional digits and `Z`, as the seed shows
 * (`2025-12-08T07:20:53.488460Z`).
 */

export interface Clock {
  /** Milliseconds since the Unix epoch; the fraction carries microseconds when known. */
  now(): number;
}

/** The system clock, with microsecond resolution from the high-resolution timer. */
export function createSystemClock(): Clock {
  const origin = performance.timeOrigin;
  return { now: () => origin + performance.now() };
}

/** A clock that stays where it is put; for tests. */
export function createFixedClock(
  start: number | string,
): Clock & { set(ms: number | string): void; advance(ms: number): void } {
  let current = typeof start === 'string' ? parseTimestamp(start) : start;
  return {
    now: () => current,
    set: (ms) => {
      current = typeof ms === 'string' ? parseTimestamp(ms) : ms;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/**
 * Formats epoch milliseconds (possibly fractional) as ISO 8601 with microseconds and `Z`.
 * @example toTimestamp(1765178453488.46) === '2025-12-08T07:20:53.488460Z'
 */
export function toTimestamp(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.min(999, Math.max(0, Math.round((ms - whole) * 1000)));
  const iso = new Date(whole).toISOString();
  return `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

/** Parses an ISO 8601 timestamp into epoch milliseconds, keeping microseconds as the fraction. */
export function parseTimestamp(iso: string): number {
  const ms = Date.parse(iso);
  const micros = /\.\d{3}(\d{1,3})/.exec(iso)?.[1];
  return micros === undefined ? ms : ms + Number(micros.padEnd(3, '0')) / 1000;
}

/** Current time as a wire timestamp. */
export function nowTimestamp(clock: Clock): string {
  return toTimestamp(clock.now());
}
