/**
 * The sandbox side of sandbox.bench.mjs, run in its own process (child_process.fork) so that its
 * memory is measured apart from the load generator's. It starts a sandbox on an ephemeral port
 * with rate limits off, reports `{type: 'ready', url, token}`, then `{type: 'rss', rss, at}`
 * every 50 ms (and at once on `{type: 'sample'}`) until it receives `{type: 'stop'}`.
 */
import { createSandbox } from '@watigate/sandbox';

const token = 'bench-token-0001';
const sandbox = createSandbox({ tenants: [{ id: '1000001', token }], rateLimits: { enabled: false } });
const url = await sandbox.listen({ host: '127.0.0.1', port: 0 });

const sample = () =>
  process.send?.({
    type: 'rss',
    rss: process.memoryUsage().rss,
    at: performance.now() + performance.timeOrigin,
  });
const timer = setInterval(sample, 50);

process.on('message', async (message) => {
  if (message?.type === 'sample') sample();
  if (message?.type === 'stop') {
    clearInterval(timer);
    await sandbox.close();
    process.disconnect?.();
  }
});
// The parent going away ends the benchmark: never outlive it.
process.on('disconnect', () => {
  clearInterval(timer);
  void sandbox.close();
});

process.send?.({ type: 'ready', url, token });
