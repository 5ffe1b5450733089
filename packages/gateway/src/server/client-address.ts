/**
 * The client's address, as the failed-auth limit and the logs see it. Without a trusted proxy
 * (the default) it is the peer's address and `X-Forwarded-For` is ignored: anyone can write that
 * header. With `WATIGATE_TRUST_PROXY` it is read from `X-Forwarded-For` through the trusted hops,
 * by @fastify/proxy-addr, the same rule Fastify applies to `request.ip` for the control plane.
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/** `WATIGATE_TRUST_PROXY`: how many proxies in front, or which addresses are proxies. */
export type TrustProxy = { hops: number } | { addresses: readonly string[] } | null;

export type TrustFunction = (address: string, hop: number) => boolean;

/** The trust function for Fastify's `trustProxy` and for `clientAddress`; undefined: trust none. */
export function trustFunction(trust: TrustProxy): TrustFunction | undefined {
  if (trust === null) return undefined;
  if ('hops' in trust) {
    const { hops } = trust;
    return (_address, hop) => hop < hops;
  }
  return proxyAddr.compile([...trust.addresses]);
}

/** The client's address for a request served outside Fastify (the data plane). */
export function clientAddress(req: IncomingMessage, trust: TrustFunction | undefined): string {
  if (trust === undefined) return req.socket.remoteAddress ?? '';
  return proxyAddr(req, trust);
}
