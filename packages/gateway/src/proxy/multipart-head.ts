/**
 * The head of a multipart/form-data upload: the text fields before the file part and the file
 * part's own headers (name, filename, type), read from the first bytes of the body. With the
 * body's declared length this bounds the file's size, so a v3 upload whose target came first and
 * whose file is surely within WhatsApp's limit can stream to WATI unread, while any other is read
 * whole and checked exactly (read-body.ts). RFC 7578.
 */

/** What the head says of the file part; `maxSize` is an upper bound from the declared length. */
export interface UploadedFileHead {
  field: string;
  name: string | undefined;
  type: string | undefined;
  /** At most this many bytes (the declared length less everything around the file's data). */
  maxSize: number;
}

export interface MultipartHead {
  /** Complete text parts before the file part, by name. */
  fields: Record<string, string>;
  /** Where the file's data begins in the body. */
  dataOffset: number;
  file: Omit<UploadedFileHead, 'maxSize'>;
}

/** The boundary parameter of a multipart content type, unquoted; undefined when missing. */
export function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  return boundary && boundary.length <= 200 ? boundary : undefined;
}

/** A header parameter (`name="file"`) of a Content-Disposition line. */
function param(disposition: string, key: string): string | undefined {
  const m = new RegExp(`;\\s*${key}="([^"]*)"|;\\s*${key}=([^;\\s]+)`, 'i').exec(disposition);
  return m?.[1] ?? m?.[2];
}

/**
 * Finds the file part (the first with a filename) in `bytes`, the start of a body. Undefined when
 * the bytes end before the file part's headers do, or the body is not the multipart it says.
 */
export function parseMultipartHead(bytes: Buffer, boundary: string): MultipartHead | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  let at = bytes.indexOf(delimiter);
  const fields: Record<string, string> = {};
  while (at !== -1) {
    const headersStart = at + delimiter.length + 2; // past "--boundary\r\n"
    if (bytes.subarray(at + delimiter.length, headersStart).toString('latin1') !== '\r\n') return undefined;
    const headersEnd = bytes.indexOf('\r\n\r\n', headersStart);
    if (headersEnd === -1) return undefined;
    const headers = bytes.subarray(headersStart, headersEnd).toString('utf8').split('\r\n');
    const header = (name: string) =>
      headers
        .find((h) => h.toLowerCase().startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim();
    const disposition = header('content-disposition') ?? '';
    const field = param(disposition, 'name');
    const name = param(disposition, 'filename');
    const dataOffset = headersEnd + 4;
    if (field === undefined) return undefined;
    if (name !== undefined)
      return { fields, dataOffset, file: { field, name, type: header('content-type') } };
    const next = bytes.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), dataOffset);
    if (next === -1) return undefined;
    fields[field] = bytes.subarray(dataOffset, next).toString('utf8');
    at = next + 2;
  }
  return undefined;
}

/**
 * An upper bound of the file's size: the declared body length less what comes before the file's
 * data and the shortest possible end (`\r\n--boundary--`). Fields after the file only make the
 * real size smaller.
 */
export function fileSizeBound(declaredLength: number, head: MultipartHead, boundary: string): number {
  return declaredLength - head.dataOffset - (2 + 2 + boundary.length + 2);
}
