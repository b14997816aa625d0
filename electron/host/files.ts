// Files a person names on the command line (capture bundles, sim state, twins, ssh configs): only regular files, of bounded size,
// opened so that a FIFO or a device can never make the console hang, and every problem said in one line.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { HostError } from './host.js';

/** Largest capture bundle, sim state or twin the console reads: 512 MiB (a 65,536-block capture is about 20 MiB). */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** Why reading or writing a file failed, in words, from its errno (the message itself for anything else). */
export function fileErrorWords(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'a part of its path is not a directory';
  if (code === 'ELOOP') return 'too many symbolic links';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EROFS') return 'the filesystem is read-only';
  return (e as Error).message;
}

/** Reads a regular file whole as UTF-8; a missing file is ENOENT, anything that is not a regular file of at most maxBytes is EBADDATA. */
export function readRegularFile(path: string, what: string, maxBytes = MAX_INPUT_BYTES): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'ENOENT' : 'EBADDATA';
    throw new HostError(code, `cannot read ${what} ${path}: ${fileErrorWords(e)}`, { path, cause: e });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new HostError('EBADDATA', `cannot read ${what} ${path}: it is not a regular file`, { path });
    if (st.size > maxBytes) throw new HostError('EBADDATA', `cannot read ${what} ${path}: it is ${st.size} bytes, more than the ${maxBytes} this console reads`, { path });
    const buf = Buffer.allocUnsafe(st.size);
    let len = 0;
    while (len < buf.length) {
      const n = readSync(fd, buf, len, buf.length - len, len);
      if (n === 0) break;
      len += n;
    }
    return buf.toString('utf8', 0, len);
  } catch (e) {
    if (e instanceof HostError) throw e;
    throw new HostError('EBADDATA', `cannot read ${what} ${path}: ${fileErrorWords(e)}`, { path, cause: e });
  } finally {
    closeSync(fd);
  }
}

/** What is at a path: a regular file, a directory, something else, or nothing. */
export function pathKind(path: string): 'file' | 'dir' | 'other' | 'none' {
  try {
    const st = statSync(path);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  } catch {
    return 'none';
  }
}

/** Whether the path itself is a symbolic link (not followed). */
function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Why a file cannot be created or replaced at path (its folder is missing, or the path is a directory or a device), or null. */
export function unwritableFileReason(path: string, what: string): string | null {
  // Written as named, never through a link (one made by another user would send the write anywhere; a loop would be replaced).
  if (isSymlink(path)) return `${what} ${path} is a symbolic link; name the file itself`;
  const kind = pathKind(path);
  if (kind === 'dir') return `${what} ${path} is a directory; name a file`;
  if (kind === 'other') return `${what} ${path} is not a regular file`;
  const folder = dirname(path);
  const folderKind = pathKind(folder);
  if (folderKind === 'none') return `the folder of ${what} ${path} does not exist (${folder})`;
  if (folderKind !== 'dir') return `the folder of ${what} ${path} is not a directory (${folder})`;
  return null;
}
