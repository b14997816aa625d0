// Poison on the emulated media, as the kernel and the platform keep it: the kernel's badblocks (what it knows), poison an address range
// scrub has not found yet, and the platform's error-injection record (ACPI ARS error inject, which nfit_test implements). What an ARS,
// a clear (ndctl clear-errors, a write through the pmem driver) and an injection do to each.
import { BADBLOCK_SECTOR as SECTOR } from '../../../shared/model/poison.js';
import { addRun, overlaps, removeRun, type SectorRun } from './sector-runs.js';
import { allRegions } from './kernel.js';
import type { SimBus, SimNamespace, SimRegion, SimState } from './state.js';

/** The NFIT bus DSMs for error injection: ARS_INJECT_SET, _CLEAR and _GET (dsm_mask bits 7, 8, 9). */
const INJECT_DSMS = (1 << 7) | (1 << 8) | (1 << 9);

/** Whether a bus's platform injects errors (libndctl's ndctl_bus_has_error_injection). */
export const hasErrorInjection = (bus: SimBus) => !!bus.nfit && (bus.nfit.dsmMask & INJECT_DSMS) === INJECT_DSMS;

/** Where a namespace's data starts and how long it is, in sectors from the region's start: after the info block and page map of fsdax
 *  and devdax, the whole namespace when raw (libndctl's ndctl_namespace_get_injection_bounds); null for a BTT, which has no such range. */
export function dataRange(ns: SimNamespace): SectorRun | null {
  if (ns.claim?.kind === 'btt') return null;
  const data = ns.claim?.kind === 'pfn' || ns.claim?.kind === 'dax' ? ns.claim.dataOffset : 0;
  return { offset: (ns.offset + data) / SECTOR, length: (ns.size - data) / SECTOR };
}

/** An injected error: the platform records it; with notify the kernel learns of it at once (the platform's notification starts an ARS,
 *  which counts as a scrub and brings every error the platform has to light), without it only at the next scrub. */
export function injectPoison(bus: SimBus, r: SimRegion, run: SectorRun, notify: boolean): void {
  r.injected = addRun(r.injected ?? [], run.offset, run.length);
  r.latentBadblocks = addRun(r.latentBadblocks ?? [], run.offset, run.length);
  if (notify) scrubFinds(bus);
}

/** An uninjection: the platform forgets the error; the kernel keeps its badblocks entry until the sectors are written or cleared. */
export function uninjectPoison(r: SimRegion, run: SectorRun): void {
  r.injected = removeRun(r.injected ?? [], run.offset, run.length);
  r.latentBadblocks = removeRun(r.latentBadblocks ?? [], run.offset, run.length);
}

/** A completed address range scrub: every error the media holds joins the kernel's badblocks; the bus counts one more scrub. */
export function scrubFinds(bus: SimBus): void {
  if (bus.scrub) bus.scrub.count++;
  for (const r of bus.regions) {
    for (const b of r.latentBadblocks ?? []) r.badblocks = addRun(r.badblocks, b.offset, b.length);
    r.latentBadblocks = [];
  }
}

/** A clear of the sectors (the Clear Uncorrectable Error DSM that clear-errors and the pmem driver's writes send): gone from the
 *  kernel's list, the platform's record and the media. */
export function clearPoison(r: SimRegion, run: SectorRun): void {
  r.badblocks = removeRun(r.badblocks, run.offset, run.length);
  r.latentBadblocks = removeRun(r.latentBadblocks ?? [], run.offset, run.length);
  r.injected = removeRun(r.injected ?? [], run.offset, run.length);
}

/** The driver of an fsdax or devdax namespace writes its metadata area when it binds (drivers/nvdimm/pfn_devs.c
 *  nd_pfn_clear_memmap_errors: from past the 8 KiB of info blocks to where the data starts), and the write clears the poison there. */
export function clearMetadataPoison(r: SimRegion, ns: SimNamespace): void {
  if (ns.claim?.kind !== 'pfn' && ns.claim?.kind !== 'dax') return;
  const start = (ns.offset + 8192) / SECTOR;
  const end = (ns.offset + ns.claim.dataOffset) / SECTOR;
  if (end > start && overlaps(r.badblocks, start, end - start)) clearPoison(r, { offset: start, length: end - start });
}

/** What a read or write of a pmem block device does where the kernel knows of poison (drivers/nvdimm/pmem.c): a read of a bad sector
 *  fails (EIO); a direct write clears the sectors it writes and succeeds; a buffered write of 512-byte blocks must read each page first,
 *  and fails at a page that holds a bad sector. Sectors are the device's, from `start` in the region. */
export function blockIo(r: SimRegion, start: number, sector: number, count: number, op: 'read' | 'write', direct: boolean): 'ok' | 'EIO' {
  const at = start + sector;
  if (op === 'read') return overlaps(r.badblocks, at, count) ? 'EIO' : 'ok';
  if (!direct) {
    const perPage = 4096 / SECTOR;
    const first = Math.floor(at / perPage) * perPage;
    const last = Math.ceil((at + count) / perPage) * perPage;
    return overlaps(r.badblocks, first, last - first) ? 'EIO' : 'ok';
  }
  if (overlaps(r.badblocks, at, count)) clearPoison(r, { offset: at, length: count });
  return 'ok';
}

/** A read or write of /dev/pmemN (or pmemN.M) on the emulated machine, in its 512-byte sectors: 'ENODEV' where no such block device is
 *  up (a devdax namespace has none; a BTT's pmemNs keeps no poison map and is not modelled here). */
export function pmemIo(state: SimState, device: string, sector: number, count: number, op: 'read' | 'write', direct: boolean): 'ok' | 'EIO' | 'ENODEV' {
  for (const r of allRegions(state)) {
    if (!r.enabled) continue;
    for (const ns of r.namespaces) {
      if (!ns.enabled || ns.size === 0 || `pmem${r.id}${ns.id ? `.${ns.id}` : ''}` !== device.replace(/^\/dev\//, '')) continue;
      const range = dataRange(ns);
      if (!range || ns.claim?.kind === 'dax' || sector + count > range.length) return 'ENODEV';
      return blockIo(r, range.offset, sector, count, op, direct);
    }
  }
  return 'ENODEV';
}
