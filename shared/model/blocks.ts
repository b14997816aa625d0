// Finding memory blocks by index in a topology's block list, which a snapshot keeps in index order (10^5 blocks: no Map per question).
import type { MemoryBlock } from './topology.js';

/** Where block `index` is in a list of blocks in index order, or -1. */
export function blockPosition(blocks: readonly { index: number }[], index: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = blocks[mid]!.index;
    if (at === index) return mid;
    if (at < index) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Block `index` of a list of blocks in index order, or undefined when the machine has no such block. */
export function blockAt(blocks: readonly MemoryBlock[], index: number): MemoryBlock | undefined {
  const k = blockPosition(blocks, index);
  return k < 0 ? undefined : blocks[k];
}

/** How many whole memory blocks address ranges cover. The kernel adds memory in blocks at block-aligned addresses, so a device's memory
 *  before its first and after its last whole block never becomes RAM: that part is "lost to block alignment". */
export function wholeBlocks(ranges: readonly { start: number; size: number }[], blockSize: number): number {
  let n = 0;
  for (const r of ranges) n += Math.max(0, Math.floor((r.start + r.size) / blockSize) - Math.ceil(r.start / blockSize));
  return n;
}

/** The bytes of a memory block's own memmap (struct page: 64 bytes per 4 KiB page, 32 MiB of a 2 GiB block) where the block keeps it
 *  (memmap_on_memory): the kernel does not count it in MemTotal, so such a block adds its size less this. */
export function memmapBytesPerBlock(blockSize: number): number {
  return (blockSize / 4096) * 64;
}

/** Block indexes in ascending order as a person reads them: runs joined ("memory3-7, memory12"), at most `max` runs then "and N more". */
export function blockRangesText(indexes: readonly number[], max = 8): string {
  const runs: string[] = [];
  for (let k = 0; k < indexes.length; ) {
    let j = k;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j]! + 1) j++;
    runs.push(j === k ? `memory${indexes[k]}` : `memory${indexes[k]}-${indexes[j]}`);
    k = j + 1;
  }
  return runs.length > max ? `${runs.slice(0, max).join(', ')} and ${runs.length - max} more runs` : runs.join(', ');
}
