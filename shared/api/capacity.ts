// Capacity by use: how much memory is DRAM, RAM behind a memory-side cache (Memory Mode), PMem as storage, as devdax, as system RAM (online or offline), lost to memory-block alignment,
// CXL, or unallocated — in total and per node.
import { memmapBytesPerBlock, wholeBlocks } from '../model/blocks.js';
import type { DaxDevice, Finding } from '../model/index.js';
import type { ViewDaxDevice, ViewTopology } from './view.js';

/** The part of a system-RAM device outside its whole memory blocks: the kernel adds memory in blocks (block_size_bytes) at block-aligned
 *  addresses, so what a device has before its first and after its last whole block never becomes RAM. Named so everywhere. */
export const UNALIGNED_LABEL = 'PMem lost to block alignment';

/** The bytes of a dax device outside the whole memory blocks of its address ranges: never RAM, whatever its mode. One definition, used
 *  by the Overview, the CLI and the plans; for a device that is not system RAM it is what would be lost if it were made so. */
export function unalignedBytes(d: Pick<DaxDevice, 'size' | 'ranges'>, blockSize: number): number {
  return Math.max(0, d.size - wholeBlocks(d.ranges, blockSize) * blockSize);
}

/** The memory blocks a dax device is, or would be, as system RAM: those the kernel added, or the whole blocks of its ranges. */
export function ramBlocks(d: Pick<DaxDevice, 'mode' | 'totalMemblocks' | 'ranges'>, blockSize: number): number {
  return d.mode === 'system-ram' ? d.totalMemblocks : wholeBlocks(d.ranges, blockSize);
}

/** The uses capacity is split into, in the order the overview shows them. */
export const USES = ['dram', 'memoryMode', 'cxl', 'storage', 'devdax', 'ramOnline', 'ramOffline', 'pageMaps', 'unaligned', 'free'] as const;
/** One use of capacity. */
export type Use = (typeof USES)[number];

/** What each use is called on screen. */
export const USE_LABELS: Record<Use, string> = {
  dram: 'DRAM',
  memoryMode: 'RAM behind a memory-side cache (Memory Mode)',
  cxl: 'CXL memory (dax devices, and System RAM in CXL windows)',
  storage: 'PMem as storage (fsdax, sector, raw)',
  devdax: 'PMem as devdax',
  ramOnline: 'PMem as system RAM, online (as MemTotal counts it)',
  ramOffline: 'PMem as system RAM, offline or unplugged',
  pageMaps: 'PMem holding page maps (a namespace\'s info block, or each block\'s own memmap)',
  unaligned: UNALIGNED_LABEL,
  free: 'PMem not allocated (region free space)',
};

/** Each use in a table's column heading. */
export const USE_SHORT: Record<Use, string> = {
  dram: 'DRAM', memoryMode: 'Memory Mode', cxl: 'CXL', storage: 'PMem storage', devdax: 'PMem devdax', ramOnline: 'PMem RAM online',
  ramOffline: 'PMem RAM offline', pageMaps: 'Page maps', unaligned: 'Lost to alignment', free: 'PMem free',
};

/** What "per node" means for every figure: said on the figure, the same in the Overview and the wizard. */
export const BY_NODE_MEANING = 'Each byte is counted on the NUMA node it is memory of: DRAM and Memory Mode on their own node; PMem and CXL memory on their target node, the node they are, or would be, as system RAM (the node the wizard names).';

/** Bytes per use. */
export type Capacity = Record<Use, number>;

/** Capacity in total and per NUMA node (keyed by node id; -1 collects what has no node). */
export interface CapacityByUse {
  total: Capacity;
  byNode: Map<number, Capacity>;
  /** Every byte of the NVDIMM and CXL persistent-memory regions (the sum of their sizes), which the PMem uses add up to. */
  pmemMedia: number;
}

const zero = (): Capacity => ({ dram: 0, memoryMode: 0, cxl: 0, storage: 0, devdax: 0, ramOnline: 0, ramOffline: 0, pageMaps: 0, unaligned: 0, free: 0 });

/** Whether a dax device is CXL memory (its dax region sits under a CXL root decoder rather than an NVDIMM region). */
export function isCxlDax(t: ViewTopology, d: ViewDaxDevice): boolean {
  if (d.namespace !== null) return false;
  const region = t.daxRegions.find((r) => r.id === d.region);
  return region?.path != null && /ACPI0017|\/decoder\d|\/cxl/i.test(region.path);
}

/** A system-RAM device's bytes as the kernel counts them: online (in MemTotal), its blocks' own memmaps, and the rest (offline,
 *  unplugged), beside what block alignment loses. */
