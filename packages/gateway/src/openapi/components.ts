/** The OpenAPI document's shared schemas: the error body, Connection and Key, and the bearer scheme. */
import { connectionStatuses } from '@watigate/spec';
import type { Json } from './responses.js';

export const components: Json = {
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
      required: ['connection_id', 'status', 'creation_time', 'last_updated_time', 'url', 'app', 'metadata'],
      properties: {
        connection_id: { type: 'string', format: 'uuid' },
        status: { enum: [...connectionStatuses] },
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
};
