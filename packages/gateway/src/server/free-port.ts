/**
 * Asks the OS for a free TCP port, for `--port 0` where the public URL (the connect links) must
 * be known before the gateway listens, and for tests that need a port before they start a server.
 */
import { createServer } from 'node:net';

/** A port free on `host` at the time of asking. @default host '127.0.0.1' */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
