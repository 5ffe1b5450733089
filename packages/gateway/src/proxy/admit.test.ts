import { operations } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../deps/clock.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { SendClaim } from '../idempotency/claim-send.js';
import { createMemoryRateLimiter } from '../rate-limit/memory-rate-limiter.js';
import { createMemorySendCapStore } from '../send-cap/send-cap-store.js';
import type { ApiKeyRecord } from '../store/store.js';
import { type Admission, admit } from './admit.js';
import { takeSendSlot } from './send-cap.js';

const sealedToken = { ciphertext: 'c', iv: 'i', tag: 't', keyId: 'k' };
const key = { id: 'key_1', dailySendCap: 1 } as ApiKeyRecord;

function admission(options: { limits?: boolean; tokenOpens?: boolean } = {}): Admission {
  const clock = createFixedClock('2026-01-31T20:03:32.593153Z');
  return {
    sendCaps: createMemorySendCapStore(),
    clock,
    rateLimiter: createMemoryRateLimiter({ now: () => clock.now() }),
    ratePolicy: { plan: 'growth', enabled: options.limits ?? false },
    tokens: {
      open: () => {
        if (options.tokenOpens === false) throw new Error('sealed under another key');
        return 'wati-token';
      },
    },
  };
}

function recordingClaim(): SendClaim & { released: number } {
  const claim = {
    released: 0,
    release: async () => {
      claim.released++;
    },
    store: async () => {},
    storeFailure: async () => {},
  };
  return claim;
}

describe('admit', () => {
  it('answers a read with no check to make at once, not as a promise', () => {
    const call = { key, connectionId: 'c1', sealedToken, operation: operations.getContacts };
    expect(admit(admission(), call, undefined)).toBe('wati-token');
  });

  it('checks the WATI-plan limit of a read when limits are on', async () => {
    const call = { key, connectionId: 'c1', sealedToken, operation: operations.getContacts };
    const result = admit(admission({ limits: true }), call, undefined);
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toBe('wati-token');
  });

  it('releases the claim of a write whose token does not open', async () => {
    const claim = recordingClaim();
    const call = { key, connectionId: 'c1', sealedToken, operation: operations.addContact };
    await expect(admit(admission({ tokenOpens: false }), call, claim)).rejects.toThrow(
      'sealed under another key',
    );
    expect(claim.released).toBe(1);
  });

  it('gives the send slot back and releases the claim of a send whose token does not open', async () => {
    const claim = recordingClaim();
    let givenBack = 0;
    const slot = {
      giveBack: async () => {
        givenBack++;
      },
    };
    const call = { key, connectionId: 'c1', sealedToken, operation: operations.sendSessionMessage };
    const refused = await Promise.resolve(admit(admission({ tokenOpens: false }), call, claim, slot)).catch(
      (e) => e,
    );
    expect((refused as Error).message).toBe('sealed under another key');
    expect([claim.released, givenBack]).toEqual([1, 1]);
  });
});

describe('takeSendSlot', () => {
  it('refuses past the daily cap with 429 send_cap_exceeded and Retry-After until midnight UTC', async () => {
    const deps = admission();
    const claim = recordingClaim();
    expect(await takeSendSlot(deps, { id: 'key_1', dailySendCap: 1 }, undefined)).toBeDefined();
    const refused = await takeSendSlot(deps, { id: 'key_1', dailySendCap: 1 }, claim).catch((e) => e);
    expect(refused).toBeInstanceOf(GatewayError);
    expect((refused as GatewayError).code).toBe('send_cap_exceeded');
    // 20:03:32.59 → midnight is 14,187.4 s away, rounded up.
    expect((refused as GatewayError).headers).toEqual({ 'retry-after': '14188' });
    expect(claim.released).toBe(1);
    expect(await takeSendSlot(deps, { id: 'key_2', dailySendCap: null }, undefined)).toBeUndefined();
  });
});
