/** `/subscriptions` in the OpenAPI document (docs/events.md "Push: subscriptions"), written by hand. */
import { eventTypes, subscriptionStatuses } from '@watigate/spec';
import { errorResponse, type Json, jsonBody, ok } from './responses.js';

const nullableString = { type: ['string', 'null'] };

/** spec `Subscription`. */
const subscription: Json = {
  type: 'object',
  required: [
    'id',
    'url',
    'types',
    'status',
    'cursor',
    'failing_since',
    'last_error',
    'next_attempt_at',
    'created_at',
  ],
  properties: {
    id: { type: 'string' },
    url: { type: 'string' },
    types: { type: 'array', items: { enum: [...eventTypes] }, description: 'Empty: every type' },
    status: { enum: [...subscriptionStatuses] },
    cursor: { ...nullableString, description: 'Events after this one are pushed next' },
    failing_since: { ...nullableString, format: 'date-time' },
    last_error: nullableString,
    next_attempt_at: { ...nullableString, format: 'date-time' },
    created_at: { type: 'string', format: 'date-time' },
    secret: { type: 'string', description: 'whsec_…, the Standard Webhooks secret: only when created' },
  },
};
const one = { type: 'object', properties: { subscription } };
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const notFound = { '404': errorResponse('not_found') };

export const subscriptionPaths: Json = {
  '/subscriptions': {
    get: {
      operationId: 'listSubscriptions',
      responses: ok('The account’s subscriptions', {
        type: 'object',
        properties: { subscriptions: { type: 'array', items: subscription } },
      }),
    },
    post: {
      operationId: 'createSubscription',
      requestBody: jsonBody({
        type: 'object',
        required: ['url'],
        properties: { url: { type: 'string' }, types: { type: 'array', items: { enum: [...eventTypes] } } },
      }),
      responses: {
        ...ok('The subscription and its signing secret, shown once', one, '201'),
        '422': errorResponse('invalid_request or host_not_allowed'),
      },
    },
  },
  '/subscriptions/{id}': {
    get: {
      operationId: 'getSubscription',
      parameters: [id],
      responses: { ...ok('The subscription', one), ...notFound },
    },
    delete: {
      operationId: 'deleteSubscription',
      parameters: [id],
      responses: { ...ok('Deleted: nothing more is pushed', one), ...notFound },
    },
  },
  '/subscriptions/{id}/replay': {
    post: {
      operationId: 'replaySubscription',
      parameters: [id],
      requestBody: jsonBody({
        type: 'object',
        required: ['after'],
        properties: { after: { type: 'string' } },
      }),
      responses: { ...ok('Active again, delivering from after the given event', one), ...notFound },
    },
  },
};
