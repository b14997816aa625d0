// The memory-management interfaces of 2025-2026 on the emulated machine, as their ABI documents describe them:
// - Documentation/ABI/testing/sysfs-kernel-mm-mempolicy-weighted-interleave: nodeN weights 1-255 (anything else EINVAL); writing a
//   weight switches auto off; auto 'true' makes the kernel set them from bandwidth (mm/mempolicy.c, reduce_interleave_weights).
// - Documentation/ABI/testing/sysfs-bus-dax: daxX.Y/memmap_on_memory (set before kmem takes the device; 1 only where the global
//   memory_hotplug.memmap_on_memory is on), and daxX.Y/state ("dax/kmem: add sysfs interface for atomic whole-device hotplug", mm tree
//   2026-08): unplugged -> online|online_kernel|online_movable, those or offline -> unplugged, all or nothing; offline is read-only.
// - Documentation/ABI/testing/sysfs-kernel-mm-memory-tiers: memory_tierN/nodelist (rendered with the nodes, render.ts).
import { suggestedWeights } from '../../../shared/model/index.js';
import { HostError } from '../host.js';
import { blocksOf, Errno, hotAdd, KernelError, nodeHasMemory, setBlockState } from './kernel.js';
import type { SimDaxDevice, SimState } from './state.js';
import type { Vfs } from './vfs.js';

const WI = '/sys/kernel/mm/mempolicy/weighted_interleave';
const DAX_FILE = /\/(dax\d+\.\d+)\/(state|memmap_on_memory)$/;
const bool = (v: string) => (/^(1|y|yes|on|true)$/i.test(v) ? true : /^(0|n|no|off|false)$/i.test(v) ? false : null);

/** The weights in force: the kernel's from bandwidth in auto mode (nodes with memory and bandwidth data; 1 elsewhere), else those set. */
export function weightsInForce(state: SimState): Record<string, number> {
  const mp = state.mempolicy!;
  if (!mp.auto) return mp.weights;
  const bw = new Map<number, number>();
  for (const n of state.nodes) {
    const a = n.access1 ?? n.access0;
    if (nodeHasMemory(state, n.id) && a) bw.set(n.id, Math.min(a.readBandwidth, a.writeBandwidth));
  }
  const suggested = suggestedWeights(bw);
  return Object.fromEntries(state.nodes.map((n) => [String(n.id), suggested.get(n.id) ?? 1]));
}

/** The kernel's whole-device state for a kmem device after its probe: the default online type's, or offline. */
export function stateAfterProbe(state: SimState): SimDaxDevice['hotplugState'] {
  const policy = state.memory.autoOnline;
  return policy === 'offline' ? 'offline' : (policy as SimDaxDevice['hotplugState']);
}

/** Renders the weighted interleave files, where the kernel has them. */
export function renderMm(state: SimState, vfs: Vfs): void {
  if (!state.mempolicy) return;
  const weights = weightsInForce(state);
  for (const n of state.nodes) vfs.file(`${WI}/node${n.id}`, `${weights[String(n.id)] ?? 1}\n`);
  vfs.file(`${WI}/auto`, state.mempolicy.auto ? 'true\n' : 'false\n');
}

/** Renders a dax device's state and memmap_on_memory files, where the kernel has them. */
export function renderDaxMm(state: SimState, dev: SimDaxDevice, dir: string, vfs: Vfs): void {
  if (state.kernel.memmapPerDevice) vfs.file(`${dir}/memmap_on_memory`, dev.memmapOnMemory ? '1\n' : '0\n');
  if (state.kernel.daxState && dev.mode === 'system-ram') vfs.file(`${dir}/state`, `${dev.hotplugState ?? stateAfterProbe(state)}\n`);
}

