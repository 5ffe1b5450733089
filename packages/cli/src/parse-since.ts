/**
 * `--since`: an ISO 8601 time with offset (`2026-12-04T09:30:00Z`), or how long ago as a number
 * and a unit (`90s`, `10m`, `2h`, `1d`), as `journalctl --since` and `kubectl logs --since` take it.
 */
import { InvalidArgumentError } from 'commander';

const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The moment `value` names, given the time now in milliseconds since the epoch; throws on anything else. */
export function parseSince(value: string, now: number): Date {
  const duration = /^(\d{1,9})([smhd])$/.exec(value.trim());
  if (duration) {
    const [, amount, unit] = duration;
    return new Date(now - Number(amount) * unitMs[unit as keyof typeof unitMs]);
  }
  const iso = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d))?$/.test(value.trim());
  const time = Date.parse(value);
  if (!iso || Number.isNaN(time)) {
    throw new InvalidArgumentError(
      `--since takes an ISO 8601 time (2026-12-04T09:30:00Z) or a duration such as 30s, 10m, 2h or 1d, not "${value}".`,
    );
  }
  return new Date(time);
}
