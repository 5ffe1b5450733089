/**
 * What the data plane knows of one WATI operation, whichever registry it comes from: the v1/v2
 * `registry` or `registryV3` (WATI's `/api/ext/v3`). The proxy runs every request through the same
 * steps (key, scope, connection, body, pre-flight, idempotency, limits, WATI, audit) and asks the
 * operation only what differs between the two APIs: where WATI serves it, what its pre-flight
 * checks, and whom it reaches. Both registries' entries are turned into one once, at start.
 */
import {
  checkFile,
  checkLimits,
  type LimitViolation,
  maskPhone,
  type Operation,
  type OperationKind,
  parseV3Target,
  type RateClass,
  type V3Operation,
} from '@watigate/spec';
import { maskRecipient } from '../audit/record-audit.js';
import type { UploadedFileHead } from './multipart-head.js';
import { recipientOf } from './recipient-of.js';

/**
 * `v1`: the seed's v1/v2 paths, below the connection's API endpoint URL (`https://host/<tenantId>`).
 * `v3`: `/api/ext/v3/...`, below that URL without its tenant id, WATI's origin (WATI takes the
 * tenant from the token; upstream.ts `upstreamPath`).
 */
export type WatiApi = 'v1' | 'v3';

/** A request as pre-flight and the audit see it. */
export interface RequestView {
  /** The raw query string, without `?`. */
  query: string;
  /** Decoded path parameters. */
  pathParams: Record<string, string>;
  /** The body's fields, when it was read (JSON, form, or a v3 upload's multipart parts). */
  fields: Record<string, unknown> | undefined;
}

export interface WatiOperation {
  /** The registry's id: `getContacts`, `v3GetContacts`. Metrics and logs are labelled with it. */
  readonly id: string;
  readonly method: string;
  /** The path template, e.g. `/api/ext/v3/contacts/{target}`. */
  readonly path: string;
  /** read needs `wati:read`; write and send `wati:send`. */
  readonly kind: OperationKind;
  /** The WATI-plan bucket; v3 operations share their v1 equivalents' (docs/v3-registry.md). */
  readonly rateClass: RateClass;
  readonly api: WatiApi;
  /** v3: the WATI token scope it needs, where WATI documents one (a 403 names it). */
  readonly watiScope: string | undefined;
  /**
   * What pre-flight needs of the body: nothing, its JSON or form fields, or (v3's file upload)
   * its multipart parts, the file's type and size included.
   */
  readonly reads: 'nothing' | 'fields' | 'multipart';
  /**
   * Pre-flight: WhatsApp's limits and (v3) the targets. Undefined when there is nothing to check,
   * which keeps a v1 read free of it.
   */
  readonly checks: ((request: RequestView) => LimitViolation[]) | undefined;
  /**
   * A multipart upload (v3's file send): whether it may stream to WATI unread, from its head
   * alone: the file surely within WhatsApp's limit for its type, and the fields pre-flight needs
   * (the target) before the file and valid. Otherwise the body is read whole and checked exactly.
   */
  readonly mayStreamUpload: ((file: UploadedFileHead, before: Record<string, string>) => boolean) | undefined;
  /** Whom the call reaches, masked, for the audit log. */
  recipient(request: RequestView): string | null;
  /**
   * The recipient is named in a JSON body (v3's `target`, `recipients[]`): a send's body is then
   * read even with pre-flight off, so that its audit entry says whom it reached.
   */
  readonly recipientInBody: boolean;
}

/** A v1/v2 registry entry as the data plane sees it; behaviour exactly as before v3. */
export function fromV1(operation: Operation): WatiOperation {
  const isSend = operation.kind === 'send';
  return Object.freeze({
    id: operation.id,
    method: operation.method,
    path: operation.path,
    kind: operation.kind,
    rateClass: operation.rateClass,
    api: 'v1',
    watiScope: undefined,
    reads: isSend ? 'fields' : 'nothing',
    mayStreamUpload: undefined,
    checks: isSend
      ? ({ query, fields, pathParams }: RequestView) =>
          checkLimits(operation.id, {
            ...Object.fromEntries(new URLSearchParams(query)),
            ...fields,
            ...pathParams,
          })
      : undefined,
    recipient: ({ query, fields, pathParams }: RequestView) =>
      maskRecipient(recipientOf(operation, pathParams, query, fields)),
    recipientInBody: false,
  } satisfies WatiOperation);
}

/**
 * A v3 target masked as v1 masks a phone number: a phone's digits (`14*******34`), a channel's
 * phone (`MyChannel:14*******34`), an id as it is (it names a conversation, not a person's number).
 * A value that is no target (pre-flight off) keeps only its digits, masked.
 */
export function maskV3Target(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const target = parseV3Target(value);
  if (!target) return maskRecipient(value);
  if (target.kind === 'phone') return maskPhone(target.phone);
  if (target.kind === 'channelPhone') return `${target.channel}:${maskPhone(target.phone)}`;
  return target.id;
}

/**
 * Whom a v3 call reaches, from `operation.target`: a path parameter, a body field, or a field of
 * each item of a body array (`recipients[].phone_number`), then the first one and how many more.
 */
export function v3RecipientOf(operation: Pick<V3Operation, 'target'>, request: RequestView): string | null {
  const place = operation.target;
  if (!place) return null;
  if (place.in === 'path') return maskV3Target(request.pathParams[place.field]);
  const items = /^(\w+)\[\]\.(\w+)$/.exec(place.field);
  if (!items) return maskV3Target(request.fields?.[place.field]);
  const [, list = '', field = ''] = items;
  const entries = request.fields?.[list];
  if (!Array.isArray(entries) || entries.length === 0) return null;
  const first = maskV3Target((entries[0] as Record<string, unknown> | null)?.[field]);
  if (entries.length === 1) return first;
  return `${first ?? '?'} (+${entries.length - 1} more)`;
}

/** Parses query values for the v3 checks: every name, its (last) value. */
function v3Params(request: RequestView): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (request.query !== '')
    for (const [name, value] of new URLSearchParams(request.query)) params[name] = value;
  return Object.assign(params, request.pathParams);
}

/** A `registryV3` entry as the data plane sees it. */
export function fromV3(operation: V3Operation): WatiOperation {
  const multipart = operation.body?.contentType === 'multipart/form-data';
  const hasTarget = operation.target !== undefined;
  return Object.freeze({
    id: operation.id,
    method: operation.method,
    path: operation.path,
    kind: operation.kind,
    rateClass: operation.rateClass,
    api: 'v3',
    watiScope: operation.scope,
    reads: operation.body === undefined ? 'nothing' : multipart ? 'multipart' : 'fields',
    mayStreamUpload: multipart
      ? (file: UploadedFileHead, before: Record<string, string>) =>
          file.field === 'file' &&
          typeof before.target === 'string' &&
          checkFile('file', { type: file.type ?? '', name: file.name ?? '', size: file.maxSize }).length ===
            0 &&
          operation.checkLimits({ params: {}, body: before }).length === 0
      : undefined,
    // A read is checked only for a target in its path (a malformed one never reaches WATI).
    checks:
      operation.kind !== 'read' || hasTarget
        ? (request: RequestView) =>
            operation.checkLimits({ params: v3Params(request), body: request.fields ?? {} })
        : undefined,
    recipient: (request: RequestView) => v3RecipientOf(operation, request),
    recipientInBody: operation.target?.in === 'body',
  } satisfies WatiOperation);
}
