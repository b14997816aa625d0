// The commands that open the console itself: start (the Electron window, or browser mode without one) and serve (browser mode).
import { ConsoleSession } from '../../api/session.js';
import type { Args } from '../args.js';
import { assertBuilt, electronRuntime, listen, noDisplay, runElectron, serveUntilStopped } from '../gui.js';
import type { Io } from '../main.js';
import { hostOptions, openFromArgs, specOf } from '../open.js';

/** serve: browser mode on 127.0.0.1 until SIGINT or SIGTERM. The port is taken before the machine is read, so a busy one fails at once. */
export async function serveCommand(a: Args, io: Io): Promise<number> {
  assertBuilt();
  const notes: string[] = [];
  const host = await openFromArgs(a, { err: io.err, note: (s) => void notes.push(s) });
  const session = new ConsoleSession({ ...hostOptions(a), spec: a.host ?? specOf(host), host, demo: a.demo });
  try {
    const served = await listen(session, a.port ?? 0, (line) => io.err(`pmem-console serve: ${line}\n`));
    try {
      await session.view();
    } catch (e) {
      await served.close();
      throw e;
    }
    for (const n of notes) io.err(n);
    return await serveUntilStopped(session, served, io.out);
  } catch (e) {
    await session.close();
    throw e;
  }
}

/** start: the Electron window where its runtime and a display exist, else browser mode (and it says why). */
export async function startCommand(a: Args, io: Io, argv: readonly string[]): Promise<number> {
  assertBuilt();
  const runtime = electronRuntime();
  const why = 'missing' in runtime ? runtime.missing : noDisplay();
  if (why === null && 'path' in runtime) return await runElectron(runtime.path, argv.slice(1));
  io.err(`pmem-console: no Electron window: ${why}; serving browser mode instead\n`);
  return serveCommand(a, io);
}
