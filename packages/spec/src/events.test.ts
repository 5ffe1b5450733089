import { describe, expect, it } from 'vitest';
import { eventTypeOf, formatEventId, parseEventId } from './events.js';

describe('eventTypeOf', () => {
  it('folds legacy, _v2 and _bsuid variants into one type', () => {
    expect(eventTypeOf('message')).toBe('message.received');
    expect(eventTypeOf('sentMessageDELIVERED')).toBe('message.delivered');
    expect(eventTypeOf('sentMessageDELIVERED_v2')).toBe('message.delivered');
    expect(eventTypeOf('templateMessageSent_v2_bsuid')).toBe('message.sent');
    expect(eventTypeOf('sentMessageREAD_v2')).toBe('message.read');
    expect(eventTypeOf('templateMessageFailed')).toBe('template.failed');
    expect(eventTypeOf('sessionMessageFailed')).toBe('message.failed');
    expect(eventTypeOf('newContactMessageReceived')).toBe('contact.created');
    expect(eventTypeOf('templateReviewed')).toBe('template.updated');
  });

  it('keeps what it does not know as unknown, including prototype names', () => {
    expect(eventTypeOf('ctaUrlClicked')).toBe('unknown');
    expect(eventTypeOf('toString')).toBe('unknown');
    expect(eventTypeOf('')).toBe('unknown');
  });
});

describe('event ids', () => {
  it('round-trips and accepts the bare number', () => {
    expect(formatEventId(42)).toBe('evt_42');
    expect(parseEventId('evt_42')).toBe(42);
    expect(parseEventId('42')).toBe(42);
    expect(parseEventId('evt_0')).toBe(0);
  });

  it('refuses what is not a cursor', () => {
    for (const bad of [
      '',
      'evt_',
      'evt_-1',
      'evt_01',
      '1e3',
      'evt_1.5',
      ' 1',
      'evt_99999999999999999',
      'abc',
    ])
      expect(parseEventId(bad), bad).toBeUndefined();
  });
});
