import { describe, expect, it } from 'vitest';
import { json, startSandbox, type TestSandbox } from './helpers.js';

const post = (t: TestSandbox, path: string, body: unknown) =>
  t.api(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

// The seed's own examples (seeds/000, "sendInteractiveButtonsMessage" and "sendInteractiveListMessage").
const buttons = {
  header: { type: 'text', text: 'Order Status' },
  body: 'Your order #12345 is ready. What would you like to do?',
  footer: 'Reply within 24 hours',
  buttons: [{ text: 'Track Order' }, { text: 'Contact Support' }],
};
const list = {
  header: 'Choose an option',
  body: 'Please select from the menu below',
  footer: 'Powered by WATI',
  buttonText: 'View Options',
  sections: [
    {
      title: 'Products',
      rows: [
        { title: 'Product A', description: 'Best seller item' },
        { title: 'Product B', description: 'New arrival' },
      ],
    },
  ],
};

describe('POST /api/v1/sendInteractiveButtonsMessage', () => {
  it('sends inside the window and answers like a session send', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    const body = (await json(
      await post(t, '/api/v1/sendInteractiveButtonsMessage?whatsappNumber=14155551234', buttons),
    )) as {
      ok: boolean;
      result: string;
      message: Record<string, unknown>;
    };
    expect(body.ok).toBe(true);
    expect(body.result).toBe('success');
    expect(body.message).toMatchObject({
      eventType: 'message',
      owner: true,
      type: 'interactive',
      text: buttons.body,
      statusString: 'SENT',
      interactiveData: { type: 'button', ...buttons },
    });
    expect(t.sandbox.tenant().outbox).toHaveLength(1);
  });

  it('answers Ticket has been expired outside the window', async () => {
    const t = await startSandbox();
    expect(
      await json(await post(t, '/api/v1/sendInteractiveButtonsMessage?whatsappNumber=14155551234', buttons)),
    ).toEqual({
      result: false,
      info: 'Ticket has been expired',
      ticketStatus: 'BROADCAST',
    });
  });

  it('answers Invalid Conversation for a number without its country code, as seen live', async () => {
    const t = await startSandbox();
    expect(
      await json(await post(t, '/api/v1/sendInteractiveButtonsMessage?whatsappNumber=7208713112', buttons)),
    ).toEqual({
      result: false,
      info: 'Invalid Conversation',
    });
  });

  it('refuses four buttons and a title over 20 characters with WhatsApp’s rule', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    const four = { ...buttons, buttons: [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }] };
    expect(
      await json(await post(t, '/api/v1/sendInteractiveButtonsMessage?whatsappNumber=14155551234', four)),
    ).toEqual({
      result: false,
      info: 'buttons has 4 items; WhatsApp allows 1 to 3',
    });
    const long = { ...buttons, buttons: [{ text: 'x'.repeat(21) }] };
    expect(
      await json(await post(t, '/api/v1/sendInteractiveButtonsMessage?whatsappNumber=14155551234', long)),
    ).toEqual({
      result: false,
      info: 'buttons[0].text has 21 characters; the limit is 20',
    });
    expect(t.sandbox.tenant().outbox).toHaveLength(0);
  });
});

describe('POST /api/v1/sendInteractiveListMessage', () => {
  it('sends inside the window', async () => {
    const t = await startSandbox();
    await t.inbound('14155551234');
    const body = (await json(
      await post(t, '/api/v1/sendInteractiveListMessage?whatsappNumber=14155551234', list),
    )) as {
      ok: boolean;
      message: Record<string, unknown>;
    };
    expect(body.ok).toBe(true);
    expect(body.message).toMatchObject({
      type: 'interactive',
      text: list.body,
      interactiveData: { type: 'list', ...list },
    });
  });

  it('refuses eleven rows and answers the expired window', async () => {
    const t = await startSandbox();
    const many = {
      ...list,
      sections: [{ title: 'All', rows: Array.from({ length: 11 }, (_, i) => ({ title: `Row ${i}` })) }],
    };
    expect(
      await json(await post(t, '/api/v1/sendInteractiveListMessage?whatsappNumber=14155551234', many)),
    ).toEqual({
      result: false,
      info: 'Ticket has been expired',
      ticketStatus: 'BROADCAST',
    });
    await t.inbound('14155551234');
    expect(
      await json(await post(t, '/api/v1/sendInteractiveListMessage?whatsappNumber=14155551234', many)),
    ).toEqual({
      result: false,
      info: 'the list has 11 rows in all; WhatsApp allows 1 to 10',
    });
  });
});

describe('POST /api/v1/assignOperator', () => {
  it('assigns the chat to an operator and records WATI’s ticket event', async () => {
    const t = await startSandbox();
    const res = await t.api('/api/v1/assignOperator?email=agent@example.com&whatsappNumber=14155551234', {
      method: 'POST',
    });
    expect(await json(res)).toEqual({ result: true, info: null });
    expect(t.sandbox.tenant().contacts.get('14155551234')?.assignee).toBe('agent@example.com');
    const messages = (await json(await t.api('/api/v1/getMessages/14155551234'))) as {
      messages: { items: unknown[] };
    };
    expect(messages.messages.items[0]).toMatchObject({
      eventType: 'ticket',
      type: 1,
      eventDescription:
        "Chat is now assigned to agent@example.com. Automation will not work unless it's assigned back to Bot",
      actor: 'agent@example.com',
      assignee: 'agent@example.com',
    });
  });

  it('assigns to the bot when no email is given', async () => {
    const t = await startSandbox();
    expect(
      await json(await t.api('/api/v1/assignOperator?whatsappNumber=14155551234', { method: 'POST' })),
    ).toEqual({ result: true, info: null });
    expect(t.sandbox.tenant().contacts.get('14155551234')?.assignee).toBeNull();
  });

  it('answers result false for an unknown operator, an unknown contact and a bad number', async () => {
    const t = await startSandbox();
    const call = async (q: string) => json(await t.api(`/api/v1/assignOperator?${q}`, { method: 'POST' }));
    expect(await call('email=ghost@example.com&whatsappNumber=14155551234')).toEqual({
      result: false,
      info: 'Operator ghost@example.com not found',
    });
    expect(await call('email=agent@example.com&whatsappNumber=447911999999')).toEqual({
      result: false,
      info: 'Contact 447911999999 not found',
    });
    expect(await call('email=agent@example.com&whatsappNumber=12')).toEqual({
      result: false,
      info: 'Invalid Conversation',
    });
  });
});
