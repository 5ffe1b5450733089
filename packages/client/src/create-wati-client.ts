/**
 * `createWatiClient`: one typed client, two modes. With `apiKey` it talks to a Watigate gateway
 * (`<baseUrl>/wati/api/...`, plus the control plane); with `token` it talks straight to a WATI
 * tenant (`<API endpoint URL>/api/...`). The methods are the same.
 */

import { registry } from '@watigate/spec';
import {
  type DirectClientOptions,
  type GatewayClientOptions,
  parseClientOptions,
  secretsOf,
  type WatiClientOptions,
} from './client-options.js';
import { type Call, type CallById, createCall } from './create-call.js';
import { createControlRequest } from './create-control-request.js';
import { createTransport } from './create-transport.js';
import { type ConnectionsResource, createConnections } from './resources/connections.js';
import { type ContactsResource, createContacts } from './resources/contacts.js';
import { createEvents, type EventsResource } from './resources/events.js';
import { createInteractive, type InteractiveResource } from './resources/interactive.js';
import { createKeys, type KeysResource } from './resources/keys.js';
import { createMedia, type MediaResource } from './resources/media.js';
import { createMessages, type MessagesResource } from './resources/messages.js';
import { createOperators, type OperatorsResource } from './resources/operators.js';
import { createTemplates, type TemplatesResource } from './resources/templates.js';

export interface WatiClient {
  readonly mode: 'gateway' | 'direct';
  /** Any registry operation by id, with its registry-typed input and answer. */
  call: Call;
  /** Any operation of the client's registry by an id known only at run time (adapters). */
  callById: CallById;
  contacts: ContactsResource;
  messages: MessagesResource;
  templates: TemplatesResource;
  interactive: InteractiveResource;
  operators: OperatorsResource;
  media: MediaResource;
}

export interface WatiGatewayClient extends WatiClient {
  readonly mode: 'gateway';
  connections: ConnectionsResource;
  keys: KeysResource;
  /** WATI's webhooks as the gateway received them: `list`, `iterate`, `stream`, `waitFor`. */
  events: EventsResource;
}

/** Gateway mode: a Watigate API key and, optionally, a connection id. */
export function createWatiClient(options: GatewayClientOptions): WatiGatewayClient;
/** Direct mode: a WATI tenant's API endpoint URL and access token. */
export function createWatiClient(options: DirectClientOptions): WatiClient;
export function createWatiClient(options: WatiClientOptions): WatiClient | WatiGatewayClient {
  const config = parseClientOptions(options);
  const transport = createTransport(config);
  const { call, callById } = createCall(config, transport, config.registry ?? registry);
  const client: WatiClient = {
    mode: config.mode,
    call,
    callById,
    contacts: createContacts(call),
    messages: createMessages(call),
    templates: createTemplates(call, secretsOf(config)),
    interactive: createInteractive(call),
    operators: createOperators(call),
    media: createMedia(call),
  };
  if (config.mode === 'direct') return client;
  const control = createControlRequest(config, transport);
  return {
    ...client,
    mode: 'gateway',
    connections: createConnections(control),
    keys: createKeys(control),
    events: createEvents(control, config),
  };
}
