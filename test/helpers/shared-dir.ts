// A scratch directory another local user can read (the ssh tests' user, the sudo rule's), of this test's own: under /tmp, which every
// user can traverse, never /dev/shm, whose inodes other jobs on a shared machine use up.
import { chmodSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';

/** Makes a new directory /tmp/PREFIX…, mode 0755. */
export function sharedDir(prefix: string): string {
  const dir = mkdtempSync(join('/tmp', prefix));
  chmodSync(dir, 0o755);
  return dir;
}
