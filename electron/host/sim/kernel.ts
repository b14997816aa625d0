// Kernel rules the emulated machine follows: namespace layout, info-block metadata, memory hotplug.
import { alignDown, alignUp, wholeBlocks } from '../../../shared/units/index.js';
import type { SimBlock, SimBus, SimClaim, SimDaxDevice, SimNamespace, SimRegion, SimState } from './state.js';

const SZ_4K = 4096;
const SZ_8K = 8192;
const SZ_2M = 2 * 1024 * 1024;
const MAX_STRUCT_PAGE_SIZE = 64;
/** memremap_compat_align() on x86: a subsection. */
const COMPAT_ALIGN = SZ_2M;

/** Linux errno values the tools report, with their strerror text. */
export const Errno = {
  EPERM: { code: 1, text: 'Operation not permitted' },
  ENOENT: { code: 2, text: 'No such file or directory' },
  EIO: { code: 5, text: 'Input/output error' },
  ENXIO: { code: 6, text: 'No such device or address' },
  ENOMEM: { code: 12, text: 'Cannot allocate memory' },
  EBUSY: { code: 16, text: 'Device or resource busy' },
  EEXIST: { code: 17, text: 'File exists' },
  ENODEV: { code: 19, text: 'No such device' },
  EINVAL: { code: 22, text: 'Invalid argument' },
  ENOSPC: { code: 28, text: 'No space left on device' },
  EACCES: { code: 13, text: 'Permission denied' },
  EOPNOTSUPP: { code: 95, text: 'Operation not supported' },
} as const;
/** One of the errno values above. */
export type Errno = (typeof Errno)[keyof typeof Errno];

/** Thrown by kernel operations; carries the errno a syscall would return. */
export class KernelError extends Error {
  constructor(readonly errno: Errno, message?: string) {
    super(message ?? errno.text);
  }
}

/** regionN */
export function regionName(r: SimRegion): string {
  return `region${r.id}`;
}

/** namespaceX.Y */
export function namespaceName(r: SimRegion, ns: SimNamespace): string {
  return `namespace${r.id}.${ns.id}`;
}

/** Whether the region's namespaces come from labels (nstype 5) rather than being one label-less range (nstype 4). */
export function isLabelled(state: SimState, r: SimRegion): boolean {
  if (r.mappings.length === 0) return false;
  const dimms = busOf(state, r).dimms;
  return r.mappings.every((m) => {
    const d = dimms.find((x) => x.dev === m.dimm);
    return !!d && d.labelSize > 0 && d.labelsInitialized;
  });
}

/** The bus a region hangs off. */
export function busOf(state: SimState, r: SimRegion): SimBus {
  const bus = state.buses.find((b) => b.regions.includes(r));
  if (!bus) throw new Error(`region${r.id} has no bus`);
  return bus;
}

/** Every region of the machine, bus by bus. */
export function allRegions(state: SimState): SimRegion[] {
  return state.buses.flatMap((b) => b.regions);
}

/** The namespace's mode as the kernel's "mode" attribute says it: raw, safe, memory or dax. */
export function sysfsMode(r: SimRegion, ns: SimNamespace, labelled: boolean): 'raw' | 'safe' | 'memory' | 'dax' {
  if (ns.claim?.kind === 'btt') return 'safe';
  if (ns.claim?.kind === 'pfn') return 'memory';
  if (ns.claim?.kind === 'dax') return 'dax';
  return r.pagemap && !labelled && ns.size > 0 ? 'memory' : 'raw';
}

/** Offset of the data area behind a pfn/dax info block (nd_pfn_init). */
export function infoBlockDataOffset(nsStart: number, nsSize: number, align: number, location: 'dev' | 'mem'): number {
  const a = Math.max(align, COMPAT_ALIGN);
  if (location === 'mem') return alignUp(nsStart + SZ_8K, a) - nsStart;
  const npfns = Math.floor((nsSize - SZ_8K) / SZ_4K);
  return alignUp(nsStart + SZ_8K + MAX_STRUCT_PAGE_SIZE * npfns, a) - nsStart;
}

/** Capacity a BTT exposes on a namespace of rawSize bytes (drivers/nvdimm/btt.c, one arena up to 512 GiB each). */
export function bttCapacity(rawSize: number, lbasize: number): number {
  const ARENA_MAX = 512 * 2 ** 30;
  const ARENA_MIN = 16 * 2 ** 20;
  const INITIAL_OFFSET = SZ_4K;
  const nfree = 256;
  const internalLbasize = alignUp(lbasize, 64);
  let remaining = rawSize - INITIAL_OFFSET;
  let nlba = 0;
  while (remaining > 0) {
    const arenaSize = Math.min(ARENA_MAX, remaining);
    remaining -= arenaSize;
    if (arenaSize < ARENA_MIN) break;
    let available = arenaSize - (arenaSize % SZ_4K);
    available -= 2 * SZ_4K;
    available -= alignUp(nfree * 64, SZ_4K);
    const internalNlba = Math.floor((available - SZ_4K) / (internalLbasize + 4));
    nlba += internalNlba - nfree;
  }
  return nlba * lbasize;
}

