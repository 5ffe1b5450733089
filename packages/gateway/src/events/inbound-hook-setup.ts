/**
 * Gives an ACTIVE connection its inbound webhook URL and tells WATI about it.
 *
 * The URL's secret is made here and stored only as a hash, so the URL is returned once, to be
 * shown where it was asked for (the connect page's success screen, `POST /connections/{id}/webhook`).
 * WATI is asked to post every event type to it through `POST /api/v2/webhookEndpoints` [C: the
 * endpoint, wati-v3-notes.md; I: its body, which WATI does not publish]. When WATI refuses or
 * cannot be reached, the hook is kept with setup `manual`: the person pastes the URL into WATI's
 * dashboard instead.
 */
import { request } from 'undici';
import type { AppDeps } from '../deps/app-deps.js';
import { nowTimestamp } from '../deps/clock.js';
import { sandboxPrefix } from '../sandbox/built-in-sandbox.js';
import type { InboundHookRecord } from '../store/store.js';
import {
  generateInboundSecret,
  inboundHookPath,
  inboundSecretPrefix,
  verifyInboundSecret,
} from './inbound-secret.js';

/** WATI's event types asked for: the `_v2` variants where WATI has them (wati-api.md §5.1). */
export const watiEventTypesRequested = [
  'message',
  'newContactMessageReceived',
  'sessionMessageSent_v2',
  'templateMessageSent_v2',
  'sentMessageDELIVERED_v2',
  'sentMessageREAD_v2',
  'sentMessageREPLIED_v2',
  'sessionMessageFailed',
  'templateMessageFailed',
  'templateReviewed',
] as const;

export interface InboundHookSetup {
  setup: InboundHookRecord['setup'];
  /** The secret URL: only when it was made by this call. */
  url?: string;
  reason: string | null;
  createdAt: string;
}

/**
 * Where WATI should post: the public URL, except for the built-in sandbox, which posts to the
 * address the gateway listens on (the same way the gateway reaches the sandbox).
 */
export function hookOrigin(deps: Pick<AppDeps, 'config' | 'builtInSandbox'>, apiEndpoint: string): string {
  const builtIn = deps.builtInSandbox;
  if (builtIn && builtIn.origin() !== '' && apiEndpoint.startsWith(`${builtIn.origin()}${sandboxPrefix}/`))
    return builtIn.origin();
  return deps.config.publicUrl;
}

/** Asks WATI to post to `url`; undefined when it did, else why not (never the token or the URL). */
async function registerWithWati(
  deps: Pick<AppDeps, 'config' | 'dispatcher'>,
  apiEndpoint: string,
  token: string,
  url: string,
): Promise<string | undefined> {
  const timeoutMs = deps.config.upstreamTimeoutMs;
  try {
    const res = await request(`${apiEndpoint}/api/v2/webhookEndpoints`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ url, eventTypes: watiEventTypesRequested, status: 'Enabled' }),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
      ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
    });
    const text = await res.body.text().catch(() => '');
    if (res.statusCode < 200 || res.statusCode >= 300) return `WATI answered HTTP ${res.statusCode}`;
    // WATI's v1/v2 API can answer 200 with `result: false` (wati-api.md §1.4).
    if (/"result"\s*:\s*false/.test(text)) return 'WATI answered result: false';
    return undefined;
  } catch (error) {
    const e = error as { name?: string; code?: string };
    return `WATI could not be reached (${e.code ?? e.name ?? 'network error'})`;
  }
}

/**
 * Removes this gateway's registrations at WATI whose secret no longer opens any connection's hook
 * (left by an earlier URL of a connection), so WATI stops posting to dead URLs. Best effort: a
 * WATI that cannot list or delete webhooks keeps them, and they only meet 404s.
 */
async function removeStaleRegistrations(
  deps: Pick<AppDeps, 'config' | 'dispatcher' | 'store'>,
  apiEndpoint: string,
  token: string,
  origin: string,
): Promise<void> {
  const timeoutMs = deps.config.upstreamTimeoutMs;
  const call = (method: 'GET' | 'DELETE', path: string) =>
    request(`${apiEndpoint}/api/v2/webhookEndpoints${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
      ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
    });
  try {
    const listed = await call('GET', '');
    if (listed.statusCode !== 200) {
      await listed.body.dump();
      return;
    }
    const body = (await listed.body.json()) as { webhooks?: Array<{ id?: unknown; url?: unknown }> };
    const ours = `${origin}${inboundHookPath}`;
    for (const hook of body.webhooks ?? []) {
      if (typeof hook.id !== 'string' || typeof hook.url !== 'string' || !hook.url.startsWith(ours)) continue;
      const secret = hook.url.slice(ours.length);
      const current = await deps.store.inboundHooks.findByPrefix(inboundSecretPrefix(secret));
      if (current.some((h) => verifyInboundSecret(secret, h.hash))) continue;
      await (await call('DELETE', `/${encodeURIComponent(hook.id)}`)).body.dump();
    }
  } catch {
    // Best effort: see above.
  }
}

/**
 * Makes the connection's hook, unless it has one for this API endpoint already (a reconnect to
 * the same tenant keeps its URL) or `renew` asks for a new one (the old URL stops at once).
 */
export async function setUpInboundHook(
  deps: Pick<AppDeps, 'config' | 'dispatcher' | 'builtInSandbox' | 'store' | 'clock' | 'logger'>,
  connection: { connectionId: string; accountId: string; apiEndpoint: string; token: string },
  options: { renew?: boolean } = {},
): Promise<InboundHookSetup> {
  const existing = await deps.store.inboundHooks.forConnection(connection.connectionId);
  if (existing && existing.apiEndpoint === connection.apiEndpoint && !options.renew) {
    return { setup: existing.setup, reason: existing.reason, createdAt: existing.createdAt };
  }
  const { secret, prefix, hash } = generateInboundSecret();
  const origin = hookOrigin(deps, connection.apiEndpoint);
  const url = `${origin}${inboundHookPath}${secret}`;
  const record: InboundHookRecord = {
    hash,
    prefix,
    connectionId: connection.connectionId,
    accountId: connection.accountId,
    apiEndpoint: connection.apiEndpoint,
    setup: 'manual',
    reason: 'not yet registered with WATI',
    createdAt: nowTimestamp(deps.clock),
  };
  // Stored before WATI hears of it: WATI may post the moment it has the URL.
  await deps.store.inboundHooks.put(record);
  const refused = await registerWithWati(deps, connection.apiEndpoint, connection.token, url);
  if (!refused) await removeStaleRegistrations(deps, connection.apiEndpoint, connection.token, origin);
  const final: InboundHookRecord = refused
    ? { ...record, reason: refused }
    : { ...record, setup: 'registered', reason: null };
  await deps.store.inboundHooks.put(final);
  deps.logger.info(
    { connectionId: connection.connectionId, setup: final.setup, reason: final.reason },
    'inbound webhook URL made for a connection',
  );
  return { setup: final.setup, url, reason: final.reason, createdAt: final.createdAt };
}

/** How `GET /connections/{id}` shows the hook (never its URL). */
export function inboundHookView(hook: InboundHookRecord) {
  return { setup: hook.setup, reason: hook.reason, created_at: hook.createdAt };
}
