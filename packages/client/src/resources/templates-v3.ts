/**
 * `client.templates` in WATI's v3 API: list, iterate, find by name, get by id, send one approved
 * template to 1 to 10,000 recipients in one call, or schedule that send. A send where no
 * recipient was sent (`success: false`) throws; one where some were is returned with each
 * refused recipient's `errors`, as a v1/v2 bulk send's partial result is.
 * @see https://docs.wati.io/reference (MessageTemplate, v3)
 */
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import { type PaginateV3Options, paginateV3, withPage } from '../paginate-v3.js';
import type { V3CallInput, V3CallOutput, V3ParamsOf, WithDefaultPage } from '../v3-operation-types.js';

export type V3TemplateListParams = WithDefaultPage<V3ParamsOf<'v3GetMessageTemplates'>>;
export type V3TemplateItem = NonNullable<V3CallOutput<'v3GetMessageTemplates'>['templates']>[number];
export type V3SendTemplateParams = V3CallInput<'v3PostMessageTemplatesSend'>;
export type V3ScheduleTemplateParams = V3CallInput<'v3PostMessageTemplatesSchedule'>;

/** The v3 methods; `O` is their trailing options argument. */
export interface TemplatesV3<O extends unknown[] = [options?: RequestOptions]> {
  /** One page of templates (`GET /messageTemplates`; page 1 of 100 unless given). */
  list(params?: V3TemplateListParams, ...options: O): Promise<V3CallOutput<'v3GetMessageTemplates'>>;
  /** Every template, page by page, until a short page or `total`. */
  iterate(
    params?: PaginateV3Options & { channel?: string | undefined },
    ...options: O
  ): AsyncGenerator<V3TemplateItem, void, undefined>;
  /** The template named `name`, read page by page; undefined when there is none. */
  find(name: string, ...options: O): Promise<V3TemplateItem | undefined>;
  /** One template by its id (`GET /messageTemplates/{template_id}`). v3 only. */
  get(templateId: string, ...options: O): Promise<V3CallOutput<'v3GetMessageTemplatesByTemplateId'>>;
  /** Sends an approved template to 1 to 10,000 recipients (`POST /messageTemplates/send`). */
  send(params: V3SendTemplateParams, ...options: O): Promise<V3CallOutput<'v3PostMessageTemplatesSend'>>;
  /** Schedules that send for `scheduled_at` (UTC) (`POST /messageTemplates/schedule`). v3 only. */
  schedule(
    params: V3ScheduleTemplateParams,
    ...options: O
  ): Promise<V3CallOutput<'v3PostMessageTemplatesSchedule'>>;
}

export function createTemplatesV3(call: Call): TemplatesV3 {
  const templates: TemplatesV3 = {
    list(params = {}, options) {
      return call('v3GetMessageTemplates', withPage(params), options);
    },
    iterate(params = {}, options) {
      const { channel, ...paging } = params;
      return paginateV3(async (page_number, page_size) => {
        const answer = await call(
          'v3GetMessageTemplates',
          { page_number, page_size, ...(channel === undefined ? {} : { channel }) },
          options,
        );
        return { items: answer.templates ?? [], pageSize: answer.page_size, total: answer.total };
      }, paging);
    },
    async find(name, options) {
      for await (const template of templates.iterate({}, options)) {
        if (template.name === name) return template;
      }
      return undefined;
    },
    get(templateId, options) {
      return call('v3GetMessageTemplatesByTemplateId', { template_id: templateId }, options);
    },
    send(params, options) {
      return call('v3PostMessageTemplatesSend', params, options);
    },
    schedule(params, options) {
      return call('v3PostMessageTemplatesSchedule', params, options);
    },
  };
  return templates;
}
