/**
 * `client.channels` (WATI's v3 API only): the account's WhatsApp numbers, whose names or numbers
 * are the `Channel` of a `Channel:Phone` target and the `channel` of a template send.
 * @see https://docs.wati.io/reference (Channels, v3)
 */
import type { ApiVersion, VersionArgs, Versioned } from '../api-version.js';
import type { Call } from '../create-call.js';
import type { RequestOptions } from '../create-transport.js';
import { withPage } from '../paginate-v3.js';
import type { V3CallOutput, V3ParamsOf, WithDefaultPage } from '../v3-operation-types.js';

export type V3ChannelListParams = WithDefaultPage<V3ParamsOf<'v3GetChannels'>>;

/** The v3 methods; `O` is their trailing options argument. */
export interface ChannelsV3<O extends unknown[] = [options?: RequestOptions]> {
  /** The channels (`GET /channels`; page 1 of 100 unless given). */
  list(params?: V3ChannelListParams, ...options: O): Promise<V3CallOutput<'v3GetChannels'>>;
}

/** `client.channels` on a client whose default API is `V` (v3 methods only). */
export type ChannelsResource<V extends ApiVersion = 'v1'> = Versioned<
  V,
  unknown,
  ChannelsV3<VersionArgs<'v3', V>>
>;

export function createChannelsV3(call: Call): ChannelsV3 {
  return {
    list(params = {}, options) {
      return call('v3GetChannels', withPage(params), options);
    },
  };
}
