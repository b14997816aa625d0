// The topology picture as a graph: DIMM or CXL memdev -> (CXL region in its window) -> region -> namespace -> dax device -> memory blocks
// -> NUMA node -> memory tier.
import { isCxlDax } from '../../../shared/api/capacity.js';
import type { ViewTopology } from '../../../shared/api/index.js';
import { formatBytes } from '../../../shared/units/index.js';
import { byDeviceName } from '../../../shared/model/names.js';
import { poisonSites } from '../../../shared/model/poison.js';
import { dimmHealth } from './health.js';
import { addCxl, hasCxl } from './topology-cxl.js';

/** The picture's columns, left to right, on a machine without CXL; with CXL, memdevs join the first and a CXL column comes second. */
export const COLUMNS = ['DIMMs', 'Regions', 'Namespaces', 'Dax devices', 'Memory blocks', 'NUMA nodes', 'Memory tiers'] as const;
/** The columns on a machine with CXL: a memdev's way up (its port, the window above) and the CXL regions come before the regions. */
export const CXL_COLUMNS = ['DIMMs & memdevs', 'CXL ports', 'CXL windows', 'CXL regions', ...COLUMNS.slice(1)] as const;

/** One box in the picture. */
export interface GraphItem {
  id: string;
  column: number;
  title: string;
  subtitle: string;
  /** Facts shown when the box is selected. */
  details: [string, string][];
  /** The object whose actions the details offer (region0, namespace0.0, dax0.0), when the box is one. */
  object?: string;
  /** A health badge on the box: a DIMM whose firmware reports trouble, poison in a region, namespace or dax device. */
  alert?: { level: 'warning' | 'error'; text: string };
}

/** The picture: its columns, boxes and the links between them (by id). */
export interface Graph {
  columns: readonly string[];
  items: GraphItem[];
  links: [string, string][];
}


/** The part of a picture linked to one box: what it comes from (links followed back) and what it goes to (followed forward). */
export function chainOf(g: Graph, id: string): Graph {
  const keep = new Set([id]);
  for (const forward of [true, false]) {
    const todo = [id];
    while (todo.length) {
      const at = todo.pop()!;
      for (const [a, b] of g.links) {
        const [from, to] = forward ? [a, b] : [b, a];
        if (from === at && !keep.has(to)) {
          keep.add(to);
          todo.push(to);
        }
      }
    }
  }
  return { columns: g.columns, items: g.items.filter((i) => keep.has(i.id)), links: g.links.filter(([a, b]) => keep.has(a) && keep.has(b)) };
}

