/**
 * SQLite storage and the v3 face: broadcasts, channels, conversation statuses and teams, and a
 * schedule still waiting for its time, answer the same after a restart on the same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxOptions } from '../src/index.js';
import { startSandbox, type TestSandbox } from './helpers.js';
import { v3Json } from './v3-helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watigate-v3-persistence-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const storedOptions = (): SandboxOptions => ({
  storage: { kind: 'sqlite', file: join(dir, 'sandbox.db') },
  filesDir: join(dir, 'files'),
});

async function snapshot(t: TestSandbox, broadcastId: string) {
  return {
    broadcasts: await v3Json(t, '/broadcasts?page_number=1&page_size=10'),
    recipients: await v3Json(t, `/broadcasts/${broadcastId}/recipients?page_number=1&page_size=10`),
    channels: await v3Json(t, '/channels?page_number=1&page_size=10'),
    jane: await v3Json(t, '/contacts/14155555678'),
  };
}

describe('sqlite storage of v3 state', () => {
  it('answers broadcasts, channels and contacts the same after a restart, and sends a pending schedule on time', async () => {
    const first = await startSandbox(storedOptions());
    await first.control('POST', '/_sandbox/{tenant}/channels', { name: 'Support', phone: '447700900000' });
    await v3Json(first, '/contacts/teams', {
      method: 'PUT',
      body: { target: '14155555678', teams: ['Billing'] },
    });
    await v3Json(first, '/conversations/14155555678/status', {
      method: 'PUT',
      body: { new_status: 'pending' },
    });
    const scheduled = await v3Json(first, '/messageTemplates/schedule', {
      method: 'POST',
      body: {
        template_name: 'order_update',
        broadcast_name: 'noon',
        scheduled_at: '2026-01-15T12:00:00Z',
        recipients: [{ phone_number: '14155551234', custom_params: [{ name: 'name', value: 'John' }] }],
      },
    });
    const before = await snapshot(first, scheduled.broadcast_id);
    await first.close();

    const second = await startSandbox(storedOptions());
    expect(await snapshot(second, scheduled.broadcast_id)).toEqual(before);
    expect(second.sandbox.tenant().contacts.get('14155555678')?.conversationStatus).toBe('pending');
    expect(await second.sent()).toEqual([]);
    await second.control('POST', '/_sandbox/clock/advance', { ms: 2 * 3600_000 });
    expect((await second.sent()).map((s) => [s.waId, s.broadcastName])).toEqual([['14155551234', 'noon']]);
    expect((await v3Json(second, `/broadcasts/${scheduled.broadcast_id}`)).status).toBe('completed');
  });
});
