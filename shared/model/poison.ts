// What known poison hits: each run of a region's media errors, placed in the namespace, dax device and memory blocks it lies in.
import type { DaxDevice, Namespace, Region } from './topology.js';

/** The kernel's and ndctl's unit of bad blocks: a badblocks count and its runs are in 512-byte sectors. */
export const BADBLOCK_SECTOR = 512;

/** What placing poison needs of a machine's read (a Topology, or the console's view of one). */
export interface PoisonInput {
  regions: readonly Pick<Region, 'dev' | 'resource' | 'mediaErrors'>[];
  namespaces: readonly Pick<Namespace, 'dev' | 'region' | 'size' | 'extent' | 'badblockCount'>[];
  daxDevices: readonly Pick<DaxDevice, 'dev' | 'ranges' | 'mode' | 'namespace'>[];
  memory: { blockSize: number };
}

/** One run of poisoned media and what it lies in. */
export interface PoisonSite {
  region: string;
  /** Bytes from the region's start, and how many. */
  offset: number;
  length: number;
  /** The physical address of its first byte, where the region's resource is known. */
  address: number | null;
  dimms: string[];
  /** The namespace it lies in (null: free space of the region, or unknown where namespace extents were not read). */
  namespace: string | null;
  /** Bytes from the namespace's start (its info block included). */
  namespaceOffset: number | null;
  /** The dax device whose memory it lies in, and whether the kernel uses that memory as system RAM now. */
  daxDevice: string | null;
  systemRam: boolean;
  /** The memory blocks it lies in, where its dax device is system RAM. */
  memoryBlocks: number[];
}

/** Every run of known poison on the machine, with what it hits. */
export function poisonSites(t: PoisonInput): PoisonSite[] {
  const out: PoisonSite[] = [];
  for (const r of t.regions) {
    for (const e of r.mediaErrors ?? []) {
      const address = r.resource === null ? null : r.resource + e.offset;
      // Where things lie is compared from the region's start: a device's start less the region's is exact (both are aligned, and near
      // each other) where an address above 2^53 plus an offset may not be (nfit_test maps regions at 0xff782a0254826000).
      const inside = (start: number, size: number) => r.resource !== null && start - r.resource < e.offset + e.length && e.offset < start - r.resource + size;
      const ns = t.namespaces.find((n) => n.region === r.dev && n.size > 0 && n.extent && inside(n.extent.start, n.extent.size)) ?? null;
      const dax = t.daxDevices.find((d) => d.ranges.some((x) => inside(x.start, x.size))) ?? null;
      const bs = t.memory.blockSize;
      const blocks: number[] = [];
      if (dax?.mode === 'system-ram' && address !== null && bs) for (let i = Math.floor(address / bs); i <= Math.floor((address + e.length - 1) / bs); i++) blocks.push(i);
      out.push({
        region: r.dev, offset: e.offset, length: e.length, address, dimms: e.dimms ?? [],
        namespace: ns?.dev ?? dax?.namespace ?? null, namespaceOffset: ns?.extent && r.resource !== null ? e.offset - (ns.extent.start - r.resource) : null,
        daxDevice: dax?.dev ?? null, systemRam: dax?.mode === 'system-ram', memoryBlocks: blocks,
      });
    }
  }
  return out;
}

/** The poison a namespace holds, in bytes: the runs placed in it, or ndctl's own count where its extent was not read. */
export function namespacePoisonBytes(t: PoisonInput, dev: string): number {
  const ns = t.namespaces.find((n) => n.dev === dev);
  // ndctl's count for a raw namespace is its region's (ndctl 76.1): used only where the namespace's place is not known.
  if (!ns || ns.extent) return poisonSites(t).filter((s) => s.namespace === dev).reduce((sum, s) => sum + s.length, 0);
  return ns.badblockCount * BADBLOCK_SECTOR;
}

/** Poison a read shows that an earlier read of the same machine did not (a scrub found it), per run: "8 KiB in region0 at +600 GiB
 *  (namespace0.0, dax0.0)". Sizes in binary units; a run that grew counts what is new in it. */
export function newPoisonWords(before: PoisonInput, after: PoisonInput, formatBytes: (n: number) => string): string[] {
  const known = new Map<string, { offset: number; length: number }[]>();
  for (const r of before.regions) known.set(r.dev, [...(r.mediaErrors ?? [])]);
  const covered = (region: string, start: number, end: number) => {
    let bytes = 0;
    for (const e of known.get(region) ?? []) bytes += Math.max(0, Math.min(end, e.offset + e.length) - Math.max(start, e.offset));
    return bytes;
  };
  return poisonSites(after).flatMap((s) => {
    const fresh = s.length - covered(s.region, s.offset, s.offset + s.length);
    if (fresh <= 0) return [];
    const inside = [s.namespace, s.daxDevice].filter((x, i, a) => x && a.indexOf(x) === i).join(', ');
    return [`${formatBytes(fresh)} in ${s.region} at +${formatBytes(s.offset)}${inside ? ` (${inside})` : ''}`];
  });
}
