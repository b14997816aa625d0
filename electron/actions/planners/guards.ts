// Guards shared by several actions: devices in use, memory the kernel holds, hotplug policy, node and size rules.
import { autoOnlineFix, type Guard } from '../../../shared/actions/index.js';
import { BADBLOCK_SECTOR, blockAt, blockZone, poisonSites, zoneText, type DaxDevice, type Namespace, type Region, type Topology } from '../../../shared/model/index.js';
import { formatBytes } from '../../../shared/units/index.js';
import { blockdevBusy, daxBusy } from '../../system/usage.js';
import { block, daxOfNamespace, warn, type PlanInput } from './draft.js';

/** A namespace that is mounted, held, or carries memory the kernel uses cannot lose its device. */
export function namespaceInUse(input: PlanInput, ns: Namespace, guards: Guard[]): void {
  const busy = blockdevBusy(input.usage, ns.blockdev);
  if (busy) guards.push(block('in-use', `${busy}; unmount it (and stop what holds it) first`));
  const dax = daxOfNamespace(input.topology, ns);
  const mapped = dax ? daxBusy(input.usage, dax.dev) : null;
  if (mapped) guards.push(block('in-use', `${mapped}; stop those processes first`));
  if (dax && dax.mode === 'system-ram') guards.push(block('in-use', `${ns.dev} carries ${dax.dev}, which is system RAM now; give the memory back first (dax.devdax --device ${dax.dev})`));
  if (dax) otherDriverGuard(dax, guards);
}

/** A dax device another driver holds (famfs's fsdev_dax, or one the console does not know) is not the console's to convert or remove:
 *  "not system-ram" does not mean devdax. */
export function otherDriverGuard(d: DaxDevice, guards: Guard[]): void {
  if (d.mode === 'famfs') guards.push(block('famfs', `${d.dev} is in famfs mode: a famfs file system uses it (driver fsdev_dax); unmount famfs and make it devdax (daxctl reconfigure-device --mode=devdax) before the console acts on it`));
  else if (d.mode === 'unknown' && d.state === 'enabled') guards.push(block('unknown-driver', `${d.dev} is bound to a driver that is neither device_dax nor kmem; the console does not act on a device another driver holds`));
}

/** A region must exist and be enabled for namespaces to be made in it. */
export function regionUsable(r: Region, guards: Guard[]): void {
  if (r.state !== 'enabled') guards.push(block('region-disabled', `${r.dev} is disabled; enable it first (region.enable --region ${r.dev})`));
}

/** Policies that online new memory before daxctl can choose its zone. */
export function autoOnlineGuards(input: PlanInput, zone: string, online: boolean, guards: Guard[]): void {
  const policy = input.topology.memory.autoOnlineBlocks;
  const udev = input.findings.find((f) => f.id === 'udev-online');
  const intoNormal = policy === 'online' || policy === 'online_kernel';
  if (zone === 'movable' && intoNormal) {
    guards.push({
      ...block('auto-online', `auto_online_blocks is "${policy}": the kernel would online the new memory into ZONE_NORMAL before daxctl can make it movable, and it might never come back. Set it to offline first (memory.auto-online --policy offline, until the next boot).`),
      fix: autoOnlineFix(),
    });
  } else if (intoNormal) {
    guards.push(warn('auto-online', `auto_online_blocks is "${policy}": the kernel onlines the new memory itself.`));
  }
  if (udev) guards.push(zone === 'movable' || !online ? block('udev-online', `${udev.detail}`) : warn('udev-online', udev.detail));
}

/** kmem needs a valid target node; a CPU node works but mixes the memory into DRAM's pool. */
export function targetNodeGuards(t: Topology, d: DaxDevice, guards: Guard[]): void {
  if (d.targetNode < 0) {
    guards.push(block('target-node', `${d.dev} has no target node (target_node is ${d.targetNode}); the kmem driver refuses it ("rejecting DAX region with invalid node"). Check the firmware's SRAT/HMAT for this range.`));
    return;
  }
  const node = t.nodes.find((n) => n.id === d.targetNode);
  if (node && node.cpuCount > 0) guards.push(warn('target-node', `${d.dev} targets node ${d.targetNode}, which has CPUs: its memory joins that node's DRAM instead of a separate, slower tier.`));
}

