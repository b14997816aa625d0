// How long a step usually takes at most, sized to its work: past it the console says so and keeps waiting (it never stops a tool
// midway: a half-onlined device or a half-made namespace is worse than a slow one). And which memory blocks a step moves, to show progress.
import { blockAt } from '../model/blocks.js';
import type { Topology } from '../model/index.js';
import { formatBytes } from '../units/index.js';
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

/** How fast the platform scrubs: it reads every line of the media. */
const SCRUB_BYTES_PER_S = 0.5 * GiB;
/** How fast offlining moves what is on memory elsewhere (page migration), at the least on a busy machine. */
const MIGRATE_BYTES_PER_S = 1 * GiB;
/** How fast onlining sets up memory (its page structures), at the least. */
const ONLINE_BYTES_PER_S = 16 * GiB;
/** How fast a namespace's info block and page map are written. */
const LAYOUT_BYTES_PER_S = 2 * GiB;

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

/** How long a step usually takes at most, and what that is based on ("125 blocks (250 GiB) to offline: ..."). */
export interface StepEstimate {
  ms: number;
  basis: string;
}

const rate = (bytesPerS: number) => `${formatBytes(bytesPerS)}/s`;
const blocksText = (n: number, bytes: number) => `${n} block${n === 1 ? '' : 's'} (${formatBytes(bytes)})`;

/** How long each step of a plan usually takes at most on this machine, sized to the work left when it starts (a block an earlier step
 *  offlined is not offlined again), with the basis said: onlining sets up page structures, offlining migrates what is on the memory, a
 *  namespace is laid out, a scrub reads the media. Past it the console says so and keeps waiting. */
export function stepEstimates(ops: readonly StepOp[], t: Topology): StepEstimate[] {
  const size = t.memory.blockSize;
  const state = new Map<number, string>();
  const stateOf = (i: number) => state.get(i) ?? blockAt(t.memory.blocks, i)?.state ?? 'offline';
  return ops.map((op): StepEstimate => {
    if (op.kind === 'put' || op.kind === 'remove') return { ms: 10 * SECOND, basis: 'one small file' };
    const work = stepWork(op, t);
    if (work.to) {
      const todo = work.blocks.filter((i) => stateOf(i) !== work.to);
      for (const i of work.blocks) state.set(i, work.to);
      const bytes = todo.length * size;
      if (work.to === 'online') return { ms: 30 * SECOND + Math.ceil((bytes / ONLINE_BYTES_PER_S) * SECOND), basis: `${blocksText(todo.length, bytes)} to online, at ${rate(ONLINE_BYTES_PER_S)} or more` };
      if (todo.length === 0) return { ms: 60 * SECOND, basis: `no block to offline: ${work.blocks.length ? 'the earlier steps offlined them' : 'none is online'}` };
      return { ms: 60 * SECOND + Math.ceil((bytes / MIGRATE_BYTES_PER_S) * SECOND), basis: `${blocksText(todo.length, bytes)} to offline, moving what is on them at ${rate(MIGRATE_BYTES_PER_S)} or more` };
    }
    if (op.kind === 'write') return { ms: 30 * SECOND, basis: 'one setting' };
    if (op.argv[0] === 'ndctl' && op.argv[1] === 'create-namespace') {
      const bytes = namespaceBytes(op.argv, t);
      return { ms: 60 * SECOND + Math.ceil((bytes / LAYOUT_BYTES_PER_S) * SECOND), basis: `a ${formatBytes(bytes)} namespace to lay out, at ${rate(LAYOUT_BYTES_PER_S)} or more` };
    }
    const scrub = (bytes: number, extra: number) => ({ ms: extra + 10 * 60 * SECOND + Math.ceil((bytes / SCRUB_BYTES_PER_S) * SECOND), basis: `${formatBytes(bytes)} of media for the platform to read, at ${rate(SCRUB_BYTES_PER_S)} or more` });
    if (op.argv[0] === 'ndctl' && op.argv[1] === 'wait-scrub') return scrub(busBytes(t, op.argv[2]), 0);
    if (op.argv[0] === 'ndctl' && op.argv[1] === 'clear-errors' && op.argv.includes('--scrub')) return scrub(busBytes(t, undefined), 60 * SECOND);
    // An overwrite writes every cell of the DIMM: hours.
    if (op.argv[0] === 'ndctl' && op.argv[1] === 'wait-overwrite') return { ms: 6 * 3600 * SECOND, basis: 'every cell of the DIMM is written' };
    return { ms: 60 * SECOND, basis: 'one command' };
  });
}

/** A duration as a person reads it: 45 s, 2 min 5 s, 1 h 3 min. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / SECOND);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${Math.floor(m / 60)} h`;
}
