/**
 * v3 Contacts (`/api/ext/v3/contacts…`): the same contacts v1's getContacts, addContact and
 * updateContactAttributes keep, rendered as `ContactDto`.
 */
import { v3PhoneDigits, type v3Schemas } from '@watigate/spec';
import type { ContactRecord } from '../../state/records.js';
import { contactV3 } from '../../wati-shapes-v3.js';
import {
  badRequest,
  dateParam,
  dateToParam,
  defaultChannel,
  pageOf,
  type V3Context,
  type V3Handler,
} from './context.js';
import { existingContact } from './targets.js';

const view = (ctx: V3Context, c: ContactRecord) => contactV3(c, defaultChannel(ctx).id);

export const v3GetContacts: V3Handler = (ctx) => {
  const { pageNumber, pageSize, start } = pageOf(ctx);
  return {
    body: {
      contact_list: ctx.tenant.contactList.slice(start, start + pageSize).map((c) => view(ctx, c)),
      page_number: pageNumber,
      page_size: pageSize,
    },
  };
};

export const v3PostContacts: V3Handler = (ctx) => {
  const body = ctx.body as v3Schemas.AddContactRequest;
  const wAid = v3PhoneDigits(body.whatsapp_number);
  if (!wAid) {
    throw badRequest(
      `whatsapp_number: "${body.whatsapp_number}" is not a phone number; use the country code and number, e.g. 14155551234`,
    );
  }
  if (ctx.tenant.contacts.has(wAid)) throw badRequest(`whatsapp_number: contact +${wAid} already exists`);
  const name = body.name.trim() === '' ? null : body.name.trim();
  const contact = ctx.tenant.createContact(wAid, name, body.custom_params ?? []);
  return { body: view(ctx, contact) };
};

export const v3PutContacts: V3Handler = (ctx) => {
  const body = ctx.body as v3Schemas.UpdateContactsRequest;
  // Every target is resolved before anything changes: one unknown contact leaves all unchanged.
  const updates = body.contacts.map((u, i) => {
    const field = `contacts[${i}].target`;
    if (u.target === null) throw badRequest(`${field}: a target is required`);
    return { contact: existingContact(ctx, u.target, field, 'contact'), params: u.customParams ?? [] };
  });
  ctx.tenant.batch(() => {
    for (const u of updates) ctx.tenant.updateContact(u.contact, { customParams: u.params });
  });
  const seen = new Set<ContactRecord>();
  const updated = updates.map((u) => u.contact).filter((c) => !seen.has(c) && seen.add(c));
  return { body: { contact_list: updated.map((c) => view(ctx, c)) } };
};

export const v3GetContactsByTarget: V3Handler = (ctx) => ({
  body: view(ctx, existingContact(ctx, String(ctx.params.target), 'target', 'contact')),
});

export const v3PutContactsTeams: V3Handler = (ctx) => {
  const body = ctx.body as v3Schemas.AssignContactToTeamsRequest;
  const contact = existingContact(ctx, body.target, 'target', 'contact');
  const teams = [...new Set(body.teams.map((t) => t.trim()))];
  if (teams.some((t) => t === '')) throw badRequest('teams: a team name must not be empty');
  contact.teams = teams;
  contact.updatedAt = ctx.rt.clock.now();
  ctx.tenant.saveContact(contact);
  return { body: { result: true } };
};

export const v3GetContactsCount: V3Handler = (ctx) => {
  const from = dateParam(ctx.params.date_from, 'date_from');
  const to = dateToParam(ctx.params.date_to, 'date_to');
  if (from === undefined && to === undefined) {
    return { body: { contact_count: ctx.tenant.contactList.length } };
  }
  const lo = from ?? Number.NEGATIVE_INFINITY;
  const hi = to ?? Number.POSITIVE_INFINITY;
  let count = 0;
  for (const c of ctx.tenant.contactList) if (c.createdAt >= lo && c.createdAt <= hi) count++;
  return { body: { contact_count: count } };
};
