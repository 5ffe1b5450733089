import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressReporter, formatDuration, rateAndEta } from './progress-reporter.js';

describe('formatDuration', () => {
  it('reads as seconds, minutes or hours', () => {
    expect(formatDuration(4_400)).toBe('4s');
    expect(formatDuration(125_000)).toBe('2m05s');
    expect(formatDuration(3_720_000)).toBe('1h02m');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('?');
  });
});

describe('rateAndEta', () => {
  it('measures the rows of this run only', () => {
    expect(rateAndEta(10_000, 0, 500, 1000)).toEqual({ rate: 50, etaMs: 20_000 });
  });
});

describe('createProgressReporter (not a terminal)', () => {
  it('writes one line per batch', () => {
    let text = '';
    const stream = new Writable({
      write(chunk, _e, done) {
        text += chunk.toString();
        done();
      },
    });
    let now = 0;
    const p = createProgressReporter(stream, false, () => now);
    p.start(300, { done: 100, sent: 100, failed: 0, skipped: 0, batchIndex: 1, batches: 3 });
    now = 2_000;
    p.update({ done: 200, sent: 199, failed: 1, skipped: 0, batchIndex: 1, batches: 3 });
    expect(text).toBe(
      'broadcast: 300 rows in 3 batches, resuming after row 100\nbatch 2/3: 200/300 rows, sent 199, failed 1, 50.0 rows/s, ETA 2s\n',
    );
  });
});
