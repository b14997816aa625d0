// Machine facts: the part of a Topology that plans change, so a prediction and a result can be compared.
import type { Topology } from '../model/index.js';
import { formatBytes, formatBytesExact } from '../units/index.js';
import type { FactChange, MachineFacts } from './types.js';

/** Reduces a topology to what plans change: MemTotal, node memory, namespace and dax device states, online blocks. */
export function machineFacts(t: Topology): MachineFacts {
  const nodes: Record<string, number> = {};
  for (const n of t.nodes) nodes[`node${n.id}`] = n.memTotal;
  const namespaces: Record<string, string> = {};
  for (const ns of t.namespaces) if (ns.size > 0) namespaces[ns.dev] = `${ns.mode} ${ns.size} ${ns.state}`;
  const daxDevices: Record<string, string> = {};
  for (const d of t.daxDevices) daxDevices[d.dev] = `${d.mode} ${d.size} ${d.state}${d.mode === 'system-ram' ? ` ${d.onlineMemblocks}/${d.totalMemblocks} online${d.movable === false ? ' normal' : ''}` : ''}${d.hotplugState ? `, state ${d.hotplugState}` : ''}${d.memmapOnMemory ? ', memmap on memory' : ''}`;
  let onlineBlocks = 0;
  for (const b of t.memory.blocks) if (b.state === 'online') onlineBlocks++;
  const poison: Record<string, number> = {};
  for (const r of t.regions) poison[r.dev] = (r.mediaErrors ?? []).reduce((s, e) => s + e.length, 0);
  const dimmSecurity: Record<string, string> = {};
  for (const d of t.dimms) if (d.security !== null) dimmSecurity[d.dev] = `${d.security}${d.securityFrozen && d.security !== 'frozen' ? ', frozen' : ''}`;
  // CXL regions and memdevs, where the machine has them ("pmem 2147483648 2 ways enabled", "enabled").
  const cxl: Record<string, string> = {};
  for (const r of t.cxl?.regions ?? []) cxl[r.name] = `${r.type ?? 'pmem'} ${r.size ?? 0} ${r.interleaveWays ?? 0} ways ${r.state}`;
  for (const m of t.cxl?.memdevs ?? []) cxl[m.name] = m.state;
  const wi = t.weightedInterleave;
  // In auto mode the weights are the kernel's, recalculated as memory comes and goes from bandwidth a prediction cannot know for a node
  // not online yet: the fact is that they are auto.
  const interleave = wi ? (wi.auto ? 'auto' : `by hand: ${wi.weights.map((w) => `node ${w.node} ${w.weight}`).join(', ')}`) : undefined;
  return { memTotal: t.meminfo.memTotal, nodes, namespaces, daxDevices, onlineBlocks, poison, dimmSecurity, cxl, settings: machineSettings(t), ...(interleave ? { interleave } : {}) };
}

const BALANCING_WORDS = ['off', 'normal', 'tiering', 'normal and tiering'];

/** The kernel settings and boot configuration plans change, each as the machine shows it: auto_online_blocks, demotion,
 *  numa_balancing, the daxctl.conf.d entries (by device and uuid) and what applies them at boot. */
export function machineSettings(t: Topology): Record<string, string> {
  const out: Record<string, string> = {};
  if (t.memory.autoOnlineBlocks !== null) out.auto_online_blocks = t.memory.autoOnlineBlocks;
  if (t.demotionEnabled !== null) out.demotion = t.demotionEnabled ? 'on' : 'off';
  if (t.numaBalancing !== null) out.numa_balancing = `${t.numaBalancing} (${BALANCING_WORDS[t.numaBalancing] ?? 'unknown'})`;
  for (const f of t.persistence.confFiles) {
    for (const sec of f.sections) out[`boot entry for uuid ${sec.uuid}`] = `${sec.mode}${sec.mode === 'system-ram' ? `, ${sec.online ? 'online' : 'offline'}${sec.movable ? ' movable' : ' normal'}` : ''} (${f.path})`;
  }
  const rule = t.persistence.udevRule;
  out['boot rule'] = rule ? `${rule.byConsole ? "the console's" : "daxctl's"} ${rule.path}` : 'none';
  return out;
}

