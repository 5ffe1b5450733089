/**
 * A local HTTP server answering the gateway's control plane (`/connections`, `/keys`) in the
 * shapes of DESIGN.md §2, for the profile, key and connection commands while @watigate/gateway is
 * being built. It is not a WATI fake: WATI is always the sandbox.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  connection: string | undefined;
  body: string;
}

export interface ControlPlane {
  url: string;
  seen: Seen[];
  /** GETs of a PENDING connection before it turns `finalStatus`. */
  pendingPolls: number;
  finalStatus: 'ACTIVE' | 'FAILED';
  close(): Promise<void>;
}

const connection = (id: string, status: string, url: string) => ({
  connection_id: id,
  status,
  creation_time: '2026-01-05T10:00:00.000000Z',
  last_updated_time: '2026-01-05T10:00:00.000000Z',
  url: `${url}/connect/${id}`,
  app: 'wati',
  metadata: {},
});

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => resolve(body));
  });

export async function startControlPlane(validKeys: readonly string[]): Promise<ControlPlane> {
  const state = { polls: 0 };
  let server: Server | undefined;
  const plane: ControlPlane = {
    url: '',
    seen: [],
    pendingPolls: 2,
    finalStatus: 'ACTIVE',
    close: () => new Promise((resolve) => server?.close(() => resolve())),
  };
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    const authorization = req.headers.authorization;
    plane.seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization,
      connection: req.headers['maton-connection'] as string | undefined,
      body,
    });
    const send = (status: number, value?: unknown) => {
      res.writeHead(
        status,
        value === undefined ? {} : { 'content-type': 'application/json', 'x-request-id': 'req_1' },
      );
      res.end(value === undefined ? undefined : JSON.stringify(value));
    };
    if (!validKeys.some((k) => authorization === `Bearer ${k}`)) {
      return send(401, {
        error: { code: 'invalid_key', message: 'The API key is not valid.', requestId: 'req_1', details: [] },
      });
    }
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method === 'GET' && path === '/connections') {
      return send(200, { connections: [connection('c-active', 'ACTIVE', plane.url)] });
    }
    if (req.method === 'POST' && path === '/connections') {
      state.polls = 0;
      return send(201, { connection: connection('c-new', 'PENDING', plane.url) });
    }
    const one = /^\/connections\/([^/]+)$/.exec(path);
    if (one && req.method === 'GET') {
      const id = one[1] ?? '';
      if (id !== 'c-new') return send(200, { connection: connection(id, 'ACTIVE', plane.url) });
      state.polls++;
      return send(200, {
        connection: connection(
          id,
          state.polls > plane.pendingPolls ? plane.finalStatus : 'PENDING',
          plane.url,
        ),
      });
    }
    if (one && req.method === 'DELETE') return send(204);
    if (req.method === 'GET' && path === '/keys') {
      return send(200, {
        keys: [
          {
            id: 'key_1',
            name: 'ci',
            prefix: 'wg_abcd',
            scopes: ['wati:read'],
            created_at: '2026-01-01T00:00:00Z',
          },
        ],
      });
    }
    if (req.method === 'POST' && path === '/keys') {
      const input = JSON.parse(body) as { name?: string; scopes: string[] };
      return send(201, {
        key: {
          id: 'key_2',
          name: input.name ?? null,
          prefix: 'wg_new1',
          scopes: input.scopes,
          created_at: '2026-01-05T10:00:00Z',
        },
        secret: 'wg_new1_secret_value_0123456789',
      });
    }
    if (/^\/keys\/[^/]+$/.test(path) && req.method === 'DELETE') return send(204);
    send(404, { error: { code: 'not_found', message: 'No such route.', requestId: 'req_1', details: [] } });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  plane.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return plane;
}
