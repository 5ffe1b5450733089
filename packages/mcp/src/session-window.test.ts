import { describe, expect, it } from 'vitest';
import { lastInboundTime, messageTime, sessionWindow } from './session-window.js';

const day = 24 * 3600_000;
const t0 = Date.parse('2026-01-05T10:00:00.250Z');

describe('messageTime', () => {
  it('reads created when it names its zone, else the Unix-seconds timestamp', () => {
    expect(messageTime({ created: '2026-01-05T10:00:00.250Z', timestamp: '1' })).toBe(t0);
    expect(messageTime({ created: '2026-01-05T10:00:00.250', timestamp: '1767607200' })).toBe(1767607200_000);
    expect(messageTime({ created: 'garbage' })).toBeUndefined();
  });
});

describe('lastInboundTime', () => {
  it('takes the newest customer message and ignores outbound messages and events', () => {
    const items = [
      { eventType: 'message', owner: true, created: '2026-01-06T00:00:00.000Z' },
      { eventType: 'ticket', created: '2026-01-06T00:00:00.000Z' },
      { eventType: 'message', owner: false, created: '2026-01-05T10:00:00.250Z' },
      { eventType: 'message', owner: false, created: '2026-01-04T10:00:00.000Z' },
    ];
    expect(lastInboundTime(items)).toBe(t0);
    expect(lastInboundTime(items.slice(0, 2))).toBeUndefined();
  });
});

describe('sessionWindow', () => {
  it('is open until 24 hours after the last inbound message', () => {
    expect(sessionWindow(t0, t0 + day - 1)).toEqual({
      open: true,
      lastInboundAt: '2026-01-05T10:00:00.250Z',
      closesAt: '2026-01-06T10:00:00.250Z',
      since: '2026-01-05T10:00:00.250Z',
      remainingMs: 1,
      checkedAt: '2026-01-06T10:00:00.249Z',
    });
  });

  it('is closed from 24 hours on, since the moment it closed', () => {
    expect(sessionWindow(t0, t0 + day)).toMatchObject({ open: false, remainingMs: 0 });
    expect(sessionWindow(t0, t0 + day + 1)).toMatchObject({
      open: false,
      since: '2026-01-06T10:00:00.250Z',
      remainingMs: 0,
    });
  });

  it('is closed, since never, without an inbound message', () => {
    expect(sessionWindow(undefined, t0)).toEqual({
      open: false,
      lastInboundAt: null,
      closesAt: null,
      since: null,
      remainingMs: 0,
      checkedAt: '2026-01-05T10:00:00.250Z',
    });
  });
});
