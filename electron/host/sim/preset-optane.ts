// What the Optane presets are built from: Intel-family DIMMs with SMART health, firmware and security, scrubbing NFIT buses, labelled
// regions and namespaces carved from them, as create-namespace would.
import { ensureNamespaceSeed, makeClaim, refreshSeeds } from './kernel.js';
import type { SimDimm, SimNamespace, SimNode, SimRegion, SimState } from './state.js';
import { bootBlocks, DAXCTL_PACKAGE_FILES, GiB, KERNEL, KiB, meminfoOf, MiB, NDCTL_PACKAGE_FILES, NVDIMM_MODULES } from './preset-parts.js';

/** A label-less (io) namespace covering a region. */
export function ioNamespace(size: number): SimNamespace {
  return { id: 0, uuid: null, name: '', size, offset: 0, enabled: true, claim: null, mountpoint: null };
}

/** The commands Linux names for an Intel-family NVDIMM (nvdimm_cmd_name; the security and firmware functions go through cmd_call), and
 *  a mask of the Intel DSM functions 1-9 (SMART, thresholds, flags, label area, vendor) and 17-27 (firmware update, security). */
export const INTEL_DSM = { family: 0, mask: 0xffe03fe, commands: ['smart', 'smart_thresh', 'flags', 'get_size', 'get_data', 'set_data', 'effect_size', 'effect_log', 'vendor', 'cmd_call'] };

/** An Optane PMem 100 DIMM with SMART health, firmware and security commands. */
export function optaneDimm(socket: number, slot: number): SimDimm {
  const handle = (socket << 12) | ((slot >> 1) << 4) | (slot & 1) | ((slot % 3) << 8);
  const serial = (0x2a00 + socket * 16 + slot).toString(16).padStart(8, '0');
  return {
    dev: `nmem${socket * 6 + slot}`, id: `8089-a2-1837-${serial}`, handle, physId: 0x20 + socket * 12 + slot * 2, serial: `0x${serial}`, vendor: '0x8089', device: '0x097a',
    labelSize: 128 * KiB, labelsInitialized: true, enabled: true, security: 'disabled', frozen: false, passphrases: { user: false, master: false },
    health: { state: 'ok', temperature: 30 + slot, controllerTemperature: 36 + slot, spares: 100, lifeUsed: 1 + socket + slot, shutdownState: 'clean', shutdownCount: 1 + socket },
    firmware: { current: 0x1020000_5435, next: null, canUpdate: true },
    dsm: { ...INTEL_DSM, commands: [...INTEL_DSM.commands] },
  };
}

/** An NFIT bus that scrubs (address range scrub, ARS): one scrub done at boot, a new one takes a few seconds in the sim. */
export const scrubbingNfit = () => ({ nfit: { dsmMask: 0x3fe, hwErrorScrub: 0 }, scrub: { count: 1, until: null, durationMs: 4000 } });

export function labelledRegion(id: number, start: number, size: number, numaNode: number, targetNode: number, dimms: SimDimm[], perDimm: number): SimRegion {
  const r: SimRegion = {
    id, start, size, align: 16 * MiB, numaNode, targetNode, persistenceDomain: 'memory_controller', enabled: true, pagemap: false,
    mappings: dimms.map((d, i) => ({ dimm: d.dev, offset: 0, length: perDimm, position: i })),
    setCookie: `0x${(0x6f2c3a1e5b00 + id).toString(16)}`, labelCookie: `0x${(0x2e52b8e3a1c4 + id * 0x101).toString(16)}`,
    badblocks: [], namespaces: [], seeds: { namespace: 0, btt: 0, pfn: 0, dax: 0 },
  };
  ensureNamespaceSeed(r);
  return r;
}

/** Carves a namespace out of a labelled region's free space and gives it a mode (as create-namespace would). */
export function addNamespace(s: SimState, r: SimRegion, size: number, mode: 'fsdax' | 'devdax' | 'raw', uuid: string, claimUuid: string, name = ''): SimNamespace {
  const used = r.namespaces.filter((n) => n.size > 0).reduce((m, n) => Math.max(m, n.offset + n.size), 0);
  const ns = r.namespaces.find((n) => n.id === r.seeds.namespace)!;
  Object.assign(ns, { size, offset: used, uuid, name, enabled: true });
  if (mode !== 'raw') ns.claim = makeClaim(s, r, ns, mode, { align: 2 * MiB, sectorSize: 512, map: 'dev', uuid: claimUuid });
  refreshSeeds(r);
  ensureNamespaceSeed(r);
  return ns;
}

/** A two-socket Optane server around its two interleaved regions (one per socket, on bus ACPI.NFIT with ARS): Debian's 6.1 kernel and
 *  tools, blocks of 2 GiB over the RAM ranges given as [start, end, node], MemFree 93% of what the nodes hold at boot. */
export function optaneServer(preset: string, description: string, nodes: SimNode[], ram: [number, number, number][], dimms: SimDimm[], regions: SimRegion[]): SimState {
  const blockSize = 2 * GiB;
  return {
    version: 1,
    preset,
    description,
    kernel: { ...KERNEL, cmdline: 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-amd64 root=/dev/mapper/vg0-root ro quiet' },
    tools: { ndctl: '76.1', daxctl: '76.1' },
    modules: [...NVDIMM_MODULES, 'nfit', 'dax_hmem'],
    memory: { blockSize, autoOnline: 'offline', onlinePolicy: 'contig-zones', memmapOnMemory: false, blocks: bootBlocks(ram, blockSize) },
    nodes,
    buses: [{ id: 0, provider: 'ACPI.NFIT', parent: '/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00', dimms, regions, ...scrubbingNfit() }],
    hmem: [],
    meminfoKb: meminfoOf(nodes),
    demotionEnabled: false,
    numaBalancing: 1,
    files: { ...DAXCTL_PACKAGE_FILES, ...NDCTL_PACKAGE_FILES },
    faults: [],
  };
}
