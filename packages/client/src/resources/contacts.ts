/**
 * `client.contacts`: list, iterate, add, update attributes; in v3 also get, count and assign
 * teams (contacts-v3.ts). This file is the v1 half and the resource's type over both.
 * @see https://docs.wati.io/reference/get_api-v1-getcontacts
 */
import type { ApiVersion, VersionArgs, Versioned } from '../api-version.js';
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import type { CallOutput, ParamsOf } from '../operation-types.js';
import { paginate } from '../paginate.js';
import type { ContactsV3 } from './contacts-v3.js';

export type ContactListParams = ParamsOf<'getContacts'>;
export type ContactItem = CallOutput<'getContacts'>['contact_list'][number];

/** The v1 methods; `O` is their trailing options argument. */
export interface ContactsV1<O extends unknown[] = [options?: RequestOptions]> {
  /** One page of contacts (`getContacts`). */
  list(params?: ContactListParams, ...options: O): Promise<CallOutput<'getContacts'>>;
  /** Every contact matching `params`, page by page (`pageSize` default 100, from `pageNumber` default 1). */
  iterate(params?: ContactListParams, ...options: O): AsyncGenerator<ContactItem, void, undefined>;
  /** Adds a contact (`addContact`). */
  add(
    whatsappNumber: string,
    params?: ParamsOf<'addContact', 'whatsappNumber'>,
    ...options: O
  ): Promise<CallOutput<'addContact'>>;
  /** Sets custom attributes on a contact, by attribute name (`updateContactAttributes`). */
  updateAttributes(
    whatsappNumber: string,
    params: ParamsOf<'updateContactAttributes', 'whatsappNumber'>,
    ...options: O
  ): Promise<CallOutput<'updateContactAttributes'>>;
}

/** `client.contacts` on a client whose default API is `V`. */
export type ContactsResource<V extends ApiVersion = 'v1'> = Versioned<
  V,
  ContactsV1<VersionArgs<'v1', V>>,
  ContactsV3<VersionArgs<'v3', V>>
>;

export function createContacts(call: Call): ContactsV1 {
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
