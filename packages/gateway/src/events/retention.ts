/**
 * Prunes inbound events older than `WATIGATE_EVENT_RETENTION_DAYS`: once when the app starts and
 * then hourly. Several instances pruning at once only delete the same rows.
 */
import type { AppDeps } from '../deps/app-deps.js';
import { toTimestamp } from '../deps/clock.js';

const hourMs = 60 * 60 * 1000;

export async function pruneEvents(deps: Pick<AppDeps, 'store' | 'clock' | 'config'>): Promise<number> {
  const before = toTimestamp(deps.clock.now() - deps.config.eventRetentionDays * 24 * hourMs);
  return deps.store.events.prune(before);
}

export function startEventRetention(deps: Pick<AppDeps, 'store' | 'clock' | 'config' | 'logger'>): {
  stop(): void;
} {
  const run = () => {
    pruneEvents(deps).then(
      (count) => {
        if (count > 0) deps.logger.info({ count }, 'pruned inbound events past their retention');
      },
      (err: unknown) => deps.logger.warn({ err }, 'could not prune inbound events; trying again in an hour'),
    );
  };
  const first = setTimeout(run, 1000);
  const timer = setInterval(run, hourMs);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
