// Counts over a machine's memory blocks by node, for the files that show them (meminfo, a node's meminfo, has_memory): one walk over 10^5
// blocks answers every node.
import type { SimState } from './state.js';

/** What the blocks of each node are, counted in one pass (a render asks this of every node; there may be 10^5 blocks). */
export interface NodeBlocks {
  blocks: number;
  online: number;
  hotAddedOnline: number;
  onlineNotMovable: number;
}

/** The block counts of every node that has blocks. */
export function nodeBlockCounts(state: SimState): Map<number, NodeBlocks> {
  const out = new Map<number, NodeBlocks>();
  for (const b of state.memory.blocks) {
    let c = out.get(b.node);
    if (!c) out.set(b.node, (c = { blocks: 0, online: 0, hotAddedOnline: 0, onlineNotMovable: 0 }));
    c.blocks++;
    if (b.state !== 'online') continue;
    c.online++;
    if (!b.boot) c.hotAddedOnline++;
    if (b.zone !== 'Movable') c.onlineNotMovable++;
  }
  return out;
}

/** kB of hot-added memory online on a node (or on all nodes when node is null). */
export function hotAddedOnlineKb(state: SimState, node: number | null): number {
  const perBlock = state.memory.blockSize / 1024;
  let n = 0;
  for (const b of state.memory.blocks) if (!b.boot && b.state === 'online' && (node === null || b.node === node)) n++;
  return n * perBlock;
}
