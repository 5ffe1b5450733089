import type { WatigateEvent } from '@watigate/client';
import { describe, expect, it } from 'vitest';
import { formatEventLine } from './format-event-line.js';

const event = (
  type: WatigateEvent['type'],
  body: unknown,
  extra: Partial<WatigateEvent> = {},
): WatigateEvent => ({
  id: 'evt_1',
  type,
  connection_id: 'c1',
  whatsapp_number: '14155551234',
  wati_event_type: 'x',
  wati_message_id: null,
  whatsapp_message_id: null,
  occurred_at: '2026-12-04T09:30:00.000Z',
  received_at: '2026-12-04T09:30:00.412345Z',
  body,
  ...extra,
});

describe('formatEventLine', () => {
  it('shows a received message’s text on one line', () => {
    expect(formatEventLine(event('message.received', { text: 'Yes,\nThursday works' }))).toBe(
      '2026-12-04T09:30:00.000Z  message.received   14155551234  Yes, Thursday works\n',
    );
  });

  it('shows a media message’s type when it has no text', () => {
    expect(formatEventLine(event('message.received', { type: 'image', text: null }))).toContain(
      '  [image]\n',
    );
  });

  it('shows Meta’s failure code and detail', () => {
    expect(
      formatEventLine(
        event('template.failed', {
          failedCode: 131049,
          failedDetail: 'healthy ecosystem',
          statusString: 'Failed',
        }),
      ),
    ).toBe('2026-12-04T09:30:00.000Z  template.failed    14155551234  failed 131049: healthy ecosystem\n');
  });

  it('shows the delivery status, the received time when WATI gave none, and - without a number', () => {
    expect(
      formatEventLine(
        event('message.read', { statusString: 'Read' }, { occurred_at: null, whatsapp_number: null }),
      ),
    ).toBe('2026-12-04T09:30:00.412345Z  message.read       -  Read\n');
  });

  it('names a new contact by the name WhatsApp gave', () => {
    expect(formatEventLine(event('contact.created', { senderName: 'Ana' }))).toBe(
      '2026-12-04T09:30:00.000Z  contact.created    14155551234  new contact: Ana\n',
    );
  });

  it('names WATI’s event type for an event it does not know, and cuts long text', () => {
    expect(formatEventLine(event('unknown', {}, { wati_event_type: 'paymentReceived' }))).toContain(
      '  paymentReceived\n',
    );
    expect(formatEventLine(event('message.sent', { text: 'x'.repeat(200) }), 10)).toContain('  xxxxxxxxx…\n');
  });
});
