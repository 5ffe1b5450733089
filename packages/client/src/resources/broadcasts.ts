/**
 * `client.broadcasts` (WATI's v3 API only, "Campaigns"): the template sends and schedules, their
 * statistics, their recipients, and an overview over a period.
 * @see https://docs.wati.io/reference (Campaigns, v3)
 */
import type { ApiVersion, VersionArgs, Versioned } from '../api-version.js';
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import { type PaginateV3Options, paginateV3, withPage } from '../paginate-v3.js';
import type { V3CallOutput, V3ParamsOf, WithDefaultPage } from '../v3-operation-types.js';

export type V3BroadcastListParams = WithDefaultPage<V3ParamsOf<'v3GetBroadcasts'>>;
export type V3BroadcastItem = NonNullable<V3CallOutput<'v3GetBroadcasts'>['broadcasts']>[number];
export type V3BroadcastRecipientParams = WithDefaultPage<
  V3ParamsOf<'v3GetBroadcastsByBroadcastIdRecipients', 'broadcast_id'>
>;
export type V3BroadcastRecipient = NonNullable<
  V3CallOutput<'v3GetBroadcastsByBroadcastIdRecipients'>['recipients']
>[number];
export type V3BroadcastOverviewParams = V3ParamsOf<'v3GetBroadcastsOverview'>;

/** The v3 methods; `O` is their trailing options argument. */
export interface BroadcastsV3<O extends unknown[] = [options?: RequestOptions]> {
  /** One page of broadcasts, newest first (`GET /broadcasts`; page 1 of 100 unless given). */
  list(params?: V3BroadcastListParams, ...options: O): Promise<V3CallOutput<'v3GetBroadcasts'>>;
  /** Every broadcast, page by page, until a short page or `total`. */
  iterate(
    params?: PaginateV3Options & { channel?: string | undefined },
    ...options: O
  ): AsyncGenerator<V3BroadcastItem, void, undefined>;
  /** One broadcast with its statistics (`GET /broadcasts/{broadcast_id}`). */
  get(broadcastId: string, ...options: O): Promise<V3CallOutput<'v3GetBroadcastsByBroadcastId'>>;
  /** Totals of the broadcasts between `date_from` and `date_to` (`GET /broadcasts/overview`). */
  overview(
    params: V3BroadcastOverviewParams,
    ...options: O
  ): Promise<V3CallOutput<'v3GetBroadcastsOverview'>>;
  /** One page of a broadcast's recipients (`GET /broadcasts/{broadcast_id}/recipients`). */
  recipients(
    broadcastId: string,
    params?: V3BroadcastRecipientParams,
    ...options: O
  ): Promise<V3CallOutput<'v3GetBroadcastsByBroadcastIdRecipients'>>;
  /** Every recipient of a broadcast, page by page, until a short page or `total_count`. */
  iterateRecipients(
    broadcastId: string,
    params?: PaginateV3Options,
    ...options: O
  ): AsyncGenerator<V3BroadcastRecipient, void, undefined>;
}

/** `client.broadcasts` on a client whose default API is `V` (v3 methods only). */
export type BroadcastsResource<V extends ApiVersion = 'v1'> = Versioned<
  V,
  unknown,
  BroadcastsV3<VersionArgs<'v3', V>>
>;

export function createBroadcastsV3(call: Call): BroadcastsV3 {
  return {
    list(params = {}, options) {
      return call('v3GetBroadcasts', withPage(params), options);
    },
    iterate(params = {}, options) {
      const { channel, ...paging } = params;
      return paginateV3(async (page_number, page_size) => {
        const answer = await call(
          'v3GetBroadcasts',
          { page_number, page_size, ...(channel === undefined ? {} : { channel }) },
          options,
        );
        return { items: answer.broadcasts ?? [], pageSize: answer.page_size, total: answer.total };
      }, paging);
    },
    get(broadcastId, options) {
      return call('v3GetBroadcastsByBroadcastId', { broadcast_id: broadcastId }, options);
    },
    overview(params, options) {
      return call('v3GetBroadcastsOverview', params, options);
    },
    recipients(broadcastId, params = {}, options) {
      return call(
        'v3GetBroadcastsByBroadcastIdRecipients',
        { ...withPage(params), broadcast_id: broadcastId },
        options,
      );
    },
    iterateRecipients(broadcastId, params = {}, options) {
      return paginateV3(async (page_number, page_size) => {
        const answer = await call(
          'v3GetBroadcastsByBroadcastIdRecipients',
          { broadcast_id: broadcastId, page_number, page_size },
          options,
        );
        return { items: answer.recipients ?? [], pageSize: answer.page_size, total: answer.total_count };
      }, params);
    },
  };
}
