// What the console says about health, poison and security: per DIMM, per device, and for the machine as a whole (the Overview's line,
// the Topology's badges, the wizard's "before you hand it to the kernel").
import type { ViewTopology } from '../../../shared/api/index.js';
import type { Dimm } from '../../../shared/model/index.js';
import { poisonSites, type PoisonSite } from '../../../shared/model/poison.js';
import { pastThresholds } from '../../../shared/model/health-events.js';
import { formatBytes } from '../../../shared/units/index.js';

/** How bad something is, for a badge. */
export type Level = 'ok' | 'info' | 'warning' | 'error';

/** The regions a DIMM is part of, for a table cell ("—" for none). */
export function regionsOfDimm(t: Pick<ViewTopology, 'regions'>, dimm: string): string {
  return t.regions.filter((r) => r.mappings.some((m) => m.dimm === dimm)).map((r) => r.dev).join(', ') || '—';
}

/** Why a DIMM shows no health: its firmware has no SMART command (QEMU's has the label commands only), or it gave none. */
export function noHealthReason(d: Dimm): string {
  return d.dsm && !d.dsm.commands.includes('smart') ? `the firmware has no health command (its commands: ${d.dsm.commands.join(', ') || 'none'})` : 'the firmware reports no health';
}

/** What a DIMM's firmware says of its health, in words, and how bad it is; "unknown" where the firmware cannot say (never "ok"). */
export function dimmHealth(d: Dimm): { level: Level; text: string } {
  const h = d.health;
  if (!h) return { level: 'info', text: `unknown: ${noHealthReason(d)}` };
  // Past a threshold by its reading where both are known (a firmware may keep its alarm flags set whatever the reading), else by the flag.
  const alarms = [...pastThresholds(d)];
  const level: Level = h.healthState === 'ok' && alarms.length === 0 ? 'ok' : h.healthState === 'critical' || h.healthState === 'fatal' ? 'error' : 'warning';
  return { level, text: `${h.healthState}${alarms.length ? `; alarm: ${alarms.join(', ')}` : ''}` };
}

/** A DIMM's security in words: whether it locks at power loss, and whether that can change before the next power cycle. */
export function dimmSecurity(d: Dimm): { level: Level; text: string; short: string } {
  if (d.security === null) return { level: 'info', text: 'no security commands: data stays readable after power loss', short: 'none' };
  const frozen = d.securityFrozen ? ', frozen until the next power cycle' : '';
  const short = d.securityFrozen ? ', frozen' : '';
  if (d.security === 'disabled') return { level: 'warning', text: `no passphrase: does not lock at power loss${frozen}`, short: `no passphrase${short}` };
  if (d.security === 'unlocked') return { level: 'ok', text: `passphrase set: locks at power loss${frozen}`, short: `locks at power loss${short}` };
  if (d.security === 'locked') return { level: 'error', text: 'locked: its data cannot be read until it is unlocked', short: 'locked' };
  if (d.security === 'overwrite') return { level: 'warning', text: 'being overwritten', short: 'overwrite running' };
  return { level: 'info', text: `${d.security}${frozen}`, short: `${d.security}${short}` };
}

/** The alarm thresholds the DIMMs share, in words ("media 82 °C, controller 98 °C, spares below 50%"), or null where they differ or
 *  none is known: said once under the table rather than in every row. */
export function sharedThresholds(dimms: readonly Dimm[]): string | null {
  const all = dimms.map((d) => d.health?.thresholds).filter((x) => x);
  if (all.length === 0 || all.length !== dimms.filter((d) => d.health).length) return null;
  const first = JSON.stringify(all[0]);
  if (!all.every((x) => JSON.stringify(x) === first)) return null;
  const t = all[0]!;
  const parts = [t.temperature !== null && `media ${t.temperature} °C`, t.controllerTemperature !== null && `controller ${t.controllerTemperature} °C`, t.spares !== null && `spares below ${t.spares}%`].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

/** The machine's health in one line for the Overview, with its worst level; null where it has no NVDIMMs at all. */
export function machineHealth(t: ViewTopology): { level: Level; parts: string[] } | null {
  if (t.dimms.length === 0 && t.buses.length === 0) return null;
  const parts: string[] = [];
  let level: Level = 'ok';
  const worse = (l: Level) => {
    const order: Level[] = ['ok', 'info', 'warning', 'error'];
    if (order.indexOf(l) > order.indexOf(level)) level = l;
  };
  const sick = t.dimms.map((d) => ({ dev: d.dev, ...dimmHealth(d) })).filter((h) => h.level === 'warning' || h.level === 'error');
  const unknown = t.dimms.filter((d) => !d.health);
  if (sick.length) {
    worse(sick.some((h) => h.level === 'error') ? 'error' : 'warning');
    parts.push(`${sick.map((h) => `${h.dev} ${h.text}`).join('; ')}`);
  } else if (t.dimms.length && unknown.length < t.dimms.length) parts.push(`${t.dimms.length - unknown.length} DIMM${t.dimms.length - unknown.length === 1 ? '' : 's'} healthy`);
  if (unknown.length) {
    worse('info');
    parts.push(`health of ${unknown.length} DIMM${unknown.length === 1 ? '' : 's'} unknown`);
  }
  const sites = poisonSites(t);
  if (sites.length) {
    const inRam = sites.filter((s) => s.systemRam);
    worse(inRam.length ? 'error' : 'warning');
    parts.push(`${sites.length} run${sites.length === 1 ? '' : 's'} of known poison (${formatBytes(sites.reduce((s, x) => s + x.length, 0))})${inRam.length ? `, ${inRam.length} in memory the kernel uses` : ''}`);
  }
  const corrupted = t.meminfo.fields.HardwareCorrupted;
  if (corrupted) {
    worse('error');
    parts.push(`${formatBytes(corrupted)} of memory taken offline after machine checks (HardwareCorrupted)`);
  }
  const neverScrubbed = t.buses.filter((b) => b.scrubCount === 0);
  if (neverScrubbed.length) {
    worse('warning');
    parts.push(`${neverScrubbed.map((b) => b.dev).join(', ')} not scrubbed since boot`);
  }
  const open = t.dimms.filter((d) => d.security === 'disabled');
  if (open.length) parts.push(`${open.length} DIMM${open.length === 1 ? '' : 's'} without a passphrase`);
  return { level, parts };
}

/** What to settle before memory is handed to the kernel: the DIMMs it lies on (does their data survive power cycles locked?) and the
 *  poison known in it. The object is a dax device, a namespace or a region (the wizard's capacity before it becomes a device). */
export function beforeHandOff(t: ViewTopology, object: string): { dimms: Dimm[]; poison: PoisonSite[]; namespace: string | null; region: string | null } {
  const dax = t.daxDevices.find((d) => d.dev === object);
  const namespace = dax ? dax.namespace : t.namespaces.some((n) => n.dev === object) ? object : null;
  const region = namespace ? (t.namespaces.find((n) => n.dev === namespace)?.region ?? null) : t.regions.some((r) => r.dev === object) ? object : null;
  const names = new Set(t.regions.find((r) => r.dev === region)?.mappings.map((m) => m.dimm) ?? []);
  const poison = poisonSites(t).filter((p) => (dax ? p.daxDevice === dax.dev : namespace ? p.namespace === namespace : p.region === region));
  return { dimms: t.dimms.filter((d) => names.has(d.dev)), poison, namespace, region };
}
