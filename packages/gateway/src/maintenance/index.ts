/**
 * `@watigate/gateway/maintenance`: jobs an operator runs on a stopped gateway's data.
 * `rotateMasterKey` re-seals every stored WATI token under a new master key
 * (`watigate rotate-key`).
 */
export { MasterKeyError } from '../crypto/master-key.js';
export type { MasterKeyRotation } from './rotate-master-key.js';
export { rotateMasterKey } from './rotate-master-key.js';
export type { RotationReport } from './rotate-store-key.js';
