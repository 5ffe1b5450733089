/**
 * Reads a Server-Sent Events answer the way EventSource does (the WHATWG rules for `id`, `event`,
 * `data` and comments), for tests of `GET /events/stream`.
 */
export interface SseMessage {
  id: string | undefined;
  event: string | undefined;
  data: string;
}

export interface SseReader {
  /** The next message; rejects when the stream ends first or `timeoutMs` passes. */
  next(timeoutMs?: number): Promise<SseMessage>;
  /** Comment lines seen so far (`: keep-alive`). */
  comments: string[];
  /** The `retry:` value, when one came. */
  retry(): number | undefined;
  close(): void;
}

export async function openSse(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; reader: SseReader; contentType: string | null }> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const queue: SseMessage[] = [];
  const waiting: Array<(m: SseMessage | Error) => void> = [];
  const comments: string[] = [];
  let retry: number | undefined;
  let ended: Error | undefined;
  const push = (m: SseMessage | Error) => {
    const w = waiting.shift();
    if (w) w(m);
    else if (m instanceof Error) ended = m;
    else queue.push(m);
  };
  if (res.body) {
    const decoder = new TextDecoder();
    let buffer = '';
    let id: string | undefined;
    let event: string | undefined;
    let data: string[] = [];
    (async () => {
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let nl = buffer.search(/\r\n|\r|\n/);
          while (nl >= 0) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
            if (line === '') {
              if (data.length > 0) push({ id, event, data: data.join('\n') });
              event = undefined;
              data = [];
            } else if (line.startsWith(':')) {
              comments.push(line);
            } else {
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'id') id = value;
              else if (field === 'event') event = value;
              else if (field === 'data') data.push(value);
              else if (field === 'retry') retry = Number(value);
            }
            nl = buffer.search(/\r\n|\r|\n/);
          }
        }
        push(new Error('the stream ended'));
      } catch (error) {
        push(error instanceof Error ? error : new Error(String(error)));
      }
    })();
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    reader: {
      comments,
      retry: () => retry,
      next(timeoutMs = 5000) {
        const ready = queue.shift();
        if (ready) return Promise.resolve(ready);
        if (ended) return Promise.reject(ended);
        return new Promise<SseMessage>((resolve, reject) => {
          const timer = setTimeout(() => {
            const i = waiting.indexOf(settle);
            if (i >= 0) waiting.splice(i, 1);
            reject(new Error(`no event within ${timeoutMs} ms`));
          }, timeoutMs);
          function settle(m: SseMessage | Error) {
            clearTimeout(timer);
            if (m instanceof Error) reject(m);
            else resolve(m);
          }
          waiting.push(settle);
        });
      },
      close: () => controller.abort(),
    },
  };
}
