/**
 * The send-cap counters (send-cap-store.ts) in Redis, shared by every instance: `take` is one
 * Lua script (increment, and undo when over the cap), so racing sends on any instance get
 * exactly `cap` slots. A day's counter expires two days after it starts.
 */
import type { Redis } from 'ioredis';
import type { SendCapStore } from './send-cap-store.js';

const takeScript = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], 172800) end
if n > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  return 0
end
return 1`;

const giveBackScript = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then redis.call('DECR', KEYS[1]) end
return 1`;

export function createRedisSendCapStore(options: { redis: Redis; prefix: string }): SendCapStore {
  const { redis, prefix } = options;
  const id = (keyId: string, day: string) => `${prefix}${day}:${keyId}`;
  return {
    async take(keyId, day, cap) {
      if (cap < 1) return false;
      return (await redis.eval(takeScript, 1, id(keyId, day), String(cap))) === 1;
    },
    async giveBack(keyId, day) {
      await redis.eval(giveBackScript, 1, id(keyId, day));
    },
    async close() {},
  };
}
