// What a scoped read covers: the memory blocks a plan names and the dax devices it touches (their blocks, by their ranges).
// Everything else a snapshot reads is small (tool lists, meminfo, nodes) and is read whole every time.
import type { DaxDevice, Topology } from '../../shared/model/index.js';

/** The blocks and dax devices a scoped read re-reads; the rest of the machine's blocks are taken from the read it is based on. */
export interface ReadScope {
  blocks: readonly number[];
  devices: readonly string[];
}

/** The indexes of the memory blocks wholly inside a dax device's ranges (the blocks kmem adds for it). */
export function deviceBlockIndexes(d: Pick<DaxDevice, 'ranges'>, blockSize: number): number[] {
  const out: number[] = [];
  if (!blockSize) return out;
  for (const range of d.ranges) {
    const last = Math.floor((range.end + 1) / blockSize);
    for (let i = Math.ceil(range.start / blockSize); i < last; i++) out.push(i);
  }
  return out;
}

/** The block indexes a scope covers on a machine: its blocks, and the blocks of its devices as each of the given reads shows them. */
export function scopeIndexes(scope: ReadScope, blockSize: number, reads: readonly Pick<Topology, 'daxDevices'>[]): number[] {
  const set = new Set(scope.blocks);
  for (const t of reads) {
    for (const d of t.daxDevices) if (scope.devices.includes(d.dev)) for (const i of deviceBlockIndexes(d, blockSize)) set.add(i);
  }
  return [...set].sort((a, b) => a - b);
}

/** Two scopes as one. */
export function joinScopes(a: ReadScope, b: ReadScope): ReadScope {
  return { blocks: [...new Set([...a.blocks, ...b.blocks])], devices: [...new Set([...a.devices, ...b.devices])] };
}
