/**
 * v3 session sends (`POST /api/ext/v3/conversations/messages/{text|file|fileViaUrl|interactive}`):
 * the same sendSession v1's sendSessionMessage, sendSessionFile and sendInteractive* use, so the
 * message shows in v1's getMessages and the same webhooks fire. Inside the 24-hour window only.
 */
import { unlink } from 'node:fs/promises';
import { charCount, mediaKindOf, type v3Schemas, whatsappLimits } from '@watigate/spec';
import { sendSession } from '../../conversation.js';
import type { ContactRecord } from '../../state/records.js';
import { eventV3 } from '../../wati-shapes-v3.js';
import { drainBody, storeFile } from '../messages.js';
import { badRequest, notFound, type V3Context, type V3Handler } from './context.js';
import { fetchLoopbackFile, isLoopbackUrl } from './file-url.js';
import { sessionContact } from './targets.js';

/** Refuses the first of WhatsApp's limits the request breaks (checkV3Limits), naming its field. */
function checkLimits(ctx: V3Context, body: unknown): void {
  const [first] = ctx.op.checkLimits({ body });
  if (first) throw badRequest(first.message);
}

function sent(ctx: V3Context, contact: ContactRecord, content: Parameters<typeof sendSession>[3]) {
  return { body: { message: eventV3(sendSession(ctx.rt, ctx.tenant, contact, content)) } };
}

export const v3PostConversationsMessagesText: V3Handler = (ctx) => {
  const body = ctx.body as v3Schemas.SendTextRequest;
  checkLimits(ctx, body);
  const contact = sessionContact(ctx, body.target, 'target', 'conversation');
  return sent(ctx, contact, { type: 'text', text: body.text });
};

/** A v3 interactive message in v1's interactiveData shape, so v1's getMessages and the inbox show it as a v1 send. */
function interactiveDataOf(body: v3Schemas.SendInteractiveMessageRequest) {
  const b = body.button_message;
  const l = body.list_message;
  if (body.type === 'buttons' && b) {
    return {
      type: 'button',
      header: b.header ?? null,
      body: b.body,
      footer: b.footer ?? null,
      buttons: b.buttons ?? [],
    };
  }
  return {
    type: 'list',
    header: l?.header ?? null,
    body: l?.body,
    footer: l?.footer ?? null,
    buttonText: l?.button_text,
    sections: l?.sections ?? [],
  };
}

export const v3PostConversationsMessagesInteractive: V3Handler = (ctx) => {
  const body = ctx.body as v3Schemas.SendInteractiveMessageRequest;
  if (body.type !== 'buttons' && body.type !== 'list')
    throw badRequest(`type: "${body.type}" is not a message type; use "buttons" or "list"`);
  const field = body.type === 'buttons' ? 'button_message' : 'list_message';
  if (!body[field]) throw badRequest(`${field}: required when type is "${body.type}"`);
  checkLimits(ctx, body);
  const contact = sessionContact(ctx, body.target, 'target', 'conversation');
  const interactiveData = interactiveDataOf(body);
  return sent(ctx, contact, {
    type: 'interactive',
    text: interactiveData.body ?? null,
    interactiveData,
  });
};

/**
 * `fileViaUrl`: the sandbox has no internet, so it records the message with the URL and fetches
 * nothing; only a loopback URL (a test's own server) is fetched and kept, so that its file can be
 * downloaded again by message id.
 */
export const v3PostConversationsMessagesFileViaUrl: V3Handler = async (ctx) => {
  const body = ctx.body as v3Schemas.SendFileViaUrlRequest;
  checkLimits(ctx, body);
  const contact = sessionContact(ctx, body.target, 'target', 'conversation');
  const caption = body.caption ?? null;
  const url = new URL(body.file_url);
  if (isLoopbackUrl(url)) {
    const stored = await fetchLoopbackFile(ctx, url);
    ctx.tenant.addMedia(stored.media);
    return sent(ctx, contact, { type: stored.kind, text: caption, data: stored.media.fileName });
  }
  const name = url.pathname.split('/').pop() ?? '';
  const kind = mediaKindOf('', name) ?? 'document';
  return sent(ctx, contact, { type: kind, text: caption, data: body.file_url });
};

/**
 * `POST …/messages/file`, multipart with `target`, `file` and an optional `caption`. The file
 * streams to disk as it arrives (storeFile, v1's); the form's other fields are checked after it,
 * and a refused request keeps nothing.
 */
export const v3PostConversationsMessagesFile: V3Handler = async (ctx) => {
  if (!ctx.request.isMultipart()) {
    await drainBody(ctx.request);
    throw badRequest('The request must be multipart/form-data with the fields target, file and caption');
  }
  const fields: Record<string, string> = {};
  let stored: Awaited<ReturnType<typeof storeFile>> | undefined;
  // The loop runs to the end of the body (leaving it early can stall the request; see messages.ts).
  for await (const part of ctx.request.parts({
    limits: { fileSize: whatsappLimits.media.document.maxBytes, files: 1 },
  })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || stored) part.file.resume();
      else stored = await storeFile(ctx, part);
    } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
  }
  const media = stored && 'media' in stored ? stored : undefined;
  try {
    if (fields.target === undefined) throw badRequest('target: required');
    const unknown = Object.keys(fields).filter((f) => f !== 'target' && f !== 'caption');
    if (unknown.length > 0) throw badRequest(`${unknown[0]}: not a field of this request`);
    if (!stored) throw badRequest('file: required');
    if ('fail' in stored) throw badRequest(`file: ${stored.fail.body.info}`);
    const caption = fields.caption ?? '';
    if (charCount(caption) > whatsappLimits.caption.maxChars) {
      throw badRequest(
        `caption has ${charCount(caption)} characters; the limit is ${whatsappLimits.caption.maxChars}`,
      );
    }
    const contact = sessionContact(ctx, fields.target, 'target', 'conversation');
    const { media: record, kind } = stored;
    ctx.tenant.addMedia(record);
    return sent(ctx, contact, { type: kind, text: caption === '' ? null : caption, data: record.fileName });
  } catch (err) {
    if (media) await removeFile(media.media.path);
    throw err;
  }
};

async function removeFile(path: string): Promise<void> {
  await unlink(path).catch(() => {});
}

/** `GET …/messages/file/{message_id}`: the file of a message, from the media store v1's getMedia serves. */
export const v3GetConversationsMessagesFileByMessageId: V3Handler = (ctx) => {
  const id = String(ctx.params.message_id);
  const message = ctx.tenant.messagesById.get(id);
  if (message?.eventType !== 'message') throw notFound(`message_id: no message with id "${id}"`);
  const record = message.data ? ctx.tenant.media.get(message.data) : undefined;
  if (!record) {
    throw notFound(
      message.data && /^https?:/i.test(message.data)
        ? `message_id: message "${id}" was sent by URL (${message.data}); the sandbox does not fetch files from the internet`
        : `message_id: message "${id}" has no file`,
    );
  }
  return { media: record };
};
