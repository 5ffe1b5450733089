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
import { type Clock, toTimestamp } from '../../deps/clock.js';
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

/** Why a subscription may no longer push: the key that made it is gone, revoked or expired. */
async function creatorRefused(sub: SubscriptionRecord, deps: DeliveryDeps): Promise<string | undefined> {
  if (sub.keyId === null) return undefined;
  const key = await deps.store.apiKeys.get(sub.accountId, sub.keyId);
  if (!key) return 'the key that created this subscription was deleted';
  if (key.revokedAt !== null) return 'the key that created this subscription was revoked';
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= deps.clock.now())
    return 'the key that created this subscription expired';
  return undefined;
}

/** Delivers what is due; true when it stopped for time with events possibly left. */
export async function deliverSubscription(sub: SubscriptionRecord, deps: DeliveryDeps): Promise<boolean> {
  let cursor = sub.cursor;
  let failure: Failure | undefined;
  let more = false;
  const refused = await creatorRefused(sub, deps);
  if (refused) {
    // Nothing more leaves under a credential that no longer holds: dead at once, with the reason.
    const now = deps.clock.now();
    await deps.store.subscriptions.update(sub.id, {
      status: 'dead',
      cursor,
      attempts: sub.attempts,
      failingSince: sub.failingSince ?? toTimestamp(now),
      lastError: refused,
      nextAttemptAt: now,
      leaseUntil: 0,
    });
    deps.logger.warn({ subscriptionId: sub.id, reason: refused }, 'push subscription marked dead');
    return false;
  }
  const target = checkApiEndpoint(sub.url, deps.allowedHosts);
  const webhook = target.ok ? openWebhook(sub, deps) : undefined;
  if (!target.ok) failure = { ok: false, error: `host not allowed: ${target.reason}` };
  else if (!webhook) failure = { ok: false, error: 'the signing secret does not open with the master key' };
  else {
    const visible = { accountId: sub.accountId, connectionIds: sub.connections ?? undefined };
    const filter = { ...visible, types: sub.types };
    // Every event up to here is committed (ids commit in order): once none of them matches any
    // more, the cursor moves past them, so a filtered subscription is not claimed for them again.
    const latest = await deps.store.events.latestSequence(visible);
    let caughtUp = false;
    pages: for (;;) {
      // Another instance may lease the subscription once ours ends: stop while one delivery fits.
      if (deps.clock.now() > sub.leaseUntil - deliveryTimeoutMs) {
        more = true;
        break;
      }
      const events = await deps.store.events.listAfter(filter, cursor, PAGE);
      if (events.length === 0) {
        caughtUp = true;
        break;
      }
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
    if (caughtUp && latest > cursor) cursor = latest;
  }
  // Only if nothing moved the cursor meanwhile (a replay): then the replay stands, and this round
  // only gives its lease back.
  const written = await deps.store.subscriptions.update(sub.id, nextState(sub, cursor, failure, deps), {
    leaseUntil: sub.leaseUntil,
    cursor: sub.cursor,
  });
  if (!written) {
    await deps.store.subscriptions.release(sub.id, sub.leaseUntil);
    deps.logger.info({ subscriptionId: sub.id }, 'a replay came during a push round; the replay stands');
  }
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
