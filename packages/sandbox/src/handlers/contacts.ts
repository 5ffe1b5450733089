/** getContacts, addContact, updateContactAttributes (wati-api.md §2.1–2.3). */
import type { AttributeFilter } from '@watigate/spec';
import { AttributeFilter as AttributeFilterSchema, normalizePhone } from '@watigate/spec';
import { z } from 'zod';
import type { ContactRecord } from '../state/records.js';
import { contactView, failures, pageLink } from '../wati-shapes.js';
import { type ApiHandler, customParamsOf, jsonObject, paging } from './context.js';

const filterList = z.array(AttributeFilterSchema);

/** Parses createdDate as YYYY-MM-DD or MM-DD-YYYY (WATI's docs give both, §2.1) to a UTC day start. */
function parseDay(text: string): number | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text);
  if (m) return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]));
  return undefined;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * `valid` / `invalid` test whether an attribute holds a well-formed value for what it names:
 * an email for attributes named like email, a phone number for phone-like ones, otherwise any
 * non-empty value. WATI does not document these two operators; this is the sandbox's reading [I].
 */
function isValidValue(name: string, value: string | undefined): boolean {
  if (value === undefined || value.trim() === '') return false;
  const n = name.toLowerCase();
  if (n.includes('email')) return emailPattern.test(value);
  if (n.includes('phone') || n.includes('whatsapp')) return normalizePhone(value) !== undefined;
  return true;
}

export function matchesFilter(contact: ContactRecord, f: AttributeFilter): boolean {
  const attr = contact.customParams.find((p) => p.name.toLowerCase() === f.name.toLowerCase());
  const value = attr?.value;
  const wanted = (f.value ?? '').toLowerCase();
  const have = (value ?? '').toLowerCase();
  switch (f.operator) {
    case 'contain':
      return value !== undefined && have.includes(wanted);
    case 'notContain':
      return !have.includes(wanted) || value === undefined;
    case 'exist':
      return value !== undefined && value !== '';
    case 'notExist':
      return value === undefined || value === '';
    case '==':
      return value !== undefined && have === wanted;
    case '!=':
      return value === undefined || have !== wanted;
    case 'valid':
      return isValidValue(f.name, value);
    case 'invalid':
      return !isValidValue(f.name, value);
  }
}

export const getContacts: ApiHandler = ({ tenant, query }) => {
  const { pageSize, pageNumber } = paging(query);
  const predicates: Array<(c: ContactRecord) => boolean> = [];
  if (query.name) {
    const needle = query.name.toLowerCase();
    predicates.push((c) => (c.name ?? `+${c.wAid}`).toLowerCase().includes(needle));
  }
  if (query.createdDate) {
    const day = parseDay(query.createdDate);
    if (day === undefined) return { body: failures.invalidAttributeFilter() };
    predicates.push((c) => c.createdAt >= day && c.createdAt < day + 86_400_000);
  }
  if (query.attribute) {
    let filters: AttributeFilter[];
    try {
      filters = filterList.parse(JSON.parse(query.attribute));
    } catch {
      return { body: failures.invalidAttributeFilter() };
    }
    for (const f of filters) predicates.push((c) => matchesFilter(c, f));
  }
  const start = (pageNumber - 1) * pageSize;
  let page: ContactRecord[];
  let total: number;
  if (predicates.length === 0) {
    total = tenant.contactList.length;
    page = tenant.contactList.slice(start, start + pageSize);
  } else {
    const all = tenant.contactList.filter((c) => predicates.every((p) => p(c)));
    total = all.length;
    page = all.slice(start, start + pageSize);
  }
  return {
    body: {
      result: 'success',
      contact_list: page.map((c) => contactView(c, tenant)),
      link: pageLink('/api/v1/getContacts', pageNumber, pageSize, total),
    },
  };
};

export const addContact: ApiHandler = (ctx) => {
  const raw = ctx.pathParams.whatsappNumber ?? '';
  const wAid = normalizePhone(raw);
  if (!wAid) return { body: failures.invalidNumber(raw) };
  if (ctx.tenant.contacts.has(wAid)) return { body: failures.contactExists(wAid) };
  const body = jsonObject(ctx);
  const name = typeof body.name === 'string' && body.name.trim() !== '' ? body.name.trim() : null;
  const contact = ctx.tenant.createContact(wAid, name, customParamsOf(body.customParams));
  return { body: { result: true, info: null, contact: contactView(contact, ctx.tenant) } };
};

export const updateContactAttributes: ApiHandler = (ctx) => {
  const raw = ctx.pathParams.whatsappNumber ?? '';
  const wAid = normalizePhone(raw);
  if (!wAid) return { body: failures.invalidNumber(raw) };
  const contact = ctx.tenant.contacts.get(wAid);
  if (!contact) return { body: failures.contactNotFound(wAid) };
  const params = customParamsOf(jsonObject(ctx).customParams);
  if (params.length === 0) return { body: failures.emptyAttributes() };
  ctx.tenant.updateContact(contact, { customParams: params });
  return { body: { result: true, info: null, contact: contactView(contact, ctx.tenant) } };
};
