/**
 * Wakes whoever waits for events (long polls, streams, the push worker) when one is stored. The
 * bus carries only "account A has new events"; readers then read the store from their cursor, so
 * a lost or repeated notice can delay a reader but never lose or repeat an event.
 *
 * In one process, a notice is delivered at once. Across instances it travels through Redis
 * pub/sub (`REDIS_URL`) or PostgreSQL `LISTEN/NOTIFY` (events/shared-event-bus.ts).
 */
import { EventEmitter } from 'node:events';

export type EventListener = (accountId: string) => void;

export interface EventBus {
  /** Tells every listener, here and on other instances, that the account has new events. */
  publish(accountId: string): void;
  /** Returns the function that stops listening. */
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}

/** The in-process part every bus has; `relay` also sends the notice to other instances. */
export function createLocalEventBus(relay?: {
  send(accountId: string): void;
  close(): Promise<void>;
}): EventBus & { deliver(accountId: string): void } {
  const emitter = new EventEmitter();
  // Every open stream and long poll listens; they are bounded by connection limits, not here.
  emitter.setMaxListeners(0);
  const deliver = (accountId: string) => {
    emitter.emit('events', accountId);
  };
  return {
    deliver,
    publish(accountId) {
      deliver(accountId);
      relay?.send(accountId);
    },
    subscribe(listener) {
      emitter.on('events', listener);
      return () => emitter.off('events', listener);
    },
    async close() {
      emitter.removeAllListeners();
      await relay?.close();
    },
  };
}
