/**
 * `client.contacts`: list, iterate, add, update attributes.
 * @see https://docs.wati.io/reference/get_api-v1-getcontacts
 */
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import type { CallOutput, ParamsOf } from '../operation-types.js';
import { paginate } from '../paginate.js';

export type ContactListParams = ParamsOf<'getContacts'>;
export type ContactItem = CallOutput<'getContacts'>['contact_list'][number];

export function createContacts(call: Call) {
  return {
    /** One page of contacts (`getContacts`). */
    list(params: ContactListParams = {}, options?: RequestOptions): Promise<CallOutput<'getContacts'>> {
      return call('getContacts', params, options);
    },
    /** Every contact matching `params`, page by page (`pageSize` default 100, from `pageNumber` default 1). */
    iterate(
      params: ContactListParams = {},
      options?: RequestOptions,
    ): AsyncGenerator<ContactItem, void, undefined> {
      return paginate(
        async (pageNumber, pageSize) => {
          const page = await call('getContacts', { ...params, pageNumber, pageSize }, options);
          return { items: page.contact_list, link: page.link };
        },
        { pageSize: params.pageSize, pageNumber: params.pageNumber },
      );
    },
    /** Adds a contact (`addContact`). */
    add(
      whatsappNumber: string,
      params: ParamsOf<'addContact', 'whatsappNumber'> = {},
      options?: RequestOptions,
    ): Promise<CallOutput<'addContact'>> {
      return call('addContact', { ...params, whatsappNumber }, options);
    },
    /** Sets custom attributes on a contact, by attribute name (`updateContactAttributes`). */
    updateAttributes(
      whatsappNumber: string,
      params: ParamsOf<'updateContactAttributes', 'whatsappNumber'>,
      options?: RequestOptions,
    ): Promise<CallOutput<'updateContactAttributes'>> {
      return call('updateContactAttributes', { ...params, whatsappNumber }, options);
    },
  };
}

export type ContactsResource = ReturnType<typeof createContacts>;
