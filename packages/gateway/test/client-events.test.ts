/**
 * `client.events` against the real gateway with its built-in sandbox (issue 12): a customer's
 * message typed into the sandbox reaches the gateway as WATI's webhook, and the client reads it
 * by cursor (`list`, `iterate`), over Server-Sent Events (`stream`, resuming after a cut
 * connection) and by waiting for it (`waitFor`). Beside client-gateway-mode.test.ts, which proves
 * the rest of the client's gateway half.
 */
import { createWatiClient, WatiAuthError, type WatigateEvent, WatiValidationError } from '@watigate/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedGateway, startServedGateway } from '../src/testing/start-served-gateway.js';
import { defined } from './support/defined.js';

let gateway: ServedGateway;
let adminKey: string;

beforeAll(async () => {
  gateway = await startServedGateway();
  adminKey = defined(gateway.adminKey, 'the first admin key');
});
afterAll(async () => {
  await gateway?.close();
});

const client = (apiKey = adminKey, fetch?: typeof globalThis.fetch) =>
  createWatiClient({ baseUrl: gateway.url, apiKey, retry: { maxRetries: 0 }, ...(fetch ? { fetch } : {}) });

/** Plays the customer in the sandbox inbox: WATI's `message` webhook follows. */
async function customerWrites(whatsappNumber: string, text: string): Promise<void> {
  const res = await fetch(`${gateway.url}/sandbox/_sandbox/1000001/inbound`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ whatsappNumber, text }),
  });
  expect(res.status).toBe(201);
}

