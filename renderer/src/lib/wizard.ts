// The system-RAM wizards' reasoning: which capacity can become RAM, what a run should have changed, and why blocks stay.
import { isCxlDax } from '../../../shared/api/capacity.js';
import type { BlockRun, ObjectAction, ViewDaxDevice, ViewTopology } from '../../../shared/api/index.js';
import type { ActionRequest, JournalEntry, Plan } from '../../../shared/actions/index.js';
import { formatBytes } from '../../../shared/units/index.js';
import { freeMemdevsOf, ndRegionOf } from '../../../shared/model/cxl-links.js';
import { zoneText } from '../../../shared/model/zones.js';
import { isMemmapRegion } from '../../../shared/model/memmap.js';

/** Capacity that can become system RAM, and the plans that get it there, in order. */
export interface RamSource {
  id: string;
  label: string;
  detail: string;
  /** The plan that makes a devdax device first (it destroys data), or null when there is a device already. For CXL memory devices in no
   *  region it is the region's creation; a devdax namespace in the nd region it becomes follows (`thenNamespace`). */
  prepare: { action: string; params: Record<string, string>; object: string } | null;
  thenNamespace?: boolean;
  /** The dax device, when it exists already. */
  device: string | null;
  /** An existing system-RAM device whose memory is offline: only onlining is left. */
  onlineOnly: boolean;
  /** Why this capacity cannot be used now (a mounted or mapped namespace or device: the first plan's blocking guard), or null. */
  unavailable: string | null;
  /** A plan that removes that reason (a kernel policy), when there is one. */
  fix: ObjectAction['fix'];
}

/** Every way this machine's persistent or CXL memory can become system RAM; `objects` (the view's actions per object) says which of them
 *  cannot be used now and why: the first plan's blocking guard (mounted, mapped, busy). */
export function ramSources(t: ViewTopology, objects: Record<string, ObjectAction[]> = {}): RamSource[] {
  const out: RamSource[] = [];
  const why = (object: string, action: string) => objects[object]?.find((a) => a.action === action)?.disabledBecause ?? null;
  const fixOf = (object: string, action: string) => objects[object]?.find((a) => a.action === action)?.fix ?? null;
  for (const d of t.daxDevices) {
    if (d.mode === 'devdax') out.push({ id: `dax:${d.dev}`, label: `${d.dev}: a devdax device`, detail: `${formatBytes(d.size)}, becomes memory of node ${d.targetNode}`, prepare: null, device: d.dev, onlineOnly: false, unavailable: why(d.dev, 'dax.system-ram'), fix: fixOf(d.dev, 'dax.system-ram') });
    if (d.mode === 'system-ram' && d.onlineMemblocks < d.totalMemblocks) out.push({ id: `online:${d.dev}`, label: `${d.dev}: system RAM that is offline`, detail: `${d.totalMemblocks - d.onlineMemblocks} of ${d.totalMemblocks} blocks offline (${formatBytes((d.totalMemblocks - d.onlineMemblocks) * t.memory.blockSize)}), node ${d.targetNode}`, prepare: null, device: d.dev, onlineOnly: true, unavailable: why(d.dev, 'memory.online'), fix: fixOf(d.dev, 'memory.online') });
  }
  for (const ns of t.namespaces) {
    if (ns.size === 0 || ns.mode === 'devdax') continue;
    out.push({ id: `ns:${ns.dev}`, label: `${ns.dev}: convert the ${ns.mode} namespace to devdax`, detail: `${formatBytes(ns.size)} in ${ns.region}; everything stored on it is destroyed`, prepare: { action: 'namespace.reconfigure', params: { namespace: ns.dev, mode: 'devdax' }, object: ns.dev }, device: null, onlineOnly: false, unavailable: why(ns.dev, 'namespace.reconfigure'), fix: fixOf(ns.dev, 'namespace.reconfigure') });
  }
  for (const w of t.cxl?.decoders.filter((d) => d.kind === 'root' && d.capabilities?.pmem !== false) ?? []) {
    const memdevs = freeMemdevsOf(t.cxl!, w.name);
    if (!memdevs.length) continue;
    const size = Math.min(...memdevs.map((m) => m.pmemSize)) * memdevs.length;
    const object = `cxl:${w.name}`;
    out.push({
      id: `cxl:${w.name}`, label: `${memdevs.map((m) => m.name).join(', ')}: a new CXL region in ${w.name}, then a devdax namespace in it`,
      detail: `${formatBytes(size)} of persistent memory interleaved ${memdevs.length} way${memdevs.length === 1 ? '' : 's'}, on the window's node`,
      prepare: { action: 'cxl.region-create', params: { decoder: w.name, memdevs: memdevs.map((m) => m.name).join(','), type: 'pmem' }, object }, thenNamespace: true,
      device: null, onlineOnly: false, unavailable: why(object, 'cxl.region-create'), fix: fixOf(object, 'cxl.region-create'),
    });
  }
  for (const r of t.regions) {
    if (r.state !== 'enabled' || r.maxAvailableExtent < t.memory.blockSize || !r.labelled) continue;
    out.push({ id: `region:${r.dev}`, label: `${r.dev}: a new devdax namespace in its free space`, detail: `${formatBytes(r.maxAvailableExtent)} free, node ${r.targetNode}`, prepare: { action: 'namespace.create', params: { region: r.dev, mode: 'devdax' }, object: r.dev }, device: null, onlineOnly: false, unavailable: why(r.dev, 'namespace.create'), fix: fixOf(r.dev, 'namespace.create') });
  }
  return out;
}

