import { describe, expect, it } from 'vitest';
import { batchIdempotencyKey, csvIdentity, receiverMessageId } from './idempotency-key.js';

const batch = {
  template: 'order_update',
  broadcastName: 'spring',
  csvId: csvIdentity(['phone', 'name'], 1234),
  batchIndex: 3,
  receivers: [{ whatsappNumber: '14155551234', customParams: [{ name: 'name', value: 'Ana' }] }],
};

describe('batchIdempotencyKey', () => {
  it('is the same for the same batch, across runs', () => {
    expect(batchIdempotencyKey(batch)).toBe(batchIdempotencyKey(structuredClone(batch)));
    expect(batchIdempotencyKey(batch)).toMatch(/^wgb_[0-9a-f]{40}$/);
  });

  it('changes with the template, broadcast name, CSV, batch index or any row', () => {
    const key = batchIdempotencyKey(batch);
    expect(batchIdempotencyKey({ ...batch, template: 'login_code' })).not.toBe(key);
    expect(batchIdempotencyKey({ ...batch, broadcastName: 'autumn' })).not.toBe(key);
    expect(batchIdempotencyKey({ ...batch, csvId: csvIdentity(['phone', 'name'], 1235) })).not.toBe(key);
    expect(batchIdempotencyKey({ ...batch, batchIndex: 4 })).not.toBe(key);
    expect(
      batchIdempotencyKey({
        ...batch,
        receivers: [{ whatsappNumber: '14155551234', customParams: [{ name: 'name', value: 'Bo' }] }],
      }),
    ).not.toBe(key);
  });
});

describe('receiverMessageId', () => {
  it('derives a stable UUID-shaped id per position', () => {
    const id = receiverMessageId('wgb_abc', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(receiverMessageId('wgb_abc', 0)).toBe(id);
    expect(receiverMessageId('wgb_abc', 1)).not.toBe(id);
  });
});
