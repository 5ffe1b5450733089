/**
 * Comparison proxy (g) of proxy-overhead.bench.mjs: Watigate's own plumbing with none of its
 * checks. `node:http` hands each request to undici's `dispatch` (an Agent, as the gateway's data
 * plane uses) with `Authorization: Bearer <token>`, and the answer is written to the response as
 * it arrives, with no stream in between. The gateway is this plus authentication, connection
 * choice, limits, metrics and logging, so (d) minus (g) is what those cost.
 * Usage: `node dispatch-proxy.mjs <upstream origin> <token>`.
 */
import { createServer } from 'node:http';
import { Agent } from 'undici';

const [upstream, token] = process.argv.slice(2);
const agent = new Agent();
const origin = new URL(upstream).origin;
const authorization = `Bearer ${token}`;
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'authorization']);

const server = createServer((req, res) => {
  const headers = { authorization };
  for (const name in req.headers) if (!hopByHop.has(name)) headers[name] = req.headers[name];
  let controller;
  agent.dispatch(
    { origin, path: req.url, method: req.method, headers, body: req.method === 'GET' ? null : req },
    {
      onRequestStart(c) {
        controller = c;
      },
      onResponseStart(_c, status, answer) {
        const out = {};
        for (const name in answer) if (!hopByHop.has(name)) out[name] = answer[name];
        res.writeHead(status, out);
      },
      onResponseData(c, chunk) {
        if (!res.write(chunk)) {
          c.pause();
          res.once('drain', () => c.resume());
        }
      },
      onResponseEnd() {
        res.end();
      },
      onResponseError() {
        if (!res.headersSent) res.writeHead(502).end();
        else res.destroy();
      },
    },
  );
  res.once('close', () => {
    if (!res.writableFinished) controller?.abort(new Error('caller gone'));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: server.address().port }));
process.on('disconnect', () => process.exit(0));
