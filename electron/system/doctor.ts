// doctor(host): what would get in the way of using persistent memory as RAM (or as storage), in sentences a person can act on.
import { blockAt, blockZone, zoneText, type Finding, type Severity, type Topology } from '../../shared/model/index.js';

export type { Finding, Severity };
import { formatBytes } from '../../shared/units/index.js';
import { autoOnlineFix } from '../../shared/actions/index.js';
import { readDirOptional, readOptional, type Host } from '../host/host.js';
import { memorySideCacheFindings, parseIomem, plainRamFindings } from './doctor-memory.js';
import { dimmFlagFindings } from './doctor-dimms.js';
import { hotplugFindings, interleaveFinding, onlineTypeLayers, onlineTypeSource } from './doctor-mm.js';


const UDEV_DIRS = ['/etc/udev/rules.d', '/lib/udev/rules.d', '/usr/lib/udev/rules.d'];

async function autoOnlineRules(host: Host): Promise<string[]> {
  const hits: string[] = [];
  for (const dir of UDEV_DIRS) {
    for (const name of (await readDirOptional(host, dir)).filter((n) => n.endsWith('.rules'))) {
      const text = (await readOptional(host, `${dir}/${name}`)) ?? '';
      if (text.split('\n').some((l) => !l.trim().startsWith('#') && /SUBSYSTEM=="memory"/.test(l) && /online/.test(l))) hits.push(`${dir}/${name}`);
    }
  }
  return hits;
}

/** Whether memory given to the kernel can be given back: hot-remove built in, system-ram blocks in ZONE_MOVABLE, memmap placement. */
function hotRemove(t: Topology, add: (id: string, severity: Severity, title: string, detail: string) => void): void {
  const size = formatBytes(t.memory.blockSize);
  // valid_zones only exists with CONFIG_MEMORY_HOTREMOVE.
  if (t.memory.blocks.length > 0 && t.memory.blocks.every((b) => b.validZones.length === 0)) {
    add('hot-remove', 'warning', 'Memory hot-remove is not built into this kernel',
      `Memory blocks have no valid_zones, so the kernel was built without CONFIG_MEMORY_HOTREMOVE: a device turned into system RAM stays RAM until the next reboot. Use a distribution kernel (Debian, Fedora, RHEL and SUSE enable it) if memory must be given back.`);
    return;
  }
  const pinned = t.daxDevices.filter((d) => d.mode === 'system-ram').map((d) => {
    const online = d.memoryBlocks.map((i) => blockAt(t.memory.blocks, i)).filter((b) => b !== undefined && b.state === 'online');
    const kernel = online.filter((b) => !b!.validZones.includes('Movable'));
    return { dev: d.dev, online: online.length, kernel: kernel.length, zones: kernel.map((b) => blockZone(b!.validZones, b!.start)) };
  }).filter((d) => d.kernel > 0);
  if (pinned.length > 0) {
    add('hot-remove', 'warning', 'Some system-ram memory is in a kernel zone',
      `${pinned.map((d) => `${d.dev}: ${d.kernel} of ${d.online} online blocks`).join('; ')} are in ${zoneText(pinned.flatMap((d) => d.zones))}, where the kernel puts allocations it cannot move, so giving the memory back may fail with "Device or resource busy". To keep it removable, offline those blocks while they are still free and online them as movable (daxctl online-memory without --no-movable).`);
  } else {
    const systemRam = t.daxDevices.filter((d) => d.mode === 'system-ram' && d.onlineMemblocks > 0).length;
    add('hot-remove', 'ok', 'Memory can be given back',
      `Memory hot-remove is built in (blocks of ${size}); ${systemRam ? `the online memory of ${systemRam} system-ram device${systemRam > 1 ? 's is' : ' is'} all in ZONE_MOVABLE` : 'no dax memory is online now'}, so it can be offlined and returned to devdax.`);
  }
  if (t.memory.memmapOnMemory) {
    add('memmap-on-memory', 'info', 'memmap_on_memory is on',
      'Hot-added memory keeps its own page structures (struct page) at its start, which saves DRAM; that part is lost to the device while it is RAM, and the memory is removed in the same units it was added.');
  }
}

