// Planners for dax devices and memory blocks: system RAM and back, online and offline.
import type { Guard, Params, Step } from '../../../shared/actions/index.js';
import { ramBlocks, unalignedBytes } from '../../../shared/api/index.js';
import { blockAt, hotplugConsistent, kernelZoneText, memmapBytesPerBlock, type DaxDevice, type Topology } from '../../../shared/model/index.js';
import { formatBytes } from '../../../shared/units/index.js';
import { block, findDax, impossible, run, warn, write, type Draft, type PlanInput } from './draft.js';
import { daxBusy } from '../../system/usage.js';
import { autoOnlineGuards, blockSizeGuard, offlineGuards, otherDriverGuard, poisonGuards, targetNodeGuards } from './guards.js';

/** dax.system-ram: bind kmem; the device's whole memory blocks join its target node. */
export function planSystemRam(input: PlanInput, p: Params): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const d = findDax(t, p.device!, guards);
  const movable = p.zone !== 'normal';
  const online = p.online !== 'no';
  if (d) {
    if (d.mode === 'system-ram') guards.push(block('already', `${d.dev} is already system RAM${d.onlineMemblocks < d.totalMemblocks ? `; online its memory with memory.online --device ${d.dev}` : ''}`));
    otherDriverGuard(d, guards);
    if (d.state !== 'enabled') guards.push(block('disabled', `${d.dev} is disabled`));
    const mapped = daxBusy(input.usage, d.dev);
    if (mapped) guards.push(block('in-use', `${mapped}; its data would vanish under them: stop them first`));
    if (input.findings.some((f) => f.id === 'driver-kmem' && f.severity !== 'ok')) guards.push(block('kmem', 'the kmem driver is not loaded ("modprobe kmem"); without it no dax device can become system RAM'));
    blockSizeGuard(t, d, guards);
    targetNodeGuards(t, d, guards);
    poisonGuards(t, d, 'now', guards);
  }
  autoOnlineGuards(input, movable ? 'movable' : 'normal', online, guards);
  // Where the device has its own memmap_on_memory (6.8), it is set before kmem takes the device; it only works with the global switch on.
  const mmom = p['memmap-on-memory'];
  const memmap: Step[] = [];
  if (d && mmom) {
    if (d.memmapOnMemory === null || d.memmapOnMemory === undefined) guards.push(block('no-memmap', `this kernel shows no ${d.dev}/memmap_on_memory (it came with Linux 6.8)`));
    else if (mmom === 'yes' && t.memory.memmapOnMemory === false) guards.push(block('memmap-off', 'memory_hotplug.memmap_on_memory is off: a device\'s own setting only takes effect with it (memory_hotplug.memmap_on_memory=1 on the kernel command line)'));
    else if (d.memmapOnMemory !== (mmom === 'yes')) {
      memmap.push(write(`/sys/bus/dax/devices/${d.dev}/memmap_on_memory`, mmom === 'yes' ? '1' : '0', mmom === 'yes' ? `${d.dev}'s page structures will be kept on its own memory (saves DRAM; that part of it is not usable as RAM)` : `${d.dev}'s page structures will be kept in ordinary memory`));
    }
  }
  // Not movable, the memory goes to the kernel zone its addresses lie in: ZONE_NORMAL, or ZONE_DMA32 below 4 GiB (a memmap= range).
  const kernelZone = d ? kernelZoneText(d.ranges) : 'ZONE_NORMAL';
  if (!movable) guards.push(warn('zone-normal', `memory onlined into ${kernelZone} takes kernel allocations that cannot move; giving it back later may fail until a reboot`));
  const node = d ? `node ${d.targetNode}` : 'its target node';
  // Only whole memory blocks become RAM; the rest of the device is said, by the name the Overview and the CLI give it.
  const blocks = d ? ramBlocks(d, t.memory.blockSize) : 0;
  const lost = d ? unalignedBytes(d, t.memory.blockSize) : 0;
  // Blocks that keep their own memmap (memmap_on_memory: the device's setting, with the kernel's switch on) add that much less to MemTotal.
  const ownMemmap = !!d && (mmom ? mmom === 'yes' : d.memmapOnMemory === true) && t.memory.memmapOnMemory !== false;
  const memmapBytes = ownMemmap ? blocks * memmapBytesPerBlock(t.memory.blockSize) : 0;
  const counted = memmapBytes ? ` (MemTotal grows by ${formatBytes(blocks * t.memory.blockSize - memmapBytes)}: each block keeps its own ${formatBytes(memmapBytesPerBlock(t.memory.blockSize))} memmap)` : '';
  const split = d ? `: ${formatBytes(blocks * t.memory.blockSize)} in ${blocks} memory block${blocks === 1 ? '' : 's'}${counted}${lost ? `, ${formatBytes(lost)} lost to block alignment` : ''}` : '';
  return {
    object: p.device!, summary: `Give ${p.device}${d ? ` (${formatBytes(d.size)})` : ''} to the kernel as system RAM on ${node}${online ? `, online ${movable ? 'movable' : `in ${kernelZone}`}` : ', left offline'}${split}`,
    risk: movable ? 'reversible' : 'disruptive', guards,
    steps: [...memmap, run(['daxctl', 'reconfigure-device', '--mode=system-ram', ...(online ? [] : ['--no-online']), ...(movable ? [] : ['--no-movable']), p.device!],
      `${p.device}'s memory is hot-added to ${node}${online ? ` and onlined (${movable ? 'ZONE_MOVABLE' : kernelZone}): MemTotal grows` : ' (offline: MemTotal stays)'}`)],
    rollback: { action: 'dax.devdax', params: { device: p.device! } }, noRollbackBecause: null,
  };
}

