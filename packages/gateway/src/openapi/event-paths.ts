/** `/events`, `/events/stream`, the inbound webhook and its renewal in the OpenAPI document (docs/events.md), written by hand. */
import { eventTypes, maxEventPageSize, maxEventWaitSeconds } from '@watigate/spec';
import { errorResponse, type Json, ok } from './responses.js';

const nullableString = { type: ['string', 'null'] };

/** spec `WatigateEvent`. */
const event: Json = {
  type: 'object',
  required: [
    'id',
    'type',
    'connection_id',
    'whatsapp_number',
    'wati_event_type',
    'wati_message_id',
    'whatsapp_message_id',
    'occurred_at',
    'received_at',
    'body',
  ],
  properties: {
    id: { type: 'string', description: '`evt_<n>`: stable, and the cursor to resume after it' },
    type: { enum: [...eventTypes] },
    connection_id: { type: 'string' },
    whatsapp_number: nullableString,
    wati_event_type: { type: 'string', description: 'WATI’s eventType as received' },
    wati_message_id: nullableString,
    whatsapp_message_id: nullableString,
    occurred_at: { ...nullableString, format: 'date-time' },
    received_at: { type: 'string', format: 'date-time' },
    body: { description: 'WATI’s webhook body, as received' },
  },
};

const query = (name: string, description: string, schema: Json = { type: 'string' }): Json => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

const filters = [
  query(
    'after',
    'An event id (evt_42): the events after it; `latest`: only events from now on; absent: from the oldest kept',
  ),
  query('type', 'Comma-separated event types', {
    type: 'string',
    example: 'message.received,template.failed',
  }),
  query('whatsappNumber', 'Only this customer (digits with the country code)'),
  query('connectionId', 'Only this connection'),
  query('since', 'Only events received at or after this time', { type: 'string', format: 'date-time' }),
];

export const eventPaths: Json = {
  '/events': {
    get: {
      operationId: 'listEvents',
      description:
        'Inbound events after a cursor, oldest first. With `wait`, a request that finds none is held until one arrives or the time is up. Needs `events:read`.',
      parameters: [
        ...filters,
        query('limit', `1 to ${maxEventPageSize}`, {
          type: 'integer',
          minimum: 1,
          maximum: maxEventPageSize,
          default: 100,
        }),
        query(
          'wait',
          `Seconds to hold the request when there is nothing to answer (0 to ${maxEventWaitSeconds})`,
          {
            type: 'number',
            minimum: 0,
            maximum: maxEventWaitSeconds,
            default: 0,
          },
        ),
      ],
      responses: {
        ...ok('The events and the cursor to continue from', {
          type: 'object',
          required: ['events', 'next_cursor'],
          properties: { events: { type: 'array', items: event }, next_cursor: nullableString },
        }),
        '422': errorResponse('invalid_request'),
      },
    },
  },
  '/events/stream': {
    get: {
      operationId: 'streamEvents',
      description:
        'The same events as Server-Sent Events (`id: evt_<n>`, `event: <type>`, `data: <event JSON>`), a `: keep-alive` comment line every WATIGATE_EVENT_HEARTBEAT_MS. Resumes after `Last-Event-ID`. Needs `events:read`.',
      parameters: [
        ...filters,
        { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
      ],
      responses: {
        '200': {
          description: 'An open event stream',
          content: { 'text/event-stream': { schema: { type: 'string' } } },
        },
        '401': errorResponse('missing_key or invalid_key'),
        '403': errorResponse('insufficient_scope'),
        '422': errorResponse('invalid_request'),
      },
    },
  },
  '/connections/{id}/webhook': {
    post: {
      operationId: 'renewInboundWebhook',
      description:
        'A new inbound webhook URL for the connection, shown once (the old one stops working at once), registered with WATI when WATI’s API allows it. Needs `connections`.',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        ...ok('How the URL was set up, and the URL itself', {
          type: 'object',
          properties: {
            inbound_webhook: {
              type: 'object',
              properties: {
                setup: { enum: ['registered', 'manual'] },
                url: { type: 'string' },
                reason: nullableString,
                created_at: { type: 'string', format: 'date-time' },
              },
            },
          },
        }),
        '404': errorResponse('connection_not_found'),
        '409': errorResponse('connection_not_active'),
      },
    },
  },
  '/hooks/wati/{secret}': {
    post: {
      operationId: 'receiveWatiWebhook',
      description:
        'Where WATI posts a connection’s webhooks. The secret in the path is the credential (WATI signs nothing); a wrong one answers as an unknown path. Stored once, before the 200.',
      security: [],
      parameters: [{ name: 'secret', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
      responses: {
        '200': { description: 'Stored (or a repeat of a stored delivery)' },
        '400': errorResponse('bad_request: not a JSON object'),
        '404': errorResponse('not_found'),
        '413': errorResponse('payload_too_large: over 256 KiB'),
        '415': errorResponse('unsupported_media_type: not application/json'),
      },
    },
  },
};
