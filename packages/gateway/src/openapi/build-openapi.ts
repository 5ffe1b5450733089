/**
 * The gateway's OpenAPI 3.1 document: the control plane written by hand, the `/wati/...` paths
 * generated from the registry so the two can never disagree about what is forwarded.
 */
import { type Operation, operationList } from '@watigate/spec';
import { z } from 'zod';

type Json = Record<string, unknown>;

const errorResponse = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const connectionRef = { $ref: '#/components/schemas/Connection' };
const keyRef = { $ref: '#/components/schemas/Key' };

function jsonBody(schema: Json): Json {
  return { required: true, content: { 'application/json': { schema } } };
}

function ok(description: string, schema: Json, status = '200'): Json {
  return {
    [status]: { description, content: { 'application/json': { schema } } },
    '401': errorResponse('missing_key or invalid_key'),
    '403': errorResponse('insufficient_scope'),
  };
}

function schemaOf(type: z.ZodType): Json {
  try {
    return z.toJSONSchema(type, { unrepresentable: 'any', io: 'input' }) as Json;
  } catch {
    return {};
  }
}

function watiPath(op: Operation): Json {
  const params = Object.entries(op.params);
  const parameters = params
    .filter(([, p]) => p.in === 'path' || p.in === 'query')
    .map(([name, p]) => ({
      name,
      in: p.in,
      required: p.in === 'path' || !p.schema.safeParse(undefined).success,
      description: p.description,
      schema: p.encode === 'json' ? { type: 'string', description: 'JSON' } : schemaOf(p.schema),
    }));
  const bodyParams = params.filter(([, p]) => p.in === 'json' || p.in === 'form' || p.in === 'multipart');
  const media = {
    json: 'application/json',
    form: 'application/x-www-form-urlencoded',
    multipart: 'multipart/form-data',
  };
  const first = bodyParams[0]?.[1].in as keyof typeof media | undefined;
  const requestBody = first
    ? {
        required: true,
        content: {
          [media[first]]: {
            schema: {
              type: 'object',
              properties: Object.fromEntries(
                bodyParams.map(([name, p]) => [
                  name,
                  p.in === 'multipart'
                    ? { type: 'string', format: 'binary' }
                    : { ...schemaOf(p.schema), description: p.description },
                ]),
              ),
            },
          },
        },
      }
    : undefined;
  return {
    operationId: op.id,
    summary: op.summary,
    tags: [`wati:${op.resource}`],
    description: `Forwarded to WATI with the connection's token. Needs the \`${op.kind === 'read' ? 'wati:read' : 'wati:send'}\` scope. WATI's answer is passed through unchanged.`,
    externalDocs: { url: op.see },
    parameters: [
      { name: 'Maton-Connection', in: 'header', required: false, schema: { type: 'string', format: 'uuid' } },
      ...parameters,
    ],
    ...(requestBody ? { requestBody } : {}),
    responses: {
      '200': { description: "WATI's answer, passed through (including HTTP 200 with `result: false`)" },
      '400': errorResponse('connection_missing, connection_ambiguous or invalid_path'),
      '401': errorResponse('missing_key or invalid_key'),
      '404': errorResponse('connection_not_found'),
      '409': errorResponse('connection_not_active'),
      '422': errorResponse('invalid_request (pre-flight)'),
      '429': errorResponse('rate_limited'),
      '502': errorResponse('upstream_unreachable'),
      '504': errorResponse('upstream_timeout'),
    },
  };
}