/** dax.devdax: offline the device's memory, then hand the device back to device_dax. */
export function planDevdax(input: PlanInput, p: Params): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const d = findDax(t, p.device!, guards);
  const steps: Step[] = [];
  if (d) {
    if (d.mode !== 'system-ram') guards.push(block('already', `${d.dev} is not system RAM (it is ${d.mode}); there is nothing to give back`));
    otherDriverGuard(d, guards);
    offlineGuards(t, d.memoryBlocks, guards);
    // Where the kernel has the device's whole state, unplugging takes every block offline and out at once, or none of them.
    if (d.hotplugState && d.hotplugState !== 'unplugged') steps.push(write(`/sys/bus/dax/devices/${d.dev}/state`, 'unplugged', `all ${d.totalMemblocks} memory blocks of ${p.device} go offline and are removed at once (or none, if one cannot): MemTotal shrinks`));
    else if (!d.hotplugState && d.onlineMemblocks > 0) steps.push(run(['daxctl', 'offline-memory', p.device!], `${d.onlineMemblocks} memory blocks of ${p.device} go offline: their pages move elsewhere and MemTotal shrinks`));
  }
  steps.push(run(['daxctl', 'reconfigure-device', '--mode=devdax', p.device!], `${p.device}'s memory is removed from the kernel and ${p.device} is a devdax device again`));
  return {
    object: p.device!, summary: `Take ${p.device}'s memory back from the kernel and make it devdax again`,
    risk: 'disruptive', guards, steps,
    rollback: { action: 'dax.system-ram', params: { device: p.device!, zone: d?.movable === false ? 'normal' : 'movable' } }, noRollbackBecause: null,
  };
}

function blockRange(t: Topology, range: [number, number], guards: Guard[]): number[] {
  const out: number[] = [];
  for (let i = range[0]; i <= range[1]; i++) {
    if (!blockAt(t.memory.blocks, i)) {
      guards.push(impossible('missing', `memory${i} does not exist on this machine`));
      return [];
    }
    out.push(i);
  }
  return out;
}

