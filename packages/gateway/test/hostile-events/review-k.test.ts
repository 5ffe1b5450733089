import { expect, it } from 'vitest';
import { createTestGateway } from '../support/harness.js';
import { plantHook } from '../support/plant-hook.js';

it('filtered subscription idles', async () => {
  const gw = await createTestGateway({ env: { WATIGATE_ALLOWED_HOSTS: '127.0.0.1:9' } });
  const secret = await plantHook(gw, gw.accountId);
  const sub = await gw.inject({
    method: 'POST',
    url: '/subscriptions',
    headers: { authorization: `Bearer ${gw.adminKey}` },
    payload: { url: 'http://127.0.0.1:9/x', types: ['template.failed'] },
  });
  await gw.inject({
    method: 'POST',
    url: `/hooks/wati/${secret.secret}`,
    headers: { 'content-type': 'application/json' },
    payload: '{"eventType":"message","id":"m1"}',
  });
  let claimed = 0;
  const orig = gw.store.subscriptions.claimDue.bind(gw.store.subscriptions);
  (gw.store.subscriptions as { claimDue: typeof orig }).claimDue = async (...a) => {
    const r = await orig(...a);
    claimed += r.length;
    return r;
  };
  const push = (gw.app as unknown as { pushWorker: { kick(): Promise<void> } }).pushWorker;
  for (let i = 0; i < 10; i++) {
    gw.clock.set(gw.clock.now() + 1000);
    await push.kick();
  }
  const view = (
    await gw.inject({
      url: `/subscriptions/${sub.json().subscription.id}`,
      headers: { authorization: `Bearer ${gw.adminKey}` },
    })
  ).json().subscription;
  console.log('claims over 10 ticks with nothing to deliver:', claimed, '| cursor', view.cursor);
  await gw.close();
  expect(claimed).toBe(0);
});
