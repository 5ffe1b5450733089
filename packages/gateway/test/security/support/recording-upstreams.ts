/**
 * The two listeners of the path-safety suites: a recording upstream (the connection's WATI) that
 * answers every request with a small WATI-like body and remembers what it saw, and an "evil"
 * listener that nothing may ever reach.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  host: string | undefined;
  authorization: string | undefined;
  /** Every header name that arrived, lowercase. */
  headerNames: string[];
  /** The request body, once it has been read. */
  body: string;
}

export interface Listener {
  server: Server;
  port: number;
  host: string;
  seen: Seen[];
  connections: number;
  close(): Promise<void>;
}

export async function startListener(): Promise<Listener> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const entry: Seen = {
      method: req.method ?? '',
      url: req.url ?? '',
      host: req.headers.host,
      authorization: req.headers.authorization,
      headerNames: Object.keys(req.headers),
      body: '',
    };
    seen.push(entry);
    req.setEncoding('latin1');
    req.on('data', (chunk: string) => {
      if (entry.body.length < 64 * 1024) entry.body += chunk;
    });
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"result":true,"contact_list":[],"messageTemplates":[]}');
    });
  });
  const state = { connections: 0 };
  server.on('connection', () => {
    state.connections++;
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    server,
    port,
    host: `127.0.0.1:${port}`,
    seen,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface RawResult {
  status: number | undefined;
  head: string;
  body: string;
}

/**
 * Writes one request byte for byte (nothing normalises the target or the headers) and reads the
 * answer until the server closes the connection.
 */
export function rawHttp(
  port: number,
  request: { method: string; target: string; host?: string; headers: Array<[string, string]>; body?: string },
): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const body = request.body ?? '';
    const lines = [
      `${request.method} ${request.target} HTTP/1.1`,
      `Host: ${request.host ?? `127.0.0.1:${port}`}`,
      ...request.headers.map(([k, v]) => `${k}: ${v}`),
      ...(request.headers.some(([k]) => /^(content-length|transfer-encoding)$/i.test(k))
        ? []
        : [`Content-Length: ${Buffer.byteLength(body)}`]),
      'Connection: close',
      '',
      '',
    ];
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to ${request.target.slice(0, 80)}`)));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e) => (chunks.length ? done() : reject(e)));
    socket.on('close', () => done());
    let settled = false;
    function done() {
      if (settled) return;
      settled = true;
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split === -1 ? text : text.slice(0, split);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
      resolve({
        status: status === undefined ? undefined : Number(status),
        head,
        body: split === -1 ? '' : text.slice(split + 4),
      });
    }
    // write, not end: a half-closed connection reads to Node as a caller that went away.
    socket.write(Buffer.from(lines.join('\r\n') + body, 'latin1'));
  });
}
