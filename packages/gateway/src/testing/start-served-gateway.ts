/**
 * The gateway as `watigate serve --sandbox` runs it, in this process, for tests that need it
 * listening: a temporary data folder (removed on close), a free port, the built-in sandbox with
 * WATI's rate limits off, no log lines, 1000 requests per second per key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { freePort } from '../server/free-port.js';
import { type RunningGateway, startGateway } from '../server/start-gateway.js';

export interface ServedGateway extends RunningGateway {
  dataDir: string;
}

/** @param env more of the gateway's environment, over the defaults above */
export async function startServedGateway(env: Record<string, string> = {}): Promise<ServedGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'watigate-served-'));
  const config = loadConfig({
    PORT: String(await freePort()),
    WATIGATE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    WATIGATE_KEY_RPS: '1000',
    ...env,
  });
  const gateway = await startGateway(config, { builtInSandbox: { rateLimits: false } });
  return {
    ...gateway,
    dataDir,
    async close() {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
