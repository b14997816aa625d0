// The memory-management interfaces of 2025-2026 as the console reasons about them: memory tiers' abstract distances, weights for
// weighted interleave from bandwidth, and whether a dax device's whole-device hotplug state agrees with its memory blocks.
import type { Topology } from './topology.js';

/** memory_tierN holds the abstract distances [N*128, N*128+127] (mm/memory-tiers.c: MEMTIER_CHUNK_BITS 7; DRAM's is 512-639, tier 4). */
export const MEMTIER_CHUNK = 128;

/** The abstract distances a tier stands for. */
export function tierDistances(tier: number): [number, number] {
  return [tier * MEMTIER_CHUNK, tier * MEMTIER_CHUNK + MEMTIER_CHUNK - 1];
}

/** The kernel's "weightiness": auto weights are scaled to at most this before they are reduced (mm/mempolicy.c). */
export const WEIGHTINESS = 32;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Weights for weighted interleave from each memory node's bandwidth, as the kernel's auto mode makes them (mm/mempolicy.c,
 *  reduce_interleave_weights, Linux 6.16): each node's share of the total bandwidth scaled to WEIGHTINESS (at least 1), then divided
 *  by the weights' greatest common divisor (1:2 rather than 16:32). A node without bandwidth data gets 1. */
export function suggestedWeights(bandwidth: ReadonlyMap<number, number>): Map<number, number> {
  const sum = [...bandwidth.values()].reduce((s, b) => s + b, 0);
  const weights = new Map<number, number>();
  let divisor = 0;
  for (const [node, bw] of bandwidth) {
    const scaled = WEIGHTINESS * bw;
    const w = bw && sum < scaled ? Math.max(1, Math.floor(scaled / sum)) : 1;
    weights.set(node, w);
    divisor = divisor ? gcd(divisor, w) : w;
  }
  for (const [node, w] of weights) weights.set(node, w / (divisor || 1));
  return weights;
}

/** Whether a dax device's hotplug state agrees with its memory blocks (the check of daxctl's pending hotplug_state): the kernel only
 *  updates the state when it is written, so onlining or offlining single blocks leaves it stale. */
export function hotplugConsistent(state: string, online: number, total: number, movable: boolean | null): boolean {
  const allOnline = total > 0 && online === total;
  switch (state) {
    case 'unplugged':
      return total === 0;
    case 'offline':
      return total > 0 && online === 0;
    case 'online':
      return allOnline;
    case 'online_kernel':
      return allOnline && movable === false;
    case 'online_movable':
      return allOnline && movable === true;
    default:
      return false;
  }
}

/** The weights the kernel's auto mode would set: from each memory node's HMAT bandwidth as seen from CPUs (the lower of read and write). */
export function suggestedWeightsOf(t: Pick<Topology, 'nodes'>): Map<number, number> {
  const bw = new Map<number, number>();
  for (const n of t.nodes) {
    const a = n.access1 ?? n.access0;
    const v = a ? Math.min(a.readBandwidthMBps ?? 0, a.writeBandwidthMBps ?? 0) : 0;
    if (n.memTotal > 0 && v > 0) bw.set(n.id, v);
  }
  return suggestedWeights(bw);
}