async function createKey(scopes: string[]): Promise<string> {
  const res = await fetch(`${gateway.url}/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ scopes }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { secret: string }).secret;
}

/** The cursor of the newest event now: what `after` to read from to see only what comes next. */
const latest = async () => defined((await client().events.list({ after: 'latest' })).next_cursor, 'a cursor');

/** A new customer's first message makes two events: contact.created, then message.received. */
const received = ['message.received' as const];

/** Reads the customer's messages after `after` until `count` have come (long polls), then returns them. */
async function collect(after: string, count: number, number: string): Promise<WatigateEvent[]> {
  const events: WatigateEvent[] = [];
  const abort = new AbortController();
  for await (const event of client().events.iterate(
    { after, whatsappNumber: number, types: received, follow: true, wait: 5 },
    { signal: abort.signal },
  )) {
    events.push(event);
    if (events.length === count) abort.abort();
  }
  return events;
}

/** The bytes of an SSE body up to the end of its first event, then a network error. */
function cutAfterFirstEvent(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) return controller.close();
      text += decoder.decode(value, { stream: true });
      const data = text.indexOf('data:');
      const end = data === -1 ? -1 : text.indexOf('\n\n', data);
      if (end === -1) return;
      controller.enqueue(new TextEncoder().encode(text.slice(0, end + 2)));
      await reader.cancel();
      controller.error(new TypeError('terminated'));
    },
  });
}

describe('events.list', () => {
  it('long-polls until a customer’s message arrives and answers it in the envelope', async () => {
    const number = '14155550101';
    const after = await latest();
    const [page] = await Promise.all([
      client().events.list({ after, whatsappNumber: number, types: received, wait: 10 }),
      customerWrites(number, 'Yes, Thursday works'),
    ]);
    expect(page.events).toHaveLength(1);
    const event = defined(page.events[0], 'the event');
    expect(event).toMatchObject({
      type: 'message.received',
      whatsapp_number: number,
      wati_event_type: expect.stringMatching(/^message/),
      body: expect.objectContaining({ text: 'Yes, Thursday works' }),
    });
    expect(event.id).toMatch(/^evt_\d+$/);
    expect(page.next_cursor).toBe(event.id);
  });

  it('answers no events and the cursor back when nothing matches, without waiting', async () => {
    const after = await latest();
    const page = await client().events.list({ after, whatsappNumber: '14155550199' });
    expect(page).toEqual({ events: [], next_cursor: after });
  });

  it('filters by type', async () => {
    const number = '14155550102';
    const after = await latest();
    await customerWrites(number, 'one');
    await collect(after, 1, number);
    const page = await client().events.list({ after, whatsappNumber: number, types: ['template.failed'] });
    expect(page.events).toEqual([]);
  });

  it('refuses bad filters before sending, naming the field', async () => {
    const error = await client()
      .events.list({ after: 'yesterday' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiValidationError);
    expect((error as WatiValidationError).violations.map((v) => v.field)).toEqual(['after']);
  });

  it('is refused with 403 insufficient_scope to a key without events:read', async () => {
    const error = await client(await createKey(['wati:read']))
      .events.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiAuthError);
    expect(error).toMatchObject({ status: 403, code: 'insufficient_scope' });
  });

  it('serves a key with events:read only', async () => {
    const page = await client(await createKey(['events:read'])).events.list({ after: 'latest' });
    expect(page.events).toEqual([]);
  });
});

describe('events.iterate', () => {
  it('walks every page in order and ends at the first empty one', async () => {
    const number = '14155550103';
    const after = await latest();
    for (const text of ['a', 'b', 'c']) await customerWrites(number, text);
    await collect(after, 3, number);
    const texts: unknown[] = [];
    for await (const event of client().events.iterate({
      after,
      whatsappNumber: number,
      types: received,
      limit: 1,
    })) {
      texts.push((event.body as { text?: string }).text);
    }
    expect(texts).toEqual(['a', 'b', 'c']);
  });

  it('with follow, waits for new events and ends quietly when aborted', async () => {
    const number = '14155550104';
    const after = await latest();
    setTimeout(() => void customerWrites(number, 'later'), 300);
    const events = await collect(after, 1, number);
    expect(events.map((e) => (e.body as { text?: string }).text)).toEqual(['later']);
  });
});

describe('events.stream', () => {
  it('delivers new events as they arrive and stops on abort', async () => {
    const number = '14155550105';
    const abort = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const event of client().events.stream(
        { after: 'latest', whatsappNumber: number, types: received },
        { signal: abort.signal },
      )) {
        seen.push((event.body as { text: string }).text);
        if (seen.length === 2) abort.abort();
      }
    })();
    await customerWrites(number, 'first');
    await customerWrites(number, 'second');
    await reading;
    expect(seen).toEqual(['first', 'second']);
  });

  it('reconnects by itself after a cut connection, with Last-Event-ID, missing and repeating nothing', async () => {
    const number = '14155550106';
    const after = await latest();
    for (const text of ['1', '2', '3', '4']) await customerWrites(number, text);
    await collect(after, 4, number);

    // The network between client and gateway: the first stream is cut right after its first event.
    const lastEventIds: Array<string | null> = [];
    const cutting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes('/events/stream')) return response;
      lastEventIds.push(new Headers(init?.headers).get('last-event-id'));
      if (lastEventIds.length > 1 || !response.body) return response;
      return new Response(cutAfterFirstEvent(response.body), {
        status: response.status,
        headers: response.headers,
      });
    };

    const abort = new AbortController();
    const ids: string[] = [];
    for await (const event of client(adminKey, cutting).events.stream(
      { after, whatsappNumber: number, types: received },
      { signal: abort.signal },
    )) {
      ids.push(event.id);
      if (ids.length === 4) abort.abort();
    }
    const sequence = ids.map((id) => Number(id.slice('evt_'.length)));
    expect(sequence).toEqual([...new Set(sequence)].sort((a, b) => a - b));
    expect(sequence).toHaveLength(4);
    // The first request starts from `after`; the reconnect resumes after the one event that got through.
    expect(lastEventIds).toEqual([after, ids[0]]);
  });

  it('reconnects when the connection goes silent for idleTimeoutMs (a proxy that stalls)', async () => {
    const number = '14155550111';
    const after = await latest();
    await customerWrites(number, 'through the stall');
    await collect(after, 1, number);
    // The first stream answers 200 and then never passes a byte on, as a stalled proxy would.
    let streams = 0;
    const stalling: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes('/events/stream') || ++streams > 1) return response;
      void response.body?.cancel();
      return new Response(new ReadableStream<Uint8Array>(), { status: 200, headers: response.headers });
    };
    const abort = new AbortController();
    const started = Date.now();
    for await (const event of client(adminKey, stalling).events.stream(
      { after, whatsappNumber: number, types: received },
      { signal: abort.signal, idleTimeoutMs: 300 },
    )) {
      expect(event.body).toMatchObject({ text: 'through the stall' });
      abort.abort();
    }
    expect(streams).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('throws the gateway’s refusal instead of reconnecting', async () => {
    const stream = client(await createKey(['wati:read'])).events.stream();
    const error = await stream.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatiAuthError);
    expect(error).toMatchObject({ status: 403, code: 'insufficient_scope' });
  });
});

describe('events.waitFor', () => {
  it('returns the customer’s next message, not another customer’s', async () => {
    const number = '14155550107';
    // timeoutMs left to its default (a minute): the reply ends the wait.
    const waiting = client().events.waitFor({ whatsappNumber: number });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await customerWrites('14155550108', 'not me');
    await customerWrites(number, 'me');
    const event = await waiting;
    expect(event).toMatchObject({ type: 'message.received', whatsapp_number: number });
    expect(event?.body).toMatchObject({ text: 'me' });
  });

  it('answers null when no reply comes within the time', async () => {
    const started = Date.now();
    const event = await client().events.waitFor({ whatsappNumber: '14155550109', timeoutMs: 1500 });
    expect(event).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(Date.now() - started).toBeLessThan(1900);
  });

  it('finds a reply that came before the call when given the cursor from before', async () => {
    const number = '14155550110';
    const after = await latest();
    await customerWrites(number, 'early');
    const event = await client().events.waitFor({ whatsappNumber: number, after, timeoutMs: 10_000 });
    expect(event?.body).toMatchObject({ text: 'early' });
  });
});
