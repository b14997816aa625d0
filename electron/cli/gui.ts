// Starting the console: the Electron window where its runtime and a display exist, else browser mode with the URL printed.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Log } from '../api/dispatch.js';
import type { ConsoleSession } from '../api/session.js';
import { serve } from '../serve.js';

/** The project's root folder (where package.json and out/ are). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the built renderer is. */
export const RENDERER_DIR = join(PROJECT_ROOT, 'out', 'renderer');
/** Where the built Electron main process is. */
export const ELECTRON_MAIN = join(PROJECT_ROOT, 'out', 'main', 'index.js');

/** The console is not built (npm run build has not run). */
export class NotBuiltError extends Error {}

/** The Electron binary, or why there is none; never triggers electron's download-on-require. */
export function electronRuntime(env = process.env): { path: string } | { missing: string } {
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(dir, 'path.txt');
  if (!override && !existsSync(pathFile)) return { missing: 'the Electron runtime was never downloaded (node_modules/electron has no binary)' };
  const exe = override ? join(override, 'electron') : join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? { path: exe } : { missing: `the Electron runtime is missing (${exe})` };
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

/** Serves browser mode until SIGINT or SIGTERM; prints the URL. */
export async function serveUntilStopped(session: ConsoleSession, port: number, out: (s: string) => void, log: Log): Promise<number> {
  assertBuilt();
  const served = await serve({ session, port, rendererDir: RENDERER_DIR, log });
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