/** Checks the kernel, tools, drivers, hotplug policy, block size and privileges against the topology. */
export async function doctor(host: Host, t: Topology): Promise<Finding[]> {
  const f: Finding[] = [];
  const add = (id: string, severity: Severity, title: string, detail: string) => f.push({ id, severity, title, detail });
  add('kernel', t.kernel ? 'ok' : 'warning', `Kernel ${t.kernel ?? 'unknown'}`, t.kernel ? 'The kernel release was read from /proc/sys/kernel/osrelease.' : 'The kernel release could not be read.');
  for (const tool of ['ndctl', 'daxctl'] as const) {
    const v = t.tools[tool];
    if (v) add(`tool-${tool}`, 'ok', `${tool} ${v}`, `${tool} is installed.`);
    else add(`tool-${tool}`, 'warning', `${tool} is not installed`, `Install the ${tool} package (Debian/Ubuntu: apt install ${tool}; Fedora/RHEL: dnf install ${tool}); the console can only read, not change, ${tool === 'ndctl' ? 'namespaces' : 'dax devices'} without it.`);
  }
  const ndDrivers = await readDirOptional(host, '/sys/bus/nd/drivers');
  const daxDrivers = await readDirOptional(host, '/sys/bus/dax/drivers');
  if (ndDrivers.length === 0 && t.regions.length === 0) add('driver-nd', 'info', 'No NVDIMM drivers loaded', 'libnvdimm is not loaded; if this machine has NVDIMMs, load nfit (ACPI) or nd_e820 (memmap=) and nd_pmem.');
  else add('driver-nd', 'ok', 'NVDIMM drivers loaded', `nd drivers: ${ndDrivers.join(', ') || 'none listed'}.`);
  if (!daxDrivers.includes('kmem')) add('driver-kmem', 'warning', 'The kmem driver is not loaded', 'Without kmem a dax device cannot become system RAM; run "modprobe kmem" (CONFIG_DEV_DAX_KMEM).');
  else add('driver-kmem', 'ok', 'kmem driver loaded', 'dax devices can be given to the kernel as system RAM.');
  if (!(await readOptional(host, '/sys/devices/system/memory/block_size_bytes'))) add('hotplug', 'error', 'Memory hotplug is not available', 'The kernel has no /sys/devices/system/memory: it was built without CONFIG_MEMORY_HOTPLUG, so persistent memory cannot be used as RAM.');
  else hotRemove(t, add);
  const policy = t.memory.autoOnlineBlocks;
  const [cmdline, iomem, config] = await Promise.all([readOptional(host, '/proc/cmdline'), readOptional(host, '/proc/iomem'), t.kernel ? readOptional(host, `/boot/config-${t.kernel}`) : null]);
  // One finding for the policy: what it does, and where it comes from (the build, the command line, a write since boot).
  const source = onlineTypeSource(onlineTypeLayers(t, cmdline, config));
  const from = source ? ` ${source}` : '';
  if (policy && policy !== 'offline') {
    add('auto-online', policy === 'online_movable' ? 'info' : 'warning', `The kernel onlines new memory automatically (${policy})`,
      policy === 'online_movable'
        ? `New memory goes to ZONE_MOVABLE at once, so it stays removable, but daxctl will warn that it raced with the kernel.${from}${t.memory.memmapOnMemory ? '' : ' With a movable default, onlining can fail when ZONE_NORMAL cannot hold the new memory\'s page structures; memmap_on_memory puts them on the memory itself.'}`
        : `New memory blocks go into a kernel zone before daxctl can choose the zone, so they may never go offline again.${from} Set auto_online_blocks to offline before converting a device, until the next boot: pmem-console apply memory.auto-online --policy offline --yes.`);
    if (policy !== 'online_movable') f.at(-1)!.fix = autoOnlineFix();
  } else if (policy) add('auto-online', 'ok', 'New memory stays offline until asked', `auto_online_blocks is "offline", so daxctl chooses the zone.${from}`);
  const rules = await autoOnlineRules(host);
  if (rules.length) add('udev-online', 'warning', 'udev rules online new memory', `${rules.join(', ')} online hot-added memory as it appears (often into ZONE_NORMAL); disable them or make them use online_movable before converting a device.`);
  for (const d of t.daxDevices) {
    const size = d.size;
    if (t.memory.blockSize && size < t.memory.blockSize) add(`small-${d.dev}`, 'warning', `${d.dev} is smaller than one memory block`, `${d.dev} has ${formatBytes(size)} but memory is hot-added in ${formatBytes(t.memory.blockSize)} blocks, so it cannot become system RAM.`);
  }
  for (const n of t.nodes) if (n.cpuCount > 0 && t.daxDevices.some((d) => d.targetNode === n.id) && t.nodes.length > 1) add(`cpu-node-${n.id}`, 'info', `A dax device targets CPU node ${n.id}`, `Memory from it would join node ${n.id}'s own pool instead of a separate, slower tier.`);
  f.push(...plainRamFindings(t, cmdline?.trim() ?? null, iomem === null ? null : parseIomem(iomem)), ...memorySideCacheFindings(t), ...dimmFlagFindings(t));
  const interleave = interleaveFinding(t);
  f.push(...hotplugFindings(t), ...(interleave ? [interleave] : []));
  if (host.info.kind === 'local' && typeof process.getuid === 'function' && process.getuid() !== 0) add('privileges', 'info', 'Not running as root', 'Reading works; changes will ask for authentication through pkexec, once per plan.');
  else add('privileges', 'ok', host.info.kind === 'local' ? 'Running as root' : `Host ${host.info.label}`, host.info.kind === 'replay' ? 'A capture is read-only.' : 'Changes can be made without further authentication.');
  return f;
}