/** memory.online and memory.offline, for a dax device (daxctl) or a range of blocks (sysfs state files). */
export function planMemory(input: PlanInput, p: Params, online: boolean): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const movable = p.zone !== 'normal';
  const zoneWord = movable ? 'online_movable' : 'online_kernel';
  let steps: Step[] = [];
  let object: string;
  let blocks: number[] = [];
  // Where memory onlined not movable goes: the kernel zone of its addresses (ZONE_DMA32 below 4 GiB), said once known.
  let kernelZone = 'ZONE_NORMAL';
  if (p.device) {
    object = p.device;
    const d = findDax(t, p.device, guards);
    if (d) kernelZone = kernelZoneText(d.ranges);
    if (d) {
      if (d.mode !== 'system-ram') guards.push(block('not-ram', `${d.dev} is ${d.mode}, not system RAM${d.mode === 'devdax' ? '; use dax.system-ram' : ''}`));
      otherDriverGuard(d, guards);
      blocks = d.memoryBlocks;
      const todo = online ? d.totalMemblocks - d.onlineMemblocks : d.onlineMemblocks;
      if (d.hotplugState) steps = wholeDevice(d, online, zoneWord, kernelZone, guards);
      else if (d.mode === 'system-ram' && todo === 0) guards.push(block('nothing', `all of ${d.dev}'s memory is already ${online ? 'online' : 'offline'}`));
    }
    if (!d?.hotplugState) {
      steps = [run(['daxctl', online ? 'online-memory' : 'offline-memory', ...(online && !movable ? ['--no-movable'] : []), p.device],
        online ? `${p.device}'s offline blocks go online (${movable ? 'ZONE_MOVABLE' : kernelZone}): MemTotal grows` : `${p.device}'s online blocks go offline: MemTotal shrinks`)];
    }
  } else {
    const [first, last] = p.blocks!;
    object = first === last ? `memory${first}` : `memory${first}-${last}`;
    blocks = blockRange(t, p.blocks!, guards);
    const todo = blocks.filter((i) => (blockAt(t.memory.blocks, i)!.state === 'online') !== online);
    const foreign = blocks.filter((i) => blockAt(t.memory.blocks, i)!.daxDevice === null);
    if (foreign.length) guards.push(block('boot-memory', `memory${foreign[0]}${foreign.length > 1 ? ` and ${foreign.length - 1} more` : ''} ${foreign.length > 1 ? 'are' : 'is'} boot memory, not memory of a dax device; the console only changes memory it can give back`));
    if (blocks.length && todo.length === 0) guards.push(block('nothing', `the blocks are already ${online ? 'online' : 'offline'}`));
    const bs = t.memory.blockSize;
    kernelZone = kernelZoneText(blocks.map((i) => ({ start: i * bs, end: (i + 1) * bs - 1 })));
    steps = todo.map((i) => write(`/sys/devices/system/memory/memory${i}/state`, online ? zoneWord : 'offline', `memory${i} goes ${online ? `online (${movable ? 'ZONE_MOVABLE' : kernelZoneText([{ start: i * bs, end: (i + 1) * bs - 1 }])})` : 'offline'}`));
  }
  if (!online) offlineGuards(t, blocks, guards);
  if (online && !movable) guards.push(warn('zone-normal', `memory in ${kernelZone} may never go offline again`));
  const risk = online ? (movable ? 'reversible' : 'disruptive') : 'disruptive';
  return {
    object, summary: `${online ? 'Online' : 'Offline'} the memory of ${object}${online ? (movable ? ' as movable' : ` in ${kernelZone}`) : ''}`,
    risk, guards, steps,
    rollback: { action: online ? 'memory.offline' : 'memory.online', params: p.device ? { device: p.device } : { blocks: `${p.blocks![0]}-${p.blocks![1]}` } },
    noRollbackBecause: null,
  };
}

/** Online or offline a device whole through its state file (daxX.Y/state): online only from unplugged, so a device in another state is
 *  unplugged first; offline is unplugged (its blocks offlined and removed). The kernel does all of it or none. */
function wholeDevice(d: DaxDevice, online: boolean, zoneWord: string, kernelZone: string, guards: Guard[]): Step[] {
  const path = `/sys/bus/dax/devices/${d.dev}/state`;
  const consistent = hotplugConsistent(d.hotplugState!, d.onlineMemblocks, d.totalMemblocks, d.movable);
  if (online) {
    if (consistent && d.hotplugState === zoneWord) {
      guards.push(block('nothing', `all of ${d.dev}'s memory is already ${zoneWord}`));
      return [];
    }
    const steps: Step[] = [];
    if (d.hotplugState !== 'unplugged') steps.push(write(path, 'unplugged', `${d.dev}'s memory is taken out whole first (its state is ${d.hotplugState}: the kernel onlines a device only from unplugged)`));
    steps.push(write(path, zoneWord, `all of ${d.dev}'s memory is hot-added and onlined at once (${zoneWord === 'online_movable' ? 'ZONE_MOVABLE' : kernelZone}), or none of it: MemTotal grows`));
    return steps;
  }
  if (d.hotplugState === 'unplugged') {
    guards.push(block('nothing', `${d.dev} is unplugged already: none of its memory is in the kernel`));
    return [];
  }
  return [write(path, 'unplugged', `all ${d.totalMemblocks} memory blocks of ${d.dev} go offline and are removed at once, or none if one cannot: MemTotal shrinks`)];
}
