/**
 * Preloaded into a gateway under benchmark (`node --import <this file>`): writes the process's V8
 * heap in use (`process.memoryUsage().heapUsed`, bytes) to the file named by BENCH_HEAP_FILE every
 * 20 ms, so that the benchmark can follow the heap from outside as it follows RSS from /proc.
 * Unreferenced timer: it never keeps the gateway alive. Not a benchmark itself.
 */
import { renameSync, writeFileSync } from 'node:fs';

const file = process.env.BENCH_HEAP_FILE;
if (file) {
  setInterval(() => {
    try {
      // Written aside and renamed, so that a reader never sees a half-written number.
      writeFileSync(`${file}.tmp`, String(process.memoryUsage().heapUsed));
      renameSync(`${file}.tmp`, file);
    } catch {}
  }, 20).unref();
}
