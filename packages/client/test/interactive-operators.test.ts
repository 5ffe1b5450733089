import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WatiApiError, WatiSessionWindowError, WatiValidationError } from '../src/index.js';
import { type SandboxHarness, startSandbox } from './sandbox.js';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(() => h.control('POST', '/_sandbox/reset'));

const customer = '14155551234';
const openWindow = () =>
  h.control('POST', '/_sandbox/{tenant}/inbound', { whatsappNumber: customer, text: 'Hi' });
const sent = () => h.sent();

const buttons = {
  header: { type: 'Text', text: 'Order Status' },
  body: 'Your order #12345 is ready.',
  footer: 'Reply within 24 hours',
  buttons: [{ text: 'Track Order' }, { text: 'Contact Support' }],
};
const list = {
  header: 'Choose an option',
  body: 'Please select from the menu below',
  buttonText: 'View Options',
  sections: [
    { title: 'Products', rows: [{ title: 'Product A', description: 'Best seller' }, { title: 'Product B' }] },
  ],
};

describe('interactive.sendButtons', () => {
  it('sends reply buttons inside the window', async () => {
    await openWindow();
    const answer = await h.client().interactive.sendButtons(customer, buttons);
    expect(answer).toMatchObject({ result: 'success', message: { statusString: 'SENT' } });
    expect((await sent()).at(-1)).toMatchObject({ waId: customer, type: 'interactive' });
  });

  it('throws WatiSessionWindowError outside the window', async () => {
    await expect(h.client().interactive.sendButtons(customer, buttons)).rejects.toBeInstanceOf(
      WatiSessionWindowError,
    );
  });

  it('rejects four buttons and a long title before sending, naming each field', async () => {
    const error = await h
      .client()
      .interactive.sendButtons(customer, {
        body: 'b',
        buttons: [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'x'.repeat(21) }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect((error as WatiValidationError).violations.map((v) => [v.field, v.limit])).toEqual([
      ['buttons', '1 to 3 buttons'],
      ['buttons[3].text', 'at most 20 characters'],
    ]);
  });
});

describe('interactive.sendList', () => {
  it('sends a list inside the window', async () => {
    await openWindow();
    await expect(h.client().interactive.sendList(customer, list)).resolves.toMatchObject({
      result: 'success',
    });
  });

  it('rejects more than 10 rows in all before sending', async () => {
    const rows = Array.from({ length: 11 }, (_, i) => ({ title: `Row ${i}` }));
    const error = await h
      .client()
      .interactive.sendList(customer, { ...list, sections: [{ title: 'All', rows }] })
      .catch((e: unknown) => e);
    expect((error as WatiValidationError).violations).toEqual([
      {
        field: 'sections',
        limit: '1 to 10 rows in all',
        message: 'the list has 11 rows in all; WhatsApp allows 1 to 10',
      },
    ]);
  });
});

describe('operators.assign', () => {
  it('assigns a chat to an operator, and the ticket event shows in the conversation', async () => {
    const client = h.client();
    await expect(client.operators.assign(customer, { email: 'agent@example.com' })).resolves.toMatchObject({
      result: true,
    });
    const page = await client.messages.list(customer, { pageSize: 5 });
    expect(
      page.messages.items.some(
        (m) => m.eventType === 'ticket' && JSON.stringify(m).includes('agent@example.com'),
      ),
    ).toBe(true);
  });

  it('assigns to the bot without an email', async () => {
    await expect(h.client().operators.assign(customer)).resolves.toMatchObject({ result: true });
  });

  it('throws WatiApiError for an unknown operator', async () => {
    const error = await h
      .client()
      .operators.assign(customer, { email: 'ghost@example.com' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiApiError);
    expect(error).toMatchObject({ code: 'wati_error', info: 'Operator ghost@example.com not found' });
  });

  it('rejects a malformed email before sending', async () => {
    const error = await h
      .client()
      .operators.assign(customer, { email: 'not-an-email' })
      .catch((e: unknown) => e);
    expect((error as WatiValidationError).violations[0]?.field).toBe('email');
  });
});

describe('call', () => {
  it('calls any registry operation by id', async () => {
    const answer = await h.client().call('getMessageTemplates', { pageSize: 1 });
    expect(answer.messageTemplates).toHaveLength(1);
  });
});
