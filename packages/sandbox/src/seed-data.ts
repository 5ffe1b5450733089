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

/**
 * The chatbots every sandbox tenant has (v3 `GET /chatbots`): chatbots are built in WATI's
 * dashboard, not through the API. The first has the id of WATI's own example request, so that
 * the example `POST /chatbots/start` works as written.
 */
export const defaultChatbots = [
  {
    id: '607f1f77bcf86cd799439011',
    name: 'Welcome bot',
    created: '2026-01-01T00:00:00.000Z',
    greeting: 'Hi! I am the welcome bot. Reply MENU to see what I can help you with.',
  },
  {
    id: '607f1f77bcf86cd799439012',
    name: 'Order status bot',
    created: '2026-01-01T00:00:00.000Z',
    greeting: 'Hello! Send me your order number and I will look up its status.',
  },
] as const;

/**
 * What WATI's v3 example requests (packages/spec/openapi/wati-v3.json) name, so that each is
 * accepted as written: the channels `123456789` (the examples' `123456789:1415552671`) and
 * `1234567890` (the template sends' `channel`), the template `welcome_template` with its
 * `first_name`, the operator `John@email.com`, and the person `1415552671`, who has written in
 * (the window is open). `1234567890` stays unknown: the example adds it as a contact. Control route `POST /_sandbox/<tenant>/v3-examples`.
 */
export const v3ExampleSeed = {
  channels: [
    { name: 'MyChannel', phone: '123456789' },
    { name: 'Example', phone: '1234567890' },
  ],
  templates: [
    {
      elementName: 'welcome_template',
      category: 'UTILITY',
      status: 'APPROVED',
      language: 'en',
      body: 'Welcome {{first_name}}! Thank you for joining us.',
      header: null,
      footer: null,
      samples: { first_name: 'John' },
    },
  ] satisfies TemplateSeed[],
  operators: [{ email: 'John@email.com', name: 'John Example' }],
  people: [{ whatsappNumber: '1415552671', name: 'Example Person' }],
};
