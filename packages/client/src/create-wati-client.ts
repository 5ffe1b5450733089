/**
 * `createWatiClient`: one typed client, two modes. With `apiKey` it talks to a Watigate gateway
 * (`<baseUrl>/wati/api/...`, plus the control plane); with `token` it talks straight to a WATI
 * tenant (`<API endpoint URL>/api/...`). The methods are the same.
 *
 * Each resource speaks WATI's v1 or v3 API, chosen by `apiVersion` (per client, and per call in
 * the options argument); the client's type `WatiClient<V>` follows the client's choice.
 */
import { registry } from '@watigate/spec';
import type { ApiVersion } from './api-version.js';
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
import { type BroadcastsResource, createBroadcastsV3 } from './resources/broadcasts.js';
import { type ChannelsResource, createChannelsV3 } from './resources/channels.js';
import { type ChatbotsResource, createChatbotsV3 } from './resources/chatbots.js';
import { type ConnectionsResource, createConnections } from './resources/connections.js';
import { type ContactsResource, createContacts } from './resources/contacts.js';
import { createContactsV3 } from './resources/contacts-v3.js';
import { type ConversationsResource, createConversationsV3 } from './resources/conversations.js';
import { createEvents, type EventsResource } from './resources/events.js';
import { createInteractive, createInteractiveV3, type InteractiveResource } from './resources/interactive.js';
import { createKeys, type KeysResource } from './resources/keys.js';
import { createMedia, createMediaV3, type MediaResource } from './resources/media.js';
import { createMessages, type MessagesResource } from './resources/messages.js';
import { createMessagesV3 } from './resources/messages-v3.js';
import { createOperators, createOperatorsV3, type OperatorsResource } from './resources/operators.js';
import { createTemplates, type TemplatesResource } from './resources/templates.js';
import { createTemplatesV3 } from './resources/templates-v3.js';
import { createVersionedResource } from './versioned-resource.js';

/**
 * A client whose resource methods default to WATI's `V` API (`v1` unless `createWatiClient` was
 * given `apiVersion: 'v3'`). A method of the other version takes `{ apiVersion }` in its options.
 */
export interface WatiClient<V extends ApiVersion = 'v1'> {
  readonly mode: 'gateway' | 'direct';
  /** The API the resource methods use when a call does not say. */
  readonly apiVersion: V;
  /** Any registry or v3 operation by id, with its typed input and answer. */
  call: Call;
  /** Any operation of the client's registry or of `registryV3` by an id known only at run time (adapters). */
  callById: CallById;
  contacts: ContactsResource<V>;
  messages: MessagesResource<V>;
  templates: TemplatesResource<V>;
  interactive: InteractiveResource<V>;
  operators: OperatorsResource<V>;
  media: MediaResource<V>;
  /** v3 only: a conversation's status. */
  conversations: ConversationsResource<V>;
  /** v3 only: template sends and schedules as broadcasts (campaigns). */
  broadcasts: BroadcastsResource<V>;
  /** v3 only: the account's WhatsApp numbers. */
  channels: ChannelsResource<V>;
  /** v3 only: chatbots. */
  chatbots: ChatbotsResource<V>;
}

export interface WatiGatewayClient<V extends ApiVersion = 'v1'> extends WatiClient<V> {
  readonly mode: 'gateway';
  connections: ConnectionsResource;
  keys: KeysResource;
  /** WATI's webhooks as the gateway received them: `list`, `iterate`, `stream`, `waitFor`. */
  events: EventsResource;
}

/** Gateway mode: a Watigate API key and, optionally, a connection id. */
export function createWatiClient<V extends ApiVersion = 'v1'>(
  options: GatewayClientOptions<V>,
): WatiGatewayClient<V>;
/** Direct mode: a WATI tenant's API endpoint URL and access token. */
export function createWatiClient<V extends ApiVersion = 'v1'>(options: DirectClientOptions<V>): WatiClient<V>;
export function createWatiClient(
  options: WatiClientOptions<ApiVersion>,
): WatiClient<ApiVersion> | WatiGatewayClient<ApiVersion> {
  const config = parseClientOptions(options);
  const transport = createTransport(config);
  const { call, callById } = createCall(config, transport, config.registry ?? registry);
  const secrets = secretsOf(config);
  const version = config.apiVersion;
  const versioned = <R1 extends object, R3 extends object>(
    name: string,
    v1: R1,
    v3: R3,
    positions: { v1: { [K in keyof R1]: number }; v3: { [K in keyof R3]: number } },
    // biome-ignore lint/suspicious/noExplicitAny: each resource's type is given by WatiClient<V>.
  ): any => createVersionedResource(name, version, { v1, v3 }, positions);

  const client: WatiClient<ApiVersion> = {
    mode: config.mode,
    apiVersion: version,
    call,
    callById,
    contacts: versioned('contacts', createContacts(call), createContactsV3(call), {
      v1: { list: 1, iterate: 1, add: 2, updateAttributes: 2 },
      v3: { list: 1, iterate: 1, get: 1, count: 1, add: 2, updateAttributes: 2, assignTeams: 2 },
    }),
    messages: versioned('messages', createMessages(call), createMessagesV3(call), {
      v1: { list: 2, iterate: 2, sendText: 2, sendFile: 2 },
      v3: { list: 2, iterate: 2, sendText: 2, sendFile: 2, sendFileByUrl: 2 },
    }),
    templates: versioned('templates', createTemplates(call, secrets), createTemplatesV3(call), {
      v1: { list: 1, iterate: 1, find: 1, send: 2, sendBulk: 1, sendCsv: 1 },
      v3: { list: 1, iterate: 1, find: 1, get: 1, send: 1, schedule: 1 },
    }),
    interactive: versioned('interactive', createInteractive(call), createInteractiveV3(call), {
      v1: { sendButtons: 2, sendList: 2 },
      v3: { sendButtons: 2, sendList: 2 },
    }),
    operators: versioned('operators', createOperators(call), createOperatorsV3(call), {
      v1: { assign: 2 },
      v3: { assign: 2 },
    }),
    media: versioned('media', createMedia(call), createMediaV3(call), { v1: { get: 1 }, v3: { get: 1 } }),
    conversations: versioned('conversations', {}, createConversationsV3(call, secrets), {
      v1: {},
      v3: { setStatus: 2 },
    }),
    broadcasts: versioned('broadcasts', {}, createBroadcastsV3(call), {
      v1: {},
      v3: { list: 1, iterate: 1, get: 1, overview: 1, recipients: 2, iterateRecipients: 2 },
    }),
    channels: versioned('channels', {}, createChannelsV3(call), { v1: {}, v3: { list: 1 } }),
    chatbots: versioned('chatbots', {}, createChatbotsV3(call), { v1: {}, v3: { list: 1, start: 2 } }),
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
