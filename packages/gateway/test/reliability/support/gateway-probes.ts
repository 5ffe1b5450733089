/**
 * What the reliability suites read of a gateway in a child process (watigate/testing's
 * startServeProcess): its memory and sockets from /proc, and calls with its admin key.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The built-in sandbox's tenant. */
export const TENANT = '1000001';

/** Resident set size of a process, in bytes (Linux /proc). */
export function rssBytes(pid: number | 'self'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) * 1024;
}

/** Open file descriptors of a process that are sockets (Linux /proc). */
export function socketCount(pid: number | 'self'): number {
  let count = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) count++;
    } catch {
      // Closed between readdir and readlink.
    }
  }
  return count;
}

/** Every open file descriptor of a process. */
export function fdCount(pid: number | 'self'): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** fetch with the admin key against the child gateway; never throws on HTTP errors. */
export function gatewayFetch(
  base: string,
  key: string,
): (
  path: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<Response> {
  return (path, init = {}) =>
    fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${key}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: init.body }),
      signal: AbortSignal.timeout(15_000),
    });
}

/** The built-in sandbox's control API asks for a key of the account (issue 11 #1). */
const withKey = (key: string, json = true) => ({
  authorization: `Bearer ${key}`,
  ...(json ? { 'content-type': 'application/json' } : {}),
});

/** Turns the built-in sandbox's WATI rate limits off and opens the 24-hour window for `numbers`. */
export async function prepareSandbox(base: string, key: string, numbers: string[]): Promise<void> {
  const limits = await fetch(`${base}/sandbox/_sandbox/${TENANT}/rate-limits`, {
    method: 'PUT',
    headers: withKey(key),
    body: JSON.stringify({ enabled: false }),
  });
  if (!limits.ok) throw new Error(`rate-limits: ${limits.status} ${await limits.text()}`);
  for (const whatsappNumber of numbers) {
    const inbound = await fetch(`${base}/sandbox/_sandbox/${TENANT}/inbound`, {
      method: 'POST',
      headers: withKey(key),
      body: JSON.stringify({ whatsappNumber, text: 'hello' }),
    });
    if (inbound.status !== 201) throw new Error(`inbound: ${inbound.status} ${await inbound.text()}`);
  }
}

/** Texts of every message the sandbox tenant sent (its outbox). */
export async function sentTexts(base: string, key: string): Promise<string[]> {
  const res = await fetch(`${base}/sandbox/_sandbox/${TENANT}/sent?limit=100000`, {
    headers: withKey(key, false),
  });
  const body = (await res.json()) as { items: Array<{ text?: string | null }> };
  return body.items.map((m) => m.text ?? '');
}

/** How many times each key's message appears in the outbox; texts are `msg <key>`. */
export function countByKey(texts: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const m = /^msg (\S+)$/.exec(text);
    if (m?.[1]) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
  return counts;
}
