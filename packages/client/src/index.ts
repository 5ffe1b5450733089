export type { ApiVersion, VersionArgs, Versioned, VersionOptions } from './api-version.js';
export { apiVersions, defaultApiVersion } from './api-version.js';
export type { V3RequestParts } from './build-v3-request.js';
export { buildV3Request } from './build-v3-request.js';
export { callV3ById } from './call-v3-by-id.js';
export type {
  DirectClientOptions,
  GatewayClientOptions,
  RetryOptions,
  Sleep,
  WatiClientOptions,
} from './client-options.js';
export { parseClientOptions } from './client-options.js';
export type {
  ApiKey,
  Connection,
  ConnectionStatus,
  CreateConnectionParams,
  CreateKeyParams,
  KeyScope,
  ListConnectionsParams,
} from './control-schemas.js';
export { connectionStatuses, keyScopes } from './control-schemas.js';
export type { Call, CallById } from './create-call.js';
export { apiRootV3, checkV3Answer } from './create-call.js';
export type { RequestOptions } from './create-transport.js';
export type { WatiClient, WatiGatewayClient } from './create-wati-client.js';
export { createWatiClient } from './create-wati-client.js';
export type { FailedAnswer } from './error-from-response.js';
export { errorFromResponse } from './error-from-response.js';
export type { FailedV3Answer } from './error-from-v3-response.js';
export { errorFromV3Response } from './error-from-v3-response.js';
export type { ClientErrorCode, WatiAnswerOptions, WatiErrorOptions } from './errors.js';
export {
  clientErrorCodes,
  isWatiError,
  WatiApiError,
  WatiAuthError,
  WatiConnectionError,
  WatiError,
  WatiGatewayError,
  WatiInvalidNumberError,
  WatiRateLimitError,
  WatiSessionWindowError,
  WatiTemplateError,
  WatiTimeoutError,
  WatiValidationError,
} from './errors.js';
export type { EventFilters, EventQuery, ListEventsParams } from './event-query.js';
export { eventQuery } from './event-query.js';
export { isFailureBody, isV3FailureBody } from './is-failure-body.js';
export type { CallInput, CallOutput, MediaFile, ParamsOf } from './operation-types.js';
export type { Page, PaginateOptions } from './paginate.js';
export { isLastPage, paginate } from './paginate.js';
export type { PaginateV3Options, V3Page } from './paginate-v3.js';
export { isLastV3Page, paginateV3, v3MaxPageSize, withPage } from './paginate-v3.js';
export { parseRetryAfter } from './parse-retry-after.js';
export { prepareInput } from './prepare-input.js';
export type { PreparedV3Input } from './prepare-v3-input.js';
export { prepareV3Input } from './prepare-v3-input.js';
export type { ClientEnv } from './read-client-env.js';
export { clientEnvAliases, clientEnvVariables, readClientEnv } from './read-client-env.js';
export type {
  BroadcastsResource,
  BroadcastsV3,
  V3BroadcastItem,
  V3BroadcastListParams,
  V3BroadcastOverviewParams,
  V3BroadcastRecipient,
  V3BroadcastRecipientParams,
} from './resources/broadcasts.js';
export type { ChannelsResource, ChannelsV3, V3ChannelListParams } from './resources/channels.js';
export type { ChatbotsResource, ChatbotsV3, V3ChatbotListParams } from './resources/chatbots.js';
export type { ConnectionsResource } from './resources/connections.js';
export type { ContactItem, ContactListParams, ContactsResource, ContactsV1 } from './resources/contacts.js';
export type {
  ContactsV3,
  V3ContactCustomParams,
  V3ContactItem,
  V3ContactListParams,
} from './resources/contacts-v3.js';
export type {
  ConversationsResource,
  ConversationsV3,
  V3ConversationStatus,
} from './resources/conversations.js';
export { v3ConversationStatuses } from './resources/conversations.js';
export type {
  EventPage,
  EventsResource,
  EventType,
  IterateEventsParams,
  WaitForParams,
  WatigateEvent,
} from './resources/events.js';
export type {
  InteractiveResource,
  InteractiveV1,
  InteractiveV3,
  V3ButtonsMessage,
  V3ListMessage,
} from './resources/interactive.js';
export type { KeysResource } from './resources/keys.js';
export type { MediaResource, MediaV1, MediaV3 } from './resources/media.js';
export type {
  MessageListItem,
  MessageListParams,
  MessagesResource,
  MessagesV1,
  SendTextParams,
} from './resources/messages.js';
export type {
  MessagesV3,
  V3MessageListItem,
  V3MessageListParams,
  V3SendFileByUrlParams,
  V3SendFileParams,
  V3SendTextParams,
} from './resources/messages-v3.js';
export type { OperatorsResource, OperatorsV1, OperatorsV3 } from './resources/operators.js';
export type {
  SendBulkParams,
  SendCsvParams,
  SendTemplateParams,
  TemplateForCheck,
  TemplateItem,
  TemplateListParams,
  TemplateSendOptions,
  TemplatesResource,
  TemplatesV1,
} from './resources/templates.js';
export type {
  TemplatesV3,
  V3ScheduleTemplateParams,
  V3SendTemplateParams,
  V3TemplateItem,
  V3TemplateListParams,
} from './resources/templates-v3.js';
export type { RetryDelayInput } from './retry-delay.js';
export { retryDelay } from './retry-delay.js';
export type { RetryDecisionInput } from './should-retry.js';
export { maxRetryAfterMs, shouldRetry } from './should-retry.js';
export type { StreamEventsOptions } from './stream-events.js';
export type { V3CallInput, V3CallOutput, V3ParamsOf, WithDefaultPage } from './v3-operation-types.js';
export type { OptionsPositions } from './versioned-resource.js';
export { createVersionedResource, versionError } from './versioned-resource.js';
