/**
 * v3 `fileViaUrl` files. The sandbox runs without the internet: it fetches nothing from a public
 * URL (the message is recorded with the URL). A loopback URL (`localhost`, `127.0.0.0/8`, `[::1]`)
 * is a test's own server, so that file is fetched and stored as an upload would be, within
 * WhatsApp's type and size limits, and can be downloaded again by message id.
 */
import { Readable } from 'node:stream';
import type { MediaKind } from '@watigate/spec';
import { mimeTypeOf } from '@watigate/spec';
import type { MediaRecord } from '../../state/records.js';
import { storeFile } from '../messages.js';
import { badRequest, type V3Context } from './context.js';

const fetchTimeoutMs = 10_000;

export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Fetches a loopback file_url to the media store; refuses (400) what cannot be fetched or sent. */
export async function fetchLoopbackFile(
  ctx: V3Context,
  url: URL,
): Promise<{ media: MediaRecord; kind: MediaKind }> {
  let response: Response;
  try {
    // Redirects are not followed: a loopback URL must not lead the sandbox anywhere else.
    response = await ctx.rt.fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(fetchTimeoutMs) });
  } catch (err) {
    throw badRequest(`file_url: ${url.href} could not be fetched (${(err as Error).message})`);
  }
  if (response.status < 200 || response.status > 299 || !response.body) {
    await response.body?.cancel();
    throw badRequest(`file_url: ${url.href} answered HTTP ${response.status}`);
  }
  const name = decodeURIComponent(url.pathname.split('/').pop() ?? '') || 'file';
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() || mimeTypeOf(name);
  const stored = await storeFile(ctx, {
    file: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
    mimetype: type,
    filename: name,
  });
  if ('fail' in stored) throw badRequest(`file_url: ${stored.fail.body.info}`);
  return stored;
}
