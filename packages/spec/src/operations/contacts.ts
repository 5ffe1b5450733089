/** Contacts: list, add, update attributes (wati-api.md §2.1–2.3). */
import { z } from 'zod';
import { defineOperation } from '../define-operation.js';
import {
  AttributeFilter,
  Contact,
  CustomParam,
  PageLink,
  WatiResult,
  WhatsappNumber,
} from '../wati-schemas.js';

export const pageSizeParam = {
  in: 'query',
  schema: z.number().int().min(1).max(1000).optional(),
  description: 'Results per page',
} as const;
export const pageNumberParam = {
  in: 'query',
  schema: z.number().int().min(1).optional(),
  description: 'Page number, starting at 1',
} as const;

export const getContacts = defineOperation({
  id: 'getContacts',
  method: 'GET',
  path: '/api/v1/getContacts',
  resource: 'contacts',
  kind: 'read',
  rateClass: 'contacts',
  summary: 'List contacts one page at a time, filtered by name, attributes or creation date.',
  params: {
    pageSize: pageSizeParam,
    pageNumber: pageNumberParam,
    name: {
      in: 'query',
      schema: z.string().optional(),
      description: 'Only contacts whose name contains this text',
    },
    attribute: {
      in: 'query',
      encode: 'json',
      schema: z.array(AttributeFilter).optional(),
      description:
        'Attribute filters, AND-ed: [{"name":"city","operator":"==","value":"Paris"}]; operators contain, notContain, exist, notExist, ==, !=, valid, invalid',
    },
    createdDate: {
      in: 'query',
      schema: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
        .optional(),
      description: 'Only contacts created on this day (YYYY-MM-DD, UTC)',
    },
  },
  response: {
    type: 'json',
    schema: z.looseObject({ result: WatiResult, contact_list: z.array(Contact), link: PageLink.optional() }),
  },
  see: 'https://docs.wati.io/reference/get_api-v1-getcontacts',
  example: { pageSize: 20, name: 'Ana' },
  cli: { command: 'list' },
});

const contactWriteResponse = z.looseObject({
  result: WatiResult,
  info: z.string().nullable().optional(),
  contact: Contact.optional(),
});

export const addContact = defineOperation({
  id: 'addContact',
  method: 'POST',
  path: '/api/v1/addContact/{whatsappNumber}',
  resource: 'contacts',
  kind: 'write',
  rateClass: 'contacts',
  summary: 'Add a contact with an optional name and custom attributes.',
  params: {
    whatsappNumber: { in: 'path', schema: WhatsappNumber, description: 'The contact’s WhatsApp number' },
    name: { in: 'json', schema: z.string().optional(), description: 'Display name' },
    customParams: { in: 'json', schema: z.array(CustomParam).optional(), description: 'Custom attributes' },
  },
  response: { type: 'json', schema: contactWriteResponse },
  recipientParam: 'whatsappNumber',
  see: 'https://docs.wati.io/reference/post_api-v1-addcontact-whatsappnumber',
  // A number the sandbox has no contact for, so the example works when pasted against it.
  example: { whatsappNumber: '447911123456', name: 'Ana', customParams: [{ name: 'city', value: 'Paris' }] },
  // Adding a number that exists already leaves the same contact.
  idempotent: true,
  cli: { command: 'add' },
});

export const updateContactAttributes = defineOperation({
  id: 'updateContactAttributes',
  method: 'POST',
  path: '/api/v1/updateContactAttributes/{whatsappNumber}',
  resource: 'contacts',
  kind: 'write',
  // WATI publishes no limit for this endpoint; it is a contact write like addContact.
  rateClass: 'unmetered',
  summary: 'Set custom attributes on an existing contact (upsert by attribute name).',
  params: {
    whatsappNumber: { in: 'path', schema: WhatsappNumber, description: 'The contact’s WhatsApp number' },
    customParams: { in: 'json', schema: z.array(CustomParam).min(1), description: 'Attributes to set' },
  },
  response: { type: 'json', schema: contactWriteResponse },
  recipientParam: 'whatsappNumber',
  see: 'https://docs.wati.io/reference/post_api-v1-updatecontactattributes-whatsappnumber',
  example: {
    whatsappNumber: '14155551234',
    customParams: [
      { name: 'city', value: 'Lyon' },
      { name: 'plan', value: 'pro' },
    ],
  },
  // An upsert by attribute name: the same values again change nothing.
  idempotent: true,
  cli: { command: 'update' },
});
