/**
 * What a new sandbox tenant starts with: templates in each status with named placeholders, two
 * operators and two contacts, so that every endpoint has something to answer from the first call.
 */
import type { TemplateRecord } from './state/records.js';

export type TemplateSeed = Omit<TemplateRecord, 'id' | 'createdAt'>;

export const defaultTemplates: TemplateSeed[] = [
  {
    elementName: 'order_update',
    category: 'UTILITY',
    status: 'APPROVED',
    language: 'en',
    // One placeholder: the seed's v2 example sends order_update with `name` alone and shows success,
    // while its v1 examples add `ordernumber`, which WATI ignores as an extra parameter.
    body: 'Hi {{name}}, your order has shipped and is on its way.',
    header: 'Order update',
    footer: 'Reply STOP to opt out',
    samples: { name: 'John' },
  },
  {
    elementName: 'welcome_wati_v1',
    category: 'MARKETING',
    status: 'APPROVED',
    language: 'en',
    body: 'Welcome to our store, {{name}}! Reply to this message to chat with us.',
    header: null,
    footer: null,
    samples: { name: 'Arda' },
  },
  {
    elementName: 'appointment_reminder',
    category: 'UTILITY',
    status: 'APPROVED',
    language: 'en',
    body: 'Hello {{name}}, this is a reminder of your appointment on {{date}} at {{time}}.',
    header: 'Appointment',
    footer: null,
    samples: { name: 'Jane', date: '2026-12-01', time: '10:30' },
  },
  {
    elementName: 'login_code',
    category: 'AUTHENTICATION',
    status: 'APPROVED',
    language: 'en',
    body: '{{code}} is your verification code. For your security, do not share this code.',
    header: null,
    footer: null,
    samples: { code: '482913' },
  },
  {
    elementName: 'spring_sale',
    category: 'MARKETING',
    status: 'PENDING',
    language: 'en',
    body: 'Hi {{name}}, our spring sale starts {{date}}: {{discount}} off everything.',
    header: null,
    footer: null,
    samples: { name: 'John', date: 'Monday', discount: '20%' },
  },
  {
    elementName: 'crypto_promo',
    category: 'MARKETING',
    status: 'REJECTED',
    language: 'en',
    body: 'Hi {{name}}, double your coins today!',
    header: null,
    footer: null,
    samples: { name: 'John' },
  },
];

export const defaultOperators = [
  { email: 'agent@example.com', name: 'Agent Smith' },
  { email: 'nilesh@example.com', name: 'Nilesh Pithiya' },
];

export const defaultContacts = [
  {
    whatsappNumber: '14155551234',
    name: 'John Doe',
    customParams: [{ name: 'city', value: 'San Francisco' }],
  },
  { whatsappNumber: '14155555678', name: 'Jane Roe', customParams: [{ name: 'member', value: 'VIP' }] },
];

const cities = ['Paris', 'London', 'Mumbai', 'Jakarta', 'Lagos'];

/** The n-th generated contact (from 1): a UK mobile-format number, a name and a few attributes. */
export function generatedContact(n: number) {
  return {
    whatsappNumber: `4477${String(n).padStart(8, '0')}`,
    name: `Contact ${n}`,
    customParams: [
      { name: 'city', value: cities[n % cities.length] as string },
      { name: 'tier', value: n % 10 === 0 ? 'gold' : 'standard' },
      ...(n % 3 === 0 ? [{ name: 'email', value: `contact${n}@example.com` }] : []),
    ],
  };
}
