/**
 * `@watigate/gateway/maintenance`: jobs an operator runs on the gateway's data, from its machine.
 * `rotateMasterKey` re-seals every stored WATI token under a new master key
 * (`watigate rotate-key`); `createOfflineKey` writes a new key straight into the database, the
 * way back in after losing the admin key (`watigate keys create --admin --data-dir …`).
 */
export { MasterKeyError } from '../crypto/master-key.js';
export { keyView } from '../routes/keys.js';
export type { OfflineKey } from './create-offline-key.js';
export { createOfflineKey, NoGatewayDataError } from './create-offline-key.js';
export type { MasterKeyRotation } from './rotate-master-key.js';
export { rotateMasterKey } from './rotate-master-key.js';
export type { RotationReport } from './rotate-store-key.js';
