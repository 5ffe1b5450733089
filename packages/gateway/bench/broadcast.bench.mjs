/**
 * `watigate broadcast` at scale (issue 6): 100,000 recipients of the `login_code` template from a
 * generated CSV, `--plan business` (the CLI paces 100 sendTemplateMessages batches of 100 per
 * 10 s), through `watigate serve --sandbox` (SQLite, WATIGATE_WATI_PLAN=business so the gateway's
 * own WATI limit matches) with the built-in sandbox's rate limits off. Reports the total time and
 * the CLI process's peak RSS, sampled from /proc every 50 ms. Run after building:
 * `node packages/gateway/bench/broadcast.bench.mjs`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cliBin, logger, round, sampleRss, startGateway, tempDir, track } from './bench-lib.mjs';

const log = logger('broadcast');
const recipients = Number(process.env.BENCH_RECIPIENTS ?? 100_000);

async function writeCsv(file) {
  const out = createWriteStream(file);
  out.write('phone,code\n');
  for (let i = 0; i < recipients; i++) {
    const line = `1415${String(2000000 + i).padStart(7, '0')},${String(100000 + (i % 900000)).slice(0, 6)}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const dir = tempDir('broadcast');
const csv = join(dir, 'recipients.csv');
await writeCsv(csv);
const gateway = await startGateway({
  dataDir: join(dir, 'gw'),
  args: ['--sandbox'],
  env: { WATIGATE_WATI_PLAN: 'business' },
});
try {
  const res = await fetch(`${gateway.url}/sandbox/_sandbox/${gateway.sandbox.tenantId}/rate-limits`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.adminKey}` },
    body: JSON.stringify({ enabled: false }),
  });
  if (!res.ok) throw new Error(`sandbox rate-limits: HTTP ${res.status} ${await res.text()}`);

  log(`broadcasting to ${recipients} recipients`);
  const t = performance.now();
  const cli = track(
    spawn(
      process.execPath,
      [cliBin, 'broadcast', '--template', 'login_code', '--csv', csv, '--plan', 'business', '--yes'],
      {
        cwd: dir,
        env: {
          ...process.env,
          HOME: dir,
          XDG_CONFIG_HOME: dir,
          WATIGATE_URL: gateway.url,
          WATIGATE_API_KEY: gateway.adminKey,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ),
  );
  const rss = sampleRss(cli.pid);
  let output = '';
  cli.stdout.setEncoding('utf8').on('data', (d) => {
    output += d;
  });
  cli.stderr.setEncoding('utf8').on('data', (d) => {
    output += d;
  });
  const [code] = await once(cli, 'exit');
  const seconds = (performance.now() - t) / 1000;
  const memory = rss.stop();
  if (code !== 0) throw new Error(`watigate broadcast exited with ${code}:\n${output.slice(-2000)}`);
  const results = await readFile(`${csv}.results.csv`, 'utf8').catch(() => '');
  const resultRows = results ? results.trimEnd().split('\n').length - 1 : null;
  log(`done in ${round(seconds)} s, CLI peak RSS ${memory.peakMB} MB`);
  await gateway.stop();
  process.stdout.write(
    `${JSON.stringify({
      package: 'gateway',
      description: `\`watigate broadcast --template login_code --plan business --yes\` of a generated ${recipients.toLocaleString('en')}-row CSV (batches of 100, so the CLI paces ${recipients / 100} sendTemplateMessages requests at business's 100 per 10 s) through \`watigate serve --sandbox\` (SQLite, gateway plan business), the built-in sandbox's rate limits off. Peak RSS: the CLI process, sampled from /proc every 50 ms.`,
      broadcast: {
        recipients,
        resultRows,
        seconds: round(seconds),
        recipientsPerSec: Math.round(recipients / seconds),
        cliPeakRssMB: memory.peakMB,
      },
    })}\n`,
  );
} catch (error) {
  await gateway.stop();
  throw error;
}
