/**
 * `client.operators`: hand a chat to a teammate, or back to the bot.
 * @see https://docs.wati.io/reference/post_api-v1-assignoperator
 */
import type { ApiVersion, VersionArgs, Versioned } from '../api-version.js';
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import type { CallOutput, ParamsOf } from '../operation-types.js';
import type { V3CallOutput, V3ParamsOf } from '../v3-operation-types.js';

/** The v1 methods; `O` is their trailing options argument. */
export interface OperatorsV1<O extends unknown[] = [options?: RequestOptions]> {
  /** Assigns the contact's chat to the operator `email`, or to the bot without one (`assignOperator`). */
  assign(
    whatsappNumber: string,
    params?: ParamsOf<'assignOperator', 'whatsappNumber'>,
    ...options: O
  ): Promise<CallOutput<'assignOperator'>>;
}

/** The v3 methods; `O` is their trailing options argument. */
export interface OperatorsV3<O extends unknown[] = [options?: RequestOptions]> {
  /**
   * Assigns the conversation to the operator `assignee_email`, or to the bot without one
   * (`PUT /conversations/{target}/operator`).
   */
  assign(
    target: string,
    params?: Partial<V3ParamsOf<'v3PutConversationsByTargetOperator', 'target'>>,
    ...options: O
  ): Promise<V3CallOutput<'v3PutConversationsByTargetOperator'>>;
}

/** `client.operators` on a client whose default API is `V`. */
export type OperatorsResource<V extends ApiVersion = 'v1'> = Versioned<
  V,
  OperatorsV1<VersionArgs<'v1', V>>,
  OperatorsV3<VersionArgs<'v3', V>>
>;

export function createOperators(call: Call): OperatorsV1 {
  return {
    assign(whatsappNumber, params = {}, options) {
      return call('assignOperator', { ...params, whatsappNumber }, options);
    },
  };
}

export function createOperatorsV3(call: Call): OperatorsV3 {
  return {
    assign(target, params = {}, options) {
      return call(
        'v3PutConversationsByTargetOperator',
        { target, assignee_email: params.assignee_email ?? null },
        options,
      );
    },
  };
}
