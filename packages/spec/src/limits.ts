/**
 * WhatsApp's platform limits as data (shared/reference/whatsapp-rules.md). The client, the gateway's
 * pre-flight checks and the sandbox all read these numbers from here.
 * Character counts are Unicode code points (`[...text].length`), not UTF-16 units.
 */

const MiB = 1024 * 1024;

export const mediaKinds = ['image', 'video', 'audio', 'document', 'sticker'] as const;
export type MediaKind = (typeof mediaKinds)[number];

export interface MediaLimit {
  mimeTypes: readonly string[];
  /** Largest accepted file, in bytes. */
  maxBytes: number;
  /** Extensions that imply this kind when the MIME type is generic. */
  extensions: readonly string[];
}

export const whatsappLimits = {
  /** The customer-service window opened by an inbound message (rules §1). */
  sessionWindowMs: 24 * 60 * 60 * 1000,
  /** Session text message body (rules §9). */
  text: { maxChars: 4096 },
  /** Caption on image, video and document messages (rules §8). */
  caption: { maxChars: 1024 },
  /** Reply-buttons interactive message (rules §7). */
  buttons: {
    min: 1,
    max: 3,
    titleMaxChars: 20,
    idMaxChars: 256,
    bodyMaxChars: 1024,
    headerTextMaxChars: 60,
    footerMaxChars: 60,
  },
  /** List interactive message (rules §7; the body is held to 1024 to be safe with WATI). */
  list: {
    buttonTextMaxChars: 20,
    maxSections: 10,
    minRowsTotal: 1,
    maxRowsTotal: 10,
    sectionTitleMaxChars: 24,
    rowTitleMaxChars: 24,
    rowDescriptionMaxChars: 72,
    rowIdMaxChars: 200,
    bodyMaxChars: 1024,
    headerMaxChars: 60,
    footerMaxChars: 60,
  },
  /** Media types and sizes (rules §8). */
  media: {
    image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MiB, extensions: ['jpg', 'jpeg', 'png'] },
    video: { mimeTypes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MiB, extensions: ['mp4', '3gp'] },
    audio: {
      mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
      maxBytes: 16 * MiB,
      extensions: ['aac', 'amr', 'mp3', 'm4a', 'ogg', 'opus'],
    },
    document: {
      mimeTypes: [
        'text/plain',
        'application/pdf',
        'application/msword',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/vnd.ms-excel',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'application/vnd.ms-powerpoint',
        'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      ],
      maxBytes: 100 * MiB,
      extensions: ['txt', 'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx'],
    },
    sticker: { mimeTypes: ['image/webp'], maxBytes: 500 * 1024, extensions: ['webp'] },
  } satisfies Record<MediaKind, MediaLimit>,
  /** Templates (rules §2, §9). */
  template: { bodyMaxChars: 1024, nameMaxChars: 512 },
  /** Receivers in one sendTemplateMessages call (wati-api.md §2.10). */
  bulk: { maxReceivers: 1000 },
  /** E.164 allows at most 15 digits (rules §10). */
  phone: { maxDigits: 15 },
} as const;

/** Counts characters the way WhatsApp does: Unicode code points. */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Decides which media kind a file is from its MIME type, falling back to its extension when the
 * type is missing or generic (`application/octet-stream`). Returns undefined for unsupported files.
 */
export function mediaKindOf(
  mimeType: string | undefined,
  fileName: string | undefined,
): MediaKind | undefined {
  const mime = mimeType?.split(';')[0]?.trim().toLowerCase();
  if (mime && mime !== 'application/octet-stream') {
    for (const kind of mediaKinds) {
      if (whatsappLimits.media[kind].mimeTypes.includes(mime)) return kind;
    }
    return undefined;
  }
  const ext = fileName?.split('.').pop()?.toLowerCase();
  if (!ext) return undefined;
  return mediaKinds.find((kind) => whatsappLimits.media[kind].extensions.includes(ext));
}

/** The canonical MIME type for a file name's extension, for answering getMedia. */
export function mimeTypeOf(fileName: string): string {
  const ext = fileName.split('.').pop()?.toLowerCase() ?? '';
  const byExt: Record<string, string> = {
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    webp: 'image/webp',
    mp4: 'video/mp4',
    '3gp': 'video/3gpp',
    aac: 'audio/aac',
    amr: 'audio/amr',
    mp3: 'audio/mpeg',
    m4a: 'audio/mp4',
    ogg: 'audio/ogg',
    opus: 'audio/ogg',
    txt: 'text/plain',
    pdf: 'application/pdf',
    doc: 'application/msword',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xls: 'application/vnd.ms-excel',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ppt: 'application/vnd.ms-powerpoint',
    pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    csv: 'text/csv',
  };
  return byExt[ext] ?? 'application/octet-stream';
}

/**
 * Whether the customer-service window is open at `nowMs` after the customer's last inbound
 * message at `lastInboundMs` (undefined or null: none). The one definition the sandbox and the MCP
 * server share. WhatsApp starts a 24-hour timer at each inbound message (rules §1): the window is
 * open strictly before the timer expires, and closed from the exact moment 24 h have passed.
 */
export function sessionWindowOpen(lastInboundMs: number | null | undefined, nowMs: number): boolean {
  if (lastInboundMs === null || lastInboundMs === undefined) return false;
  return nowMs - lastInboundMs < whatsappLimits.sessionWindowMs;
}
