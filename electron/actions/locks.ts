// One plan at a time per object: a lock file per (host, object) in the state directory, held by a live process.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LockedError } from './errors.js';
import { processAlive } from './process.js';
import { stateDir } from './journal.js';

export { LockedError };

/** Takes the lock of an object on a host; returns the release function. A lock left by a dead process is taken over. */
export function acquireLock(host: string, object: string): () => void {
  const dir = join(stateDir(), 'locks');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new LockedError(`cannot take the lock for ${object}: the state directory ${dir} cannot be made (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was run`);
  }
  const file = join(dir, `${host}__${object}`.replace(/[^A-Za-z0-9_.-]/g, '_') + '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new LockedError(`cannot take the lock for ${object} in ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was run`);
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) throw new LockedError(`${object} on ${host} is busy: another plan (process ${pid}) is running on it`);
      rmSync(file, { force: true });
    }
  }
  throw new LockedError(`${object} on ${host} is busy`);
}
