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

/** The persistent memory a bus's scrub reads: every region on it. */
function busBytes(t: Topology, bus: string | undefined): number {
  return t.regions.filter((r) => bus === undefined || r.bus === bus).reduce((s, r) => s + r.size, 0);
}

/** How long an address range scrub of these bytes usually takes at most: the platform reads every line (minutes per 64 GiB). */
const scrubLimitMs = (bytes: number) => 10 * 60 * SECOND + Math.ceil(bytes / (64 * GiB)) * 3 * 60 * SECOND;

/** A file whose text says how a long step is going (a scrub, an overwrite), for its progress; null for other steps. */
export function stepStatus(op: StepOp): { path: string; describe: (text: string) => string } | null {
  if (op.kind !== 'exec' || op.argv[0] !== 'ndctl') return null;
  const dev = op.argv.at(-1)!;
  if (op.argv[1] === 'wait-scrub' && /^ndbus\d+$/.test(dev)) {
    return { path: `/sys/bus/nd/devices/${dev}/nfit/scrub`, describe: (text) => {
      const m = /^(\d+)(\+?)$/.exec(text.trim());
      return !m ? `scrub state: ${text.trim()}` : m[2] ? `address range scrub running (${m[1]} completed since boot)` : `scrub ended (${m[1]} completed since boot)`;
    } };
  }
  if (op.argv[1] === 'wait-overwrite' && /^nmem\d+$/.test(dev)) {
    return { path: `/sys/bus/nd/devices/${dev}/security`, describe: (text) => (text.trim() === 'overwrite' ? `${dev} is being overwritten` : `overwrite ended (security: ${text.trim()})`) };
  }
  return null;
}

/** How long a step usually takes at most on this machine: onlining is quick per block, offlining migrates pages, a namespace is laid out per GiB. */
export function stepLimitMs(op: StepOp, t: Topology): number {
  if (op.kind === 'put' || op.kind === 'remove') return 10 * SECOND;
  const work = stepWork(op, t);
  if (op.kind === 'write') return work.to === 'offline' ? 120 * SECOND : 30 * SECOND;
  if (work.to === 'offline') return 60 * SECOND + work.blocks.length * 10 * SECOND;
  if (work.to === 'online') return 30 * SECOND + work.blocks.length * 2 * SECOND;
  if (op.argv[0] === 'ndctl' && op.argv[1] === 'create-namespace') return 60 * SECOND + Math.ceil(namespaceBytes(op.argv, t) / (64 * GiB)) * 30 * SECOND;
  if (op.argv[0] === 'ndctl' && op.argv[1] === 'wait-scrub') return scrubLimitMs(busBytes(t, op.argv[2]));
  if (op.argv[0] === 'ndctl' && op.argv[1] === 'clear-errors' && op.argv.includes('--scrub')) return 60 * SECOND + scrubLimitMs(busBytes(t, undefined));
  // An overwrite writes every cell of the DIMM: hours.
  if (op.argv[0] === 'ndctl' && op.argv[1] === 'wait-overwrite') return 6 * 3600 * SECOND;
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
