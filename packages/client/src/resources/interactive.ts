/**
 * `client.interactive`: reply-button and list messages, inside the 24-hour window. v1 has an
 * endpoint for each; v3 one (`POST /conversations/messages/interactive`) with `type`.
 * @see https://docs.wati.io/reference/post_api-v1-sendinteractivebuttonsmessage
 */
import type { ApiVersion, VersionArgs, Versioned } from '../api-version.js';
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import type { CallOutput, ParamsOf } from '../operation-types.js';
import type { V3CallInput, V3CallOutput } from '../v3-operation-types.js';

type V3Interactive = V3CallInput<'v3PostConversationsMessagesInteractive'>;
export type V3ButtonsMessage = NonNullable<V3Interactive['button_message']>;
export type V3ListMessage = NonNullable<V3Interactive['list_message']>;

/** The v1 methods; `O` is their trailing options argument. */
export interface InteractiveV1<O extends unknown[] = [options?: RequestOptions]> {
  /** Up to three reply buttons (`sendInteractiveButtonsMessage`). */
  sendButtons(
    whatsappNumber: string,
    params: ParamsOf<'sendInteractiveButtonsMessage', 'whatsappNumber'>,
    ...options: O
  ): Promise<CallOutput<'sendInteractiveButtonsMessage'>>;
  /** Sections of rows behind a button (`sendInteractiveListMessage`). */
  sendList(
    whatsappNumber: string,
    params: ParamsOf<'sendInteractiveListMessage', 'whatsappNumber'>,
    ...options: O
  ): Promise<CallOutput<'sendInteractiveListMessage'>>;
}

/** The v3 methods: `params` is WATI's `button_message` or `list_message`. */
export interface InteractiveV3<O extends unknown[] = [options?: RequestOptions]> {
  /** Up to three reply buttons (`type: "buttons"`). */
  sendButtons(
    target: string,
    params: V3ButtonsMessage,
    ...options: O
  ): Promise<V3CallOutput<'v3PostConversationsMessagesInteractive'>>;
  /** Sections of rows behind a button (`type: "list"`). */
  sendList(
    target: string,
    params: V3ListMessage,
    ...options: O
  ): Promise<V3CallOutput<'v3PostConversationsMessagesInteractive'>>;
}

/** `client.interactive` on a client whose default API is `V`. */
export type InteractiveResource<V extends ApiVersion = 'v1'> = Versioned<
  V,
  InteractiveV1<VersionArgs<'v1', V>>,
  InteractiveV3<VersionArgs<'v3', V>>
>;

export function createInteractive(call: Call): InteractiveV1 {
  return {
    sendButtons(whatsappNumber, params, options) {
      return call('sendInteractiveButtonsMessage', { ...params, whatsappNumber }, options);
    },
    sendList(whatsappNumber, params, options) {
      return call('sendInteractiveListMessage', { ...params, whatsappNumber }, options);
    },
  };
}

export function createInteractiveV3(call: Call): InteractiveV3 {
  return {
    sendButtons(target, params, options) {
      return call(
        'v3PostConversationsMessagesInteractive',
        { target, type: 'buttons', button_message: params },
        options,
      );
    },
    sendList(target, params, options) {
      return call(
        'v3PostConversationsMessagesInteractive',
        { target, type: 'list', list_message: params },
        options,
      );
    },
  };
}
