/**
 * The sandbox's 24-hour window at its edges, on a clock the test holds still: open 1 ms before
 * 24 hours after the customer's message, closed at exactly 24 hours (spec's sessionWindowOpen,
 * the definition the MCP server uses too).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../src/testing/index.js';

let now = Date.parse('2026-03-01T12:00:00.000Z');
let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox({ clock: { now: () => now } });
});
afterAll(async () => {
  await sb.close();
});

const windowOpen = async (wAid: string): Promise<boolean> => {
  const { conversations } = await sb.control('GET', '/_sandbox/{tenant}/conversations');
  return conversations.find((c: { contact: { wAid: string } }) => c.contact.wAid === wAid).windowOpen;
};

describe('the 24-hour window in the sandbox', () => {
  it('is open until 24 hours have passed and closed at exactly 24 hours', async () => {
    await sb.inbound('14155551234', 'hello');
    const day = 24 * 60 * 60 * 1000;
    now += day - 1;
    expect(await windowOpen('14155551234')).toBe(true);
    now += 1;
    expect(await windowOpen('14155551234')).toBe(false);
  });
});
