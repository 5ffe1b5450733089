/**
 * `client.chatbots` (WATI's v3 API only): list the account's chatbots and start one with a
 * person (the bot writes to them, so this is a send: inside the 24-hour window).
 * @see https://docs.wati.io/reference (Chatbots, v3)
 */
import type { ApiVersion, VersionArgs, Versioned } from '../api-version.js';
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import { withPage } from '../paginate-v3.js';
import type { V3CallOutput, V3ParamsOf, WithDefaultPage } from '../v3-operation-types.js';

export type V3ChatbotListParams = WithDefaultPage<V3ParamsOf<'v3GetChatbots'>>;

/** The v3 methods; `O` is their trailing options argument. */
export interface ChatbotsV3<O extends unknown[] = [options?: RequestOptions]> {
  /** One page of chatbots (`GET /chatbots`; page 1 of 100 unless given). */
  list(params?: V3ChatbotListParams, ...options: O): Promise<V3CallOutput<'v3GetChatbots'>>;
  /** Starts the chatbot `chatbotId` with `target` (`POST /chatbots/start`). */
  start(target: string, chatbotId: string, ...options: O): Promise<V3CallOutput<'v3PostChatbotsStart'>>;
}

/** `client.chatbots` on a client whose default API is `V` (v3 methods only). */
export type ChatbotsResource<V extends ApiVersion = 'v1'> = Versioned<
  V,
  unknown,
  ChatbotsV3<VersionArgs<'v3', V>>
>;

export function createChatbotsV3(call: Call): ChatbotsV3 {
  return {
    list(params = {}, options) {
      return call('v3GetChatbots', withPage(params), options);
    },
    start(target, chatbotId, options) {
      return call('v3PostChatbotsStart', { target, chatbot_id: chatbotId }, options);
    },
  };
}
