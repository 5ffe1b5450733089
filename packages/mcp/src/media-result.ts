/**
 * getMedia's answer as a tool result: the file's name, type and size as structured content, and
 * its bytes as an image block (images) or an embedded resource (anything else). Files past
 * `maxInlineMediaBytes` are refused rather than held whole and sent as base64.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type MediaFile, WatiError } from '@watigate/client';
import { z } from 'zod';
import { jsonResult } from './tool-result.js';

/** get_media's structured content (its output schema); the bytes come as a content block. */
export const MediaInfo = z.object({
  file_name: z.string(),
  content_type: z.string(),
  size: z.number().describe('Bytes'),
});

/** Largest media file returned inline (base64 in the result), in bytes: 16 MiB, WhatsApp's video limit. */
export const maxInlineMediaBytes = 16 * 1024 * 1024;

/** Reads a stream whole, refusing (and cancelling it) past `max` bytes. */
async function readAtMost(
  body: ReadableStream<Uint8Array>,
  max: number,
  fileName: string,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new WatiError(
        `${fileName} is larger than ${max} bytes, too large to return through MCP; download it with the CLI (watigate media get) or GET /wati/api/v1/getMedia.`,
        { code: 'media_too_large' },
      );
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

export async function mediaResult(fileName: string, media: MediaFile): Promise<CallToolResult> {
  const bytes = await readAtMost(media.body, maxInlineMediaBytes, fileName);
  const info = { file_name: fileName, content_type: media.contentType, size: bytes.byteLength };
  const data = Buffer.from(bytes).toString('base64');
  const result = jsonResult(info);
  result.content.push(
    media.contentType.startsWith('image/')
      ? { type: 'image', data, mimeType: media.contentType }
      : {
          type: 'resource',
          resource: { uri: `wati-media:${fileName}`, mimeType: media.contentType, blob: data },
        },
  );
  return result;
}
