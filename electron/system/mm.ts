// Memory-management interfaces newer than the recorded kernel, read where the kernel has them: weighted interleave
// (Documentation/ABI/testing/sysfs-kernel-mm-mempolicy-weighted-interleave) and each dax device's hotplug state and memmap_on_memory
// (Documentation/ABI/testing/sysfs-bus-dax).
import type { DaxDevice, WeightedInterleave } from '../../shared/model/index.js';
import { readDirOptional, type Host } from '../host/host.js';

/** Where the kernel keeps the weights. */
export const WEIGHTED_INTERLEAVE = '/sys/kernel/mm/mempolicy/weighted_interleave';
/** Where dax devices are. */
const DAX = '/sys/bus/dax/devices';

/** The weights and the auto switch, or null where the kernel has no weighted interleave. */
export async function readWeightedInterleave(host: Host): Promise<WeightedInterleave | null> {
  const names = await readDirOptional(host, WEIGHTED_INTERLEAVE);
  if (!names.length) return null;
  const nodes = names.map((n) => /^node(\d+)$/.exec(n)?.[1]).filter((n): n is string => n !== undefined).map(Number).sort((a, b) => a - b);
  const files = await host.readFiles([...nodes.map((n) => `${WEIGHTED_INTERLEAVE}/node${n}`), ...(names.includes('auto') ? [`${WEIGHTED_INTERLEAVE}/auto`] : [])]);
  const text = (p: string) => {
    const v = files.get(p);
    return typeof v === 'string' ? v.trim() : null;
  };
  const auto = text(`${WEIGHTED_INTERLEAVE}/auto`);
  return {
    // The ABI says 'true' and 'false'; kstrtobool also takes Y/N and 1/0.
    auto: auto === null ? null : /^(1|y|yes|on|true)$/i.test(auto),
    weights: nodes.flatMap((node) => {
      const w = Number(text(`${WEIGHTED_INTERLEAVE}/node${node}`));
      return Number.isInteger(w) && w > 0 ? [{ node, weight: w }] : [];
    }),
  };
}

/** Adds each dax device's hotplug state and memmap_on_memory, where the kernel shows them (null where it does not). */
export async function readDaxKernelAttrs(host: Host, devices: DaxDevice[]): Promise<void> {
  const paths = devices.flatMap((d) => [`${DAX}/${d.dev}/state`, `${DAX}/${d.dev}/memmap_on_memory`]);
  const files = await host.readFiles(paths);
  for (const d of devices) {
    const state = files.get(`${DAX}/${d.dev}/state`);
    const mmom = files.get(`${DAX}/${d.dev}/memmap_on_memory`);
    d.hotplugState = typeof state === 'string' ? state.trim() : null;
    d.memmapOnMemory = typeof mmom === 'string' ? /^(1|y)/i.test(mmom.trim()) : null;
  }
}
