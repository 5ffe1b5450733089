/** getMessages, sendSessionMessage, sendSessionFile (wati-api.md §2.4–2.6). */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { charCount, type MediaKind, mediaKindOf, normalizePhone, whatsappLimits } from '@watigate/spec';
import type { FastifyRequest } from 'fastify';
import { sendSession } from '../conversation.js';
import type { ContactRecord, MediaRecord } from '../state/records.js';
import { failures, fileSent, messageItemView, pageLink, sessionSent } from '../wati-shapes.js';
import type { ApiContext, ApiHandler, ApiResult } from './context.js';
import { paging } from './context.js';

export const getMessages: ApiHandler = ({ tenant, pathParams, query }) => {
  const wAid = normalizePhone(pathParams.whatsappNumber ?? '');
  if (!wAid) return { body: failures.invalidConversation() };
  const { pageSize, pageNumber } = paging(query, 100);
  const all = tenant.conversations.get(wAid) ?? [];
  // Stored oldest first; WATI answers newest first (§2.4).
  const end = all.length - (pageNumber - 1) * pageSize;
  const page = end > 0 ? all.slice(Math.max(0, end - pageSize), end).reverse() : [];
  return {
    body: {
      result: 'success',
      messages: {
        items: page.map(messageItemView),
        pageNumber,
        pageSize,
        convCount: 0,
        total: all.length,
        grandTotal: 0,
        orderBy: null,
        lastId: null,
        sortBy: 0,
        filters: null,
        allowFilters: null,
        search: null,
      },
      link: pageLink(`/api/v1/getMessages/${wAid}`, pageNumber, pageSize, all.length),
    },
  };
};

/**
 * The checks every session send (text, file, interactive) starts with: a number with its country
 * code, then an open 24-hour window. Returns the contact, or the WATI failure to answer with.
 */
export function sessionTarget(
  ctx: ApiContext,
  raw: string,
): { contact: ContactRecord } | { fail: ApiResult } {
  const wAid = normalizePhone(raw);
  if (!wAid) return { fail: { body: failures.invalidConversation() } };
  const contact = ctx.tenant.contacts.get(wAid);
  if (!contact || !ctx.tenant.windowOpen(contact)) return { fail: { body: failures.ticketExpired() } };
  return { contact };
}

export const sendSessionMessage: ApiHandler = (ctx) => {
  // WATI reads the query string; the seed sends a form body, which the sandbox accepts as a fallback (§2.5).
  const text = ctx.query.messageText ?? ctx.form?.messageText ?? '';
  const target = sessionTarget(ctx, ctx.pathParams.whatsappNumber ?? '');
  if ('fail' in target) return target.fail;
  if (text.trim() === '') return { body: failures.emptyText() };
  if (charCount(text) > whatsappLimits.text.maxChars)
    return { body: failures.textTooLong(whatsappLimits.text.maxChars) };
  const message = sendSession(ctx.rt, ctx.tenant, target.contact, {
    type: 'text',
    text,
    localMessageId: ctx.query.localMessageId,
  });
  return { body: sessionSent(message) };
};

/** Reads and discards the rest of a request body, so that an early answer doesn't break the upload. */
export async function drainBody(request: FastifyRequest): Promise<void> {
  const raw = request.raw;
  if (raw.readableEnded) return;
  raw.resume();
  await once(raw, 'end');
}

export const folderOf: Record<MediaKind, string> = {
  image: 'images',
  video: 'videos',
  audio: 'audios',
  document: 'documents',
  sticker: 'stickers',
};

export const sendSessionFile: ApiHandler = async (ctx) => {
  const caption = ctx.query.caption ?? ctx.form?.caption ?? '';
  const target = sessionTarget(ctx, ctx.pathParams.whatsappNumber ?? '');
  if ('fail' in target) {
    await drainBody(ctx.request);
    return target.fail;
  }
  if (charCount(caption) > whatsappLimits.caption.maxChars) {
    await drainBody(ctx.request);
    return { body: failures.captionTooLong(whatsappLimits.caption.maxChars) };
  }
  if (!ctx.request.isMultipart()) {
    await drainBody(ctx.request);
    return { body: failures.fileMissing() };
  }
  const stored = await receiveFile(ctx, 'file');
  if ('fail' in stored) return stored.fail;
  const message = sendSession(ctx.rt, ctx.tenant, target.contact, {
    type: stored.kind,
    text: caption === '' ? null : caption,
    data: stored.fileName,
    localMessageId: ctx.query.localMessageId,
  });
  return { body: fileSent(message) };
};

/**
 * Streams the multipart file field `field` to disk, never holding it whole in memory, and
 * enforces WhatsApp's type and size limits for its kind (whatsapp-rules.md §8).
 */
async function receiveFile(
  ctx: ApiContext,
  field: string,
): Promise<{ fileName: string; kind: string } | { fail: ApiResult }> {
  const maxAny = whatsappLimits.media.document.maxBytes;
  let outcome: { fileName: string; kind: string } | { fail: ApiResult } | undefined;
  // The loop always runs to the end of the body: leaving it early can leave the request paused
  // behind the multipart parser, and the answer would never go out.
  for await (const part of ctx.request.parts({ limits: { fileSize: maxAny, files: 1 } })) {
    if (part.type !== 'file') continue;
    if (part.fieldname !== field || outcome) {
      part.file.resume();
      continue;
    }
    const stored = await storeFile(ctx, part);
    if ('fail' in stored) outcome = stored;
    else {
      ctx.tenant.addMedia(stored.media);
      outcome = { fileName: stored.media.fileName, kind: stored.kind };
    }
  }
  return outcome ?? { fail: { body: failures.fileMissing() } };
}

/**
 * Streams one file part to disk, within WhatsApp's type and size limits for its kind. The caller
 * adds the returned record to the tenant's media (v3 checks the rest of the form first).
 */
export async function storeFile(
  ctx: Pick<ApiContext, 'rt' | 'tenant'>,
  part: { file: NodeJS.ReadableStream & { truncated?: boolean }; mimetype: string; filename: string },
): Promise<{ media: MediaRecord; kind: MediaKind } | { fail: { body: { result: boolean; info: string } } }> {
  const kind = mediaKindOf(part.mimetype, part.filename);
  if (!kind) {
    part.file.resume();
    return { fail: { body: failures.unsupportedFile(part.mimetype || 'unknown') } };
  }
  const max = whatsappLimits.media[kind].maxBytes;
  const ext = (part.filename.split('.').pop() ?? 'bin').toLowerCase().replace(/[^a-z0-9]/g, '') || 'bin';
  const fileName = `data/${folderOf[kind]}/${ctx.rt.ids.uuid()}.${ext}`;
  const path = join(ctx.rt.filesDir, ctx.tenant.id, fileName);
  await mkdir(join(path, '..'), { recursive: true });
  const out = createWriteStream(path);
  let size = 0;
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Past the limit, keep reading (so the upload completes) but stop writing.
    if (size <= max && !out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  if (size > max || part.file.truncated) {
    await unlink(path);
    return { fail: { body: failures.fileTooLarge(kind, max) } };
  }
  return { media: { fileName, path, mimeType: part.mimetype, size, originalName: part.filename }, kind };
}
