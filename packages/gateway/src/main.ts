/**
 * The gateway process on its own (`node packages/gateway/dist/main.js`): reads the environment
 * once, starts the gateway (server/start-gateway.ts), and shuts down gracefully on SIGTERM/SIGINT.
 * `watigate serve` is the usual way to run it.
 */
import { pathToFileURL } from 'node:url';
import { type Config, ConfigError, loadConfig } from './config/load-config.js';
import { MasterKeyError } from './crypto/master-key.js';
import { type RunningGateway, startGateway } from './server/start-gateway.js';

async function main(): Promise<number> {
  let config: Readonly<Config>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78; // EX_CONFIG
    }
    throw error;
  }
  let gateway: RunningGateway;
  try {
    gateway = await startGateway(config);
  } catch (error) {
    if (error instanceof MasterKeyError) {
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    throw error;
  }
  process.stderr.write(`Watigate listening on ${gateway.url}\n`);
  if (gateway.adminKey) {
    process.stderr.write(
      `\nFirst start: created an admin key. It is shown only this once; store it now:\n\n  ${gateway.adminKey}\n\n`,
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await gateway.close();
  return 0;
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
