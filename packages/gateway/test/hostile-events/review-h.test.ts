import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/harness.js';
import { plantHook } from '../support/plant-hook.js';

let gw: TestGateway;
const hookFor = (accountId: string, connectionId?: string) => plantHook(gw, accountId, connectionId);
/** Reads a stream for `ms`, as EventSource would, and returns the text and the last `id:` seen. */
async function readFor(url: string, headers: Record<string, string>, ms: number) {
  const ac = new AbortController();
  const res = await fetch(url, { headers, signal: ac.signal });
  const rd = (res.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  const t = setTimeout(() => ac.abort(), ms);
  try {
    for (;;) {
      const { value, done } = await rd.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
  } catch {}
  clearTimeout(t);
  const ids = [...text.matchAll(/^id: (.*)$/gm)].map((m) => m[1]);
  return { text, lastId: ids.at(-1) };
}
it('EventSource on ?after=latest that drops before its first event misses nothing', async () => {
  gw = await createTestGateway({ env: { WATIGATE_EVENT_HEARTBEAT_MS: '200' } });
  await gw.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(gw.app.server.address() as AddressInfo).port}`;
  const h = await hookFor(gw.accountId);
  const auth = { authorization: `Bearer ${gw.adminKey}` };
  const post = (id: string) =>
    gw.inject({
      method: 'POST',
      url: h.path,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ eventType: 'message', id }),
    });
  await post('before');
  const first = await readFor(`${base}/events/stream?after=latest&type=message.received`, auth, 700);
  console.log('first connection text:', JSON.stringify(first.text), 'last id:', first.lastId);
  await post('during-the-gap'); // arrives while EventSource waits `retry` before reconnecting
  const headers: Record<string, string> = {
    ...auth,
    ...(first.lastId ? { 'last-event-id': first.lastId } : {}),
  };
  const second = await readFor(`${base}/events/stream?after=latest&type=message.received`, headers, 700);
  console.log('reconnect (Last-Event-ID', first.lastId ?? 'none', ') got:', JSON.stringify(second.text));
  // Garbage / too-big Last-Event-ID silently falls back to the query
  const third = await readFor(
    `${base}/events/stream`,
    { ...auth, 'last-event-id': 'evt_99999999999999999' },
    500,
  );
  console.log(
    'Last-Event-ID evt_99999999999999999 on a stream without after → ids',
    [...third.text.matchAll(/^id: (.*)$/gm)].map((m) => m[1]),
  );
  await gw.close();
  expect(second.text).toContain('during-the-gap');
}, 20_000);
