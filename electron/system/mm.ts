// Memory-management interfaces newer than the recorded kernel, read where the kernel has them: weighted interleave
// (Documentation/ABI/testing/sysfs-kernel-mm-mempolicy-weighted-interleave) and each dax device's hotplug state and memmap_on_memory
// (Documentation/ABI/testing/sysfs-bus-dax).
import type { DaxDevice, WeightedInterleave } from '../../shared/model/index.js';
import { readDirOptional, type Host } from '../host/host.js';
import type { ReadNotes } from './values.js';

/** Where the kernel keeps the weights. */
export const WEIGHTED_INTERLEAVE = '/sys/kernel/mm/mempolicy/weighted_interleave';
/** Where dax devices are. */
const DAX = '/sys/bus/dax/devices';

/** The weights and the auto switch, or null where the kernel has no weighted interleave. */
export async function readWeightedInterleave(host: Host, values?: ReadNotes): Promise<WeightedInterleave | null> {
  const names = await readDirOptional(host, WEIGHTED_INTERLEAVE);
  if (!names.length) return null;
  const nodes = names.map((n) => /^node(\d+)$/.exec(n)?.[1]).filter((n): n is string => n !== undefined).map(Number).sort((a, b) => a - b);
  const files = await host.readFiles([...nodes.map((n) => `${WEIGHTED_INTERLEAVE}/node${n}`), ...(names.includes('auto') ? [`${WEIGHTED_INTERLEAVE}/auto`] : [])]);
  const text = (p: string) => {
    const v = files.get(p);
    return typeof v === 'string' ? v.trim() : null;
  };
  const auto = text(`${WEIGHTED_INTERLEAVE}/auto`);
  // The ABI says 'true' and 'false'; kstrtobool also takes Y/N and 1/0.
  const autoOn = auto === null ? null : /^(1|y|yes|on|true)$/i.test(auto) ? true : /^(0|n|no|off|false)$/i.test(auto) ? false : values?.badFile(`${WEIGHTED_INTERLEAVE}/auto`, auto, 'true or false') ?? null;
  return {
    auto: autoOn,
    weights: nodes.flatMap((node) => {
      const path = `${WEIGHTED_INTERLEAVE}/node${node}`;
      const t = text(path);
      if (t === null) return [];
      // A weight is 1-255 (a node's weight cannot be 0).
      const w = /^\d{1,3}$/.test(t) ? Number(t) : null;
      if (w === null || w < 1 || w > 255) return values?.badFile(path, t, 'a weight from 1 to 255', 'that node\'s weight is unknown') ?? [];
      return [{ node, weight: w }];
    }),
  };
}

/** Adds each dax device's hotplug state and memmap_on_memory, where the kernel shows them (null where it does not). */
export async function readDaxKernelAttrs(host: Host, devices: DaxDevice[], values?: ReadNotes): Promise<void> {
  const paths = devices.flatMap((d) => [`${DAX}/${d.dev}/state`, `${DAX}/${d.dev}/memmap_on_memory`]);
  const files = await host.readFiles(paths);
  for (const d of devices) {
    const state = files.get(`${DAX}/${d.dev}/state`);
    const mmom = files.get(`${DAX}/${d.dev}/memmap_on_memory`);
    const s = typeof state === 'string' ? state.trim() : null;
    // The states the ABI names (Documentation/ABI/testing/sysfs-bus-dax); another word is noted and unknown.
    d.hotplugState = s === null || /^(unplugged|offline|online|online_kernel|online_movable)$/.test(s) ? s : values?.badFile(`${DAX}/${d.dev}/state`, s, 'a dax hotplug state (unplugged, offline, online, online_kernel, online_movable)') ?? null;
    const m = typeof mmom === 'string' ? mmom.trim() : null;
    d.memmapOnMemory = m === null ? null : /^(1|y)$/i.test(m) ? true : /^(0|n)$/i.test(m) ? false : values?.badFile(`${DAX}/${d.dev}/memmap_on_memory`, m, '1 or 0') ?? null;
  }
}