/** A device smaller than one memory block cannot become system RAM at all. */
export function blockSizeGuard(t: Topology, d: DaxDevice, guards: Guard[]): void {
  const bs = t.memory.blockSize;
  if (!bs) {
    guards.push(block('no-hotplug', 'this kernel has no memory hotplug (/sys/devices/system/memory is missing)'));
    return;
  }
  const first = Math.ceil((d.ranges[0]?.start ?? 0) / bs);
  const end = Math.floor(((d.ranges[0]?.end ?? -1) + 1) / bs);
  if (end - first < 1) guards.push(block('too-small', `${d.dev} (${formatBytes(d.size)}) does not cover one whole ${formatBytes(bs)} memory block, so no memory can be hot-added from it.`));
  else if (d.size % bs !== 0) guards.push(warn('partial-block', `only ${end - first} whole ${formatBytes(bs)} blocks (${formatBytes((end - first) * bs)}) of ${d.dev}'s ${formatBytes(d.size)} become RAM; the rest stays unused.`));
}

/** Online memory in a kernel zone may refuse to go offline. */
export function offlineGuards(t: Topology, blocks: number[], guards: Guard[]): void {
  const zones: string[] = [];
  const normal = blocks.filter((i) => {
    const b = blockAt(t.memory.blocks, i);
    const inKernelZone = !!b && b.state === 'online' && !b.validZones.includes('Movable');
    if (inKernelZone) zones.push(blockZone(b.validZones, b.start));
    return inKernelZone;
  });
  if (normal.length) guards.push(warn('zone-normal', `${normal.length} of these blocks ${normal.length === 1 ? 'is' : 'are'} in ${zoneText(zones)} (memory${normal[0]}${normal.length > 1 ? ', ...' : ''}); the kernel may have put pages there it cannot move, and offlining can fail with "Device or resource busy". Stop memory-hungry work and retry, or reboot to get it back.`));
}

/** Known poison in a dax device's memory, and poison a scrub may not have found yet: given to the kernel as RAM, the first touch of a
 *  poisoned line is a machine check that kills a process and takes the page offline. Warns, with the plan that clears it. */
export function poisonGuards(t: Topology, d: DaxDevice, when: 'now' | 'at every boot', guards: Guard[]): void {
  const sites = poisonSites(t).filter((s) => s.daxDevice === d.dev);
  const ns = d.namespace ? t.namespaces.find((n) => n.dev === d.namespace) : undefined;
  const bytes = sites.length ? sites.reduce((s, x) => s + x.length, 0) : ns && !ns.extent ? ns.badblockCount * BADBLOCK_SECTOR : 0;
  if (bytes) {
    const where = sites.slice(0, 3).map((s) => `${formatBytes(s.address !== null && d.ranges[0] ? s.address - d.ranges[0].start : s.offset)} into it${s.dimms.length ? `, on ${s.dimms.join(', ')}` : ''}`).join('; ');
    guards.push({
      ...warn('poison', `${d.dev} holds ${formatBytes(bytes)} of known poison${where ? ` (${where})` : ''}${ns ? ` in ${ns.dev}` : ''}: as system RAM ${when}, the first touch of a poisoned line is a machine check that kills a process and takes the page offline. Clear it first${ns ? ` (namespace.clear-errors --namespace ${ns.dev})` : ''}, or use another device.`),
      ...(ns ? { fix: { action: 'namespace.clear-errors', params: { namespace: ns.dev } } } : {}),
    });
  }
  const region = ns ? t.regions.find((r) => r.dev === ns.region) : undefined;
  const bus = region ? t.buses.find((b) => b.dev === region.bus) : undefined;
  if (bus?.scrubCount === 0) guards.push({ ...warn('unscrubbed', `no scrub of ${bus.dev} has completed since boot: poison there may not be known yet. Scrub it first (bus.scrub --bus ${bus.dev}).`), fix: { action: 'bus.scrub', params: { bus: bus.dev } } });
  else if (bus?.scrubState === 'active') guards.push(warn('scrub-running', `a scrub of ${bus.dev} is running: poison it finds is not known yet; wait for it (bus.scrub --bus ${bus.dev} waits) and plan again.`));
}
