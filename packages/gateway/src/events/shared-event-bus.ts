/**
 * The event bus across instances: Redis pub/sub, or PostgreSQL `LISTEN/NOTIFY` when there is no
 * Redis. Each instance tags its notices with its own id and ignores its own echo (it has already
 * woken its local listeners).
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import pg from 'pg';
import type { Logger } from 'pino';
import { createLocalEventBus, type EventBus } from './event-bus.js';

const redisChannel = 'watigate:events';

/** Notices over Redis pub/sub: `publisher` is the shared connection, a duplicate subscribes. */
export async function createRedisEventBus(publisher: Redis, logger: Logger): Promise<EventBus> {
  const self = randomUUID();
  const subscriber = publisher.duplicate();
  subscriber.on('error', (err: Error) => logger.warn({ err }, 'Redis event subscriber error; reconnecting'));
  const bus = createLocalEventBus({
    send(accountId, connectionId) {
      publisher.publish(redisChannel, `${self} ${accountId} ${connectionId}`).catch((err: unknown) => {
        logger.warn(
          { err },
          'could not publish an event notice to Redis; other instances see it on their next read',
        );
      });
    },
    async close() {
      subscriber.disconnect();
    },
  });
  subscriber.on('message', (_channel: string, message: string) => {
    const [from, accountId, connectionId] = message.split(' ');
    if (from !== self && accountId && connectionId) bus.deliver(accountId, connectionId);
  });
  await subscriber.subscribe(redisChannel);
  return bus;
}

/** A LISTEN channel name for a schema: notices never cross two gateways sharing one database. */
export function postgresChannel(schema: string | undefined): string {
  return `watigate_events_${(schema ?? 'public').replace(/[^a-z0-9_]/gi, '_')}`.slice(0, 63).toLowerCase();
}

/**
 * Notices over PostgreSQL: a dedicated client LISTENs (reconnecting after a loss), and NOTIFY is
 * sent on a short-lived pool connection.
 */
export async function createPostgresEventBus(options: {
  url: string;
  schema?: string | undefined;
  logger: Logger;
}): Promise<EventBus> {
  const self = randomUUID();
  const channel = postgresChannel(options.schema);
  const pool = new pg.Pool({ connectionString: options.url, max: 2 });
  pool.on('error', (err) => options.logger.warn({ err }, 'PostgreSQL notify connection error'));
  // As in the store (open-database.ts): a client lent out that loses its connection must not throw.
  pool.on('connect', (client) => client.on('error', () => {}));
  let listener: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const bus = createLocalEventBus({
    send(accountId, connectionId) {
      pool
        .query('select pg_notify($1, $2)', [channel, `${self} ${accountId} ${connectionId}`])
        .catch((err: unknown) => {
          options.logger.warn(
            { err },
            'could not NOTIFY other instances of an event; they see it on their next read',
          );
        });
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      listener?.removeAllListeners('end');
      await listener?.end().catch(() => undefined);
      await pool.end();
    },
  });

  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: options.url });
    let lost = false;
    const reconnect = (err: unknown) => {
      if (lost) return;
      lost = true;
      options.logger.warn({ err }, 'PostgreSQL LISTEN connection lost; reconnecting in 1 s');
      client.end().catch(() => undefined);
      if (!closed) retry = setTimeout(() => listen().catch(reconnectLater), 1000);
    };
    client.on('notification', (note) => {
      const [from, accountId, connectionId] = (note.payload ?? '').split(' ');
      if (from !== self && accountId && connectionId) bus.deliver(accountId, connectionId);
    });
    client.on('error', reconnect);
    client.on('end', () => reconnect(new Error('connection ended')));
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    listener = client;
  };
  const reconnectLater = (err: unknown) => {
    options.logger.warn({ err }, 'PostgreSQL LISTEN reconnect failed; trying again in 1 s');
    if (!closed) retry = setTimeout(() => listen().catch(reconnectLater), 1000);
  };
  await listen();
  return bus;
}
