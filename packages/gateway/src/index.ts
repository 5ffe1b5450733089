export { createApp } from './app.js';
export type { AuthContext, Authenticator } from './auth/authenticate.js';
export { bearerToken, createAuthenticator, requireScope } from './auth/authenticate.js';
export type { Bootstrapped } from './auth/bootstrap.js';
export { bootstrapAdmin } from './auth/bootstrap.js';
export type { Scope } from './auth/scopes.js';
export { hasScope, scopes } from './auth/scopes.js';
export type { Clock } from './clock.js';
export { createFixedClock, createSystemClock, nowTimestamp, toTimestamp } from './clock.js';
export type { Config, DatabaseConfig } from './config/load-config.js';
export { ConfigError, loadConfig, masterKeyHint } from './config/load-config.js';
export { apiKeyPattern, generateApiKey, hashSecret, verifyApiKey } from './crypto/api-key.js';
export { loadOrCreateKeyFile, MasterKeyError, resolveMasterKey } from './crypto/master-key.js';
export type { MasterKeyRotation } from './crypto/rotate-master-key.js';
export { rotateMasterKey } from './crypto/rotate-master-key.js';
export type { RotationReport } from './crypto/rotate-store-key.js';
export { rotateStoreKey } from './crypto/rotate-store-key.js';
export type { Sealed, SealedRecord } from './crypto/seal.js';
export { keyIdOf, open, rotate, SealError, seal } from './crypto/seal.js';
export type { AppDeps, SandboxTenant } from './deps.js';
export { GatewayError, isGatewayError } from './errors.js';
export { createLogger } from './logger.js';
export type { RunningGateway, StartOptions } from './main.js';
export { startGateway } from './main.js';
export type { Random } from './random.js';
export { cryptoRandom } from './random.js';
export { redact } from './redact.js';
export { sandboxPrefix, sandboxTenantId } from './sandbox/built-in-sandbox.js';
export type { StoreOptions } from './store/create-store.js';
export { createStore } from './store/create-store.js';
export type {
  AccountRecord,
  ApiKeyRecord,
  AuditEntry,
  ConnectionRecord,
  ConnectionStatus,
  ConnectSessionRecord,
  Store,
} from './store/store.js';
