/**
 * Preloaded into a gateway child (`node --expose-gc --import <this file>`) by the soak test, never
 * by the product: on SIGUSR2 it runs two full garbage collections and writes the heap and RSS that
 * remain to the file named by WATIGATE_GC_PROBE_FILE. Memory measured after a forced collection
 * does not depend on when V8 chooses to collect, so a leak shows as growth between two probes.
 */
import { renameSync, writeFileSync } from 'node:fs';

const file = process.env.WATIGATE_GC_PROBE_FILE;
if (file && typeof globalThis.gc === 'function') {
  process.on('SIGUSR2', () => {
    globalThis.gc();
    globalThis.gc();
    const { heapUsed, rss } = process.memoryUsage();
    // Written aside and renamed, so that the reader never sees half a file.
    writeFileSync(`${file}.tmp`, JSON.stringify({ at: Date.now(), heapUsed, rss }));
    renameSync(`${file}.tmp`, file);
  });
}
