/**
 * Broadcast progress on stderr: a cli-progress bar when stderr is a terminal, otherwise one log
 * line per batch (CI logs stay readable). Shows rows done, sent, failed, rate and ETA.
 */
import cliProgress from 'cli-progress';
import type { OutStream } from '../cli-io.js';

export interface ProgressSnapshot {
  /** Rows handled so far, including rows skipped on resume. */
  done: number;
  sent: number;
  failed: number;
  /** Rows invalid before sending, not sent. */
  skipped: number;
  batchIndex: number;
  batches: number;
}

export interface ProgressReporter {
  start(total: number, snapshot: ProgressSnapshot): void;
  update(snapshot: ProgressSnapshot): void;
  /** A message that must not be drawn over by the bar. */
  note(line: string): void;
  stop(): void;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m${String(s % 60).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Rows per second since `started` and the time left for `total` rows. */
export function rateAndEta(now: number, started: number, doneThisRun: number, remaining: number) {
  const elapsed = Math.max(1, now - started);
  const rate = (doneThisRun / elapsed) * 1000;
  return { rate, etaMs: rate > 0 ? (remaining / rate) * 1000 : Number.POSITIVE_INFINITY };
}

const skippedText = (s: ProgressSnapshot) => (s.skipped > 0 ? ` invalid ${s.skipped}` : '');

export function createProgressReporter(stream: OutStream, tty: boolean, now: () => number): ProgressReporter {
  let total = 0;
  let started = 0;
  let initialDone = 0;
  const stats = (s: ProgressSnapshot) => rateAndEta(now(), started, s.done - initialDone, total - s.done);

  if (tty) {
    let paused = false;
    const bar = new cliProgress.SingleBar(
      {
        stream: stream as NodeJS.WritableStream as never,
        format:
          'broadcast |{bar}| {percentage}% {value}/{total} rows | sent {sent} failed {failed}{skipped_text} | {rate}/s | ETA {eta_text}',
        hideCursor: true,
        // The bar is gone when the broadcast ends: the summary line replaces it.
        clearOnComplete: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    const payload = (s: ProgressSnapshot) => {
      const { rate, etaMs } = stats(s);
      return {
        sent: s.sent,
        failed: s.failed,
        skipped_text: skippedText(s),
        rate: rate.toFixed(1),
        eta_text: formatDuration(etaMs),
      };
    };
    return {
      start(t, s) {
        total = t;
        started = now();
        initialDone = s.done;
        bar.start(t, s.done, payload(s));
      },
      update(s) {
        // After a note the bar is drawn again below it, from where it is now.
        if (paused) bar.start(total, s.done, payload(s));
        else bar.update(s.done, payload(s));
        paused = false;
      },
      note(line) {
        // Stopping erases the bar (clearOnComplete), so the note takes its line and stays.
        bar.stop();
        paused = true;
        stream.write(`${line}\n`);
      },
      stop() {
        bar.stop();
      },
    };
  }
  return {
    start(t, s) {
      total = t;
      started = now();
      initialDone = s.done;
      stream.write(
        `broadcast: ${t} rows in ${s.batches} batches${s.done > 0 ? `, resuming after row ${s.done}` : ''}\n`,
      );
    },
    update(s) {
      const { rate, etaMs } = stats(s);
      stream.write(
        `batch ${s.batchIndex + 1}/${s.batches}: ${s.done}/${total} rows, sent ${s.sent}, failed ${s.failed}${s.skipped > 0 ? `, ${s.skipped} invalid skipped` : ''}, ${rate.toFixed(1)} rows/s, ETA ${formatDuration(etaMs)}\n`,
      );
    },
    note(line) {
      stream.write(`${line}\n`);
    },
    stop() {},
  };
}