/** A write to one of these files; false where the path is none of them. */
export function writeMm(state: SimState, path: string, devOf: (name: string) => SimDaxDevice | null, value: string): boolean {
  const v = value.trim();
  const inval = () => new HostError('EINVAL', `${path}: Invalid argument`, { path });
  if (state.mempolicy && path.startsWith(`${WI}/`)) {
    const name = path.slice(WI.length + 1);
    if (name === 'auto') {
      const on = bool(v);
      if (on === null) throw inval();
      // Switching to manual keeps the weights in force; switching to auto recalculates them.
      if (!on) state.mempolicy.weights = { ...weightsInForce(state) };
      state.mempolicy.auto = on;
      return true;
    }
    const node = /^node(\d+)$/.exec(name);
    if (!node || !state.nodes.some((n) => n.id === Number(node[1]))) return false;
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 255) throw inval();
    state.mempolicy.weights = { ...weightsInForce(state), [node[1]!]: Number(v) };
    state.mempolicy.auto = false;
    return true;
  }
  const m = DAX_FILE.exec(path);
  const dev = m ? devOf(m[1]!) : null;
  if (!m || !dev) return false;
  if (m[2] === 'memmap_on_memory' && state.kernel.memmapPerDevice) {
    const on = bool(v);
    if (on === null) throw inval();
    // EOPNOTSUPP in the kernel; the host port's nearest word for a write it refuses is EINVAL.
    if (on && !state.memory.memmapOnMemory) throw new HostError('EINVAL', `${path}: Operation not supported`, { path });
    if (on !== !!dev.memmapOnMemory && dev.mode === 'system-ram') throw new HostError('EBUSY', `${path}: Device or resource busy`, { path });
    dev.memmapOnMemory = on;
    return true;
  }
  if (m[2] === 'state' && state.kernel.daxState && dev.mode === 'system-ram') {
    setHotplugState(state, dev, v, path);
    return true;
  }
  return false;
}

/** A write of daxX.Y/state: the whole device at once; when one block cannot follow, every block goes back to where it was. */
function setHotplugState(state: SimState, dev: SimDaxDevice, v: string, path: string): void {
  const current = dev.hotplugState ?? stateAfterProbe(state);
  const online = ['online', 'online_kernel', 'online_movable'];
  if (v !== 'unplugged' && !online.includes(v)) throw new HostError('EINVAL', `${path}: Invalid argument`, { path });
  if (v === current) return;
  if (online.includes(v)) {
    if (current !== 'unplugged') throw new HostError('EBUSY', `${path}: Device or resource busy`, { path });
    // The blocks come back offline, whatever auto_online_blocks says, and are onlined as asked.
    const policy = state.memory.autoOnline;
    state.memory.autoOnline = 'offline';
    const blocks = blocksOf(state, dev.name).length ? blocksOf(state, dev.name) : hotAdd(state, dev);
    state.memory.autoOnline = policy;
    const done: typeof blocks = [];
    try {
      for (const b of blocks) {
        if (b.state === 'offline') setBlockState(state, b, v);
        done.push(b);
      }
    } catch (e) {
      for (const b of done) b.state = 'offline';
      state.memory.blocks = state.memory.blocks.filter((b) => b.owner !== dev.name);
      throw asHostError(e, path);
    }
    dev.hotplugState = v as SimDaxDevice['hotplugState'];
    return;
  }
  // To unplugged: offline every block, then remove them all; a block that will not go brings the others back online.
  const blocks = blocksOf(state, dev.name);
  const was = blocks.map((b) => ({ b, state: b.state, zone: b.zone }));
  try {
    for (const b of blocks) if (b.state === 'online') setBlockState(state, b, 'offline');
  } catch (e) {
    for (const w of was) Object.assign(w.b, { state: w.state, zone: w.zone });
    throw asHostError(e, path);
  }
  state.memory.blocks = state.memory.blocks.filter((b) => b.owner !== dev.name);
  dev.hotplugState = 'unplugged';
}

function asHostError(e: unknown, path: string): HostError {
  if (e instanceof KernelError) return new HostError(e.errno === Errno.EBUSY ? 'EBUSY' : 'EIO', `${path}: ${e.errno.text}`, { path });
  if (e instanceof HostError) return e;
  throw e;
}
