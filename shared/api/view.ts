// What the console shows: one machine read, shaped for the views (memory blocks as runs, so 65,536 blocks travel as a few rows).
import { blockZone } from '../model/zones.js';
import type { DaxDevice, Finding, HostInfo, MemoryBlock, Topology } from '../model/index.js';
import type { Risk } from '../actions/index.js';

/** Consecutive memory blocks that share state, zone, node, owning device and removability. */
export interface BlockRun {
  first: number;
  count: number;
  state: MemoryBlock['state'];
  /** The zone an online block is in (the lowest at its address where it spans two), or the zone an offline block would go to first
   *  (valid_zones' first word). */
  zone: string;
  node: number;
  daxDevice: string | null;
  removable: boolean;
}

/** A dax device with its memory blocks as [first, last] ranges. */
export type ViewDaxDevice = Omit<DaxDevice, 'memoryBlocks'> & { blockRanges: [number, number][] };

/** The topology as the views get it. */
export type ViewTopology = Omit<Topology, 'memory' | 'daxDevices'> & {
  memory: Omit<Topology['memory'], 'blocks'> & { blockRuns: BlockRun[]; blockCount: number };
  daxDevices: ViewDaxDevice[];
};

/** An action one object allows, with its default parameters, or the reason it is not allowed now. */
export interface ObjectAction {
  action: string;
  label: string;
  params: Record<string, string>;
  risk: Risk;
  /** Why the action cannot run now (the first blocking guard), or null. */
  disabledBecause: string | null;
  /** A plan that removes that reason (a kernel policy set for now), when the console has one. */
  fix: { action: string; params: Record<string, string> } | null;
}

/** Which host the console is looking at and what it can switch to. */
export interface SessionInfo {
  /** The host spec as given (local, sim:large, replay:FILE, ssh://...). */
  spec: string;
  host: HostInfo;
  presets: string[];
  /** How the view keeps up with the machine: kernel uevents, a poll, a watched state file, or not at all (a replay). */
  watch: 'uevents' | 'poll' | 'state-file' | 'none';
  pollMs: number | null;
  /** Whether actions can run on this host (a replay is read-only). */
  canAct: boolean;
  /** Why actions cannot run, when they cannot. */
  cannotActBecause: string | null;
  /** Started with --demo: the session stays on the simulator, whatever is asked. */
  demo: boolean;
  /** Where a simulated machine is kept (its state file), or null: not a simulator, or one that lives in memory. */
  simStateFile: string | null;
}

/** Everything the views read: one machine read, the doctor's findings and what each object allows. */
export interface ConsoleView {
  /** Increases with every read that changed something. */
  version: number;
  session: SessionInfo;
  topology: ViewTopology;
  findings: Finding[];
  /** Actions by object name (region0, namespace0.0, dax0.0). */
  objects: Record<string, ObjectAction[]>;
}

/** Groups memory blocks into runs of identical, consecutive blocks. */
export function blockRuns(blocks: readonly MemoryBlock[]): BlockRun[] {
  const runs: BlockRun[] = [];
  let cur: BlockRun | null = null;
  for (const b of blocks) {
    const zone = b.state === 'online' ? blockZone(b.validZones, b.start) : (b.validZones[0] ?? 'none');
    if (cur && b.index === cur.first + cur.count && b.state === cur.state && zone === cur.zone && b.node === cur.node && b.daxDevice === cur.daxDevice && b.removable === cur.removable) {
      cur.count++;
      continue;
    }
    cur = { first: b.index, count: 1, state: b.state, zone, node: b.node, daxDevice: b.daxDevice, removable: b.removable };
    runs.push(cur);
  }
  return runs;
}

/** Turns sorted block indices into [first, last] ranges. */
export function indexRanges(indices: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const i of [...indices].sort((a, b) => a - b)) {
    const last = out.at(-1);
    if (last && i === last[1] + 1) last[1] = i;
    else out.push([i, i]);
  }
  return out;
}

/** Shapes a topology for the views. */
export function viewTopology(t: Topology): ViewTopology {
  const { blocks, ...memory } = t.memory;
  return {
    ...t,
    memory: { ...memory, blockRuns: blockRuns(blocks), blockCount: blocks.length },
    daxDevices: t.daxDevices.map(({ memoryBlocks, ...d }) => ({ ...d, blockRanges: indexRanges(memoryBlocks) })),
  };
}
