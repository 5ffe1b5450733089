import { createMemoryIdempotencyStore } from '../src/idempotency/memory-idempotency-store.js';
import { idempotencyStoreContract } from './idempotency.contract.js';

idempotencyStoreContract('memory', async (options) => createMemoryIdempotencyStore(options));
