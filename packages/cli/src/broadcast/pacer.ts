/**
 * A token bucket that keeps requests under a WATI rate class (N requests per window).
 * Capacity C and refill rate (N − C) / window guarantee that no window of that length ever
 * holds more than C + (N − C) = N requests, whether WATI counts fixed or sliding windows.
 * A 429 empties the bucket and blocks it for the server's Retry-After.
 * @see https://support.wati.io/en/articles/11823158 (whatsapp-rules.md §3)
 */

export interface PacerOptions {
  /** Requests allowed per window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Burst size. @default max(1, floor(limit / 10)) */
  capacity?: number;
}

export interface Pacer {
  /** Resolves when one more request may be sent. */
  acquire(): Promise<void>;
  /** Sends nothing for `ms` (a 429's Retry-After) and restarts from an empty bucket. */
  pause(ms: number): void;
  /** Milliseconds `count` requests take from a full bucket. */
  estimateMs(count: number): number;
}

export function createPacer(options: PacerOptions): Pacer {
  const { limit, windowMs, now, sleep } = options;
  const capacity = Math.min(limit, options.capacity ?? Math.max(1, Math.floor(limit / 10)));
  const refillPerMs = (limit - capacity) / windowMs || limit / windowMs;
  let tokens = capacity;
  let last = now();
  let blockedUntil = 0;

  const refill = () => {
    const t = now();
    if (t > last) {
      tokens = Math.min(capacity, tokens + (t - last) * refillPerMs);
      last = t;
    }
  };

  return {
    async acquire() {
      for (;;) {
        const t = now();
        if (t < blockedUntil) {
          await sleep(blockedUntil - t);
          continue;
        }
        refill();
        if (tokens >= 1) {
          tokens -= 1;
          return;
        }
        await sleep(Math.ceil((1 - tokens) / refillPerMs));
      }
    },
    pause(ms) {
      const t = now();
      blockedUntil = Math.max(blockedUntil, t + ms);
      tokens = 0;
      last = blockedUntil;
    },
    estimateMs(count) {
      return Math.max(0, Math.ceil((count - capacity) / refillPerMs));
    },
  };
}
