/**
 * A real webhook receiver on 127.0.0.1 for the sandbox's suites: it records each POSTed JSON body
 * and answers 200. Receivers are closed after each test.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface Posted {
  path: string;
  body: { eventType: string } & Record<string, unknown>;
}

export interface Receiver {
  url: string;
  /** What arrived since the last call, ordered by path, event type and id (deliveries run concurrently). */
  take(): Posted[];
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        }),
    ),
  );
});

export async function startReceiver(): Promise<Receiver> {
  let posted: Posted[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posted.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    take() {
      const out = posted;
      posted = [];
      const key = (p: Posted) => `${p.path} ${p.body.eventType} ${String(p.body.id)}`;
      return out.sort((a, b) => key(a).localeCompare(key(b)));
    },
  };
}
