/**
 * Moves outbound messages SENT → DELIVERED → READ on the sandbox clock (or SENT → FAILED), and
 * posts the matching webhooks. Every transition is a fixed delay after the send, so each kind of
 * transition is a FIFO queue in time order and `processDue` costs only the transitions it fires.
 */

import type { BroadcastMessageRecord, ChatMessageRecord, OutboundRecord } from './state/records.js';
import type { TenantState } from './state/tenant-state.js';
import { statusChanged, templateMessageFailed } from './webhook-payloads.js';
import type { WebhookDispatcher } from './webhooks.js';

export interface StatusDelays {
  /** @default 2000 */
  deliveredMs: number;
  /** @default 5000 */
  readMs: number;
  /** @default 1000 */
  failedMs: number;
}

export const defaultStatusDelays: StatusDelays = { deliveredMs: 2000, readMs: 5000, failedMs: 1000 };

type Step = 'DELIVERED' | 'READ' | 'FAILED';
/** Meta's error for a send that will fail, e.g. 131049. */
export interface SendFailure {
  code: string;
  detail: string;
}

interface Due {
  at: number;
  tenant: TenantState;
  message: OutboundRecord;
  failure?: SendFailure | undefined;
}

class Queue {
  private items: Due[] = [];
  private head = 0;
  push(d: Due) {
    this.items.push(d);
  }
  peek(): Due | undefined {
    return this.items[this.head];
  }
  shift(): Due | undefined {
    const d = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return d;
  }
  get size() {
    return this.items.length - this.head;
  }
}

export interface Lifecycle {
  /** Schedules a sent message's status changes; with `failure`, a template goes to FAILED instead of DELIVERED. */
  schedule(tenant: TenantState, message: OutboundRecord, failure?: SendFailure): void;
  /** Runs `run` once the sandbox clock reaches `at` (a scheduled v3 template send). */
  at(at: number, run: () => void): void;
  /** Runs the tasks and applies every transition due by now. */
  processDue(): void;
  pending(): number;
}

export function createLifecycle(deps: {
  now: () => number;
  webhooks: WebhookDispatcher;
  delays: StatusDelays;
  channelPhoneNumber: string;
}): Lifecycle {
  const queues: Record<Step, Queue> = { DELIVERED: new Queue(), READ: new Queue(), FAILED: new Queue() };
  /** Tasks by time, soonest first; few (one per scheduled send), so a sorted insert is enough. */
  const tasks: Array<{ at: number; run: () => void }> = [];

  const apply = (step: Step, { tenant, message, at, failure }: Due) => {
    // A reset (or a restart) dropped the message: nothing to move, and saving it would bring it back.
    if (tenant.messagesById.get(message.id) !== message) return;
    if (step === 'FAILED') {
      if (message.status !== 'SENT' || message.eventType !== 'broadcastMessage' || !failure) return;
      message.status = 'FAILED';
      message.failedCode = failure.code;
      message.failedDetail = failure.detail;
      tenant.saveMessage(message);
      deps.webhooks.emit(tenant, templateMessageFailed(message as BroadcastMessageRecord, at));
      return;
    }
    const from = step === 'DELIVERED' ? 'SENT' : 'DELIVERED';
    if (message.status !== from) return;
    message.status = step;
    tenant.saveMessage(message);
    deps.webhooks.emit(
      tenant,
      statusChanged(message as ChatMessageRecord | BroadcastMessageRecord, step, at, deps.channelPhoneNumber),
    );
  };

  return {
    schedule(tenant, message, failure) {
      const sentAt = message.createdAt;
      if (failure) {
        queues.FAILED.push({ at: sentAt + deps.delays.failedMs, tenant, message, failure });
        return;
      }
      queues.DELIVERED.push({ at: sentAt + deps.delays.deliveredMs, tenant, message });
      queues.READ.push({ at: sentAt + deps.delays.readMs, tenant, message });
    },
    at(at, run) {
      let i = tasks.length;
      while (i > 0 && (tasks[i - 1] as { at: number }).at > at) i--;
      tasks.splice(i, 0, { at, run });
    },
    processDue() {
      const now = deps.now();
      // Tasks first: a scheduled send that is due sends before this call answers.
      while (tasks.length > 0 && (tasks[0] as { at: number }).at <= now)
        (tasks.shift() as { run: () => void }).run();
      // Deliveries first, so that a READ due at the same time finds the message DELIVERED.
      for (const step of ['FAILED', 'DELIVERED', 'READ'] as const) {
        const q = queues[step];
        for (let d = q.peek(); d && d.at <= now; d = q.peek()) {
          q.shift();
          apply(step, d);
        }
      }
    },
    pending: () => queues.DELIVERED.size + queues.READ.size + queues.FAILED.size + tasks.length,
  };
}
