/**
 * `/mcp`: the MCP server (@watigate/mcp) over stateless Streamable HTTP, authenticated with a
 * Watigate key. A key needs `wati:read` to reach it; without `wati:send` the send and write
 * tools are neither listed nor run. Tools call the data plane in process (no socket, so `/mcp`
 * works on whatever address the gateway listens on), as the caller, with its connection header:
 * scopes, connection choice, WATI-plan limits, idempotency and audit apply exactly as for
 * `/wati/...`. The key's own rate counts the `/mcp` request once, not again for each WATI call.
 *
 * A missing or refused key answers 401 with `WWW-Authenticate: Bearer resource_metadata="…"`
 * (RFC 6750, RFC 9728 §5.1), and `/.well-known/oauth-protected-resource[/mcp]` describes `/mcp`
 * as a resource taking a bearer token in the header and naming no authorization server: the
 * Watigate key is the token, there is no OAuth flow to start, and an MCP client reading the
 * metadata can tell its user so instead of failing an OAuth discovery.
 *
 * The tools speak WATI's v3 API unless the URL asks for v1: `/mcp?api_version=v1` (the seed's
 * v1/v2 endpoints, as a Maton-compatible caller expects). A URL is what every MCP host lets a
 * person configure, headers not always.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createWatiClient } from '@watigate/client';
import {
  type ApiVersion,
  apiVersions,
  createMcpHttpHandler,
  defaultMaxRequestBodyBytes,
} from '@watigate/mcp';
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
  /** `?api_version=`, when given. */
  apiVersion: ApiVersion | undefined;
}

/** The query parameter that picks the tools' WATI API version. */
export const apiVersionParameter = 'api_version';

/** `?api_version=v1|v3` (any case), undefined when absent; anything else is a 400 saying what to send. */
export function mcpApiVersion(query: unknown): ApiVersion | undefined {
  const value = (query as Record<string, unknown> | undefined)?.[apiVersionParameter];
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if ((apiVersions as readonly string[]).includes(text)) return text as ApiVersion;
  throw new GatewayError(
    'bad_request',
    `${apiVersionParameter} must be v3 (WATI's recommended API, the default) or v1 (the seed's v1/v2 endpoints, as Maton's gateway forwards them), once: /mcp?${apiVersionParameter}=v1`,
    { details: [{ field: apiVersionParameter, message: 'v1 or v3' }] },
  );
}

/** Where RFC 9728 puts a protected resource's metadata. */
export const protectedResourcePath = '/.well-known/oauth-protected-resource';

/** Adds to a key check's error the RFC 6750 challenge an MCP client reads (missing, invalid key, scope). */
function addBearerChallenge(error: unknown, metadataUrl: string): void {
  if (!(error instanceof GatewayError) || (error.status !== 401 && error.status !== 403)) return;
  const quoted = (text: string) => `"${text.replace(/["\\]/g, '')}"`;
  const params = [`realm="watigate"`, `resource_metadata=${quoted(metadataUrl)}`];
  if (error.code === 'insufficient_scope') params.push('error="insufficient_scope"', 'scope="wati:read"');
  else if (error.status === 401 && error.code !== 'missing_key') params.push('error="invalid_token"');
  if (error.code !== 'missing_key') params.push(`error_description=${quoted(error.message)}`);
  error.headers['www-authenticate'] = `Bearer ${params.join(', ')}`;
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
        ...(caller.apiVersion ? { apiVersion: caller.apiVersion } : {}),
      };
    },
  });

  const metadataUrl = `${deps.config.publicUrl}${protectedResourcePath}/mcp`;
  const metadata = {
    resource: `${deps.config.publicUrl}/mcp`,
    // No `authorization_servers`: the bearer token is a Watigate API key (`watigate keys create`), not an OAuth token.
    resource_name: 'Watigate MCP server (authenticate with a Watigate API key: Authorization: Bearer wg_…)',
    bearer_methods_supported: ['header'],
    scopes_supported: ['wati:read', 'wati:send', 'connections', 'events:read'],
  };
  for (const path of [protectedResourcePath, `${protectedResourcePath}/mcp`]) {
    app.get(path, async (_request, reply) => reply.header('cache-control', 'max-age=3600').send(metadata));
  }

  // The MCP handler's own cap (24 MiB, base64 files), not the control plane's 1 MiB.
  // The challenge goes on the key check's error wherever it is thrown: in the app's onRequest
  // hook (before the body is read) or here. onError runs before the error handler answers.
  const onError = async (_request: unknown, _reply: unknown, error: unknown) => {
    addBearerChallenge(error, metadataUrl);
  };
  app.post('/mcp', { bodyLimit: defaultMaxRequestBodyBytes, onError }, async (request, reply) => {
    const caller = await auth.authenticate(request);
    requireScope(caller.key, 'wati:read');
    const apiVersion = mcpApiVersion(request.query);
    reply.hijack();
    await handler(request.raw, reply.raw, request.body, { auth: caller, ip: request.ip, apiVersion });
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
