// Capacity by use: how much memory is DRAM, RAM behind a memory-side cache (Memory Mode), PMem as storage, as devdax, as system RAM (online or offline), lost to memory-block alignment,
// CXL, or unallocated — in total and per node.
import { wholeBlocks } from '../model/blocks.js';
import type { DaxDevice } from '../model/index.js';
import type { ViewDaxDevice, ViewTopology } from './view.js';

/** The part of a system-RAM device outside its whole memory blocks: the kernel adds memory in blocks (block_size_bytes) at block-aligned
 *  addresses, so what a device has before its first and after its last whole block never becomes RAM. Named so everywhere. */
export const UNALIGNED_LABEL = 'PMem lost to block alignment';

/** The bytes of a dax device that are not, or would not be, in a whole memory block: for system RAM, outside the blocks the kernel
 *  added; for devdax, outside the whole blocks of its address ranges (what kmem would add). */
export function unalignedBytes(d: Pick<DaxDevice, 'size' | 'mode' | 'totalMemblocks' | 'ranges'>, blockSize: number): number {
  return Math.max(0, d.size - ramBlocks(d, blockSize) * blockSize);
}

/** The memory blocks a dax device is, or would be, as system RAM: those the kernel added, or the whole blocks of its ranges. */
export function ramBlocks(d: Pick<DaxDevice, 'mode' | 'totalMemblocks' | 'ranges'>, blockSize: number): number {
  return d.mode === 'system-ram' ? d.totalMemblocks : wholeBlocks(d.ranges, blockSize);
}

/** The uses capacity is split into, in the order the overview shows them. */
export const USES = ['dram', 'memoryMode', 'storage', 'devdax', 'ramOnline', 'ramOffline', 'unaligned', 'cxl', 'free'] as const;
/** One use of capacity. */
export type Use = (typeof USES)[number];

/** What each use is called on screen. */
export const USE_LABELS: Record<Use, string> = {
  dram: 'DRAM',
  memoryMode: 'RAM behind a memory-side cache (Memory Mode)',
  storage: 'PMem as storage (fsdax, sector, raw)',
  devdax: 'PMem as devdax',
  ramOnline: 'PMem as system RAM, online',
  ramOffline: 'PMem as system RAM, offline',
  unaligned: UNALIGNED_LABEL,
  cxl: 'CXL memory',
  free: 'PMem not allocated (region free space)',
};

/** Bytes per use. */
export type Capacity = Record<Use, number>;

/** Capacity in total and per NUMA node (keyed by node id; -1 collects what has no node). */
export interface CapacityByUse {
  total: Capacity;
  byNode: Map<number, Capacity>;
}

const zero = (): Capacity => ({ dram: 0, memoryMode: 0, storage: 0, devdax: 0, ramOnline: 0, ramOffline: 0, unaligned: 0, cxl: 0, free: 0 });

/** Whether a dax device is CXL memory (its dax region sits under a CXL root decoder rather than an NVDIMM region). */
export function isCxlDax(t: ViewTopology, d: ViewDaxDevice): boolean {
  if (d.namespace !== null) return false;
  const region = t.daxRegions.find((r) => r.id === d.region);
  return region?.path != null && /ACPI0017|\/decoder\d|\/cxl/i.test(region.path);
}

/** Splits a machine's memory by use. */
export function capacityByUse(t: ViewTopology): CapacityByUse {
  const total = zero();
  const byNode = new Map<number, Capacity>(t.nodes.map((n) => [n.id, zero()]));
  const add = (node: number, use: Use, bytes: number) => {
    if (bytes <= 0) return;
    total[use] += bytes;
    const c = byNode.get(node) ?? zero();
    c[use] += bytes;
    byNode.set(node, c);
  };
  const kmemOnline = new Map<number, number>();
  for (const d of t.daxDevices) {
    const online = d.mode === 'system-ram' ? Math.min(d.size, d.onlineMemblocks * t.memory.blockSize) : 0;
    if (online) kmemOnline.set(d.targetNode, (kmemOnline.get(d.targetNode) ?? 0) + online);
    if (isCxlDax(t, d)) add(d.targetNode, 'cxl', d.size);
    else if (d.mode === 'system-ram') {
      const lost = unalignedBytes(d, t.memory.blockSize);
      add(d.targetNode, 'ramOnline', online);
      add(d.targetNode, 'ramOffline', d.size - lost - online);
      add(d.targetNode, 'unaligned', lost);
    } else add(d.numaNode >= 0 ? d.numaNode : d.targetNode, 'devdax', d.size);
  }
  // A node behind a memory-side cache (HMAT) is far memory cached by DRAM, as Optane's Memory Mode is: RAM already, but not DRAM.
  for (const n of t.nodes) add(n.id, n.memorySideCache?.length ? 'memoryMode' : 'dram', n.memTotal - (kmemOnline.get(n.id) ?? 0));
  for (const ns of t.namespaces) if (ns.size > 0 && ns.mode !== 'devdax') add(ns.numaNode, 'storage', ns.size);
  for (const r of t.regions) if (r.state === 'enabled') add(r.numaNode, 'free', r.availableSize);
  return { total, byNode };
}
