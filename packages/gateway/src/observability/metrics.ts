/** Prometheus metrics, one registry per app so tests and several apps in one process never clash. */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route' | 'status'>;
  upstream: Counter<'operation' | 'status'>;
  /** WATI webhook deliveries stored (`duplicate="false"`) or recognised as repeats. */
  eventsReceived: Counter<'type' | 'duplicate'>;
  /** Open `GET /events/stream` connections. */
  eventStreams: Gauge;
  /** Push deliveries, by outcome (`delivered`: a 2xx; `failed`: anything else). */
  subscriptionDeliveries: Counter<'outcome'>;
  /** Subscriptions this instance saw die and not yet revived or deleted. */
  subscriptionsDead: Gauge;
}

export function createMetrics(
  options: {
    defaultMetrics?: boolean;
    /** Read when `/metrics` is scraped: the dead subscriptions in the store, the same on every instance. */
    countDeadSubscriptions?: () => Promise<number>;
  } = {},
): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'watigate_' });
  return {
    registry,
    requests: new Counter({
      name: 'watigate_http_requests_total',
      help: 'HTTP requests answered, by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'watigate_http_request_duration_seconds',
      help: 'Time to answer HTTP requests, in seconds',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    upstream: new Counter({
      name: 'watigate_upstream_requests_total',
      help: 'Requests forwarded to WATI, by registry operation and upstream status',
      labelNames: ['operation', 'status'],
      registers: [registry],
    }),
    eventsReceived: new Counter({
      name: 'watigate_events_received_total',
      help: 'WATI webhook deliveries received, by event type and whether it was a repeat',
      labelNames: ['type', 'duplicate'],
      registers: [registry],
    }),
    eventStreams: new Gauge({
      name: 'watigate_event_streams',
      help: 'Open Server-Sent Event streams of GET /events/stream',
      registers: [registry],
    }),
    subscriptionDeliveries: new Counter({
      name: 'watigate_subscription_deliveries_total',
      help: 'Push deliveries of events to subscriptions, by outcome (delivered or failed)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    subscriptionsDead: new Gauge({
      name: 'watigate_subscriptions_dead',
      help: 'Push subscriptions marked dead after failing for longer than WATIGATE_SUBSCRIPTION_DEAD_AFTER_MS',
      registers: [registry],
      async collect() {
        if (options.countDeadSubscriptions) this.set(await options.countDeadSubscriptions());
      },
    }),
  };
}
