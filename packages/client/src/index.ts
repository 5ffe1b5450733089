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
export type { RequestOptions } from './create-transport.js';
export type { WatiClient, WatiGatewayClient } from './create-wati-client.js';
export { createWatiClient } from './create-wati-client.js';
export type { FailedAnswer } from './error-from-response.js';
export { errorFromResponse } from './error-from-response.js';
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
export { isFailureBody } from './is-failure-body.js';
export type { CallInput, CallOutput, MediaFile, ParamsOf } from './operation-types.js';
export type { Page, PaginateOptions } from './paginate.js';
export { isLastPage, paginate } from './paginate.js';
export { parseRetryAfter } from './parse-retry-after.js';
export { prepareInput } from './prepare-input.js';
export type { ClientEnv } from './read-client-env.js';
export { clientEnvAliases, clientEnvVariables, readClientEnv } from './read-client-env.js';
export type { ConnectionsResource } from './resources/connections.js';
export type { ContactItem, ContactListParams, ContactsResource } from './resources/contacts.js';
export type {
  EventPage,
  EventsResource,
  EventType,
  IterateEventsParams,
  WaitForParams,
  WatigateEvent,
} from './resources/events.js';
export type { InteractiveResource } from './resources/interactive.js';
export type { KeysResource } from './resources/keys.js';
export type { MediaResource } from './resources/media.js';
export type {
  MessageListItem,
  MessageListParams,
  MessagesResource,
  SendTextParams,
} from './resources/messages.js';
export type { OperatorsResource } from './resources/operators.js';
export type {
  SendBulkParams,
  SendCsvParams,
  SendTemplateParams,
  TemplateForCheck,
  TemplateItem,
  TemplateListParams,
  TemplateSendOptions,
  TemplatesResource,
} from './resources/templates.js';
export type { RetryDelayInput } from './retry-delay.js';
export { retryDelay } from './retry-delay.js';
export type { RetryDecisionInput } from './should-retry.js';
export { maxRetryAfterMs, shouldRetry } from './should-retry.js';
export type { StreamEventsOptions } from './stream-events.js';
