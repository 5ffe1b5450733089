/**
 * Crash: SIGKILL the gateway (a child process on SQLite with the built-in sandbox) in the middle
 * of a stream of idempotent sends, restart it on the same data directory, and retry every key.
 * The sandbox keeps its outbox in `<data dir>/sandbox.db`, so it survives too: no key may have
 * been sent twice, and every key answered with a 2xx was sent exactly once. This holds because
 * idempotency records live in the database (main.ts), not in the killed process's memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from 'watigate/testing';
import { countByKey, gatewayFetch, prepareSandbox, sentTexts } from './support/gateway-probes.js';

const KEYS = Array.from({ length: 150 }, (_, i) => `crash-${i}`);
const NUMBER = '14155550199';
const CONCURRENCY = 6;

const dataDir = mkdtempSync(join(tmpdir(), 'watigate-crash-'));
const running: ServeProcess[] = [];
afterAll(async () => {
  for (const gw of running) await gw.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Outcome = number | 'error';

async function sendAll(
  base: string,
  adminKey: string,
  keys: string[],
  onAnswer: (answered: number) => void,
): Promise<Map<string, Outcome>> {
  const call = gatewayFetch(base, adminKey);
  const outcomes = new Map<string, Outcome>();
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++] as string;
      try {
        const res = await call(
          `/wati/api/v1/sendSessionMessage/${NUMBER}?messageText=${encodeURIComponent(`msg ${key}`)}`,
          { method: 'POST', headers: { 'idempotency-key': key } },
        );
        await res.arrayBuffer();
        outcomes.set(key, res.status);
      } catch {
        outcomes.set(key, 'error');
      }
      onAnswer(outcomes.size);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return outcomes;
}

describe('crash: SIGKILL during idempotent sends', () => {
  it('sends no key twice after a restart on the same data directory', async () => {
    const first = await startServeProcess({ dataDir, env: { WATIGATE_KEY_RPS: '100000' } });
    running.push(first);
    const adminKey = first.adminKey ?? '';
    await prepareSandbox(first.url, adminKey, [NUMBER]);

    let killedAt = 0;
    const before = await sendAll(first.url, adminKey, KEYS, (answered) => {
      if (answered === 40 && !killedAt) {
        killedAt = Date.now();
        first.child.kill('SIGKILL');
      }
    });
    expect(await first.exited).toBe('SIGKILL');

    const second = await startServeProcess({ dataDir, env: { WATIGATE_KEY_RPS: '100000' } });
    running.push(second);
    expect(second.adminKey).toBeUndefined();
    expect(second.sandbox.connectionId).toBe(first.sandbox.connectionId);
    await prepareSandbox(second.url, adminKey, []);
    const after = await sendAll(second.url, adminKey, KEYS, () => {});

    const okBefore = KEYS.filter((k) => {
      const o = before.get(k);
      return typeof o === 'number' && o < 300;
    });
    const errored = KEYS.filter((k) => before.get(k) === 'error');
    const afterStatuses = new Map<string, number>();
    for (const o of after.values()) afterStatuses.set(String(o), (afterStatuses.get(String(o)) ?? 0) + 1);
    const counts = countByKey(await sentTexts(second.url, adminKey));
    console.log(
      `[crash] before the kill: ${okBefore.length} answered 2xx, ${errored.length} cut off; ` +
        `after the restart: ${JSON.stringify(Object.fromEntries(afterStatuses))}; ` +
        `outbox holds ${[...counts.values()].reduce((a, b) => a + b, 0)} messages for ${counts.size} keys`,
    );

    expect(okBefore.length).toBeGreaterThanOrEqual(30);
    expect(errored.length).toBeGreaterThan(0);
    // Nothing sent twice, whatever happened to the key.
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    // Answered before the crash: replayed after it, and in the outbox once.
    for (const key of okBefore) {
      expect(after.get(key)).toBe(200);
      expect(counts.get(key)).toBe(1);
    }
    // Every retry was answered: sent (or replayed) once, or 409 while an interrupted claim's
    // lease runs (the send may have reached WATI before the kill).
    for (const key of KEYS) {
      const o = after.get(key);
      expect([200, 409]).toContain(o);
      if (o === 200) expect(counts.get(key)).toBe(1);
    }
    expect(second.child.exitCode).toBeNull();
  }, 90_000);
});
