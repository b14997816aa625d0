// Where the privileged helper is installed, and whether it is safe to hand to pkexec: root's own file in root's own folders.
import { lstatSync } from 'node:fs';
import { dirname } from 'node:path';

/** The one program pkexec is asked to start: the exec.path of the polkit action org.pmem-console.run-plan. */
export const HELPER_PATH = '/usr/lib/pmem-console/pmem-console-helper';
/** The polkit action that lets an admin run it. */
export const POLKIT_ACTION = 'org.pmem-console.run-plan';

/** How to get the helper, for the line that says it is missing. */
const INSTALL_HINT = 'install the pmem-console package (npm run package:deb, then apt install ./dist/pmem-console_*.deb), or run pmem-console as root';

/** The ownership and mode of a path, or null when nothing is there. */
type Stat = { uid: number; mode: number; isFile: boolean; isDir: boolean; isLink: boolean } | null;

function statOf(path: string): Stat {
  try {
    const st = lstatSync(path);
    return { uid: st.uid, mode: st.mode, isFile: st.isFile(), isDir: st.isDirectory(), isLink: st.isSymbolicLink() };
  } catch {
    return null;
  }
}

/** Why the helper at path must not be started as root (missing, not root's, writable by others, or in a folder others can change), or null when it may. */
export function helperProblem(path = HELPER_PATH, stat: (p: string) => Stat = statOf): string | null {
  const st = stat(path);
  if (!st) return `the privileged helper is not installed at ${path}: ${INSTALL_HINT}`;
  if (st.isLink || !st.isFile) return `refusing to elevate: ${path} is not a regular file`;
  if (st.uid !== 0) return `refusing to elevate: ${path} is not owned by root`;
  if (st.mode & 0o022) return `refusing to elevate: ${path} is writable by others than root (mode ${(st.mode & 0o7777).toString(8)})`;
  if (!(st.mode & 0o100)) return `refusing to elevate: ${path} is not executable`;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const d = stat(dir);
    if (!d || !d.isDir) return `refusing to elevate: ${dir} is not a directory`;
    if (d.uid !== 0 || d.mode & 0o022) return `refusing to elevate: ${dir}, which holds the helper, can be changed by others than root`;
    if (dir === '/') return null;
  }
}
