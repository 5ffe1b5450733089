/** The control plane's paths in the OpenAPI document, written by hand: `/connections`, `/keys`, `/audit`, health. */
import { connectionStatuses, keyScopes } from '@watigate/spec';
import { connectionRef, errorResponse, type Json, jsonBody, keyRef, ok } from './responses.js';

/** Same key and body: the first answer again (24 h); another body: 422 idempotency_key_reused. */
const idempotencyKeyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retried create create once: the same key and body answer the first answer for 24 h; another body answers 422 idempotency_key_reused.',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
};

const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

export const controlPlanePaths: Json = {
  '/connections': {
    get: {
      operationId: 'listConnections',
      parameters: [
        { name: 'app', in: 'query', schema: { type: 'string', enum: ['wati'] } },
        {
          name: 'status',
          in: 'query',
          schema: { type: 'string', enum: [...connectionStatuses] },
        },
      ],
      responses: ok('The account’s connections', {
        type: 'object',
        properties: { connections: { type: 'array', items: connectionRef } },
      }),
    },
    post: {
      operationId: 'createConnection',
      parameters: [idempotencyKeyHeader],
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
      parameters: [idempotencyKeyHeader],
      requestBody: jsonBody({
        type: 'object',
        required: ['scopes'],
        properties: {
          name: { type: 'string' },
          scopes: { type: 'array', items: { enum: [...keyScopes] } },
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
  '/keys/self': {
    get: {
      operationId: 'getOwnKey',
      description: 'The calling key itself (any scope): its scopes, allowlist, send cap and expiry.',
      responses: ok('The calling key, without its secret', { type: 'object', properties: { key: keyRef } }),
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
};
