// Counts over a machine's memory blocks by node, for the files that show them (meminfo, a node's meminfo, has_memory): one walk over 10^5
// blocks answers every node.
import { memmapBytesPerBlock } from '../../../shared/model/blocks.js';
import { allDaxDevices } from './kernel.js';
import type { SimState } from './state.js';

/** What the blocks of each node are, counted in one pass (a render asks this of every node; there may be 10^5 blocks). */
export interface NodeBlocks {
  blocks: number;
  online: number;
  hotAddedOnline: number;
  /** kB the hot-added online blocks add to MemTotal: each block's size, less its own memmap where it keeps one (memmap_on_memory). */
  hotAddedOnlineKb: number;
  onlineNotMovable: number;
}

/** The block counts of every node that has blocks. */
export function nodeBlockCounts(state: SimState): Map<number, NodeBlocks> {
  const out = new Map<number, NodeBlocks>();
  const blockKb = state.memory.blockSize / 1024;
  // The devices kmem added with memmap_on_memory: their blocks hold their own memmap, which the kernel does not count as memory.
  const ownMemmap = new Set(allDaxDevices(state).filter((d) => d.device.memmapOnMemory).map((d) => d.device.name));
  for (const b of state.memory.blocks) {
    let c = out.get(b.node);
    if (!c) out.set(b.node, (c = { blocks: 0, online: 0, hotAddedOnline: 0, hotAddedOnlineKb: 0, onlineNotMovable: 0 }));
    c.blocks++;
    if (b.state !== 'online') continue;
    c.online++;
    if (!b.boot) {
      c.hotAddedOnline++;
      c.hotAddedOnlineKb += b.owner !== null && ownMemmap.has(b.owner) ? blockKb - memmapBytesPerBlock(state.memory.blockSize) / 1024 : blockKb;
    }
    if (b.zone !== 'Movable') c.onlineNotMovable++;
  }
  return out;
}
