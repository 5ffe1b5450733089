/**
 * `@watigate/gateway/server`: running the gateway. `startGateway(config)` is what `watigate serve`
 * runs; the other exports build `createApp`'s dependencies for a process of your own. Node only;
 * loads better-sqlite3, pg and ioredis.
 */
export type { Bootstrapped } from '../auth/bootstrap.js';
export { bootstrapAdmin } from '../auth/bootstrap.js';
export { MasterKeyError, resolveMasterKey } from '../crypto/master-key.js';
export { createSystemClock } from '../deps/clock.js';
export { cryptoRandom } from '../deps/random.js';
export { createLogger } from '../observability/logger.js';
export { sandboxPrefix, sandboxTenantId } from '../sandbox/built-in-sandbox.js';
export type { StoreOptions } from '../store/create-store.js';
export { createStore } from '../store/create-store.js';
export { freePort } from './free-port.js';
export type { RunningGateway, StartOptions } from './start-gateway.js';
export { startGateway } from './start-gateway.js';
