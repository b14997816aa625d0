// monitor: reads the machine's health at a modest rate and prints what changes (a DIMM's health or a threshold crossed, new poison,
// a dirty shutdown, a security change, a scrub, memory taken offline), until Ctrl-C or --count reads.
import { healthEvents, type HealthEvent, type HealthInput } from '../../../shared/model/index.js';
import { snapshot } from '../../system/snapshot.js';
import type { Args } from '../args.js';
import type { Io } from '../main.js';
import { openFromArgs } from '../open.js';

/** How often the machine is read by default: health changes over minutes, and a read of a large machine costs a fraction of a second. */
export const DEFAULT_INTERVAL_S = 60;

const count = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** One line of output: text, or a JSON object per line (--json). */
function line(a: Args, io: Io, at: Date, host: string, e: HealthEvent | { kind: 'start' | 'read-failed'; object: string; level: string; message: string }): void {
  if (a.json) io.out(`${JSON.stringify({ time: at.toISOString(), host, ...e })}\n`);
  else io.out(`${at.toISOString()} ${e.level.padEnd(7)} ${e.object.padEnd(8)} ${e.message}\n`);
}

/** monitor: prints the health now (what is not as it should be), then each change, one line each; exit 0 when stopped. */
export async function monitorCommand(a: Args, io: Io): Promise<number> {
  const host = await openFromArgs(a, io);
  const intervalMs = (a.intervalS ?? DEFAULT_INTERVAL_S) * 1000;
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const onSignal = () => stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let before: HealthInput | null = null;
    for (let read = 1; a.count === undefined || read <= a.count; read++) {
      const at = new Date();
      try {
        const t = await snapshot(host);
        if (!before) line(a, io, at, host.info.label, { kind: 'start', object: 'machine', level: 'info', message: `watching ${host.info.label}: ${count(t.dimms.length, 'DIMM')}, ${count(t.regions.length, 'region')}, ${count(t.buses.length, 'bus', 'buses')}, every ${intervalMs / 1000} s` });
        for (const e of healthEvents(before, t)) line(a, io, at, host.info.label, e);
        before = t;
      } catch (e) {
        // A read that fails (a tool that hangs, a link that drops) is said and tried again at the next interval.
        line(a, io, at, host.info.label, { kind: 'read-failed', object: 'machine', level: 'error', message: `the read failed: ${(e as Error).message}` });
      }
      if (a.count !== undefined && read >= a.count) break;
      let timer: NodeJS.Timeout | undefined;
      const waited = await Promise.race([stopped.then(() => 'stop'), new Promise<string>((r) => (timer = setTimeout(() => r('next'), intervalMs)))]);
      clearTimeout(timer);
      if (waited === 'stop') break;
    }
    return 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await host.close();
  }
}
