/**
 * One round of one leased subscription: the events after its cursor, posted one at a time in
 * order, until it is caught up, a delivery fails, or its lease runs short; then its state is
 * written back and the lease released. At least once: the cursor moves only past a 2xx.
 */

import { formatEventId } from '@watigate/spec';
import type { Logger } from 'pino';
import { Webhook } from 'standardwebhooks';
import type { Dispatcher } from 'undici';
import { checkApiEndpoint } from '../../connect-page/check-endpoint.js';
import { open } from '../../crypto/seal.js';
import type { Clock } from '../../deps/clock.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Store, SubscriptionRecord } from '../../store/store.js';
import { eventJson } from '../event-wire.js';
import { deliveryTimeoutMs, type PostOutcome, postEvent } from './post-event.js';
import { afterFailure, afterSuccess, type DeliveryState } from './retry-delay.js';

/** Events read per page. */
const PAGE = 100;

export interface DeliveryDeps {
  store: Store;
  masterKey: Uint8Array;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  allowedHosts: readonly string[];
  deadAfterMs: number;
  dispatcher?: Dispatcher | undefined;
  signal: AbortSignal;
}

/** The associated data a subscription's secret is sealed with. */
export function secretAssociatedData(id: string): string {
  return `subscription:${id}`;
}

type Failure = Extract<PostOutcome, { ok: false }>;

/** Delivers what is due; true when it stopped for time with events possibly left. */
export async function deliverSubscription(sub: SubscriptionRecord, deps: DeliveryDeps): Promise<boolean> {
  let cursor = sub.cursor;
  let failure: Failure | undefined;
  let more = false;
  const target = checkApiEndpoint(sub.url, deps.allowedHosts);
  const webhook = target.ok ? openWebhook(sub, deps) : undefined;
  if (!target.ok) failure = { ok: false, error: `host not allowed: ${target.reason}` };
  else if (!webhook) failure = { ok: false, error: 'the signing secret does not open with the master key' };
  else {
    const filter = {
      accountId: sub.accountId,
      connectionIds: sub.connections ?? undefined,
      types: sub.types,
    };
    pages: for (;;) {
      // Another instance may lease the subscription once ours ends: stop while one delivery fits.
      if (deps.clock.now() > sub.leaseUntil - deliveryTimeoutMs) {
        more = true;
        break;
      }
      const events = await deps.store.events.listAfter(filter, cursor, PAGE);
      if (events.length === 0) break;
      for (const record of events) {
        const outcome = await postEvent({
          url: sub.url,
          webhook,
          id: formatEventId(record.sequence),
          payload: eventJson(record),
          now: deps.clock.now(),
          dispatcher: deps.dispatcher,
          signal: deps.signal,
        });
        if (!outcome.ok) {
          failure = outcome;
          break pages;
        }
        deps.metrics.subscriptionDeliveries.inc({ outcome: 'delivered' });
        cursor = record.sequence;
      }
    }
  }
  // Only while this round still holds its lease: a replay made meanwhile cleared it, and wins.
  const written = await deps.store.subscriptions.update(
    sub.id,
    nextState(sub, cursor, failure, deps),
    sub.leaseUntil,
  );
  if (!written)
    deps.logger.info({ subscriptionId: sub.id }, 'a replay came during a push round; the replay stands');
  return more && written;
}

function nextState(
  sub: SubscriptionRecord,
  cursor: number,
  failure: Failure | undefined,
  deps: DeliveryDeps,
): DeliveryState {
  const now = deps.clock.now();
  if (!failure) return afterSuccess(cursor, now);
  if (failure.aborted) {
    // The gateway is stopping: keep the progress, release the lease, count no failure.
    const { status, attempts, failingSince, lastError } = sub;
    return { status, cursor, attempts, failingSince, lastError, nextAttemptAt: now, leaseUntil: 0 };
  }
  deps.metrics.subscriptionDeliveries.inc({ outcome: 'failed' });
  const state = afterFailure(
    sub,
    { cursor, error: failure.error, retryAfterMs: failure.retryAfterMs },
    now,
    deps.deadAfterMs,
  );
  if (state.status === 'dead') {
    deps.logger.warn(
      { subscriptionId: sub.id, failingSince: state.failingSince, lastError: state.lastError },
      'push subscription marked dead: replay it once the receiver works again',
    );
  } else {
    deps.logger.info(
      { subscriptionId: sub.id, attempts: state.attempts, lastError: state.lastError },
      'push delivery failed; retrying later',
    );
  }
  return state;
}

function openWebhook(sub: SubscriptionRecord, deps: DeliveryDeps): Webhook | undefined {
  try {
    return new Webhook(open(sub.sealedSecret, deps.masterKey, secretAssociatedData(sub.id)));
  } catch (error) {
    deps.logger.error({ subscriptionId: sub.id, err: error }, 'a subscription secret does not open');
    return undefined;
  }
}
