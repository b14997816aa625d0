// Starting the console: the Electron window where its runtime and a display exist, else browser mode with the URL printed.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Log } from '../api/dispatch.js';
import type { ConsoleSession } from '../api/session.js';
import { serve, type Served } from '../serve.js';
import { UsageError } from './args.js';
import { NotBuiltError } from './errors.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The first of some folders (relative to this module) that holds a file; the built CLI (out/cli/, or cli/ when installed) and the sources (electron/cli/) find out/ differently. */
function nearest(file: string, ...candidates: string[]): string {
  const dirs = candidates.map((c) => join(HERE, c));
  return dirs.find((d) => existsSync(join(d, file))) ?? dirs[0]!;
}

/** Where the built renderer is: beside the built CLI, or under out/ when running from the sources. */
export const RENDERER_DIR = nearest('index.html', '../renderer', '../../out/renderer');
/** Where the built Electron main process is. */
export const ELECTRON_MAIN = join(nearest('index.js', '../main', '../../out/main'), 'index.js');

export { NotBuiltError };

/** Electron 45's own Node requirement: npm install leaves the package out on an older Node (.npmrc engine-strict). */
export const ELECTRON_NODE = '22.12';

/** Why the electron package is missing: this Node is older than Electron asks, or the install left it out. */
export function electronNotInstalled(nodeVersion = process.versions.node): string {
  const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
  const [needMajor = 0, needMinor = 0] = ELECTRON_NODE.split('.').map(Number);
  const old = major < needMajor || (major === needMajor && minor < needMinor);
  return old
    ? `the electron package is not installed: Electron 45 needs Node ${ELECTRON_NODE} or later and this is Node ${nodeVersion}, so npm install left it out`
    : 'the electron package is not installed (in a checkout, npm install installs it)';
}

/** The Electron binary, or why there is none; never triggers electron's download-on-require. */
export function electronRuntime(env = process.env, packageDir?: string): { path: string } | { missing: string } {
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const exe = join(override, 'electron');
    return existsSync(exe) ? { path: exe } : { missing: `the Electron runtime is missing (${exe})` };
  }
  let dir: string;
  try {
    dir = packageDir ?? dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: electronNotInstalled() };
  }
  const pathFile = join(dir, 'path.txt');
  // The electron package downloads its runtime in its own install step; a machine that could not reach the download has none.
  const fetch = `node ${join(dir, 'install.js')} downloads it`;
  if (!existsSync(pathFile)) return { missing: `the Electron runtime was never downloaded (${fetch})` };
  const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? { path: exe } : { missing: `the Electron runtime is missing (${exe}; ${fetch})` };
}

/** Why no window can open here, or null when one can. */
export function noDisplay(env = process.env, platform = process.platform): string | null {
  if (platform !== 'linux') return null;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? null : 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
}

/** Checks the renderer was built. */
export function assertBuilt(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new NotBuiltError(`the console is not built (${RENDERER_DIR} has no index.html): run npm run build`);
}

/** Starts browser mode on 127.0.0.1; a port that is taken or not allowed is bad input (exit 2), said in one line. */
export async function listen(session: ConsoleSession, port: number, log: Log): Promise<Served> {
  assertBuilt();
  try {
    return await serve({ session, port, rendererDir: RENDERER_DIR, log });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on 127.0.0.1 is in use; pick another with --port, or leave it out for a free one`);
    if (code === 'EACCES') throw new UsageError(`port ${port} on 127.0.0.1 needs privileges this user does not have; pick one above 1023`);
    throw e;
  }
}

/** Serves browser mode until SIGINT or SIGTERM; prints the URL. */
export async function serveUntilStopped(session: ConsoleSession, served: Served, out: (s: string) => void): Promise<number> {
  out(`pmem-console: serving ${session.info().host.label} at ${served.url}\n`);
  out('pmem-console: open that URL in a browser on this machine (ssh -L works for a remote one); Ctrl-C stops\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await served.close();
  await session.close();
  return 0;
}

/** Opens the Electron window on the given arguments, and returns its exit code. */
export function runElectron(exe: string, args: string[]): Promise<number> {
  const child = spawn(exe, [ELECTRON_MAIN, ...args], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}
