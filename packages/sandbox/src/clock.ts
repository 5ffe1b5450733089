/**
 * The sandbox clock: a base clock (real time by default, injectable for tests) plus an offset
 * that the control API advances, so that tests can close the 24-hour window or move message
 * statuses forward without waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface SandboxClock extends Clock {
  advance(ms: number): void;
  /** Total milliseconds the clock has been advanced. */
  readonly offsetMs: number;
}

export function createSandboxClock(
  base: Clock = { now: () => Date.now() },
  initialOffsetMs = 0,
): SandboxClock {
  let offset = initialOffsetMs;
  return {
    now: () => base.now() + offset,
    advance(ms: number) {
      offset += ms;
    },
    get offsetMs() {
      return offset;
    },
  };
}
