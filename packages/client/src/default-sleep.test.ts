import { describe, expect, it } from 'vitest';
import { defaultSleep } from './default-sleep.js';

describe('defaultSleep', () => {
  it('resolves after the delay', async () => {
    await expect(defaultSleep(1)).resolves.toBeUndefined();
  });

  it('rejects with the signal’s reason when aborted while waiting', async () => {
    const controller = new AbortController();
    const waiting = defaultSleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('rejects at once when the signal is already aborted', async () => {
    await expect(defaultSleep(60_000, AbortSignal.abort(new Error('done')))).rejects.toThrow('done');
  });
});
