// memmap= ranges: persistent memory the kernel command line set aside from ordinary RAM (memmap=SIZE!START, the nd_e820 bus), which
// is not an NVDIMM: no labels, no DIMMs, and the kernel sets its namespace up with the page map in RAM.
import type { Bus, Region } from './topology.js';

/** Whether a region is a memmap= range (on the e820 bus), by its name; label-less NFIT NVDIMMs are not. */
export function isMemmapRegion(t: { regions: readonly Pick<Region, 'dev' | 'bus'>[]; buses: readonly Pick<Bus, 'dev' | 'provider'>[] }, region: string | undefined): boolean {
  const bus = t.regions.find((r) => r.dev === region)?.bus;
  return bus !== undefined && t.buses.find((b) => b.dev === bus)?.provider === 'e820';
}
