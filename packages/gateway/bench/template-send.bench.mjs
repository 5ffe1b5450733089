/**
 * A template send to 10,000 recipients through the gateway (issue 14): WATI v3's one
 * `POST /api/ext/v3/messageTemplates/send` of 10,000 recipients beside v1's bulk path, ten
 * `POST /api/v1/sendTemplateMessages` of 1,000 receivers (WATI's limit per call). The sandbox runs
 * in its own process (the sandbox bench's sandbox-server.mjs, rate limits off); Watigate runs as
 * `watigate serve` (SQLite, pre-flight on, WATI plan business) connected to it through the connect
 * page, its RSS sampled from /proc every 50 ms: the peak growth over the RSS just before each send.
 * Alternated `BENCH_REPS` times (default 3), medians reported. Run after building:
 * `node packages/gateway/bench/template-send.bench.mjs`.
 */
import {
  connectWati,
  forkHelper,
  logger,
  median,
  round,
  sampleRss,
  startGateway,
  tempDir,
} from './bench-lib.mjs';

const log = logger('template-send');
const tenant = '1000001';
const recipients = 10_000;
const perV1Call = 1000;
const reps = Number(process.env.BENCH_REPS ?? 3);

/** Distinct UK numbers of the drama range, valid to v1's libphonenumber check and to v3's. */
const phone = (rep, i) => `4477009${String((rep * recipients + i) % 100_000).padStart(5, '0')}`;

async function json(res, what) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

const sandbox = await forkHelper('../../sandbox/bench/sandbox-server.mjs');
let gateway;
try {
  gateway = await startGateway({
    dataDir: tempDir('template-send'),
    env: {
      WATIGATE_ALLOWED_HOSTS: new URL(sandbox.url).host,
      WATIGATE_KEY_RPS: '1000',
      WATIGATE_WATI_PLAN: 'business',
    },
  });
  await connectWati(gateway.url, gateway.adminKey, `${sandbox.url}/${tenant}`, sandbox.token);
  const headers = { authorization: `Bearer ${gateway.adminKey}`, 'content-type': 'application/json' };

  async function v3(rep) {
    const rss = sampleRss(gateway.pid);
    const t = performance.now();
    const body = await json(
      await fetch(`${gateway.url}/wati/api/ext/v3/messageTemplates/send`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          template_name: 'order_update',
          broadcast_name: `bench v3 ${rep}`,
          recipients: Array.from({ length: recipients }, (_, i) => ({
            phone_number: phone(2 * rep, i),
            custom_params: [{ name: 'name', value: 'Ada' }],
          })),
        }),
      }),
      'v3 messageTemplates/send',
    );
    const ms = performance.now() - t;
    const memory = rss.stop();
    if (body.success !== true) throw new Error(`v3 send refused: ${JSON.stringify(body).slice(0, 300)}`);
    const failed = (body.recipients ?? []).filter((r) => (r.errors ?? []).length > 0).length;
    if (failed > 0) throw new Error(`v3 send: ${failed} recipients failed`);
    return { ms, memory, calls: 1 };
  }

  async function v1(rep) {
    const rss = sampleRss(gateway.pid);
    const t = performance.now();
    for (let call = 0; call < recipients / perV1Call; call++) {
      const body = await json(
        await fetch(`${gateway.url}/wati/api/v1/sendTemplateMessages`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            template_name: 'order_update',
            broadcast_name: `bench v1 ${rep}`,
            receivers: Array.from({ length: perV1Call }, (_, i) => ({
              whatsappNumber: phone(2 * rep + 1, call * perV1Call + i),
              customParams: [{ name: 'name', value: 'Ada' }],
            })),
          }),
        }),
        'v1 sendTemplateMessages',
      );
      if (body.result === false) throw new Error(`v1 send refused: ${JSON.stringify(body).slice(0, 300)}`);
    }
    const ms = performance.now() - t;
    return { ms, memory: rss.stop(), calls: recipients / perV1Call };
  }

  const runs = { v3: [], v1: [] };
  for (let rep = 0; rep < reps; rep++) {
    runs.v3.push(await v3(rep));
    runs.v1.push(await v1(rep));
    log(
      `rep ${rep + 1}: v3 ${Math.round(runs.v3[rep].ms)} ms (+${runs.v3[rep].memory.growthMB} MB), v1 ${Math.round(runs.v1[rep].ms)} ms (+${runs.v1[rep].memory.growthMB} MB)`,
    );
  }
  const row = (name, list) => ({
    path: name,
    calls: list[0].calls,
    recipients,
    medianMs: Math.round(median(list.map((r) => r.ms))),
    recipientsPerSec: Math.round(recipients / (median(list.map((r) => r.ms)) / 1000)),
    gatewayPeakGrowthMB: round(Math.max(...list.map((r) => r.memory.growthMB))),
  });
  await gateway.stop();
  await sandbox.stop();
  process.stdout.write(
    `${JSON.stringify({
      package: 'gateway',
      description: `A template send to ${recipients.toLocaleString('en')} recipients through \`watigate serve\` (SQLite, pre-flight on, WATI plan business) to a sandbox in its own process (rate limits off): WATI v3's one POST /api/ext/v3/messageTemplates/send of ${recipients.toLocaleString('en')} recipients, and v1's bulk path, ${recipients / perV1Call} POST /api/v1/sendTemplateMessages of ${perV1Call.toLocaleString('en')} receivers one after another; alternated ${reps} times, median time. Memory: the gateway process's RSS sampled from /proc every 50 ms, worst peak growth over the RSS just before a send. MB means MiB.`,
      templateSend: [row('v3 messageTemplates/send', runs.v3), row('v1 sendTemplateMessages', runs.v1)],
    })}\n`,
  );
} catch (error) {
  await gateway?.stop();
  await sandbox.stop();
  throw error;
}
