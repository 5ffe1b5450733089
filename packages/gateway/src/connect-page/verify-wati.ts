/**
 * Checks an API endpoint URL and token with one cheap WATI call: the first template.
 *
 * What the person is told depends only on whether WATI refused the token (401/403). Every other
 * outcome (refused connection, timeout, another status, no server at all) reads the same, so the
 * connect page cannot be used to learn which ports of an allowed host are open; the real cause is
 * returned as `detail`, for the log.
 * @see https://docs.wati.io/reference/get_api-v1-getmessagetemplates
 */
import { type Dispatcher, request } from 'undici';

export type WatiVerification =
  | { ok: true }
  | { ok: false; refusedToken: boolean; reason: string; detail: string };

const tokenRefused = (status: number): WatiVerification => ({
  ok: false,
  refusedToken: true,
  reason: `WATI rejected the access token (HTTP ${status}); copy it again from WATI’s dashboard`,
  detail: `HTTP ${status}`,
});

const notWati = (detail: string): WatiVerification => ({
  ok: false,
  refusedToken: false,
  reason:
    'WATI did not answer as expected at this API endpoint URL; copy it again from WATI’s dashboard (API Docs: it ends with your tenant id) and try again',
  detail,
});

export async function verifyWatiToken(options: {
  apiEndpoint: string;
  token: string;
  timeoutMs: number;
  dispatcher?: Dispatcher | undefined;
}): Promise<WatiVerification> {
  const url = `${options.apiEndpoint}/api/v1/getMessageTemplates?pageSize=1&pageNumber=1`;
  try {
    const res = await request(url, {
      method: 'GET',
      headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: AbortSignal.timeout(options.timeoutMs),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    await res.body.dump();
    if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true };
    if (res.statusCode === 401 || res.statusCode === 403) return tokenRefused(res.statusCode);
    return notWati(`HTTP ${res.statusCode}`);
  } catch (error) {
    const e = error as { name?: string; code?: string };
    return notWati(e.code ?? e.name ?? 'network error');
  }
}