/** The nd region a new CXL region became: the one of the CXL region that was not there before. */
export function newCxlNdRegion(before: ViewTopology, after: ViewTopology): string | null {
  const old = new Set(before.cxl?.regions.map((r) => r.name) ?? []);
  const made = after.cxl?.regions.find((r) => !old.has(r.name));
  return made ? ndRegionOf(after, made)?.dev ?? null : null;
}

/** The node a source's memory will join as system RAM, said for every kind of source: the dax device's target node, the namespace's or
 *  the region's; for a CXL region not made yet, the firmware's window decides it once the region exists. */
export function sourceTargetNode(t: ViewTopology, source: RamSource, device: string | null): { node: number | null; text: string } {
  const node = (id: number) => ({ node: id, text: `node ${id}${t.nodes.find((n) => n.id === id)?.cpuCount === 0 ? ' (memory only, no CPUs)' : ''}` });
  const d = device ? t.daxDevices.find((x) => x.dev === device) : undefined;
  if (d) return node(d.targetNode);
  const p = source.prepare;
  const ns = p?.action === 'namespace.reconfigure' ? t.namespaces.find((n) => n.dev === p.params.namespace) : undefined;
  if (ns) return node(ns.targetNode);
  const region = p?.action === 'namespace.create' ? t.regions.find((r) => r.dev === p.params.region) : undefined;
  if (region) return node(region.targetNode);
  if (p?.action === 'cxl.region-create') return { node: null, text: `the node of CXL window ${p.params.decoder}'s memory, which the firmware sets: known once the region is made (the preflight's later steps are planned on a twin that has it)` };
  return { node: null, text: 'not known yet' };
}

/** What turning on tiering would set: demotion where it is off, and the tiering mode of NUMA balancing where it is not on, kept with
 *  the normal mode (3, "both") where that was on (2 alone would stop it); done when both are on already. */
export function tieringOffer(t: ViewTopology): { done: boolean; params: Record<string, string>; words: string } {
  const params: Record<string, string> = {};
  if (t.demotionEnabled === false) params.demotion = 'yes';
  const b = t.numaBalancing;
  if (b !== null && b !== 2 && b !== 3) params.balancing = b === 1 ? 'both' : 'tiering';
  const words = [params.demotion ? 'demotion' : '', params.balancing ? `NUMA balancing's tiering mode (numa_balancing ${params.balancing === 'both' ? '3, keeping the normal mode' : '2'})` : ''].filter(Boolean).join(' and ');
  return { done: Object.keys(params).length === 0, params, words };
}

/** What a source's prepare step made, said to a person: a namespace's data gone, or a new namespace or CXL region (no data lost). */
export function preparedWords(source: RamSource, device: string): string {
  const p = source.prepare;
  if (!p) return `${device} is a devdax device`;
  if (p.action === 'namespace.reconfigure') return `${p.params.namespace} was made into the devdax device ${device}, which is not system RAM yet: its old data is gone either way`;
  if (p.action === 'cxl.region-create') return `a new CXL region of ${p.params.memdevs?.split(',').join(', ')} (in ${p.params.decoder}) holds the devdax device ${device}, which is not system RAM yet`;
  return `a new devdax namespace in ${p.params.region} is the devdax device ${device}, which is not system RAM yet`;
}

/** What kind of memory an object is when no DIMM the console knows backs it: a memmap= range, CXL memory, or firmware-reserved memory. */
export function memoryKind(t: ViewTopology, object: string): string {
  const d = t.daxDevices.find((x) => x.dev === object);
  const region = d?.namespace ? t.namespaces.find((n) => n.dev === d.namespace)?.region : t.namespaces.find((n) => n.dev === object)?.region ?? object;
  if (isMemmapRegion(t, region)) return 'a memmap= range: ordinary RAM the kernel command line set aside as persistent memory';
  if (t.buses.find((b) => b.dev === t.regions.find((r) => r.dev === region)?.bus)?.provider === 'CXL' || object.startsWith('cxl:') || (d && isCxlDax(t, d))) return 'CXL memory';
  return 'firmware-reserved memory (EFI_MEMORY_SP, given to dax by dax_hmem)';
}