export function buildOpenApi(options: { publicUrl: string; version: string }): Json {
  const watiPaths: Json = {};
  for (const op of operationList) {
    const path = `/wati${op.path}`;
    watiPaths[path] = { ...(watiPaths[path] as Json | undefined), [op.method.toLowerCase()]: watiPath(op) };
  }
  const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Watigate',
      version: options.version,
      description: 'Managed authentication for the WATI API: control plane and the `/wati/...` data plane.',
    },
    servers: [{ url: options.publicUrl }],
    security: [{ bearer: [] }],
    paths: {
      '/connections': {
        get: {
          operationId: 'listConnections',
          parameters: [
            { name: 'app', in: 'query', schema: { type: 'string', enum: ['wati'] } },
            {
              name: 'status',
              in: 'query',
              schema: { type: 'string', enum: ['PENDING', 'ACTIVE', 'FAILED'] },
            },
          ],
          responses: ok('The account’s connections', {
            type: 'object',
            properties: { connections: { type: 'array', items: connectionRef } },
          }),
        },
        post: {
          operationId: 'createConnection',
          requestBody: jsonBody({
            type: 'object',
            required: ['app'],
            properties: { app: { const: 'wati' } },
          }),
          responses: ok(
            'A PENDING connection; open its url',
            { type: 'object', properties: { connection: connectionRef } },
            '201',
          ),
        },
      },
      '/connections/{id}': {
        get: {
          operationId: 'getConnection',
          parameters: [idParam('id')],
          responses: {
            ...ok('The connection', { type: 'object', properties: { connection: connectionRef } }),
            '404': errorResponse('connection_not_found'),
          },
        },
        delete: {
          operationId: 'deleteConnection',
          parameters: [idParam('id')],
          responses: {
            ...ok('Deleted; the stored token is erased', {
              type: 'object',
              properties: { connection: connectionRef },
            }),
            '404': errorResponse('connection_not_found'),
          },
        },
      },
      '/keys': {
        get: {
          operationId: 'listKeys',
          responses: ok('The account’s keys, without secrets', {
            type: 'object',
            properties: { keys: { type: 'array', items: keyRef } },
          }),
        },
        post: {
          operationId: 'createKey',
          requestBody: jsonBody({
            type: 'object',
            required: ['scopes'],
            properties: {
              name: { type: 'string' },
              scopes: { type: 'array', items: { enum: ['connections', 'wati:read', 'wati:send', 'admin'] } },
              connections: { type: 'array', items: { type: 'string', format: 'uuid' } },
              dailySendCap: { type: 'integer', minimum: 1 },
              expiresAt: { type: 'string', format: 'date-time' },
            },
          }),
          responses: ok(
            'The key and its secret, shown once',
            { type: 'object', properties: { key: keyRef, secret: { type: 'string' } } },
            '201',
          ),
        },
      },
      '/keys/{id}': {
        delete: {
          operationId: 'revokeKey',
          parameters: [idParam('id')],
          responses: ok('The revoked key', { type: 'object', properties: { key: keyRef } }),
        },
      },
      '/audit': {
        get: {
          operationId: 'listAudit',
          parameters: [
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: ok('Audit entries, newest first', { type: 'object' }),
        },
      },
      '/healthz': {
        get: {
          operationId: 'healthz',
          security: [],
          responses: { '200': { description: 'The process answers' } },
        },
      },
      '/readyz': {
        get: {
          operationId: 'readyz',
          security: [],
          responses: { '200': { description: 'Ready' }, '503': errorResponse('service_unavailable') },
        },
      },
      '/metrics': {
        get: {
          operationId: 'metrics',
          security: [],
          responses: { '200': { description: 'Prometheus text format' } },
        },
      },
      ...watiPaths,
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A Watigate key, `wg_…`' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'requestId', 'details'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                requestId: { type: 'string' },
                details: { type: 'array', items: { type: 'object' } },
              },
            },
          },
        },
        Connection: {
          type: 'object',
          required: [
            'connection_id',
            'status',
            'creation_time',
            'last_updated_time',
            'url',
            'app',
            'metadata',
          ],
          properties: {
            connection_id: { type: 'string', format: 'uuid' },
            status: { enum: ['PENDING', 'ACTIVE', 'FAILED'] },
            creation_time: { type: 'string', format: 'date-time' },
            last_updated_time: { type: 'string', format: 'date-time' },
            url: { type: 'string' },
            app: { const: 'wati' },
            metadata: { type: 'object' },
          },
        },
        Key: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            name: { type: ['string', 'null'] },
            prefix: { type: 'string' },
            scopes: { type: 'array', items: { type: 'string' } },
            connections: { type: ['array', 'null'], items: { type: 'string' } },
            daily_send_cap: { type: ['integer', 'null'] },
            expires_at: { type: ['string', 'null'] },
            last_used_at: { type: ['string', 'null'] },
            created_at: { type: 'string' },
            revoked_at: { type: ['string', 'null'] },
          },
        },
      },
    },
  };
}
