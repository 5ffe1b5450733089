/**
 * `client.media`: download a file a message refers to, as a stream. v1 names it by the
 * message's `data` path, v3 by the message's id.
 * @see https://docs.wati.io/reference/get_api-v1-getmedia
 */
import type { ApiVersion, VersionArgs, Versioned } from '../api-version.js';
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import type { MediaFile } from '../operation-types.js';

/** The v1 methods; `O` is their trailing options argument. */
export interface MediaV1<O extends unknown[] = [options?: RequestOptions]> {
  /**
   * Downloads `fileName` (a message's `data`, e.g. `data/images/<uuid>.jpg`) (`getMedia`).
   * The body is a stream: pipe it or read it; the timeout stops applying once headers arrive.
   */
  get(fileName: string, ...options: O): Promise<MediaFile>;
}

/** The v3 methods; `O` is their trailing options argument. */
export interface MediaV3<O extends unknown[] = [options?: RequestOptions]> {
  /** Downloads the file of the message `messageId` (`GET /conversations/messages/file/{message_id}`), streamed. */
  get(messageId: string, ...options: O): Promise<MediaFile>;
}

/** `client.media` on a client whose default API is `V`. */
export type MediaResource<V extends ApiVersion = 'v1'> = Versioned<
  V,
  MediaV1<VersionArgs<'v1', V>>,
  MediaV3<VersionArgs<'v3', V>>
>;

export function createMedia(call: Call): MediaV1 {
  return {
    get(fileName, options) {
      return call('getMedia', { fileName }, options);
    },
  };
}

export function createMediaV3(call: Call): MediaV3 {
  return {
    get(messageId, options) {
      return call('v3GetConversationsMessagesFileByMessageId', { message_id: messageId }, options);
    },
  };
}
