import { createMemoryRateLimiter } from '../src/rate-limit/memory-rate-limiter.js';
import { rateLimiterContract } from './rate-limit.contract.js';

rateLimiterContract('memory', async (now) => createMemoryRateLimiter({ now }));
