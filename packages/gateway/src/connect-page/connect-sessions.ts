/**
 * Connect-page sessions: a token valid 30 minutes, until WATI is connected through it or
 * `connectAttemptLimit` submits checked with WATI have failed, stored as a SHA-256 hash (for
 * lookup) and sealed with the master key (so the connection's `url` can be shown again while the
 * session lives). A CSRF token bound to the session guards the form.
 */

import { hashSecret } from '../crypto/api-key.js';
import { open, seal } from '../crypto/seal.js';
import type { AppDeps } from '../deps/app-deps.js';
import { nowTimestamp, toTimestamp } from '../deps/clock.js';
import type { ConnectionRecord } from '../store/store.js';

/** @default 30 minutes */
export const connectSessionTtlMs = 30 * 60 * 1000;

/**
 * Submits a link allows that reach WATI (a token WATI refuses, an endpoint that does not answer
 * as WATI): enough to retype a token, too few to try tokens or hosts at length. A field left empty
 * or a URL that is not WATI's is answered by the gateway and does not count.
 */
export const connectAttemptLimit = 5;

const sessionAad = (connectionId: string) => `connect-session:${connectionId}`;

type SessionDeps = Pick<AppDeps, 'store' | 'clock' | 'random' | 'masterKey' | 'config'>;

export function connectUrl(deps: Pick<AppDeps, 'config'>, token: string): string {
  return `${deps.config.publicUrl}/connect/${token}`;
}

/** Creates a fresh session for a connection, made by the key `keyId`, and returns its token. */
export async function createConnectSession(
  deps: SessionDeps,
  connectionId: string,
  keyId: string,
): Promise<string> {
  const token = Buffer.from(deps.random.bytes(32)).toString('base64url');
  const now = deps.clock.now();
  await deps.store.connectSessions.create({
    tokenHash: hashSecret(token),
    connectionId,
    csrf: Buffer.from(deps.random.bytes(24)).toString('base64url'),
    sealedToken: seal(token, deps.masterKey, sessionAad(connectionId)),
    expiresAt: toTimestamp(now + connectSessionTtlMs),
    usedAt: null,
    createdAt: toTimestamp(now),
    createdByKeyId: keyId,
    attempts: 0,
  });
  return token;
}

/**
 * The connect url of the connection's live session, if it has one; reads only. Undefined when
 * the last session was used or expired, or was sealed under a rotated-away master key.
 */
export async function liveConnectUrl(
  deps: Pick<SessionDeps, 'store' | 'clock' | 'masterKey' | 'config'>,
  connection: Pick<ConnectionRecord, 'connectionId'>,
): Promise<string | undefined> {
  const live = await deps.store.connectSessions.latestLive(connection.connectionId, nowTimestamp(deps.clock));
  if (!live?.sealedToken) return undefined;
  try {
    return connectUrl(deps, open(live.sealedToken, deps.masterKey, sessionAad(connection.connectionId)));
  } catch {
    return undefined;
  }
}

/**
 * The connect url to show a key with the `connections` scope (`keyId`): the live session's, or a
 * new session's when the last one was used or expired.
 */
export async function currentConnectUrl(
  deps: SessionDeps,
  connection: ConnectionRecord,
  keyId: string,
): Promise<string> {
  return (
    (await liveConnectUrl(deps, connection)) ??
    connectUrl(deps, await createConnectSession(deps, connection.connectionId, keyId))
  );
}

/**
 * What a caller whose key lacks the `connections` scope is told instead of a connect link: a link
 * is a credential (whoever completes it decides where the connection points).
 */
export function askForReconnect(connectionId: string): string {
  return `ask whoever manages this gateway’s connections to reconnect it (watigate connections open ${connectionId})`;
}
