import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, describe, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/harness.js';
import { plantHook } from '../support/plant-hook.js';

let gw: TestGateway;
let base = '';
afterEach(async () => {
  await gw?.close();
});

async function start(env: Record<string, string> = {}) {
  gw = await createTestGateway({ env });
  await gw.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(gw.app.server.address() as AddressInfo).port}`;
}
const hookFor = (accountId: string, connectionId?: string) => plantHook(gw, accountId, connectionId);
/** Raw HTTP/1.1 exchange; returns the full answer text. */
function raw(text: string | Buffer, waitMs = 1500): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(Number(new URL(base).port), '127.0.0.1');
    let out = '';
    s.on('data', (d) => {
      out += d.toString('latin1');
    });
    s.on('error', () => resolve(`${out}<<socket error>>`));
    s.on('close', () => resolve(out));
    s.write(text);
    setTimeout(() => {
      s.destroy();
      resolve(out);
    }, waitMs);
  });
}
const norm = (s: string) => s.replace(/req_[A-Za-z0-9_-]+/g, 'REQ').replace(/^date: .*$/gim, 'date: D');

describe('wrong secret vs unknown path, on the wire', () => {
  it('is byte-identical', async () => {
    await start();
    await hookFor(gw.accountId);
    const wrong = `/hooks/wati/whk_${'A'.repeat(43)}`;
    const others = [`/hooks/wati/whk_${'A'.repeat(43)}/x`, '/hooks/watiX', '/nope'];
    const mk = (path: string, hdrs: string, body = '') =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${hdrs}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const variants: Array<[string, string]> = [
      ['content-type: application/json\r\n', '{}'],
      ['', '{}'],
      ['content-type: text/plain\r\n', 'x'],
      ['content-type: application/json\r\n', 'x'.repeat(3 * 1024 * 1024)],
    ];
    for (const [h, b] of variants) {
      const a = norm(await raw(mk(wrong, h, b)));
      for (const o of others) {
        const u = norm(await raw(mk(o, h, b)));
        console.log(
          JSON.stringify(h),
          b.length,
          o,
          '\n  wrong :',
          JSON.stringify(a.slice(0, 400)),
          '\n  other :',
          JSON.stringify(u.slice(0, 400)),
        );
      }
    }
    // Expect: 100-continue with a big declared body
    const e1 = norm(
      await raw(
        `POST ${wrong} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\ncontent-type: application/json\r\nContent-Length: 5000000\r\n\r\n`,
        800,
      ),
    );
    const e2 = norm(
      await raw(
        `POST /nope HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\ncontent-type: application/json\r\nContent-Length: 5000000\r\n\r\n`,
        800,
      ),
    );
    console.log(
      'expect-100 wrong:',
      JSON.stringify(e1.slice(0, 300)),
      '\nexpect-100 nope :',
      JSON.stringify(e2.slice(0, 300)),
    );
  });

  it('timing class', async () => {
    await start();
    await hookFor(gw.accountId);
    const time = async (path: string) => {
      const t: number[] = [];
      for (let i = 0; i < 300; i++) {
        const t0 = performance.now();
        await fetch(base + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        t.push(performance.now() - t0);
      }
      t.sort((a, b) => a - b);
      return { p50: t[150]?.toFixed(3), p90: t[270]?.toFixed(3) };
    };
    const valid = await hookFor(gw.accountId);
    const samePrefix = valid.path.slice(0, '/hooks/wati/'.length + 12) + 'A'.repeat(35);
    for (let r = 0; r < 2; r++) {
      console.log(
        'round',
        r,
        'wrongPattern',
        JSON.stringify(await time(`/hooks/wati/whk_short`)),
        'wrongValidShape',
        JSON.stringify(await time(`/hooks/wati/whk_${'B'.repeat(43)}`)),
        'rightPrefixWrongRest',
        JSON.stringify(await time(samePrefix)),
        'unknownPath',
        JSON.stringify(await time(`/nope/whk_${'B'.repeat(43)}`)),
      );
    }
  }, 60_000);

  it('missing / odd content type on the wire', async () => {
    await start();
    const h = await hookFor(gw.accountId);
    for (const ct of [
      undefined,
      'application/json; charset=utf-16',
      'APPLICATION/JSON',
      'application/json;foo',
      'application/jsonx',
      'application/json-patch+json',
    ]) {
      const body = JSON.stringify({ eventType: 'message', id: `ct-${ct}` });
      const r = norm(
        await raw(
          `POST ${h.path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${ct ? `content-type: ${ct}\r\n` : ''}Content-Length: ${body.length}\r\n\r\n${body}`,
        ),
      );
      console.log(
        'ct',
        ct,
        '=>',
        JSON.stringify(r.split('\r\n')[0]),
        r.slice(r.indexOf('\r\n\r\n') + 4, r.indexOf('\r\n\r\n') + 120),
      );
    }
    // chunked slow body: one byte per 300 ms
    const s = connect(Number(new URL(base).port), '127.0.0.1');
    let out = '';
    s.on('data', (d) => {
      out += d;
    });
    s.write(
      `POST ${h.path} HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const t0 = Date.now();
    for (let i = 0; i < 20 && !out; i++) {
      s.write('1\r\n \r\n');
      await new Promise((r) => setTimeout(r, 300));
    }
    await new Promise((r) => setTimeout(r, 500));
    console.log('slow chunked after', Date.now() - t0, 'ms:', JSON.stringify(out.split('\r\n')[0]));
    s.destroy();
  }, 30_000);
});
