/**
 * `client.messages`: read a conversation, send session text and files (24-hour window); in v3
 * also a file by URL (messages-v3.ts). This file is the v1 half and the resource's type.
 * @see https://docs.wati.io/reference/post_api-v1-sendsessionmessage-whatsappnumber
 */
import type { ApiVersion, VersionArgs, Versioned } from '../api-version.js';
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import type { CallOutput, ParamsOf } from '../operation-types.js';
import { paginate } from '../paginate.js';
import type { MessagesV3 } from './messages-v3.js';

export type MessageListParams = ParamsOf<'getMessages', 'whatsappNumber'>;
export type MessageListItem = CallOutput<'getMessages'>['messages']['items'][number];
export type SendTextParams = ParamsOf<'sendSessionMessage', 'whatsappNumber'>;

/** The v1 methods; `O` is their trailing options argument. */
export interface MessagesV1<O extends unknown[] = [options?: RequestOptions]> {
  /** One page of a contact's messages and events, newest first (`getMessages`). */
  list(whatsappNumber: string, params?: MessageListParams, ...options: O): Promise<CallOutput<'getMessages'>>;
  /** Every message and event of a contact, newest first, page by page. */
  iterate(
    whatsappNumber: string,
    params?: MessageListParams,
    ...options: O
  ): AsyncGenerator<MessageListItem, void, undefined>;
  /**
   * Sends a text inside the 24-hour window (`sendSessionMessage`). `params` is the text itself or
   * `{ messageText, replyContextId? }`.
   */
  sendText(
    whatsappNumber: string,
    params: string | SendTextParams,
    ...options: O
  ): Promise<CallOutput<'sendSessionMessage'>>;
  /**
   * Sends a file inside the 24-hour window (`sendSessionFile`). `file` is any Blob; in Node,
   * `fs.openAsBlob(path, { type })` streams it from disk.
   */
  sendFile(
    whatsappNumber: string,
    params: ParamsOf<'sendSessionFile', 'whatsappNumber'>,
    ...options: O
  ): Promise<CallOutput<'sendSessionFile'>>;
}

/** `client.messages` on a client whose default API is `V`. */
export type MessagesResource<V extends ApiVersion = 'v1'> = Versioned<
  V,
  MessagesV1<VersionArgs<'v1', V>>,
  MessagesV3<VersionArgs<'v3', V>>
>;

export function createMessages(call: Call): MessagesV1 {
  return {
    /** One page of a contact's messages and events, newest first (`getMessages`). */
    list(
      whatsappNumber: string,
      params: MessageListParams = {},
      options?: RequestOptions,
    ): Promise<CallOutput<'getMessages'>> {
      return call('getMessages', { ...params, whatsappNumber }, options);
    },
    /** Every message and event of a contact, newest first, page by page. */
    iterate(
      whatsappNumber: string,
      params: MessageListParams = {},
      options?: RequestOptions,
    ): AsyncGenerator<MessageListItem, void, undefined> {
      return paginate(
        async (pageNumber, pageSize) => {
          const page = await call('getMessages', { whatsappNumber, pageNumber, pageSize }, options);
          return { items: page.messages.items, link: page.link };
        },
        { pageSize: params.pageSize, pageNumber: params.pageNumber },
      );
    },
    /**
     * Sends a text inside the 24-hour window (`sendSessionMessage`). `params` is the text itself or
     * `{ messageText, replyContextId? }`.
     */
    sendText(
      whatsappNumber: string,
      params: string | SendTextParams,
      options?: RequestOptions,
    ): Promise<CallOutput<'sendSessionMessage'>> {
      const fields = typeof params === 'string' ? { messageText: params } : params;
      return call('sendSessionMessage', { ...fields, whatsappNumber }, options);
    },
    /**
     * Sends a file inside the 24-hour window (`sendSessionFile`). `file` is any Blob; in Node,
     * `fs.openAsBlob(path, { type })` streams it from disk.
     */
    sendFile(
      whatsappNumber: string,
      params: ParamsOf<'sendSessionFile', 'whatsappNumber'>,
      options?: RequestOptions,
    ): Promise<CallOutput<'sendSessionFile'>> {
      return call('sendSessionFile', { ...params, whatsappNumber }, options);
    },
  };
}
