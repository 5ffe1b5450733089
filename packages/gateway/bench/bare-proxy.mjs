/**
 * Comparison proxy (f) of proxy-overhead.bench.mjs, the reference point: `node:http` and an
 * undici Pool, streaming each request upstream with `Authorization: Bearer <token>` and nothing
 * else (no auth, no lookup, no limits). Usage: `node bare-proxy.mjs <upstream origin> <token>`.
 */
import { createServer } from 'node:http';
import { Pool } from 'undici';

const [upstream, token] = process.argv.slice(2);
const pool = new Pool(upstream, { connections: 64 });
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'authorization']);

const server = createServer(async (req, res) => {
  const headers = { authorization: `Bearer ${token}` };
  for (const [k, v] of Object.entries(req.headers)) if (!hopByHop.has(k) && v !== undefined) headers[k] = v;
  try {
    const up = await pool.request({
      path: req.url,
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? null : req,
    });
    const out = {};
    for (const [k, v] of Object.entries(up.headers)) if (!hopByHop.has(k)) out[k] = v;
    res.writeHead(up.statusCode, out);
    up.body.on('error', () => res.destroy());
    up.body.pipe(res);
  } catch {
    if (!res.headersSent) res.writeHead(502).end();
    else res.destroy();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: server.address().port }));
process.on('disconnect', () => process.exit(0));