export function systemRamSplit(d: Pick<ViewDaxDevice, 'size' | 'mode' | 'totalMemblocks' | 'onlineMemblocks' | 'ranges' | 'memmapOnMemory'>, blockSize: number): { online: number; pageMaps: number; offline: number; unaligned: number } {
  const unaligned = Math.max(0, d.size - wholeBlocks(d.ranges, blockSize) * blockSize);
  const perBlock = d.memmapOnMemory ? memmapBytesPerBlock(blockSize) : 0;
  const online = Math.min(d.size - unaligned, d.onlineMemblocks * (blockSize - perBlock));
  const pageMaps = Math.min(d.size - unaligned - online, d.totalMemblocks * perBlock);
  return { online, pageMaps, offline: d.size - unaligned - online - pageMaps, unaligned };
}

/** System RAM in a CXL window that no dax device owns (the doctor's finding, with its range): the online bytes of it on each node. */
function cxlWindowRam(t: ViewTopology, findings: readonly Finding[]): Map<number, number> {
  const out = new Map<number, number>();
  const ranges = findings.filter((f) => f.id.startsWith('cxl-window-ram-') && f.range).map((f) => f.range!);
  const bs = t.memory.blockSize;
  if (ranges.length === 0 || bs === 0) return out;
  for (const run of t.memory.blockRuns) {
    if (run.state !== 'online' || run.daxDevice !== null) continue;
    const start = run.first * bs;
    const end = (run.first + run.count) * bs;
    for (const r of ranges) {
      const bytes = Math.max(0, Math.min(end, r.end + 1) - Math.max(start, r.start));
      if (bytes) out.set(run.node, (out.get(run.node) ?? 0) + bytes);
    }
  }
  return out;
}

/** Splits a machine's memory by use, each byte on the node it is memory of (BY_NODE_MEANING). The doctor's findings say which plain
 *  System RAM lies in a CXL window. */
export function capacityByUse(t: ViewTopology, findings: readonly Finding[] = []): CapacityByUse {
  const total = zero();
  const byNode = new Map<number, Capacity>(t.nodes.map((n) => [n.id, zero()]));
  const add = (node: number, use: Use, bytes: number) => {
    if (bytes <= 0) return;
    total[use] += bytes;
    const c = byNode.get(node) ?? zero();
    c[use] += bytes;
    byNode.set(node, c);
  };
  const bs = t.memory.blockSize;
  // What MemTotal counts of hot-added memory, per node: taken out of the node's MemTotal before the rest of it is called DRAM.
  const hotAdded = new Map<number, number>();
  const counted = (node: number, bytes: number) => hotAdded.set(node, (hotAdded.get(node) ?? 0) + bytes);
  for (const d of t.daxDevices) {
    const split = d.mode === 'system-ram' ? systemRamSplit(d, bs) : null;
    if (split) counted(d.targetNode, split.online);
    if (isCxlDax(t, d)) add(d.targetNode, 'cxl', d.size);
    else if (split) {
      add(d.targetNode, 'ramOnline', split.online);
      add(d.targetNode, 'ramOffline', split.offline);
      add(d.targetNode, 'pageMaps', split.pageMaps);
      add(d.targetNode, 'unaligned', split.unaligned);
    } else add(d.targetNode, 'devdax', d.size);
  }
  for (const [node, bytes] of cxlWindowRam(t, findings)) {
    add(node, 'cxl', bytes);
    counted(node, bytes);
  }
  // A node behind a memory-side cache (HMAT) is far memory cached by DRAM, as Optane's Memory Mode is: RAM already, but not DRAM.
  for (const n of t.nodes) add(n.id, n.memorySideCache?.length ? 'memoryMode' : 'dram', n.memTotal - (hotAdded.get(n.id) ?? 0));
  for (const ns of t.namespaces) {
    if (ns.size <= 0) continue;
    if (ns.mode !== 'devdax') add(ns.targetNode, 'storage', ns.size);
    // On the media beside the data: the info block with the page map (fsdax and devdax with --map dev), or a sector namespace's BTT.
    add(ns.targetNode, 'pageMaps', Math.max(0, (ns.extent?.size ?? ns.size) - ns.size));
  }
  let pmemMedia = 0;
  for (const r of t.regions) {
    pmemMedia += r.size;
    if (r.state === 'enabled') add(r.targetNode, 'free', r.availableSize);
  }
  return { total, byNode, pmemMedia };
}

/** The PMem uses, whose sum is the media's size (pmemMedia). */
export const PMEM_USES: readonly Use[] = ['storage', 'devdax', 'ramOnline', 'ramOffline', 'pageMaps', 'unaligned', 'free'];
