/**
 * Wakes whoever waits for events (long polls, streams, the push worker) when one is stored. The
 * bus carries only "connection C of account A has new events"; readers then read the store from
 * their cursor, so a lost or repeated notice can delay a reader but never lose or repeat an
 * event. A reader wakes only for connections it may see, so its wake-ups tell it nothing else.
 *
 * In one process, a notice is delivered at once. Across instances it travels through Redis
 * pub/sub (`REDIS_URL`) or PostgreSQL `LISTEN/NOTIFY` (events/shared-event-bus.ts).
 */
import { EventEmitter } from 'node:events';

export type EventListener = (accountId: string, connectionId: string) => void;

export interface EventBus {
  /** Tells every listener, here and on other instances, that the connection has new events. */
  publish(accountId: string, connectionId: string): void;
  /** Returns the function that stops listening. */
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}

/** The in-process part every bus has; `relay` also sends the notice to other instances. */
export function createLocalEventBus(relay?: {
  send(accountId: string, connectionId: string): void;
  close(): Promise<void>;
}): EventBus & { deliver(accountId: string, connectionId: string): void } {
  const emitter = new EventEmitter();
  // Every open stream and long poll listens; they are bounded per key (events/read-routes.ts).
  emitter.setMaxListeners(0);
  const deliver = (accountId: string, connectionId: string) => {
    emitter.emit('events', accountId, connectionId);
  };
  return {
    deliver,
    publish(accountId, connectionId) {
      deliver(accountId, connectionId);
      relay?.send(accountId, connectionId);
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
