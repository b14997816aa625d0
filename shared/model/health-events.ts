// What changed in a machine's health between two reads: the events `pmem-console monitor` prints and the console badges.
import { formatBytes } from '../units/index.js';
import { BADBLOCK_SECTOR } from './poison.js';
import type { Dimm, Topology } from './topology.js';

/** What a health event is about. */
export type HealthEventKind = 'health' | 'threshold' | 'shutdown' | 'poison' | 'security' | 'scrub' | 'corrupted';

/** One change, with how bad the new state is and what it means in words. */
export interface HealthEvent {
  kind: HealthEventKind;
  /** The DIMM, region or bus it is about ("machine" for HardwareCorrupted). */
  object: string;
  level: 'info' | 'warning' | 'error';
  message: string;
}

/** The parts of a read the events compare (a Topology, or the console's view of one). */
export type HealthInput = Pick<Topology, 'dimms' | 'regions' | 'buses'> & { meminfo: { fields: Record<string, number> } };


/** The thresholds a DIMM is past now: by the reading against the threshold where both are known (a firmware may keep an alarm flag set
 *  whatever the reading: nfit_test's are always set), else by the firmware's alarm flag. */
export function pastThresholds(d: Pick<Dimm, 'health'>): Set<string> {
  const h = d.health;
  const out = new Set<string>();
  if (!h) return out;
  const t = h.thresholds;
  const past = (reading: number | null | undefined, limit: number | null | undefined, flag: boolean | undefined, below: boolean) =>
    reading != null && limit != null ? (below ? reading <= limit : reading >= limit) : flag === true;
  if (past(h.temperatureCelsius, t?.temperature, h.alarms?.temperature, false)) out.add('media temperature');
  if (past(h.controllerTemperatureCelsius, t?.controllerTemperature, h.alarms?.controllerTemperature, false)) out.add('controller temperature');
  if (past(h.sparesPercent, t?.spares, h.alarms?.spares, true)) out.add('spares');
  return out;
}

const levelOfState = (s: string): HealthEvent['level'] => (s === 'ok' ? 'info' : s === 'non-critical' || s === 'unknown' ? 'warning' : 'error');
const poisonBytes = (r: HealthInput['regions'][number]) => (r.mediaErrors ?? []).reduce((s, e) => s + e.length, 0) || r.badblockCount * BADBLOCK_SECTOR;

/** The events from one read to the next; with no earlier read, the state now of everything not as it should be. */
export function healthEvents(before: HealthInput | null, after: HealthInput): HealthEvent[] {
  const out: HealthEvent[] = [];
  for (const d of after.dimms) {
    const old = before?.dimms.find((x) => x.dev === d.dev);
    const state = d.health?.healthState ?? null;
    const was = old ? (old.health?.healthState ?? null) : before ? null : 'ok';
    if (state !== null && state !== was) out.push({ kind: 'health', object: d.dev, level: levelOfState(state), message: before && was !== null ? `${d.dev} health ${was} -> ${state}` : `${d.dev} health is ${state}` });
    const now = pastThresholds(d);
    const then = old ? pastThresholds(old) : new Set<string>();
    for (const x of now) if (!then.has(x)) out.push({ kind: 'threshold', object: d.dev, level: 'warning', message: `${d.dev} is past its ${x} threshold${x === 'spares' ? ` (${d.health!.sparesPercent}% spare blocks left)` : x === 'media temperature' ? ` (${d.health!.temperatureCelsius} °C)` : ` (${d.health!.controllerTemperatureCelsius} °C)`}` });
    for (const x of then) if (!now.has(x) && before) out.push({ kind: 'threshold', object: d.dev, level: 'info', message: `${d.dev} is back within its ${x} threshold` });
    const shutdowns = d.health?.shutdownCount ?? null;
    const oldShutdowns = old?.health?.shutdownCount ?? null;
    if (before && shutdowns !== null && oldShutdowns !== null && shutdowns > oldShutdowns) out.push({ kind: 'shutdown', object: d.dev, level: 'warning', message: `${d.dev} had ${shutdowns - oldShutdowns} more dirty shutdown${shutdowns - oldShutdowns === 1 ? '' : 's'} (${shutdowns} in all): data written just before may not have reached the media` });
    const sec = d.security === null ? null : `${d.security}${d.securityFrozen ? ', frozen' : ''}`;
    const oldSec = old ? (old.security === null ? null : `${old.security}${old.securityFrozen ? ', frozen' : ''}`) : null;
    if (before && old && sec !== oldSec) out.push({ kind: 'security', object: d.dev, level: d.security === 'locked' ? 'error' : 'info', message: `${d.dev} security ${oldSec ?? 'none'} -> ${sec ?? 'none'}` });
  }
  for (const r of after.regions) {
    const old = before?.regions.find((x) => x.dev === r.dev);
    const now = poisonBytes(r);
    const then = old ? poisonBytes(old) : 0;
    if (now > then) out.push({ kind: 'poison', object: r.dev, level: 'warning', message: `${r.dev} has ${formatBytes(now)} of known poison${before ? ` (was ${formatBytes(then)})` : ''}` });
    else if (now < then) out.push({ kind: 'poison', object: r.dev, level: 'info', message: `${r.dev} has ${formatBytes(now)} of known poison (was ${formatBytes(then)}): cleared` });
  }
  for (const b of after.buses) {
    const old = before?.buses.find((x) => x.dev === b.dev);
    if (!old) continue;
    if (b.scrubState === 'active' && old.scrubState !== 'active') out.push({ kind: 'scrub', object: b.dev, level: 'info', message: `a scrub of ${b.dev} started` });
    if ((b.scrubCount ?? 0) > (old.scrubCount ?? 0)) out.push({ kind: 'scrub', object: b.dev, level: 'info', message: `a scrub of ${b.dev} completed (${b.scrubCount} since boot)` });
  }
  const corrupted = after.meminfo.fields.HardwareCorrupted ?? 0;
  const was = before?.meminfo.fields.HardwareCorrupted ?? 0;
  if (corrupted > was) out.push({ kind: 'corrupted', object: 'machine', level: 'error', message: `the kernel took ${formatBytes(corrupted - was)} more memory offline after machine checks (HardwareCorrupted ${formatBytes(corrupted)})` });
  return out;
}
