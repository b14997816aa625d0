// Batched file reads for the local host: small batches inline, large ones (a machine's memory blocks) in worker threads,
// each reading with plain open/read/close into one buffer, so a scan of 200,000 sysfs files takes well under a second
// and never blocks the main process's event loop.
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** What reading one file gave: its text, or the errno code and message. */
export type ReadOutcome = string | { code: string; message: string };

/** Batches up to this size are read inline: they take a few milliseconds. */
export const INLINE_LIMIT = 4096;

/** Reads each file whole with plain open/read/close into one reused buffer; a failure becomes its errno code and message. */
function readAll(fs: typeof import('node:fs'), paths: readonly string[]): ReadOutcome[] {
  let buf = Buffer.allocUnsafe(1 << 16);
  const out: ReadOutcome[] = new Array(paths.length);
  for (let i = 0; i < paths.length; i++) {
    let fd = -1;
    try {
      fd = fs.openSync(paths[i]!, 'r');
      let len = 0;
      for (;;) {
        if (len === buf.length) { const bigger = Buffer.allocUnsafe(buf.length * 2); buf.copy(bigger); buf = bigger; }
        const n = fs.readSync(fd, buf, len, buf.length - len, len);
        if (n === 0) break;
        len += n;
      }
      out[i] = buf.toString('utf8', 0, len);
    } catch (e) {
      out[i] = { code: (e as NodeJS.ErrnoException).code || 'EIO', message: (e as Error).message };
    } finally {
      if (fd >= 0) fs.closeSync(fd);
    }
  }
  return out;
}

// A worker runs the same function, handed over as its source text (it uses nothing but its arguments and Buffer), so a worker needs
// no file of its own in a bundle. It answers with one NUL-joined string and a list of failures: cloning one string is far cheaper than 100,000.
const WORKER_SOURCE = `const readAll = ${readAll.toString()};
const { parentPort, workerData } = require('node:worker_threads');
const out = readAll(require('node:fs'), workerData);
const failures = [];
for (let i = 0; i < out.length; i++) if (typeof out[i] !== 'string') { failures.push([i, out[i].code, out[i].message]); out[i] = ''; }
parentPort.postMessage({ joined: out.join('\\0'), failures });
`;

/** Reads files one after another on this thread. */
export async function readInline(paths: readonly string[]): Promise<ReadOutcome[]> {
  return readAll(fs, paths);
}

function readInWorker(paths: readonly string[]): Promise<ReadOutcome[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: paths });
    worker.once('message', ({ joined, failures }: { joined: string; failures: [number, string, string][] }) => {
      const out: ReadOutcome[] = joined.split('\0');
      for (const [i, code, message] of failures) out[i] = { code, message };
      // Text files never hold NUL; one that does would shift the split, so fall back to reading inline.
      if (out.length !== paths.length) readInline(paths).then(resolve, reject);
      else resolve(out);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`file reader thread stopped with exit code ${code}`));
    });
  });
}

/** Reads many files: inline when few, else split over worker threads (one per core, at most four). */
export async function readMany(paths: readonly string[]): Promise<ReadOutcome[]> {
  if (paths.length <= INLINE_LIMIT) return readInline(paths);
  const threads = Math.max(1, Math.min(4, availableParallelism(), Math.ceil(paths.length / INLINE_LIMIT)));
  const size = Math.ceil(paths.length / threads);
  const parts = await Promise.all(Array.from({ length: threads }, (_, k) => readInWorker(paths.slice(k * size, (k + 1) * size))));
  return parts.flat();
}
