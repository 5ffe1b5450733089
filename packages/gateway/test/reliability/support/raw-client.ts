/** One HTTP request on a fresh connection (no agent, no keep-alive), reporting what arrived. */
import { request } from 'node:http';

export interface RawAnswer {
  status: number | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body ended as announced; false when the connection broke off first. */
  complete: boolean;
  error: string | undefined;
  ms: number;
}

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let status: number | undefined;
    let headers: RawAnswer['headers'] = {};
    let settled = false;
    const done = (complete: boolean, error?: string) => {
      if (settled) return;
      settled = true;
      resolve({
        status,
        headers,
        body: Buffer.concat(chunks),
        complete,
        error,
        ms: performance.now() - started,
      });
    };
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        status = res.statusCode;
        headers = res.headers;
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(res.complete));
        res.on('aborted', () => done(false, 'aborted'));
        res.on('error', (e) => done(false, e.message));
        res.on('close', () => done(res.complete, res.complete ? undefined : 'closed'));
      },
    );
    req.setTimeout(options.timeoutMs ?? 15_000, () => {
      req.destroy(new Error('client timeout'));
    });
    req.on('error', (e) => done(false, e.message));
    req.end(options.body);
  });
}
