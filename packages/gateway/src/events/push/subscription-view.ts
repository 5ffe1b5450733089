/** A subscription record as `/subscriptions` answers it (spec `Subscription`, snake_case). */
import { formatEventId, type Subscription } from '@watigate/spec';
import { toTimestamp } from '../../deps/clock.js';
import type { SubscriptionRecord } from '../../store/store.js';

/** @param secret the `whsec_…` secret, only in the answer that created the subscription */
export function subscriptionView(record: SubscriptionRecord, secret?: string): Subscription {
  // While deliveries succeed the next attempt is "as soon as there is an event": not a time to show.
  const retrying = record.status === 'active' && record.failingSince !== null;
  return {
    id: record.id,
    url: record.url,
    types: record.types,
    status: record.status,
    cursor: record.cursor === 0 ? null : formatEventId(record.cursor),
    failing_since: record.failingSince,
    last_error: record.lastError,
    next_attempt_at: retrying ? toTimestamp(record.nextAttemptAt) : null,
    created_at: record.createdAt,
    ...(secret === undefined ? {} : { secret }),
  };
}
