/**
 * Checks an API endpoint URL and token with one cheap WATI call: the first template.
 * @see https://docs.wati.io/reference/get_api-v1-getmessagetemplates
 */
import { type Dispatcher, request } from 'undici';

export type WatiVerification = { ok: true } | { ok: false; reason: string };

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
    if (res.statusCode === 401 || res.statusCode === 403) {
      return {
        ok: false,
        reason: `WATI rejected the access token (HTTP ${res.statusCode}); copy it again from WATI’s dashboard`,
      };
    }
    if (res.statusCode === 404) {
      return {
        ok: false,
        reason: 'WATI answered 404: check that the API endpoint URL ends with your tenant id',
      };
    }
    return { ok: false, reason: `WATI answered HTTP ${res.statusCode}; try again later` };
  } catch (error) {
    const e = error as { name?: string; code?: string };
    if (
      e.name === 'TimeoutError' ||
      e.code === 'UND_ERR_HEADERS_TIMEOUT' ||
      e.code === 'UND_ERR_BODY_TIMEOUT'
    ) {
      return { ok: false, reason: `WATI did not answer within ${Math.round(options.timeoutMs / 1000)} s` };
    }
    return { ok: false, reason: `WATI could not be reached (${e.code ?? e.name ?? 'network error'})` };
  }
}
