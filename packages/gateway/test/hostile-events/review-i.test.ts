import { it } from 'vitest';
import { createTestGateway } from '../support/harness.js';

it('subscription URL host rule', async () => {
  const gw = await createTestGateway({ env: { WATIGATE_ALLOWED_HOSTS: 'bot.example.com' } });
  const urls = [
    'https://x.wati.io@127.0.0.1/',
    'https://127.0.0.1#.wati.io',
    'https://[::1]/',
    'https://evil.com%2F.wati.io/',
    'https://evil.com\\.wati.io/',
    'https://a.wati.io:443/',
    'https://a.wati.io./',
    'http://a.wati.io/',
    'https://A.WATI.IO/',
    'https://169.254.169.254.nip.io/',
    'https://bot.example.com:8443/',
    'http://bot.example.com/',
    'https://bot.example.com./',
    'https://xn--wati-io.wati.io/',
    'https://a.wati.io/%0d%0aX:1',
    'https://0x7f000001/',
    ' https://a.wati.io/ ',
    'https://a.wati.io\t/',
  ];
  for (const url of urls) {
    const r = await gw.inject({
      method: 'POST',
      url: '/subscriptions',
      headers: { authorization: `Bearer ${gw.adminKey}` },
      payload: { url },
    });
    console.log(
      r.statusCode,
      JSON.stringify(url),
      r.statusCode === 201
        ? JSON.stringify(r.json().subscription.url)
        : r.json().error.details?.[0]?.message?.slice(0, 70),
    );
  }
  await gw.close();
});