/** Physical start of a namespace. */
export function namespaceStart(r: SimRegion, ns: SimNamespace): number {
  return r.start + ns.offset;
}

/** Free extents of a labelled region, as [offset, length] pairs in the usable (aligned) part. */
export function freeExtents(r: SimRegion): [number, number][] {
  const usable = alignDown(r.size, r.align);
  const used = r.namespaces
    .filter((n) => n.size > 0)
    .map((n) => [n.offset, n.offset + n.size] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const free: [number, number][] = [];
  let cursor = 0;
  for (const [s, e] of used) {
    if (s > cursor) free.push([cursor, s - cursor]);
    cursor = Math.max(cursor, e);
  }
  if (usable > cursor) free.push([cursor, usable - cursor]);
  return free.map(([o, l]) => [alignUp(o, r.align), alignDown(l - (alignUp(o, r.align) - o), r.align)] as [number, number]).filter(([, l]) => l > 0);
}

/** available_size as ndctl reports it: 0 for label-less regions. */
export function availableSize(state: SimState, r: SimRegion): number {
  if (!isLabelled(state, r)) return 0;
  return freeExtents(r).reduce((s, [, l]) => s + l, 0);
}

/** max_available_extent as ndctl reports it: 0 for label-less regions. */
export function maxAvailableExtent(state: SimState, r: SimRegion): number {
  if (!isLabelled(state, r)) return 0;
  return freeExtents(r).reduce((m, [, l]) => Math.max(m, l), 0);
}

/** Lowest id of a kind (btt/pfn/dax) not used by a claim or another seed in the region. */
export function lowestFreeId(r: SimRegion, kind: 'btt' | 'pfn' | 'dax', exclude: number[] = []): number {
  const used = new Set<number>(exclude);
  for (const ns of r.namespaces) if (ns.claim?.kind === kind) used.add(ns.claim.id);
  let id = 0;
  while (used.has(id)) id++;
  return id;
}

/** Every dax device on the machine with where it lives. */
export function allDaxDevices(state: SimState): { device: SimDaxDevice; region: SimRegion | null; namespace: SimNamespace | null; regionId: number; path: string }[] {
  const out: { device: SimDaxDevice; region: SimRegion | null; namespace: SimNamespace | null; regionId: number; path: string }[] = [];
  for (const bus of state.buses) {
    for (const r of bus.regions) {
      for (const ns of r.namespaces) {
        if (ns.claim?.kind === 'dax' && ns.enabled && r.enabled) {
          const path = `${bus.parent}/ndbus${bus.id}/region${r.id}/dax${r.id}.${ns.claim.id}`;
          out.push({ device: ns.claim.device, region: r, namespace: ns, regionId: r.id, path });
        }
      }
    }
  }
  for (const h of state.hmem) out.push({ device: h.device, region: null, namespace: null, regionId: h.id, path: h.path });
  return out;
}

/** Finds a dax device by name (daxX.Y). */
export function findDaxDevice(state: SimState, name: string) {
  return allDaxDevices(state).find((d) => d.device.name === name) ?? null;
}

/** Finds a namespace by name (namespaceX.Y). */
export function findNamespace(state: SimState, name: string): { region: SimRegion; namespace: SimNamespace } | null {
  for (const r of allRegions(state)) {
    for (const ns of r.namespaces) if (namespaceName(r, ns) === name) return { region: r, namespace: ns };
  }
  return null;
}

/** The memory blocks a dax device hot-added. */
export function blocksOf(state: SimState, dev: string): SimBlock[] {
  if (pass?.state === state) {
    if (!pass.owned) {
      pass.owned = new Map();
      for (const b of state.memory.blocks) {
        if (b.owner === null) continue;
        let list = pass.owned.get(b.owner);
        if (!list) pass.owned.set(b.owner, (list = []));
        list.push(b);
      }
    }
    return [...(pass.owned.get(dev) ?? [])];
  }
  return state.memory.blocks.filter((b) => b.owner === dev);
}

/** How many blocks a dax device hot-added, how many of them are online, and how many of those are in ZONE_MOVABLE. */
export interface OwnedCounts {
  total: number;
  online: number;
  onlineMovable: number;
}

/** Counts the hot-added blocks of every device, or of one. */
function countOwned(blocks: readonly SimBlock[], only: string | null): Map<string, OwnedCounts> {
  const counts = new Map<string, OwnedCounts>();
  for (const b of blocks) {
    if (b.owner === null || (only !== null && b.owner !== only)) continue;
    let c = counts.get(b.owner);
    if (!c) counts.set(b.owner, (c = { total: 0, online: 0, onlineMovable: 0 }));
    c.total++;
    if (b.state !== 'online') continue;
    c.online++;
    if (b.zone === 'Movable') c.onlineMovable++;
  }
  return counts;
}

/** The counts of a dax device's blocks (what daxctl list prints of it): in a read-only pass, every device's are counted in one walk. */
export function ownedCounts(state: SimState, dev: string): OwnedCounts {
  const counts = pass?.state === state ? (pass.counts ??= countOwned(state.memory.blocks, null)) : countOwned(state.memory.blocks, dev);
  return { ...(counts.get(dev) ?? { total: 0, online: 0, onlineMovable: 0 }) };
}

/** What a read-only pass over a state (a listing, a table of block files) works out about its blocks once instead of per block. */
let pass: { state: SimState; owned: Map<string, SimBlock[]> | null; counts: Map<string, OwnedCounts> | null; spans: Map<number, [number, number]> | null } | null = null;

const ZONE_CODES: Record<string, number> = { none: 0, DMA: 1, DMA32: 2, Normal: 3, Movable: 4 };
/** A node and zone as one number (no string per block). */
const spanKey = (node: number, zone: string) => node * 8 + (ZONE_CODES[zone] ?? 7);

/** Runs a synchronous read-only pass over a state: within it, blocksOf and the zone spans are worked out once. Nothing may change
 *  the state's blocks inside f. */
export function readOnlyPass<T>(state: SimState, f: () => T): T {
  if (pass) return f();
  pass = { state, owned: null, counts: null, spans: null };
  try {
    return f();
  } finally {
    pass = null;
  }
}

/** The zone kernel allocations would use for a block at this address (x86-64). */
function kernelZoneFor(addr: number): 'DMA' | 'DMA32' | 'Normal' {
  if (addr < 16 * 2 ** 20) return 'DMA';
  if (addr < 4 * 2 ** 30) return 'DMA32';
  return 'Normal';
}

function zoneSpanIntersects(state: SimState, node: number, zone: string, index: number): boolean {
  if (pass?.state === state) {
    if (!pass.spans) {
      pass.spans = new Map();
      for (const b of state.memory.blocks) {
        if (b.state !== 'online') continue;
        const key = spanKey(b.node, b.zone);
        const span = pass.spans.get(key);
        if (!span) pass.spans.set(key, [b.index, b.index]);
        else {
          if (b.index < span[0]) span[0] = b.index;
          if (b.index > span[1]) span[1] = b.index;
        }
      }
    }
    const span = pass.spans.get(spanKey(node, zone));
    return span !== undefined && index >= span[0] && index <= span[1];
  }
  let min = Infinity;
  let max = -Infinity;
  for (const b of state.memory.blocks) {
    if (b.node === node && b.state === 'online' && b.zone === zone) {
      if (b.index < min) min = b.index;
      if (b.index > max) max = b.index;
    }
  }
  return index >= min && index <= max;
}

/** The zone "online" picks for an offline block (mm/memory_hotplug.c default_zone_for_pfn). */
export function defaultZone(state: SimState, b: SimBlock): 'DMA' | 'DMA32' | 'Normal' | 'Movable' {
  const kernelZone = kernelZoneFor(b.index * state.memory.blockSize);
  const inKernel = zoneSpanIntersects(state, b.node, kernelZone, b.index);
  const inMovable = zoneSpanIntersects(state, b.node, 'Movable', b.index);
  if (inKernel !== inMovable) return inKernel ? kernelZone : 'Movable';
  return kernelZone;
}

/** valid_zones of a block: its zone when online; the default zone first, then the others, when offline. */
export function validZones(state: SimState, b: SimBlock): string {
  if (b.state === 'online') return b.zone;
  const def = defaultZone(state, b);
  const kernelZone = kernelZoneFor(b.index * state.memory.blockSize);
  const zones = [def, ...[kernelZone, 'Movable'].filter((z) => z !== def)];
  return zones.join(' ');
}

/** Writes a memory block's state file: online, online_kernel, online_movable or offline. */
export function setBlockState(state: SimState, b: SimBlock, value: string): void {
  const v = value.trim();
  if (v === 'offline') {
    if (b.state === 'offline') throw new KernelError(Errno.EINVAL);
    if (b.unmovable || state.faults.some((f) => f.kind === 'block-unmovable' && f.block === b.index)) throw new KernelError(Errno.EBUSY);
    b.state = 'offline';
    return;
  }
  if (v !== 'online' && v !== 'online_kernel' && v !== 'online_movable') throw new KernelError(Errno.EINVAL);
  if (b.state === 'online') throw new KernelError(Errno.EINVAL);
  if (v === 'online_movable') b.zone = 'Movable';
  else if (v === 'online_kernel') b.zone = kernelZoneFor(b.index * state.memory.blockSize);
  else b.zone = defaultZone(state, b);
  b.state = 'online';
}

/** Hot-adds the whole memory blocks of a dax device (kmem probe); auto_online_blocks decides their state. */
export function hotAdd(state: SimState, dev: SimDaxDevice): SimBlock[] {
  const { first, count } = wholeBlocks(dev.start, dev.size, state.memory.blockSize);
  const added: SimBlock[] = [];
  // Blocks stay in index order; added past the last one (the usual case), they need no sort.
  const inOrder = (state.memory.blocks.at(-1)?.index ?? -1) < first;
  for (let i = first; i < first + count; i++) {
    const b: SimBlock = { index: i, node: dev.targetNode, state: 'offline', zone: 'none', boot: false, unmovable: false, owner: dev.name };
    state.memory.blocks.push(b);
    added.push(b);
  }
  if (!inOrder) state.memory.blocks.sort((a, b) => a.index - b.index);
  const policy = state.memory.autoOnline;
  if (policy !== 'offline') for (const b of added) setBlockState(state, b, policy);
  return added;
}

/** Removes a dax device's (offline) memory blocks (kmem remove). */
export function hotRemove(state: SimState, dev: SimDaxDevice): void {
  if (blocksOf(state, dev.name).some((b) => b.state === 'online')) throw new KernelError(Errno.EBUSY);
  state.memory.blocks = state.memory.blocks.filter((b) => b.owner !== dev.name);
}

/** Creates the claim (info block) for a namespace being set to a mode. */
export function makeClaim(state: SimState, r: SimRegion, ns: SimNamespace, mode: 'sector' | 'fsdax' | 'devdax', opts: { align: number; sectorSize: number; map: 'dev' | 'mem'; uuid: string }): SimClaim {
  const start = namespaceStart(r, ns);
  if (mode === 'sector') {
    return { kind: 'btt', id: r.seeds.btt, uuid: opts.uuid, sectorSize: opts.sectorSize, size: bttCapacity(ns.size, opts.sectorSize) };
  }
  if (mode === 'fsdax') {
    return { kind: 'pfn', id: r.seeds.pfn, uuid: opts.uuid, align: opts.align, location: opts.map, dataOffset: infoBlockDataOffset(start, ns.size, opts.align, opts.map) };
  }
  const dataOffset = infoBlockDataOffset(start, ns.size, opts.align, 'dev');
  const id = r.seeds.dax;
  // The nd_dax device takes the region's dax seed (dax0.0); the device-dax it creates is named after the namespace (dax_pmem reads
  // region and id from "namespace%d.%d"): namespace0.2 gives dax0.2 (fixtures/real/qemu-faq-refusals.json).
  return {
    kind: 'dax', id, uuid: opts.uuid, align: opts.align, dataOffset,
    device: { name: `dax${r.id}.${ns.id}`, start: start + dataOffset, size: ns.size - dataOffset, align: opts.align, targetNode: r.targetNode, numaNode: r.numaNode, mode: 'devdax', enabled: true },
  };
}

/** After a claim is made or released, the region's seeds move to the lowest free ids. */
export function refreshSeeds(r: SimRegion): void {
  r.seeds.btt = lowestFreeId(r, 'btt');
  r.seeds.pfn = lowestFreeId(r, 'pfn');
  r.seeds.dax = lowestFreeId(r, 'dax');
}

/** Makes sure a labelled region has exactly one idle seed namespace, with the lowest free id if none. */
export function ensureNamespaceSeed(r: SimRegion): void {
  const seed = r.namespaces.find((n) => n.id === r.seeds.namespace);
  if (seed && seed.size === 0) return;
  const used = new Set(r.namespaces.map((n) => n.id));
  let id = 0;
  while (used.has(id)) id++;
  r.namespaces.push({ id, uuid: null, name: '', size: 0, offset: 0, enabled: false, claim: null, mountpoint: null });
  r.seeds.namespace = id;
}

/** Whether a node currently has memory (N_MEMORY): boot memory or online hot-added blocks. */
export function nodeHasMemory(state: SimState, node: number): boolean {
  const n = state.nodes.find((x) => x.id === node);
  if (n && n.bootMemKb > 0) return true;
  return state.memory.blocks.some((b) => b.node === node && b.state === 'online');
}

/** Whether a node is online: it has CPUs or boot memory, or memory blocks were hot-added to it (online or not, as add_memory onlines the node). */
export function nodeOnline(state: SimState, node: number): boolean {
  const n = state.nodes.find((x) => x.id === node);
  return !!n && (n.cpulist !== '' || n.bootMemKb > 0 || state.memory.blocks.some((b) => b.node === node));
}
