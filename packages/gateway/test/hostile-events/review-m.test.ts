import { it } from 'vitest';
import { createTestGateway } from '../support/harness.js';
import { plantHook } from '../support/plant-hook.js';

it('trace logs, metrics, openapi carry no secrets', async () => {
  const gw = await createTestGateway({ logLevel: 'trace', env: { WATIGATE_ALLOWED_HOSTS: '127.0.0.1:9' } });
  const secret = await plantHook(gw, gw.accountId);
  const A = { authorization: `Bearer ${gw.adminKey}` };
  const sub = await gw.inject({
    method: 'POST',
    url: '/subscriptions',
    headers: A,
    payload: { url: 'http://127.0.0.1:9/x' },
  });
  const whsec = sub.json().subscription.secret as string;
  await gw.inject({
    method: 'POST',
    url: `/hooks/wati/${secret.secret}`,
    headers: { 'content-type': 'application/json' },
    payload: '{"eventType":"message","id":"m1","waId":"14155550123"}',
  });
  await gw.inject({
    method: 'POST',
    url: `/hooks/wati/${secret.secret}`,
    headers: { 'content-type': 'application/json' },
    payload: '{bad',
  });
  await gw.inject({
    method: 'POST',
    url: `/hooks/wati/${secret.secret}?x=${secret.secret}`,
    headers: { 'content-type': 'text/plain' },
    payload: 'x',
  });
  await gw.inject({
    method: 'POST',
    url: `/hooks/wati/${secret.secret.slice(0, 20)}%2F${secret.secret.slice(20)}`,
    headers: { 'content-type': 'application/json' },
    payload: '{}',
  });
  await gw.inject({ url: `/events?whatsappNumber=${secret.secret}`, headers: A });
  await gw.inject({ url: `/events?connectionId=${whsec}`, headers: A });
  await gw.inject({
    method: 'POST',
    url: '/subscriptions',
    headers: A,
    payload: { url: `https://a.wati.io/${whsec}`, types: [whsec] },
  });
  await (gw.app as unknown as { pushWorker: { kick(): Promise<void> } }).pushWorker.kick();
  const metrics = (await gw.inject('/metrics')).body;
  const openapi = (await gw.inject('/openapi.json')).body;
  const logs = gw.logs.join('');
  const bare = (s: string) => s.slice(4, 24);
  for (const [name, text] of [
    ['logs', logs],
    ['metrics', metrics],
    ['openapi', openapi],
  ] as const) {
    console.log(
      name,
      text.length,
      'chars; hook secret:',
      text.includes(bare(secret.secret)),
      '| whsec:',
      text.includes(whsec.slice(6, 26)),
      '| admin key:',
      text.includes(gw.adminKey.slice(3, 20)),
    );
  }
  for (const l of logs
    .split('\n')
    .filter((l) => l.includes(bare(secret.secret)) || l.includes(whsec.slice(6, 26))))
    console.log('LEAK:', l.slice(0, 400));
  await gw.close();
});
