/**
 * `client.contacts` in WATI's v3 API: list, iterate, get, count, add, update attributes, assign
 * teams. A contact is named by a target: a phone number with country code, a contact id, or
 * `Channel:Phone`.
 * @see https://docs.wati.io/reference (Contacts, v3)
 */
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import { type PaginateV3Options, paginateV3, withPage } from '../paginate-v3.js';
import type { V3CallInput, V3CallOutput, V3ParamsOf, WithDefaultPage } from '../v3-operation-types.js';

export type V3ContactListParams = WithDefaultPage<V3ParamsOf<'v3GetContacts'>>;
export type V3ContactItem = NonNullable<V3CallOutput<'v3GetContacts'>['contact_list']>[number];
export type V3ContactCustomParams = NonNullable<
  V3CallInput<'v3PutContacts'>['contacts'][number]['customParams']
>;

/** The v3 methods; `O` is their trailing options argument. */
export interface ContactsV3<O extends unknown[] = [options?: RequestOptions]> {
  /** One page of contacts (`GET /contacts`; `page_number` default 1, `page_size` default 100). */
  list(params?: V3ContactListParams, ...options: O): Promise<V3CallOutput<'v3GetContacts'>>;
  /** Every contact, page by page, until a short page. */
  iterate(params?: PaginateV3Options, ...options: O): AsyncGenerator<V3ContactItem, void, undefined>;
  /** One contact by target (`GET /contacts/{target}`). */
  get(target: string, ...options: O): Promise<V3CallOutput<'v3GetContactsByTarget'>>;
  /** How many contacts, optionally created between `date_from` and `date_to` (`GET /contacts/count`). */
  count(
    params?: V3ParamsOf<'v3GetContactsCount'>,
    ...options: O
  ): Promise<V3CallOutput<'v3GetContactsCount'>>;
  /** Adds a contact (`POST /contacts`); `name` is required in v3. */
  add(
    whatsappNumber: string,
    params: V3ParamsOf<'v3PostContacts', 'whatsapp_number'>,
    ...options: O
  ): Promise<V3CallOutput<'v3PostContacts'>>;
  /** Sets custom parameters on one contact (`PUT /contacts`). */
  updateAttributes(
    target: string,
    params: { customParams: V3ContactCustomParams },
    ...options: O
  ): Promise<V3CallOutput<'v3PutContacts'>>;
  /** Puts a contact in teams (`PUT /contacts/teams`). */
  assignTeams(target: string, teams: string[], ...options: O): Promise<V3CallOutput<'v3PutContactsTeams'>>;
}

export function createContactsV3(call: Call): ContactsV3 {
  return {
    list(params = {}, options) {
      return call('v3GetContacts', withPage(params), options);
    },
    iterate(params = {}, options) {
      return paginateV3(async (page_number, page_size) => {
        const answer = await call('v3GetContacts', { page_number, page_size }, options);
        return { items: answer.contact_list ?? [], pageSize: answer.page_size };
      }, params);
    },
    get(target, options) {
      return call('v3GetContactsByTarget', { target }, options);
    },
    count(params = {}, options) {
      return call('v3GetContactsCount', params, options);
    },
    add(whatsappNumber, params, options) {
      return call('v3PostContacts', { ...params, whatsapp_number: whatsappNumber }, options);
    },
    updateAttributes(target, params, options) {
      return call('v3PutContacts', { contacts: [{ target, customParams: params.customParams }] }, options);
    },
    assignTeams(target, teams, options) {
      return call('v3PutContactsTeams', { target, teams }, options);
    },
  };
}
