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

describe('createProgressReporter (a terminal)', () => {
  const terminal = () => {
    const stream = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          stream.text += chunk.toString();
          done();
        },
      }),
      { isTTY: true, columns: 200, text: '' },
    );
    return stream;
  };
  const at = (done: number) => ({ done, sent: done, failed: 0, skipped: 0, batchIndex: 0, batches: 3 });

  it('keeps a note on its own line and draws the bar again below it', () => {
    const stream = terminal();
    const p = createProgressReporter(stream, true, () => 0);
    p.start(300, at(0));
    p.note('batch 2: rate limited (429), waiting 1s');
    stream.text = '';
    p.update(at(200));
    expect(stream.text).toContain('200/300 rows');
    p.stop();
  });

  it('erases the bar when it stops, for the summary line to take its place', () => {
    const stream = terminal();
    const p = createProgressReporter(stream, true, () => 0);
    p.start(300, at(0));
    p.update(at(300));
    stream.text = '';
    p.stop();
    // cli-progress's clearOnComplete: back to the line's start and erase it.
    // cli-progress's clearOnComplete: the last frame, then back to the line's start and erase it.
    expect(stream.text.endsWith('\u001b[1G\u001b[2K'), JSON.stringify(stream.text)).toBe(true);
    expect(stream.text).not.toContain('\n');
  });
});
