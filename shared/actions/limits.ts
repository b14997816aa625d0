// How long a step usually takes at most, sized to its work: past it the console says so and keeps waiting (it never stops a tool
// midway: a half-onlined device or a half-made namespace is worse than a slow one). And which memory blocks a step moves, to show progress.
import type { Topology } from '../model/index.js';
import type { StepOp } from './types.js';

const SECOND = 1000;
const GiB = 2 ** 30;

/** The memory blocks a dax device's memory falls in (whole blocks of its ranges), whatever its mode now. */
export function deviceBlocks(t: Topology, dev: string): number[] {
  const d = t.daxDevices.find((x) => x.dev === dev);
  const size = t.memory.blockSize;
  if (!d || !size) return [];
  if (d.memoryBlocks.length) return d.memoryBlocks;
  const out: number[] = [];
  for (const r of d.ranges) for (let i = Math.ceil(r.start / size); i < Math.floor((r.end + 1) / size); i++) out.push(i);
  return out;
}

/** What a step moves, for its progress: the memory blocks it onlines or offlines. */
export interface StepWork {
  blocks: number[];
  /** The block state the step moves them to. */
  to: 'online' | 'offline' | null;
}

/** The memory blocks a step onlines or offlines (none for steps that touch no memory). */
export function stepWork(op: StepOp, t: Topology): StepWork {
  if (op.kind === 'write') {
    const m = /^\/sys\/devices\/system\/memory\/memory(\d+)\/state$/.exec(op.path);
    return m ? { blocks: [Number(m[1])], to: op.value === 'offline' ? 'offline' : 'online' } : { blocks: [], to: null };
  }
  if (op.kind !== 'exec' || op.argv[0] !== 'daxctl') return { blocks: [], to: null };
  const dev = op.argv.at(-1)!;
  const sub = op.argv[1];
  if (sub === 'offline-memory' || op.argv.includes('--mode=devdax')) return { blocks: deviceBlocks(t, dev), to: 'offline' };
  if (sub === 'online-memory' || (op.argv.includes('--mode=system-ram') && !op.argv.includes('--no-online'))) return { blocks: deviceBlocks(t, dev), to: 'online' };
  return { blocks: [], to: null };
}

/** The bytes an ndctl create-namespace step lays out: its --size, the namespace it re-creates, or the region's largest free extent. */
function namespaceBytes(argv: readonly string[], t: Topology): number {
  const arg = (flag: string) => { const i = argv.indexOf(flag); return i >= 0 ? argv[i + 1] : undefined; };
  const size = arg('-s');
  if (size !== undefined) return Number(size);
  const ns = arg('-e');
  if (ns !== undefined) return t.namespaces.find((n) => n.dev === ns)?.size ?? 0;
  return t.regions.find((r) => r.dev === arg('-r'))?.maxAvailableExtent ?? 0;
}

/** How long a step usually takes at most on this machine: onlining is quick per block, offlining migrates pages, a namespace is laid out per GiB. */
export function stepLimitMs(op: StepOp, t: Topology): number {
  if (op.kind === 'put' || op.kind === 'remove') return 10 * SECOND;
  const work = stepWork(op, t);
  if (op.kind === 'write') return work.to === 'offline' ? 120 * SECOND : 30 * SECOND;
  if (work.to === 'offline') return 60 * SECOND + work.blocks.length * 10 * SECOND;
  if (work.to === 'online') return 30 * SECOND + work.blocks.length * 2 * SECOND;
  if (op.argv[0] === 'ndctl' && op.argv[1] === 'create-namespace') return 60 * SECOND + Math.ceil(namespaceBytes(op.argv, t) / (64 * GiB)) * 30 * SECOND;
  return 60 * SECOND;
}

/** A duration as a person reads it: 45 s, 2 min 5 s, 1 h 3 min. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / SECOND);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${Math.floor(m / 60)} h`;
}
