/**
 * `client.media`: download a file a message refers to, as a stream.
 * @see https://docs.wati.io/reference/get_api-v1-getmedia
 */
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import type { MediaFile } from '../operation-types.js';

export function createMedia(call: Call) {
  return {
    /**
     * Downloads `fileName` (a message's `data`, e.g. `data/images/<uuid>.jpg`) (`getMedia`).
     * The body is a stream: pipe it or read it; the timeout stops applying once headers arrive.
     */
    get(fileName: string, options?: RequestOptions): Promise<MediaFile> {
      return call('getMedia', { fileName }, options);
    },
  };
}

export type MediaResource = ReturnType<typeof createMedia>;
