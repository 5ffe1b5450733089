/**
 * `client.conversations` (WATI's v3 API only): open, solve, mark pending or block a conversation.
 * Reading and sending are `client.messages`; assigning is `client.operators`.
 * @see https://docs.wati.io/reference (Conversations, v3: PUT /conversations/{target}/status)
 */
import type { ApiVersion, VersionArgs, Versioned } from '../api-version.js';
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import { validationError } from '../prepare-input.js';
import type { V3CallOutput } from '../v3-operation-types.js';

/** The statuses WATI's file lists for `new_status`. */
export const v3ConversationStatuses = ['open', 'solved', 'pending', 'block'] as const;
export type V3ConversationStatus = (typeof v3ConversationStatuses)[number];

/** The v3 methods; `O` is their trailing options argument. */
export interface ConversationsV3<O extends unknown[] = [options?: RequestOptions]> {
  /** Sets the conversation's status (`PUT /conversations/{target}/status`). */
  setStatus(
    target: string,
    status: V3ConversationStatus,
    ...options: O
  ): Promise<V3CallOutput<'v3PutConversationsByTargetStatus'>>;
}

/** `client.conversations` on a client whose default API is `V` (v3 methods only). */
export type ConversationsResource<V extends ApiVersion = 'v1'> = Versioned<
  V,
  unknown,
  ConversationsV3<VersionArgs<'v3', V>>
>;

export function createConversationsV3(call: Call, secrets: readonly string[] = []): ConversationsV3 {
  return {
    setStatus(target, status, options) {
      if (!(v3ConversationStatuses as readonly unknown[]).includes(status)) {
        const message = `new_status ${JSON.stringify(status)} is not one of ${v3ConversationStatuses.join(', ')}`;
        const error = validationError(
          'v3PutConversationsByTargetStatus',
          [{ field: 'new_status', limit: v3ConversationStatuses.join(', '), message }],
          secrets,
        );
        return Promise.reject(error);
      }
      return call('v3PutConversationsByTargetStatus', { target, new_status: status }, options);
    },
  };
}
