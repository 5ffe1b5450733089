/**
 * What the receiver promises WATI and readers (issue 12): an event answered 200 is on disk (a
 * SIGKILL right after the answer loses nothing), and a stream of many events interrupted and
 * resumed with Last-Event-ID misses none and repeats none.
 */
import { rmSync } from 'node:fs';
import { type ServedGateway, startServedGateway } from '@watigate/gateway/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess } from 'watigate/testing';
import { openSse } from './support/sse.js';

async function renewHook(url: string, key: string, connectionId: string): Promise<string> {
  const res = await fetch(`${url}/connections/${connectionId}/webhook`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { inbound_webhook: { url: string } }).inbound_webhook.url;
}

const delivery = (i: number) =>
  JSON.stringify({ eventType: 'message', id: `durable-${i}`, waId: '14155550100', text: `message ${i}` });

describe('an event answered 200', () => {
  it('is still there after the gateway is killed with SIGKILL right after answering', async () => {
    const first = await startServeProcess({ logLevel: 'error' });
    const key = first.adminKey;
    try {
      const hook = await renewHook(first.url, key, first.sandbox.connectionId);
      for (let i = 0; i < 50; i++) {
        const res = await fetch(hook, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: delivery(i),
        });
        expect(res.status).toBe(200);
        // The last one: no time for anything after the answer.
        if (i === 49) first.child.kill('SIGKILL');
      }
      expect(await first.exited).toBe('SIGKILL');
      const second = await startServeProcess({ logLevel: 'error', dataDir: first.dataDir });
      try {
        const res = await fetch(`${second.url}/events?limit=1000`, {
          headers: { authorization: `Bearer ${key}` },
        });
        const { events } = (await res.json()) as { events: Array<{ wati_message_id: string }> };
        expect(events.map((e) => e.wati_message_id)).toEqual(
          Array.from({ length: 50 }, (_, i) => `durable-${i}`),
        );
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a stream of 10,000 events', () => {
  let gw: ServedGateway;
  let hook: string;
  const total = 10_000;

  beforeAll(async () => {
    gw = await startServedGateway();
    hook = await renewHook(gw.listenUrl, gw.adminKey as string, gw.sandbox?.connectionId as string);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('interrupted and resumed with Last-Event-ID, misses none and repeats none', async () => {
    const auth = { authorization: `Bearer ${gw.adminKey}` };
    const posting = (async () => {
      let next = 0;
      const worker = async () => {
        while (next < total) {
          const i = next++;
          const res = await fetch(hook, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: delivery(i),
          });
          expect(res.status).toBe(200);
          await res.body?.cancel();
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
    })();

    const seen: Array<{ id: string; text: string }> = [];
    const readUntil = async (lastEventId: string | undefined, stopAt: number) => {
      const { reader } = await openSse(`${gw.listenUrl}/events/stream?type=message.received`, {
        ...auth,
        ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
      });
      while (seen.length < stopAt) {
        const message = await reader.next(10_000);
        seen.push({ id: message.id as string, text: JSON.parse(message.data).body.text });
      }
      reader.close();
    };
    // Interrupted twice while events are still arriving, then read to the end.
    await readUntil(undefined, 2_500);
    await readUntil(seen.at(-1)?.id, 6_000);
    await readUntil(seen.at(-1)?.id, total);
    await posting;

    const ids = seen.map((s) => Number(s.id.slice(4)));
    expect(new Set(ids).size).toBe(total);
    expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] as number))).toBe(true);
    expect(new Set(seen.map((s) => s.text))).toEqual(
      new Set(Array.from({ length: total }, (_, i) => `message ${i}`)),
    );
  }, 120_000);
});