function diffRecord(what: string, a: Record<string, string | number>, b: Record<string, string | number>, out: FactChange[]): void {
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (a[key] !== b[key]) out.push({ what: `${what} ${key}`, before: a[key] ?? null, after: b[key] ?? null });
  }
}

/** A poison record with 0 for each region only the other one has. */
function withZeros(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const k of Object.keys(b)) out[k] ??= 0;
  return out;
}

/** What changed from one set of facts to another. */
export function diffFacts(before: MachineFacts, after: MachineFacts): FactChange[] {
  const out: FactChange[] = [];
  if (before.memTotal !== after.memTotal) out.push({ what: 'MemTotal', before: before.memTotal, after: after.memTotal });
  diffRecord('MemTotal of', before.nodes, after.nodes, out);
  diffRecord('namespace', before.namespaces, after.namespaces, out);
  diffRecord('dax device', before.daxDevices, after.daxDevices, out);
  if (before.onlineBlocks !== after.onlineBlocks) out.push({ what: 'online memory blocks', before: before.onlineBlocks, after: after.onlineBlocks });
  // Facts journaled before these were compared have none: nothing to compare them with.
  // A region that comes or goes with no poison is no change of poison (a new CXL region is said by its own fact, not as "— -> 0").
  if (before.poison && after.poison) diffRecord('known poison (bytes) of', withZeros(before.poison, after.poison), withZeros(after.poison, before.poison), out);
  if (before.dimmSecurity && after.dimmSecurity) diffRecord('security of', before.dimmSecurity, after.dimmSecurity, out);
  if (before.cxl && after.cxl) diffRecord('CXL', before.cxl, after.cxl, out);
  if (before.settings && after.settings) diffRecord('setting', before.settings, after.settings, out);
  if ((before.interleave ?? null) !== (after.interleave ?? null)) out.push({ what: 'weighted interleave', before: before.interleave ?? null, after: after.interleave ?? null });
  return out;
}

/** Where a result differs from what was predicted: one line per fact. Poison a scrub of the plan found is what the scrub was for, not a
 *  difference (the prediction said "at least what is known" for those regions). */
export function compareWithPrediction(predicted: MachineFacts, actual: MachineFacts): string[] {
  const found = new Set(predicted.poisonFound ?? []);
  const expected = (c: FactChange) => {
    const region = /^known poison \(bytes\) of (\S+)$/.exec(c.what)?.[1];
    return region !== undefined && found.has(region) && typeof c.before === 'number' && typeof c.after === 'number' && c.after >= c.before;
  };
  return diffFacts(predicted, actual).filter((c) => !expected(c)).map((c) => `${c.what}: predicted ${c.before ?? 'absent'}, got ${c.after ?? 'absent'}`);
}

const SIZED = /^(namespace|dax device|CXL region\d)/;
const SIZE_IN_TEXT = /^(\S+) (\d+)(?= |$)/;

/** The memory size one side of a fact change holds: MemTotal's number, or the size in "fsdax 4292870144 enabled". */
function sizeOf(c: FactChange, v: FactChange['before']): number | null {
  if (typeof v === 'number') return /^MemTotal/.test(c.what) ? v : null;
  if (typeof v === 'string' && SIZED.test(c.what)) {
    const m = SIZE_IN_TEXT.exec(v);
    return m ? Number(m[2]) : null;
  }
  return null;
}

/** One side of a fact change as a person reads it: memory sizes in binary units ("2.41 GiB": MemTotal, and the size of a namespace or
 *  dax device, "fsdax 512 MiB enabled"), everything else as it is; `absent` for null. Two sizes that differ but would read the same
 *  ("4 GiB" and "4 GiB") are given in bytes, so they read as different. The exact bytes stay in the JSON. */
export function factText(c: FactChange, v: FactChange['before'], absent = 'absent'): string {
  if (v === null) return absent;
  const [a, b] = [sizeOf(c, c.before), sizeOf(c, c.after)];
  const apart = a !== null && b !== null && a !== b && formatBytes(a) === formatBytes(b);
  const size = (n: number) => (apart ? formatBytesExact(n) : formatBytes(n));
  if (typeof v === 'number') return /^MemTotal/.test(c.what) ? size(v) : String(v);
  if (SIZED.test(c.what)) return v.replace(SIZE_IN_TEXT, (_m, mode: string, bytes: string) => `${mode} ${size(Number(bytes))}`);
  return v;
}
