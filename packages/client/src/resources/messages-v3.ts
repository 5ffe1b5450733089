/**
 * `client.messages` in WATI's v3 API: read a conversation, send session text, a file, or a file
 * by URL (24-hour window). `target` is a phone number with country code, a conversation id, or
 * `Channel:Phone`.
 * @see https://docs.wati.io/reference (Conversations, v3)
 */
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import { type PaginateV3Options, paginateV3, withPage } from '../paginate-v3.js';
import type { V3CallOutput, V3ParamsOf, WithDefaultPage } from '../v3-operation-types.js';

export type V3MessageListParams = WithDefaultPage<V3ParamsOf<'v3GetConversationsByTargetMessages', 'target'>>;
export type V3MessageListItem = NonNullable<
  V3CallOutput<'v3GetConversationsByTargetMessages'>['message_list']
>[number];
export type V3SendTextParams = V3ParamsOf<'v3PostConversationsMessagesText', 'target'>;
export type V3SendFileParams = V3ParamsOf<'v3PostConversationsMessagesFile', 'target'>;
export type V3SendFileByUrlParams = V3ParamsOf<'v3PostConversationsMessagesFileViaUrl', 'target'>;

/** The v3 methods; `O` is their trailing options argument. */
export interface MessagesV3<O extends unknown[] = [options?: RequestOptions]> {
  /** One page of a conversation's messages and events (`GET /conversations/{target}/messages`). */
  list(
    target: string,
    params?: V3MessageListParams,
    ...options: O
  ): Promise<V3CallOutput<'v3GetConversationsByTargetMessages'>>;
  /** Every message and event of a conversation, page by page, until a short page. */
  iterate(
    target: string,
    params?: PaginateV3Options,
    ...options: O
  ): AsyncGenerator<V3MessageListItem, void, undefined>;
  /** Sends a text inside the 24-hour window (`POST /conversations/messages/text`): the text or `{ text }`. */
  sendText(
    target: string,
    params: string | V3SendTextParams,
    ...options: O
  ): Promise<V3CallOutput<'v3PostConversationsMessagesText'>>;
  /** Sends a file (any Blob) inside the 24-hour window (`POST /conversations/messages/file`). */
  sendFile(
    target: string,
    params: V3SendFileParams,
    ...options: O
  ): Promise<V3CallOutput<'v3PostConversationsMessagesFile'>>;
  /** Sends a file WATI fetches from an http(s) URL (`POST /conversations/messages/fileViaUrl`). v3 only. */
  sendFileByUrl(
    target: string,
    params: V3SendFileByUrlParams,
    ...options: O
  ): Promise<V3CallOutput<'v3PostConversationsMessagesFileViaUrl'>>;
}

export function createMessagesV3(call: Call): MessagesV3 {
  return {
    list(target, params = {}, options) {
      return call('v3GetConversationsByTargetMessages', { ...withPage(params), target }, options);
    },
    iterate(target, params = {}, options) {
      return paginateV3(async (page_number, page_size) => {
        const answer = await call(
          'v3GetConversationsByTargetMessages',
          { target, page_number, page_size },
          options,
        );
        return { items: answer.message_list ?? [], pageSize: answer.page_size };
      }, params);
    },
    sendText(target, params, options) {
      const fields = typeof params === 'string' ? { text: params } : params;
      return call('v3PostConversationsMessagesText', { ...fields, target }, options);
    },
    sendFile(target, params, options) {
      return call('v3PostConversationsMessagesFile', { ...params, target }, options);
    },
    sendFileByUrl(target, params, options) {
      return call('v3PostConversationsMessagesFileViaUrl', { ...params, target }, options);
    },
  };
}
