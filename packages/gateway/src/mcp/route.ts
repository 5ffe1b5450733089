/**
 * `/mcp`: the MCP server (@watigate/mcp) over stateless Streamable HTTP, authenticated with a
 * Watigate key. A key needs `wati:read` to reach it; without `wati:send` the send and write
 * tools are neither listed nor run. Tools call the data plane in process (no socket, so `/mcp`
 * works on whatever address the gateway listens on), as the caller, with its connection header:
 * scopes, connection choice, WATI-plan limits, idempotency and audit apply exactly as for
 * `/wati/...`. The key's own rate counts the `/mcp` request once, not again for each WATI call.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createWatiClient } from '@watigate/client';
import { createMcpHttpHandler, defaultMaxRequestBodyBytes } from '@watigate/mcp';
import { hasScope } from '@watigate/spec';
import type { FastifyInstance } from 'fastify';
import { type AuthContext, bearerToken, requireScope } from '../auth/authenticate.js';
import { GatewayError } from '../errors/gateway-error.js';
import { requestedConnection } from '../proxy/choose-connection.js';
import type { DataPlane } from '../proxy/data-plane.js';
import type { RouteContext } from '../routes/route-context.js';
import { inProcessFetch, inProcessOrigin } from './in-process-fetch.js';

/** What the route knows of the caller once its key is checked, handed to each MCP call. */
interface Caller {
  auth: AuthContext;
  /** The caller's address, for the data plane's logs. */
  ip: string;
}

export function registerMcpRoute(
  app: FastifyInstance,
  { auth, deps }: RouteContext,
  dataPlane: Pick<DataPlane, 'handleFor'>,
): void {
  const registry = deps.registry ? { registry: deps.registry } : {};
  // `list_connections`, `get_events` and `wait_for_reply` read the control plane: Fastify's own
  // router, in process too (its key check counts once more against the key's rate).
  const controlPlane = (req: IncomingMessage, res: ServerResponse) => app.routing(req, res);
  const handler = createMcpHttpHandler<Caller>({
    ...registry,
    clientFor(req, caller) {
      const { scopes } = caller.auth.key;
      const apiKey = bearerToken(req.headers.authorization) ?? '';
      const connection = requestedConnection(req.headers);
      const client = createWatiClient({
        baseUrl: inProcessOrigin,
        apiKey,
        fetch: inProcessFetch(
          (path) => (path.startsWith('/wati/') ? dataPlane.handleFor(caller.auth) : controlPlane),
          { remoteAddress: caller.ip },
        ),
        ...(typeof connection === 'string' ? { connection } : {}),
        ...registry,
      });
      return {
        client,
        allowSends: hasScope(scopes, 'wati:send'),
        allowWrites: hasScope(scopes, 'wati:send'),
        allowConnections: hasScope(scopes, 'connections'),
        allowEvents: hasScope(scopes, 'events:read'),
      };
    },
  });

  // The MCP handler's own cap (24 MiB, base64 files), not the control plane's 1 MiB.
  app.post('/mcp', { bodyLimit: defaultMaxRequestBodyBytes }, async (request, reply) => {
    const caller = await auth.authenticate(request);
    requireScope(caller.key, 'wati:read');
    reply.hijack();
    await handler(request.raw, reply.raw, request.body, { auth: caller, ip: request.ip });
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
