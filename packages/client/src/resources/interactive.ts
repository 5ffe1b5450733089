/**
 * `client.interactive`: reply-button and list messages, inside the 24-hour window.
 * @see https://docs.wati.io/reference/post_api-v1-sendinteractivebuttonsmessage
 */
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import type { CallOutput, ParamsOf } from '../operation-types.js';

export function createInteractive(call: Call) {
  return {
    /** Up to three reply buttons (`sendInteractiveButtonsMessage`). */
    sendButtons(
      whatsappNumber: string,
      params: ParamsOf<'sendInteractiveButtonsMessage', 'whatsappNumber'>,
      options?: RequestOptions,
    ): Promise<CallOutput<'sendInteractiveButtonsMessage'>> {
      return call('sendInteractiveButtonsMessage', { ...params, whatsappNumber }, options);
    },
    /** Sections of rows behind a button (`sendInteractiveListMessage`). */
    sendList(
      whatsappNumber: string,
      params: ParamsOf<'sendInteractiveListMessage', 'whatsappNumber'>,
      options?: RequestOptions,
    ): Promise<CallOutput<'sendInteractiveListMessage'>> {
      return call('sendInteractiveListMessage', { ...params, whatsappNumber }, options);
    },
  };
}

export type InteractiveResource = ReturnType<typeof createInteractive>;
