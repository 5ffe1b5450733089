/**
 * `client.templates`: list approved and pending templates, send them to one number, to many, or
 * to every row of a CSV. Sends use WATI's v2 endpoints unless `{ version: 'v1' }` is passed.
 * This file is the v1 half and the resource's type; WATI's v3 API (one send for up to 10,000
 * recipients, get by id, schedule) is in templates-v3.ts.
 * @see https://docs.wati.io/reference/post_api-v2-sendtemplatemessage
 */
import { checkTemplateParameters, type LimitViolation, type MessageTemplate } from '@watigate/spec';
import type { ApiVersion, VersionArgs, Versioned } from '../api-version.js';
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import type { CallOutput, ParamsOf } from '../operation-types.js';
import { paginate } from '../paginate.js';
import { validationError } from '../prepare-input.js';
import type { TemplatesV3 } from './templates-v3.js';

export type TemplateListParams = ParamsOf<'getMessageTemplates'>;
export type TemplateItem = CallOutput<'getMessageTemplates'>['messageTemplates'][number];

/** The template being sent, as `templates.list()` returned it; enables the APPROVED and placeholder checks. */
export type TemplateForCheck = Pick<MessageTemplate, 'elementName' | 'status' | 'body'>;

export type SendTemplateParams = ParamsOf<'sendTemplateMessageV2', 'whatsappNumber'> & {
  template?: TemplateForCheck;
};
export type SendBulkParams = ParamsOf<'sendTemplateMessagesV2'> & { template?: TemplateForCheck };
export type SendCsvParams = ParamsOf<'sendTemplateMessageCSV'>;

/** Per-call options of template sends: `version` picks WATI's v1 or v2 endpoint and answer shape. */
export type TemplateSendOptions<V extends 'v1' | 'v2' = 'v1' | 'v2'> = RequestOptions & {
  version?: V | undefined;
};

/** The options argument `O` with `E` added to it, optional or required as it was. */
type WithOptions<O extends unknown[], E> = O extends [options: infer X]
  ? [options: X & E]
  : O extends [options?: infer X]
    ? [options?: X & E]
    : never;

/** The v1 methods; `O` is their trailing options argument. */
export interface TemplatesV1<O extends unknown[] = [options?: RequestOptions]> {
  /** One page of templates (`getMessageTemplates`). */
  list(params?: TemplateListParams, ...options: O): Promise<CallOutput<'getMessageTemplates'>>;
  /** Every template, page by page. */
  iterate(params?: TemplateListParams, ...options: O): AsyncGenerator<TemplateItem, void, undefined>;
  /** The template named `name` (its elementName), read page by page; undefined when there is none. */
  find(name: string, ...options: O): Promise<TemplateItem | undefined>;
  /** Sends an approved template to one number (`sendTemplateMessage`, v2 by default). */
  send(
    whatsappNumber: string,
    params: SendTemplateParams,
    options: NonNullable<O[0]> & { version: 'v1' },
  ): Promise<CallOutput<'sendTemplateMessage'>>;
  send(
    whatsappNumber: string,
    params: SendTemplateParams,
    ...options: WithOptions<O, { version?: 'v2' | undefined }>
  ): Promise<CallOutput<'sendTemplateMessageV2'>>;
  /** Sends one approved template to up to 1000 numbers (`sendTemplateMessages`, v2 by default). */
  sendBulk(
    params: SendBulkParams,
    options: NonNullable<O[0]> & { version: 'v1' },
  ): Promise<CallOutput<'sendTemplateMessages'>>;
  sendBulk(
    params: SendBulkParams,
    ...options: WithOptions<O, { version?: 'v2' | undefined }>
  ): Promise<CallOutput<'sendTemplateMessagesV2'>>;
  /** Sends one approved template to every number of a CSV file (`sendTemplateMessageCSV`, v1 only). */
  sendCsv(params: SendCsvParams, ...options: O): Promise<CallOutput<'sendTemplateMessageCSV'>>;
}

/** `client.templates` on a client whose default API is `V`. */
export type TemplatesResource<V extends ApiVersion = 'v1'> = Versioned<
  V,
  TemplatesV1<VersionArgs<'v1', V>>,
  TemplatesV3<VersionArgs<'v3', V>>
>;

function nameMismatch(template: TemplateForCheck, templateName: unknown): LimitViolation[] {
  if (template.elementName === templateName) return [];
  return [
    {
      field: 'template',
      limit: 'the template named by template_name',
      message: `template is "${template.elementName}" but template_name is "${String(templateName)}"`,
    },
  ];
}

function requestOptions(options: TemplateSendOptions | undefined): RequestOptions | undefined {
  if (!options) return undefined;
  const { version: _version, ...rest } = options;
  return rest;
}

/** `secrets` are redacted from pre-flight messages, which quote template names. */
export function createTemplates(call: Call, secrets: readonly string[] = []): TemplatesV1 {
  const templates: TemplatesV1 = {
    list(params = {}, options) {
      return call('getMessageTemplates', params, options);
    },
    iterate(params = {}, options) {
      return paginate(
        async (pageNumber, pageSize) => {
          const page = await call('getMessageTemplates', { pageNumber, pageSize }, options);
          return { items: page.messageTemplates, link: page.link };
        },
        { pageSize: params.pageSize, pageNumber: params.pageNumber },
      );
    },
    async find(name, options) {
      for await (const template of templates.iterate({ pageSize: 100 }, options)) {
        if (template.elementName === name) return template;
      }
      return undefined;
    },
    // biome-ignore lint/suspicious/noExplicitAny: the overloads above give callers the precise types.
    send(whatsappNumber: string, params: SendTemplateParams, options?: TemplateSendOptions): Promise<any> {
      const { template, ...fields } = params;
      const id = options?.version === 'v1' ? 'sendTemplateMessage' : 'sendTemplateMessageV2';
      if (template) {
        const violations = [
          ...nameMismatch(template, fields.template_name),
          ...checkTemplateParameters(template, fields.parameters ?? []),
        ];
        if (violations.length > 0) return Promise.reject(validationError(id, violations, secrets));
      }
      return call(id, { ...fields, whatsappNumber }, requestOptions(options));
    },
    // biome-ignore lint/suspicious/noExplicitAny: the overloads above give callers the precise types.
    sendBulk(params: SendBulkParams, options?: TemplateSendOptions): Promise<any> {
      const { template, ...fields } = params;
      const id = options?.version === 'v1' ? 'sendTemplateMessages' : 'sendTemplateMessagesV2';
      if (template) {
        const violations = [
          ...nameMismatch(template, fields.template_name),
          ...(fields.receivers ?? []).flatMap((r, i) =>
            checkTemplateParameters(template, r.customParams ?? [], `receivers[${i}].customParams`),
          ),
        ];
        // The APPROVED check repeats for each receiver; report it once.
        const unique = violations.filter(
          (v, i) => violations.findIndex((w) => w.message === v.message) === i,
        );
        if (unique.length > 0) return Promise.reject(validationError(id, unique, secrets));
      }
      return call(id, fields, requestOptions(options));
    },
    sendCsv(params, options) {
      return call('sendTemplateMessageCSV', params, options);
    },
  };
  return templates;
}
