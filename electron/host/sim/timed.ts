// What takes time on the emulated machine: an address range scrub and a DIMM overwrite run on after the command that starts them, and
// end by the clock (the state keeps when), so every process sharing a state file sees the same progress.
import type { SimState } from './state.js';
import { busesNamed, startScrub } from './ndctl-media.js';
import { scrubFinds } from './poison.js';
import { endOverwrite } from './dimm-security.js';

/** Ends what has run its time: a finished scrub counts and brings the poison it found to light; a finished overwrite leaves the DIMM
 *  in the security state it had before (nfit_test's firmware). Returns whether anything changed. */
export function settle(state: SimState, now: number): boolean {
  let changed = false;
  for (const bus of state.buses) {
    if (bus.scrub && bus.scrub.until !== null && bus.scrub.until <= now) {
      bus.scrub.until = null;
      scrubFinds(bus);
      changed = true;
    }
    // An activation's quiesce is over: the bus is idle again (and each DIMM it took shows its result).
    if (bus.firmwareActivate?.busyUntil !== undefined && bus.firmwareActivate.busyUntil <= now) {
      delete bus.firmwareActivate.busyUntil;
      changed = true;
    }
    for (const d of bus.dimms) {
      if (d.overwriteUntil === undefined || d.overwriteUntil > now) continue;
      endOverwrite(d);
      changed = true;
    }
  }
  return changed;
}

/** How long a command must wait before it can answer (ndctl polls the kernel until the scrub or overwrite ends); `clear-errors --scrub`
 *  starts a scrub where none runs, as ndctl does. */
export function waitBefore(state: SimState, program: string, args: readonly string[], now: number): number {
  if ((program.split('/').pop() ?? program) !== 'ndctl') return 0;
  const [sub, ...rest] = args;
  const operands = rest.filter((a) => !a.startsWith('-'));
  const untilOf = (xs: (number | null | undefined)[]) => Math.max(0, ...xs.map((u) => (u == null ? 0 : u - now)));
  if (sub === 'wait-scrub') {
    return untilOf(busesNamed(state, operands).map((b) => b.scrub?.until));
  }
  if (sub === 'clear-errors') {
    if (rest.includes('--scrub') || rest.includes('-s')) for (const b of state.buses) if (b.nfit) startScrub(b, now);
    return untilOf(state.buses.map((b) => b.scrub?.until));
  }
  if (sub === 'wait-overwrite') {
    const all = operands.includes('all');
    return untilOf(state.buses.flatMap((b) => b.dimms.filter((d) => all || operands.includes(d.dev)).map((d) => d.overwriteUntil)));
  }
  return 0;
}
