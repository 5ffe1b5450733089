/**
 * Comparison proxy (c) of proxy-overhead.bench.mjs: plain Fastify + @fastify/http-proxy that only
 * injects `Authorization: Bearer <token>`. Usage: `node fastify-proxy.mjs <upstream origin> <token>`;
 * reports `{port}` over IPC and exits when the parent disconnects.
 */
import proxy from '@fastify/http-proxy';
import Fastify from 'fastify';

const [upstream, token] = process.argv.slice(2);
const app = Fastify({ logger: false });
await app.register(proxy, {
  upstream,
  replyOptions: {
    rewriteRequestHeaders: (_request, headers) => ({ ...headers, authorization: `Bearer ${token}` }),
  },
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.send?.({ type: 'ready', port: app.server.address().port });
process.on('disconnect', () => process.exit(0));