/** The dax device a prepare step made: the one on the namespace, or a devdax device that was not there before. */
export function preparedDevice(before: ViewTopology, after: ViewTopology, source: RamSource): ViewDaxDevice | null {
  if (source.id.startsWith('ns:')) return after.daxDevices.find((d) => d.namespace === source.id.slice(3)) ?? null;
  const old = new Set(before.daxDevices.map((d) => d.dev));
  return after.daxDevices.find((d) => !old.has(d.dev) && d.mode === 'devdax') ?? null;
}

/** What the run is expected to change, from the plan's prediction. */
export interface Expected {
  memTotal: number;
  node: number;
  nodeMemTotal: number;
  zone: 'movable' | 'normal';
  online: boolean;
}

/** The predicted MemTotal and node memory after a plan, or null when it was not predicted. */
export function expectedFrom(plan: Plan, t: ViewTopology, device: ViewDaxDevice, zone: 'movable' | 'normal', online: boolean): Expected | null {
  const last = plan.prediction?.after;
  if (!last) return null;
  const node = device.targetNode;
  return { memTotal: last.memTotal, node, nodeMemTotal: last.nodes[`node${node}`] ?? t.nodes.find((n) => n.id === node)?.memTotal ?? 0, zone, online };
}

/** One verification line. */
export interface Check {
  ok: boolean;
  text: string;
}

/** Checks the machine after the run against what was expected. */
export function verifyRam(before: ViewTopology, after: ViewTopology, dev: string, e: Expected): Check[] {
  const d = after.daxDevices.find((x) => x.dev === dev);
  const node = after.nodes.find((n) => n.id === e.node);
  const nodeBefore = before.nodes.find((n) => n.id === e.node);
  const grew = after.meminfo.memTotal - before.meminfo.memTotal;
  const checks: Check[] = [
    { ok: after.meminfo.memTotal === e.memTotal, text: `MemTotal grew by ${formatBytes(grew)} to ${formatBytes(after.meminfo.memTotal)} (predicted ${formatBytes(e.memTotal)})` },
    { ok: (node?.memTotal ?? 0) === e.nodeMemTotal, text: `node ${e.node} has ${formatBytes(node?.memTotal ?? 0)} (was ${formatBytes(nodeBefore?.memTotal ?? 0)}, predicted ${formatBytes(e.nodeMemTotal)})` },
  ];
  if (!d) return [...checks, { ok: false, text: `${dev} is gone` }];
  checks.push(e.online
    ? { ok: d.onlineMemblocks === d.totalMemblocks && d.totalMemblocks > 0, text: `${d.onlineMemblocks} of ${d.totalMemblocks} memory blocks of ${dev} are online` }
    : { ok: d.onlineMemblocks === 0, text: `${dev}'s ${d.totalMemblocks} memory blocks were left offline, as the plan that ran said` });
  if (e.online) checks.push({ ok: d.movable === (e.zone === 'movable'), text: `they are in ${d.movable ? 'ZONE_MOVABLE (can be given back)' : zoneText(onlineZones(after, dev))}` });
  checks.push({ ok: node?.memoryTier !== null && node?.memoryTier !== undefined, text: node?.memoryTier != null ? `node ${e.node} is in memory tier ${node.memoryTier}${after.tiers.length > 1 ? ` (${after.tiers.length} tiers; lower is faster)` : ''}` : `node ${e.node} is in no memory tier` });
  return checks;
}

/** The zones a device's online blocks are in, as the machine shows them (ZONE_DMA32 for memory below 4 GiB, not ZONE_NORMAL). */
export function onlineZones(t: ViewTopology, dev: string): string[] {
  return [...new Set(t.memory.blockRuns.filter((r) => r.daxDevice === dev && r.state === 'online').map((r) => r.zone))];
}

/** What a namespace was before the console last turned it into devdax, from the journal (newest first): the plan that puts it back
 *  (that run's rollback) and the mode and size it had, as the machine showed them then; null when the journal has no such run. */
export function namespaceOrigin(journal: readonly JournalEntry[], host: string, ns: string): { request: ActionRequest; mode: string; size: number | null } | null {
  const e = journal.find((x) => x.host === host && x.action === 'namespace.reconfigure' && x.params.namespace === ns && x.params.mode === 'devdax' && x.outcome === 'done' && x.rollback);
  if (!e?.rollback) return null;
  const was = e.before?.namespaces[ns]?.split(' ');
  return { request: e.rollback, mode: e.rollback.params.mode ?? was?.[0] ?? 'unknown', size: was?.[1] ? Number(was[1]) : null };
}

