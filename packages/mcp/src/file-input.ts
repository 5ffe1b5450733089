/**
 * Files in tool arguments. MCP arguments are JSON, so a file travels as base64 with its name and
 * type; WhatsApp's type and size limits are checked on the announced size before anything is
 * decoded, so an oversized file is refused without being held twice in memory.
 */
import { checkFile, type LimitViolation, mimeTypeOf } from '@watigate/spec';
import { z } from 'zod';

/** The tool arguments that carry a file (`sendSessionFile.file`). */
export const fileArguments = {
  file_base64: z.string().min(1).describe('The file’s bytes in base64 (a data: URL is accepted too)'),
  file_name: z.string().min(1).describe('File name with extension, e.g. invoice.pdf'),
  mime_type: z
    .string()
    .optional()
    .describe('MIME type, e.g. application/pdf; guessed from the file name when omitted'),
};

export interface FileArguments {
  file_base64: string;
  file_name: string;
  mime_type?: string | undefined;
}

const dataUrl = /^data:([^;,]*)(?:;[^,]*)?;base64,/;
const base64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;

/** Decoded size of a base64 text, without decoding it. */
export function base64Size(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}

/**
 * Turns file arguments into a File for the client, or the violations that stop it. `field` names
 * the registry parameter (`file`).
 */
export function fileFromArguments(
  field: string,
  args: FileArguments,
): { file: File; violations: [] } | { file?: undefined; violations: LimitViolation[] } {
  let text = args.file_base64.replace(/\s+/g, '');
  let type = args.mime_type;
  const prefix = dataUrl.exec(text);
  if (prefix) {
    text = text.slice(prefix[0].length);
    if (!type && prefix[1]) type = prefix[1];
  }
  if (!base64.test(text)) {
    return {
      violations: [
        {
          field: 'file_base64',
          limit: 'base64',
          message: 'file_base64 is not base64; encode the file’s bytes',
        },
      ],
    };
  }
  const name = args.file_name;
  const mime = type ?? mimeTypeOf(name);
  const violations = checkFile(field, { type: mime, size: base64Size(text), name });
  if (violations.length > 0) return { violations };
  return { file: new File([Buffer.from(text, 'base64')], name, { type: mime }), violations: [] };
}