/** Builds the picture of a machine. */
export function topologyGraph(t: ViewTopology): Graph {
  const items: GraphItem[] = [];
  const links: [string, string][] = [];
  // With CXL, three CXL columns come second and every column after the first moves three right.
  const cxl = hasCxl(t);
  const shift = (column: number) => (column === 0 || !cxl ? column : column + 3);
  const add = (column: number, id: string, title: string, subtitle: string, details: [string, string][], object?: string) => items.push({ id, column: shift(column), title, subtitle, details, ...(object ? { object } : {}) });
  if (cxl) addCxl(t, items, links);
  // DIMMs interleaved into a region are one box per interleave set, with one link to each region made of it (48 DIMMs were 48 boxes and a
  // grey bundle of links); a DIMM alone in its region, or in none, keeps a box of its own.
  const setOf = (dev: string) => t.regions.filter((r) => r.mappings.length > 1 && r.mappings.some((m) => m.dimm === dev)).map((r) => r.mappings.map((m) => m.dimm).sort(byDeviceName).join(' '))[0] ?? null;
  const sets = new Map<string, ViewTopology['dimms']>();
  /** The box each DIMM is drawn in. */
  const boxOf = new Map<string, string>();
  for (const m of t.dimms) {
    const key = setOf(m.dev);
    boxOf.set(m.dev, key === null ? `dimm:${m.dev}` : `dimms:${key}`);
    if (key === null) add(0, `dimm:${m.dev}`, m.dev, m.health ? `health ${m.health.healthState}` : m.state, [['id', m.id ?? '—'], ['bus', m.bus], ['state', m.state], ['label area', m.labelled ? 'yes' : 'no'], ['security', m.security ?? '—'], ['flags', m.flags.join(', ') || '—']]);
    else sets.set(key, [...(sets.get(key) ?? []), m]);
  }
  for (const [key, dimms] of sets) {
    const states = [...new Set(dimms.map((m) => m.health?.healthState ?? m.state))].join(', ');
    add(0, `dimms:${key}`, `${dimms[0]!.dev}–${dimms.at(-1)!.dev}`, `${dimms.length} interleaved · ${states}`, dimms.map((m) => [m.dev, `${m.id ?? '—'}, ${m.state}${m.health ? `, health ${m.health.healthState}` : ''}${m.labelled ? ', labels' : ''}`]));
  }
  for (const r of t.regions) {
    add(1, `region:${r.dev}`, r.dev, `${formatBytes(r.size)}, ${formatBytes(r.availableSize)} free`, [['type', r.type], ['state', r.state], ['size', formatBytes(r.size)], ['free', formatBytes(r.availableSize)], ['align', formatBytes(r.align)], ['numa node', String(r.numaNode)], ['target node', String(r.targetNode)], ['persistence', r.persistenceDomain ?? '—'], ['bad blocks', String(r.badblockCount)], ['interleave set', r.isetId ?? '—'], ['DIMMs', r.mappings.map((m) => m.dimm).sort(byDeviceName).join(', ') || '—']], r.dev);
    for (const box of new Set(r.mappings.map((m) => boxOf.get(m.dimm) ?? `dimm:${m.dimm}`))) links.push([box, `region:${r.dev}`]);
  }
  for (const dr of t.daxRegions) {
    const devices = t.daxDevices.filter((d) => d.region === dr.id && isCxlDax(t, d));
    if (devices.length === 0) continue;
    add(1, `daxregion:${dr.id}`, `CXL dax_region${dr.id}`, formatBytes(dr.size), [['path', dr.path ?? '—'], ['size', formatBytes(dr.size)], ['align', formatBytes(dr.align)]]);
    for (const d of devices) links.push([`daxregion:${dr.id}`, `dax:${d.dev}`]);
  }
  for (const n of t.namespaces.filter((x) => x.size > 0)) {
    add(2, `ns:${n.dev}`, n.dev, `${n.mode}, ${formatBytes(n.size)}`, [['mode', n.mode], ['state', n.state], ['size', formatBytes(n.size)], ['uuid', n.uuid ?? '—'], ['name', n.name ?? '—'], ['device', n.blockdev ?? n.chardev ?? '—'], ['align', n.align ? formatBytes(n.align) : '—']], n.dev);
    links.push([`region:${n.region}`, `ns:${n.dev}`]);
  }
  const nsOfDax = new Map(t.daxDevices.map((d) => [d.dev, d.namespace]));
  for (const d of t.daxDevices) {
    add(3, `dax:${d.dev}`, d.dev, `${d.mode}, ${formatBytes(d.size)}`, [['mode', d.mode], ['size', formatBytes(d.size)], ['target node', String(d.targetNode)], ['online blocks', `${d.onlineMemblocks} of ${d.totalMemblocks}`], ['zone', d.movable === null ? '—' : d.movable ? 'Movable' : 'Normal'], ['align', formatBytes(d.align)]], d.dev);
    const ns = nsOfDax.get(d.dev);
    if (ns) links.push([`ns:${ns}`, `dax:${d.dev}`]);
  }
  const groups = new Map<string, { node: number; device: string | null; count: number; online: number; zones: Set<string> }>();
  for (const r of t.memory.blockRuns) {
    const key = `${r.daxDevice ?? 'boot'}@${r.node}`;
    const g = groups.get(key) ?? { node: r.node, device: r.daxDevice, count: 0, online: 0, zones: new Set<string>() };
    g.count += r.count;
    if (r.state === 'online') {
      g.online += r.count;
      g.zones.add(r.zone);
    }
    groups.set(key, g);
  }
  for (const [key, g] of groups) {
    const title = g.device ? `${g.device} blocks` : `boot, node ${g.node}`;
    add(4, `blocks:${key}`, title, `${g.online} of ${g.count} online`, [['blocks', String(g.count)], ['online', String(g.online)], ['size', formatBytes(g.count * t.memory.blockSize)], ['zones', [...g.zones].join(', ') || '—'], ['node', String(g.node)]]);
    if (g.device) links.push([`dax:${g.device}`, `blocks:${key}`]);
    links.push([`blocks:${key}`, `node:${g.node}`]);
  }
  for (const n of t.nodes) {
    add(5, `node:${n.id}`, `node ${n.id}`, `${formatBytes(n.memTotal)}${n.cpuCount ? `, ${n.cpuCount} CPUs` : ', no CPUs'}`, [['CPUs', n.cpulist || 'none'], ['memory', formatBytes(n.memTotal)], ['free', formatBytes(n.memFree)], ['memory tier', n.memoryTier === null ? '—' : String(n.memoryTier)]]);
    if (n.memoryTier !== null) links.push([`node:${n.id}`, `tier:${n.memoryTier}`]);
  }
  for (const tier of t.tiers) add(6, `tier:${tier.id}`, `memory_tier${tier.id}`, `nodes ${tier.nodes.join(', ')}`, [['nodes', tier.nodes.join(', ')]]);
  addAlerts(t, items);
  const ids = new Set(items.map((i) => i.id));
  return { columns: cxl ? CXL_COLUMNS : COLUMNS, items, links: links.filter(([a, b]) => ids.has(a) && ids.has(b)) };
}

/** Badges for trouble: DIMMs whose firmware reports it, and poison where it lies (an error where the kernel uses the memory). */
function addAlerts(t: ViewTopology, items: GraphItem[]): void {
  const byId = new Map(items.map((i) => [i.id, i]));
  const mark = (id: string, level: 'warning' | 'error', text: string) => {
    const item = byId.get(id);
    if (!item) return;
    if (!item.alert || (level === 'error' && item.alert.level === 'warning')) item.alert = { level, text };
    item.details.push(['health', text]);
  };
  for (const m of t.dimms) {
    const h = dimmHealth(m);
    if (h.level !== 'warning' && h.level !== 'error') continue;
    const box = items.find((i) => i.id === `dimm:${m.dev}` || (i.id.startsWith('dimms:') && i.id.split(/[: ]/).includes(m.dev)));
    if (box) mark(box.id, h.level, `${m.dev}: ${h.text}`);
  }
  for (const p of poisonSites(t)) {
    const text = `${formatBytes(p.length)} of known poison${p.systemRam ? ', in memory the kernel uses' : ''}`;
    const level = p.systemRam ? 'error' : 'warning';
    mark(`region:${p.region}`, level, text);
    if (p.namespace) mark(`ns:${p.namespace}`, level, text);
    if (p.daxDevice) mark(`dax:${p.daxDevice}`, level, text);
  }
}
