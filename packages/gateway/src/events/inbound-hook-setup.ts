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
import { generateInboundSecret, inboundHookPath } from './inbound-secret.js';

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
  const url = `${hookOrigin(deps, connection.apiEndpoint)}${inboundHookPath}${secret}`;
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
export function inboundHookView(hook: InboundHookRecord | undefined) {
  return hook === undefined ? null : { setup: hook.setup, reason: hook.reason, created_at: hook.createdAt };
}