/** A run of blocks as the kernel names them: memory17, or memory17–19. */
function runText(r: BlockRun): string {
  return r.count === 1 ? `memory${r.first}` : `memory${r.first}–${r.first + r.count - 1}`;
}

/** Blocks of a system-RAM device that may not go offline, grouped with the reason. */
export function stuckBlocks(t: ViewTopology, dev: string): { why: string; ranges: string }[] {
  const out = new Map<string, BlockRun[]>();
  for (const r of t.memory.blockRuns) {
    if (r.daxDevice !== dev || r.state !== 'online') continue;
    const why = r.zone !== 'Movable' ? `in ZONE_${r.zone.toUpperCase()}: kernel allocations there cannot be moved away` : !r.removable ? 'the kernel reports them not removable (unmovable pages)' : null;
    if (why) out.set(why, [...(out.get(why) ?? []), r]);
  }
  return [...out].map(([why, runs]) => ({ why, ranges: runs.map(runText).join(', ') }));
}

/** Blocks of a device still online (after a give-back failed), as ranges. */
export function onlineRanges(t: ViewTopology, dev: string): string {
  return t.memory.blockRuns.filter((r) => r.daxDevice === dev && r.state === 'online').map(runText).join(', ');
}

/** The daxctl.conf.d entry that makes a device system RAM at boot (keyed by its namespace's UUID), with its section; null when there is
 *  none, or the device has no namespace (CXL, soft-reserved memory: nothing names it across boots). */
export function bootEntry(t: ViewTopology, dev: string): { path: string; section: ViewTopology['persistence']['confFiles'][number]['sections'][number] } | null {
  const d = t.daxDevices.find((x) => x.dev === dev);
  const uuid = d?.namespace ? t.namespaces.find((n) => n.dev === d.namespace)?.uuid : null;
  if (!uuid) return null;
  for (const f of t.persistence.confFiles) {
    const section = f.sections.find((s) => s.uuid === uuid);
    if (section) return { path: f.path, section };
  }
  return null;
}

/** Every plan a capacity takes to become system RAM, in order, as the preflight checks them (plan.preflight): an empty device or region
 *  names what the earlier steps make. `device` is the dax device once the first step has made it. */
export function chainOf(s: RamSource, device: string | null, zone: 'movable' | 'normal', online: 'yes' | 'no'): { action: string; params: Record<string, string> }[] {
  const dev = device ?? s.device ?? '';
  const ram: { action: string; params: Record<string, string> } = s.onlineOnly ? { action: 'memory.online', params: { device: dev, zone } } : { action: 'dax.system-ram', params: { device: dev, zone, online } };
  if (!s.prepare || device) return [ram];
  const prepare = { action: s.prepare.action, params: s.prepare.params };
  return s.thenNamespace ? [prepare, { action: 'namespace.create', params: { region: '', mode: 'devdax' } }, ram] : [prepare, ram];
}

/** What became of a wizard's capacity or device since it was chosen or made, when the machine no longer matches what the wizard is about
 *  to do (another console, the command line or the kernel changed it), in words; null while it still does. */
export function driftOf(t: ViewTopology, sources: readonly RamSource[], chosen: RamSource, made: string | null): string | null {
  if (made) {
    const d = t.daxDevices.find((x) => x.dev === made);
    if (!d) return `${made}, the device this wizard made, is gone.`;
    if (chosen.onlineOnly) return d.mode === 'system-ram' ? null : `${made} is now ${d.mode}, no longer system RAM to online.`;
    if (d.mode !== 'devdax') return `${made}, the devdax device this wizard made, is now ${d.mode}${d.mode === 'system-ram' ? ` (${d.onlineMemblocks} of ${d.totalMemblocks} blocks online)` : ''}: its next step would not fit it.`;
    return null;
  }
  if (sources.some((x) => x.id === chosen.id)) return null;
  const [kind, name] = [chosen.id.slice(0, chosen.id.indexOf(':')), chosen.id.slice(chosen.id.indexOf(':') + 1)];
  const now = kind === 'ns' ? t.namespaces.find((n) => n.dev === name && n.size > 0)
    : kind === 'dax' || kind === 'online' ? t.daxDevices.find((d) => d.dev === name) : kind === 'region' ? t.regions.find((r) => r.dev === name) : null;
  const what = !now ? 'is gone' : 'mode' in now ? `is now ${now.mode}${'onlineMemblocks' in now && now.mode === 'system-ram' ? ` (${now.onlineMemblocks} of ${now.totalMemblocks} blocks online)` : ''}` : 'has no room for a new namespace any more';
  return `${name}, the capacity chosen here, ${what}.`;
}
