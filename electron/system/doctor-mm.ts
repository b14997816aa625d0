// The doctor on the memory-management interfaces of 2025-2026: where the default online type in force comes from (the kernel's build,
// the command line, a write since boot; said in the auto-online finding), dax devices whose whole-device state disagrees with their blocks, and weighted interleave.
import { hotplugConsistent, kernelZoneText, suggestedWeightsOf, type Finding, type Topology } from '../../shared/model/index.js';
import { formatBytes } from '../../shared/units/index.js';

/** What the build option, the command line and auto_online_blocks say; where a layer says nothing, null. */
export interface OnlineTypeLayers {
  build: { value: string; option: string } | null;
  cmdline: string | null;
  inForce: string | null;
}

const BUILD_TYPES: Record<string, string> = { OFFLINE: 'offline', ONLINE_AUTO: 'online', ONLINE_KERNEL: 'online_kernel', ONLINE_MOVABLE: 'online_movable' };

/** Reads the layers: the kernel's config (/boot/config-<release>: CONFIG_MHP_DEFAULT_ONLINE_TYPE_*, or before them
 *  CONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE), memhp_default_state= on the command line, and auto_online_blocks. */
export function onlineTypeLayers(t: Topology, cmdline: string | null, config: string | null): OnlineTypeLayers {
  let build: OnlineTypeLayers['build'] = null;
  const choice = /^CONFIG_MHP_DEFAULT_ONLINE_TYPE_(\w+)=y$/m.exec(config ?? '');
  if (choice && BUILD_TYPES[choice[1]!]) build = { value: BUILD_TYPES[choice[1]!]!, option: `CONFIG_MHP_DEFAULT_ONLINE_TYPE_${choice[1]}` };
  else if (/^CONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE=y$/m.test(config ?? '')) build = { value: 'online', option: 'CONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE=y' };
  else if (/^# CONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE is not set$/m.test(config ?? '')) build = { value: 'offline', option: 'CONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE not set' };
  const cmd = /(?:^|\s)memhp_default_state=(\S+)/.exec(cmdline ?? '')?.[1] ?? null;
  return { build, cmdline: cmd, inForce: t.memory.autoOnlineBlocks };
}

/** Where the default online type in force comes from, in a sentence: the build option is the default, memhp_default_state= overrides
 *  it at boot, and a write to auto_online_blocks overrides both until the next boot (KERNEL-2026.md). Null where there is none. */
export function onlineTypeSource(layers: OnlineTypeLayers): string | null {
  const { build, cmdline, inForce } = layers;
  if (!inForce) return null;
  const atBoot = cmdline ?? build?.value ?? null;
  if (atBoot !== null && atBoot !== inForce) return `It was written to auto_online_blocks since boot; at boot it was ${atBoot}, from ${cmdline ? 'memhp_default_state= on the kernel command line' : `the kernel's build (${build!.option})`}, and it is again at the next boot.`;
  if (cmdline) return `It comes from memhp_default_state=${cmdline} on the kernel command line${build ? ` (over the build's ${build.option})` : ''}.`;
  if (build) return `It comes from the kernel's build: ${build.option}.`;
  return 'Where it comes from is not known: the kernel\'s build configuration was not readable and the command line has no memhp_default_state=, so it is the build\'s default or was written since boot.';
}

/** Dax devices whose whole-device state (daxX.Y/state) disagrees with their memory blocks, and unplugged ones. */
export function hotplugFindings(t: Topology): Finding[] {
  const out: Finding[] = [];
  for (const d of t.daxDevices) {
    if (!d.hotplugState) continue;
    if (!hotplugConsistent(d.hotplugState, d.onlineMemblocks, d.totalMemblocks, d.movable)) {
      out.push({
        id: `hotplug-state-${d.dev}`, severity: 'warning', title: `${d.dev}'s state says ${d.hotplugState}, its memory blocks do not`,
        detail: `${d.onlineMemblocks} of ${d.totalMemblocks} memory blocks of ${d.dev} are online${d.movable === null ? '' : d.movable ? ', movable' : `, in ${kernelZoneText(d.ranges)}`}, but ${d.dev}/state says ${d.hotplugState}: the kernel only changes it when it is written, so blocks onlined or offlined one by one (daxctl online-memory, the memory map) leave it stale. The console acts on the blocks; to make the two agree, take the device to unplugged and online it whole.`,
      });
    } else if (d.hotplugState === 'unplugged') {
      out.push({
        id: `hotplug-state-${d.dev}`, severity: 'info', title: `${d.dev} is system RAM with no memory (unplugged)`,
        detail: `kmem holds ${d.dev} but none of its ${formatBytes(d.size)} is hot-added; online it whole (pmem-console apply memory.online --device ${d.dev} --yes) and the kernel adds and onlines every block, or none.`,
      });
    }
    if (d.memmapOnMemory && t.memory.memmapOnMemory === false) {
      out.push({ id: `memmap-${d.dev}`, severity: 'info', title: `${d.dev}'s memmap_on_memory has no effect`, detail: `memory_hotplug.memmap_on_memory is off, so ${d.dev}'s page structures go to ordinary memory whatever ${d.dev}/memmap_on_memory says.` });
    }
  }
  return out;
}

/** Weighted interleave: in auto mode the kernel's weights follow bandwidth; set by hand, where they differ from that. */
export function interleaveFinding(t: Topology): Finding | null {
  const wi = t.weightedInterleave;
  if (!wi) return null;
  const text = wi.weights.map((w) => `node ${w.node}: ${w.weight}`).join(', ');
  if (wi.auto) return { id: 'weighted-interleave', severity: 'info', title: 'Weighted interleave weights follow bandwidth (auto)', detail: `The kernel sets them from each node's bandwidth: ${text}.` };
  const suggested = suggestedWeightsOf(t);
  const differs = [...suggested].some(([node, w]) => wi.weights.find((x) => x.node === node)?.weight !== w);
  return {
    id: 'weighted-interleave', severity: 'info', title: 'Weighted interleave weights are set by hand',
    detail: `${text}.${differs && suggested.size ? ` From bandwidth they would be ${[...suggested].map(([n, w]) => `node ${n}: ${w}`).join(', ')} (pmem-console apply interleave.set --auto yes --yes lets the kernel keep them so).` : ''}`,
  };
}
