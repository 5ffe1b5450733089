/**
 * A `fetch` that hands each request to a Node request handler in this process (light-my-request),
 * with no socket: the MCP tools' client reaches the data plane this way, so `/mcp` works on any
 * address the gateway listens on. Bodies are whole in memory: `/mcp` bodies are capped at 24 MiB.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import lightMyRequest from 'light-my-request';

/** The origin the in-process client is given; nothing resolves or connects to it. */
export const inProcessOrigin = 'http://in-process.watigate.invalid';

const nullBodyStatuses = new Set([101, 204, 205, 304]);

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** @param handlerFor the handler for a request's path (the data plane for `/wati/…`). */
export function inProcessFetch(
  handlerFor: (path: string) => Handler,
  options: { remoteAddress: string },
): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const payload = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const res = await lightMyRequest(handlerFor(url.pathname), {
      method: request.method as 'GET',
      url: `${url.pathname}${url.search}`,
      headers,
      remoteAddress: options.remoteAddress,
      ...(payload ? { payload } : {}),
    });
    const out = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      for (const each of Array.isArray(value) ? value : [value]) out.append(name, String(each));
    }
    const body = nullBodyStatuses.has(res.statusCode) ? null : new Uint8Array(res.rawPayload);
    return new Response(body, { status: res.statusCode, headers: out });
  };
}
