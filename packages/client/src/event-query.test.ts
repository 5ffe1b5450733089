import { describe, expect, it } from 'vitest';
import { EventFilters, eventQuery, ListEventsParams } from './event-query.js';

describe('eventQuery', () => {
  it('writes every filter as the gateway names it, types comma-separated', () => {
    const params = ListEventsParams.parse({
      after: 'evt_42',
      types: ['message.received', 'template.failed'],
      whatsappNumber: '14155551234',
      connectionId: 'c-1',
      since: new Date('2026-12-04T09:30:00.000Z'),
      limit: 10,
      wait: 30,
    });
    expect(eventQuery(params)).toBe(
      '?after=evt_42&type=message.received%2Ctemplate.failed&whatsappNumber=14155551234&connectionId=c-1&since=2026-12-04T09%3A30%3A00.000Z&limit=10&wait=30',
    );
  });

  it('is empty without filters, and leaves out an empty type list and undefined fields', () => {
    expect(eventQuery({})).toBe('');
    expect(eventQuery({ types: [], after: undefined })).toBe('');
  });
});

describe('ListEventsParams', () => {
  it.each([
    [{ after: 'latest' }, true],
    [{ after: '42' }, true],
    [{ after: 'evt_x' }, false],
    [{ wait: 31 }, false],
    [{ wait: 1.5 }, true],
    [{ wait: -1 }, false],
    [{ limit: 0 }, false],
    [{ limit: 1001 }, false],
    [{ types: ['message.received', 'nope'] }, false],
    [{ since: '2026-12-04T09:30:00Z' }, true],
    [{ since: 'yesterday' }, false],
    [{ other: 1 }, false],
  ])('%j valid: %s', (params, valid) => {
    expect(ListEventsParams.safeParse(params).success).toBe(valid);
  });

  it('the stream filters take no limit or wait', () => {
    expect(EventFilters.safeParse({ limit: 5 }).success).toBe(false);
  });
});
