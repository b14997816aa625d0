// Batched file reads for the local host: plain open/read/close into one reused buffer, inline. A machine's memory blocks are read as a
// table (readTableInline): a scan of 200,000 sysfs files is one loop with no path kept per file.
import * as fs from 'node:fs';
import type { NumberedEntries } from '../host.js';

/** What reading one file gave: its text, or the errno code and message. */
export type ReadOutcome = string | { code: string; message: string };

/** Most a machine file read here may hold: sysfs attributes are a page, /proc files a few KiB; a larger one is not the kernel's. */
export const MAX_MACHINE_FILE_BYTES = 16 * 1024 * 1024;

/** How a machine file is opened: never waiting for a FIFO's writer, never taking a terminal. */
const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY;

/** Reads each file whole with plain open/read/close into one reused buffer; a failure becomes its errno code and message. Only regular
 *  files, and at most MAX_MACHINE_FILE_BYTES of one: a FIFO, a device or an endless file in a copied tree (--sysroot) is refused at once. */
function readAll(paths: readonly string[]): ReadOutcome[] {
  let buf = Buffer.allocUnsafe(1 << 16);
  const out: ReadOutcome[] = new Array(paths.length);
  for (let i = 0; i < paths.length; i++) {
    let fd = -1;
    try {
      fd = fs.openSync(paths[i]!, OPEN_FLAGS);
      if (!fs.fstatSync(fd).isFile()) {
        out[i] = { code: 'EBADDATA', message: 'not a regular file' };
        continue;
      }
      let len = 0;
      for (;;) {
        if (len === buf.length) {
          if (buf.length >= MAX_MACHINE_FILE_BYTES) throw Object.assign(new Error(`larger than ${MAX_MACHINE_FILE_BYTES / 1024 / 1024} MiB, which no kernel file is`), { code: 'EBADDATA' });
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger);
          buf = bigger;
        }
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

/** Reads the same attributes of many entries of a directory (a machine's memory blocks) in one inline loop: one open, one read and
 *  one close per file, into one reused buffer, with no path kept once its file is read. values[e * attrs.length + a]; null where a file
 *  could not be read. */
export function readTableInline(dir: string, entries: NumberedEntries, attrs: readonly string[]): (string | null)[] {
  const buf = Buffer.allocUnsafe(1 << 16);
  const { prefix, numbers } = entries;
  const out: (string | null)[] = new Array(numbers.length * attrs.length);
  // Paths relative to the table's directory: the kernel walks two components per open instead of the whole path (lsmem uses openat on a
  // directory descriptor for the same reason). The loop is synchronous, so no other code of this process runs while the working directory
  // is changed, and it is changed back before the loop returns.
  let home: string | null = null;
  try {
    const here = process.cwd();
    process.chdir(dir);
    home = here;
  } catch {
    home = null; // no working directory to come back to, or no such table directory: absolute paths
  }
  const relative = home !== null;
  try {
    // Neighbouring blocks mostly say the same ("online", "Movable"): a value equal to the attribute's previous one reuses its string.
    const last = attrs.map(() => ({ text: '', bytes: Buffer.alloc(64), length: -1 }));
    let k = 0;
    for (const e of numbers) {
      const base = relative ? `${prefix}${e}/` : `${dir}/${prefix}${e}/`;
      for (let j = 0; j < attrs.length; j++) {
        const a = attrs[j]!;
        let fd = -1;
        try {
          fd = fs.openSync(base + a, OPEN_FLAGS);
          const n = fs.readSync(fd, buf, 0, buf.length, 0);
          const seen = last[j]!;
          if (n === seen.length && sameBytes(buf, seen.bytes, n)) out[k++] = seen.text;
          // A sysfs attribute is at most a page; a larger file (never one of these) is read whole the slow way, if it is a regular one.
          else if (n === buf.length) {
            const whole = readAll([base + a])[0];
            out[k++] = typeof whole === 'string' ? whole : null;
          }
          else {
            out[k++] = seen.text = buf.toString('utf8', 0, n);
            if (n <= seen.bytes.length) {
              buf.copy(seen.bytes, 0, 0, n);
              seen.length = n;
            } else seen.length = -1;
          }
        } catch {
          out[k++] = null;
        } finally {
          if (fd >= 0) fs.closeSync(fd);
        }
      }
    }
  } finally {
    if (home !== null) process.chdir(home);
  }
  return out;
}

/** Whether the first n bytes of two buffers are equal (n is a sysfs value's length: a few bytes). */
function sameBytes(a: Buffer, b: Buffer, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Reads many files, one after another (one thread reading small files beats handing them to others, measured: bench/scan.ts). */
export async function readMany(paths: readonly string[]): Promise<ReadOutcome[]> {
  return readAll(paths);
}
