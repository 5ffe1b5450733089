/**
 * `/mcp`: the MCP server (@watigate/mcp) over stateless Streamable HTTP, authenticated with a
 * Watigate key. A key needs `wati:read` to reach it; without `wati:send` the send and write
 * tools are neither listed nor run. Tools call WATI through this same gateway over loopback,
 * with the caller's own key and connection header, so scopes, connection choice, rate limits,
 * idempotency and audit apply exactly as for `/wati/...`.
 */
import { createWatiClient } from '@watigate/client';
import { createMcpHttpHandler, defaultMaxRequestBodyBytes } from '@watigate/mcp';
import { hasScope } from '@watigate/spec';
import type { FastifyInstance } from 'fastify';
import { bearerToken, requireScope } from '../auth/authenticate.js';
import { GatewayError } from '../errors/gateway-error.js';
import { requestedConnection } from '../proxy/choose-connection.js';
import type { RouteContext } from '../routes/route-context.js';

/** What the route knows of the caller once its key is checked, handed to each MCP call. */
interface Caller {
  scopes: readonly string[];
}

export function registerMcpRoute(app: FastifyInstance, { auth, deps }: RouteContext): void {
  const registry = deps.registry ? { registry: deps.registry } : {};
  const handler = createMcpHttpHandler<Caller>({
    ...registry,
    clientFor(req, { scopes }) {
      const apiKey = bearerToken(req.headers.authorization) ?? '';
      const connection = requestedConnection(req.headers);
      const port = req.socket.localPort;
      const family = req.socket.localFamily === 'IPv6' ? '[::1]' : '127.0.0.1';
      const client = createWatiClient({
        baseUrl: `http://${family}:${port}`,
        apiKey,
        ...(typeof connection === 'string' ? { connection } : {}),
        ...registry,
      });
      return {
        client,
        allowSends: hasScope(scopes, 'wati:send'),
        allowWrites: hasScope(scopes, 'wati:send'),
        allowConnections: hasScope(scopes, 'connections'),
      };
    },
  });

  // The MCP handler's own cap (24 MiB, base64 files), not the control plane's 1 MiB.
  app.post('/mcp', { bodyLimit: defaultMaxRequestBodyBytes }, async (request, reply) => {
    const { key } = await auth.authenticate(request);
    requireScope(key, 'wati:read');
    reply.hijack();
    await handler(request.raw, reply.raw, request.body, { scopes: key.scopes });
  });

  const stateless = async () => {
    throw new GatewayError(
      'method_not_allowed',
      'This MCP endpoint is stateless Streamable HTTP: send JSON-RPC messages with POST',
    );
  };
  app.get('/mcp', stateless);
  app.delete('/mcp', stateless);
}
