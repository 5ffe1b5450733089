/** What every handler can reach: the clock, ids, events, and where files go. */
import type { SandboxClock } from './clock.js';
import type { IdSource } from './ids.js';
import type { Lifecycle } from './lifecycle.js';
import type { WebhookDispatcher } from './webhooks.js';

export interface Runtime {
  clock: SandboxClock;
  ids: IdSource;
  webhooks: WebhookDispatcher;
  lifecycle: Lifecycle;
  /** The business's own WhatsApp number, shown in webhooks. */
  channelPhoneNumber: string;
  /** Folder under which uploaded media are kept, one subfolder per tenant. */
  filesDir: string;
  /** Whether a well-formed number has WhatsApp; numbers that fail it are "not valid" for template sends. */
  isOnWhatsApp(wAid: string): boolean;
  /**
   * Why a webhook URL may not be registered, or undefined to accept it: one rule for the control
   * API and WATI's webhookEndpoints (`SandboxOptions.webhookTargets`).
   */
  webhookTargets(url: string): string | undefined;
  /** fetch for the sandbox's own outbound calls: webhooks, and v3 fileViaUrl on loopback URLs. */
  fetch: typeof fetch;
}

/**
 * The sandbox's default idea of who has WhatsApp: everyone, except numbers whose last eight or
 * more digits are one repeated digit (such as 621111111111, the number WATI's own fixtures
 * show as invalid: wati-api.md §2.10).
 */
export function defaultIsOnWhatsApp(wAid: string): boolean {
  return !/(\d)\1{7,}$/.test(wAid);
}
