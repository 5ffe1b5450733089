export type { RequestBody, RequestParts } from './build-request.js';
export { buildRequest } from './build-request.js';
export type { LimitViolation } from './check-limits.js';
export {
  checkFile,
  checkLimits,
  checkTemplateParameters,
  renderTemplate,
  templatePlaceholders,
} from './check-limits.js';
export type { ConnectionStatus, KeyScope } from './control-plane.js';
export {
  ApiKey,
  Connection,
  connectionHeader,
  connectionHeaderAlias,
  connectionHeaderNames,
  connectionStatuses,
  hasScope,
  idempotencyKeyHeader,
  keyScopes,
} from './control-plane.js';
export type {
  CliNaming,
  ExampleInput,
  InputShape,
  Operation,
  OperationInput,
  OperationKind,
  OperationResponse,
  OperationSpec,
  ParamLocation,
  ParamSpec,
  Params,
  RateClass,
  Resource,
  ResponseSpec,
} from './define-operation.js';
export {
  defineOperation,
  operationKinds,
  paramLocations,
  rateClasses,
  resourceDescriptions,
  resources,
  snakeCase,
} from './define-operation.js';
export type { ErrorCode, ErrorCodeInfo, WireError, WireErrorDetail } from './errors.js';
export { errorCatalogue, isErrorCode } from './errors.js';
export type {
  EventPage,
  EventType,
  InboundHook,
  Subscription,
  SubscriptionStatus,
  WatigateEvent,
} from './events.js';
export {
  EventPage as EventPageSchema,
  eventIdPrefix,
  eventTypeOf,
  eventTypes,
  formatEventId,
  InboundHook as InboundHookSchema,
  maxEventPageSize,
  maxEventWaitSeconds,
  parseEventId,
  Subscription as SubscriptionSchema,
  subscriptionStatuses,
  WatigateEvent as WatigateEventSchema,
} from './events.js';
export type { MediaKind, MediaLimit } from './limits.js';
export {
  charCount,
  mediaKindOf,
  mediaKinds,
  mimeTypeOf,
  sessionWindowOpen,
  whatsappLimits,
} from './limits.js';
export type { PathMatch, PathMatcher } from './path-matcher.js';
export { createPathMatcher } from './path-matcher.js';
export { maskPhone, normalizePhone } from './phone.js';
export type { WatiPlan } from './rate-limits.js';
export { watiPlans, watiRateLimits, watiRateWindowMs } from './rate-limits.js';
export type { OperationId, OperationMatch, Operations, Registry } from './registry.js';
export {
  createRegistry,
  getOperation,
  matchOperation,
  operationList,
  operations,
  pathIsKnown,
  registry,
} from './registry.js';
// WATI's v3 API (/api/ext/v3), a registry of its own: not part of `registry` until wired in.
export type { V3RequestInput } from './v3/check-limits-v3.js';
export { checkV3Limits, v3Limits } from './v3/check-limits-v3.js';
export * as v3Schemas from './v3/operations.generated.js';
export type {
  RegistryV3,
  V3Extra,
  V3Operation,
  V3OperationId,
  V3OperationMatch,
  V3OperationOf,
  V3TargetPlace,
} from './v3/registry-v3.js';
export { matchV3, registryV3, v3Extras, v3ScopeOf } from './v3/registry-v3.js';
export type { V3Target } from './v3/target.js';
export { parseV3Target, v3PhoneDigits } from './v3/target.js';
export type { V3BodySpec, V3GeneratedOperation, V3Method, V3ParamSpec, V3ResponseSpec } from './v3/types.js';
export type { AttributeOperator } from './wati-schemas.js';
export {
  AttributeFilter,
  attributeOperators,
  BroadcastMessageItem,
  BulkErrors,
  ButtonsHeader,
  ChatMessageItem,
  Contact,
  CustomParam,
  FilePart,
  ListRow,
  ListSection,
  MessageItem,
  MessageTemplate,
  PageLink,
  ReplyButton,
  TemplateReceiver,
  TicketEventItem,
  V2Receiver,
  WatiFailure,
  WatiResult,
  WhatsappNumber,
} from './wati-schemas.js';
