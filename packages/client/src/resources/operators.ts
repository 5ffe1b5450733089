/**
 * `client.operators`: hand a chat to a teammate, or back to the bot.
 * @see https://docs.wati.io/reference/post_api-v1-assignoperator
 */
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import type { CallOutput, ParamsOf } from '../operation-types.js';

export function createOperators(call: Call) {
  return {
    /** Assigns the contact's chat to the operator `email`, or to the bot without one (`assignOperator`). */
    assign(
      whatsappNumber: string,
      params: ParamsOf<'assignOperator', 'whatsappNumber'> = {},
      options?: RequestOptions,
    ): Promise<CallOutput<'assignOperator'>> {
      return call('assignOperator', { ...params, whatsappNumber }, options);
    },
  };
}

export type OperatorsResource = ReturnType<typeof createOperators>;
