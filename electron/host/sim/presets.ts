// Preset machines: two twins of the recorded QEMU guests, and synthetic servers for demos and stress.
import { hotAdd } from './kernel.js';
import type { SimAccess, SimDimm, SimNode, SimRegion, SimState } from './state.js';
import { addNamespace, ioNamespace, labelledRegion, optaneDimm, optaneServer, scrubbingNfit } from './preset-optane.js';
import { memside, optane2sMixed } from './presets-memside.js';
import { nfitTest } from './presets-nfit.js';
import { bootBlocks, DAXCTL_PACKAGE_FILES, GiB, KERNEL, KiB, meminfo, meminfoOf, MiB, NDCTL_PACKAGE_FILES, node, NVDIMM_MODULES } from './preset-parts.js';
import { cxlPmem2x, expanderCxl, future7x } from './presets-cxl.js';

export { DAXCTL_PACKAGE_FILES, NDCTL_PACKAGE_FILES } from './preset-parts.js';

/** The names of the presets, in the order the console offers them. */
export const PRESET_NAMES = ['seed-qemu', 'qemu-nvdimm', 'memside', 'optane-2s', 'optane-2s-mixed', 'cxl-expander', 'cxl-plain-ram', 'cxl-pmem-2x', 'nfit-test', 'future-7x', 'large'] as const;
/** A preset's name. */
export type PresetName = (typeof PRESET_NAMES)[number];

/** The seed patch's machine: QEMU with memmap=512M!0x80000000 and 3 GiB RAM (fixtures/real/qemu-memmap-legacy.json). */
function seedQemu(): SimState {
  const blockSize = 128 * MiB;
  const n0 = node(0, '0-1', [10], 4, 2525144, null);
  n0.bootFreeKb = 2461404;
  const mi = meminfo(2525144, 2461404);
  return {
    version: 1,
    preset: 'seed-qemu',
    description: 'QEMU, 3 GiB RAM booted with memmap=512M!0x80000000: one 512 MiB legacy (e820) pmem region, label-less namespace0.0',
    kernel: { ...KERNEL, cmdline: 'console=ttyS0 panic=-1 loglevel=6 pmemvm.mode=scenario memmap=512M!0x80000000' },
    tools: { ndctl: '76.1', daxctl: '76.1' },
    modules: [...NVDIMM_MODULES, 'nd_e820'],
    memory: { blockSize, autoOnline: 'offline', onlinePolicy: 'contig-zones', memmapOnMemory: false, blocks: bootBlocks([[0, 2 * GiB, 0], [0xa0000000, 0xc0000000, 0]], blockSize) },
    nodes: [n0],
    buses: [{
      id: 0, provider: 'e820', parent: '/sys/devices/platform/e820_pmem', dimms: [],
      regions: [{
        id: 0, start: 0x80000000, size: 512 * MiB, align: 16 * MiB, numaNode: 0, targetNode: 0, persistenceDomain: 'unknown', enabled: true, pagemap: true,
        mappings: [], setCookie: '', labelCookie: '', badblocks: [], namespaces: [ioNamespace(512 * MiB)], seeds: { namespace: 0, btt: 0, pfn: 0, dax: 0 },
      }],
    }],
    hmem: [],
    meminfoKb: mi,
    demotionEnabled: false,
    numaBalancing: 0,
    files: { ...DAXCTL_PACKAGE_FILES, ...NDCTL_PACKAGE_FILES },
    faults: [],
  };
}

/** The machine of fixtures/real/qemu-1dimm-labels.json: one 4 GiB NVDIMM with a label area on CPU-less node 1. */
function qemuNvdimm(): SimState {
  const blockSize = 128 * MiB;
  const n0 = node(0, '0-1', [10, 28], 4, 1945640, { readLatency: 10, writeLatency: 10, readBandwidth: 10240, writeBandwidth: 10240, initiators: [0] });
  n0.bootFreeKb = 1887876;
  const n1 = node(1, '', [28, 10], 22, 0, { readLatency: 40, writeLatency: 40, readBandwidth: 4096, writeBandwidth: 4096, initiators: [0] });
  const regionSize = 4292870144;
  const dimm: SimDimm = { dev: 'nmem0', id: '8680-56341200', handle: 1, physId: 0, serial: '0x56341200', vendor: '0x8680', device: '0x0100', labelSize: 128 * KiB, labelsInitialized: false, enabled: true, security: null, health: null,
    // QEMU implements the label DSMs only (fixtures/real/qemu-faq-refusals.json).
    dsm: { family: 0, mask: 0x70, commands: ['get_size', 'get_data', 'set_data', 'cmd_call'] } };
  const s: SimState = {
    version: 1,
    preset: 'qemu-nvdimm',
    description: 'QEMU, 2 GiB DRAM on node 0 (2 CPUs), one 4 GiB NVDIMM with a 128 KiB label area on CPU-less node 1, HMAT',
    kernel: { ...KERNEL, cmdline: 'console=ttyS0 panic=-1 loglevel=6 pmemvm.mode=scenario ' },
    tools: { ndctl: '76.1', daxctl: '76.1' },
    modules: [...NVDIMM_MODULES, 'nfit', 'dax_hmem'],
    memory: { blockSize, autoOnline: 'offline', onlinePolicy: 'contig-zones', memmapOnMemory: false, blocks: bootBlocks([[0, 2 * GiB, 0]], blockSize) },
    nodes: [n0, n1],
    buses: [{
      id: 0, provider: 'ACPI.NFIT', parent: '/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00', dimms: [dimm], nfit: { dsmMask: 0, hwErrorScrub: 0 },
      regions: [{
        id: 0, start: 4 * GiB, size: regionSize, align: 16 * MiB, numaNode: 0, targetNode: 1, persistenceDomain: 'unknown', enabled: true, pagemap: false,
        mappings: [{ dimm: 'nmem0', offset: 0, length: regionSize, position: 0 }], setCookie: '0xba90120012b4dc', labelCookie: '0x2468ac00123456',
        badblocks: [], namespaces: [ioNamespace(regionSize)], seeds: { namespace: 0, btt: 0, pfn: 0, dax: 0 },
      }],
    }],
    hmem: [],
    meminfoKb: meminfo(1945640, 1887876),
    demotionEnabled: false,
    numaBalancing: 0,
    files: { ...DAXCTL_PACKAGE_FILES, ...NDCTL_PACKAGE_FILES },
    faults: [],
  };
  return s;
}

/** A two-socket Optane server: 6 DIMMs per socket in one region each, PMem on CPU-less nodes 2 and 3. */
function optane2s(): SimState {
  const dram = 192 * GiB;
  const pmemPerDimm = 128 * GiB;
  const dramAccess = (n: number): SimAccess => ({ readLatency: 80, writeLatency: 80, readBandwidth: 107000, writeBandwidth: 93000, initiators: [n] });
  const pmemAccess = (n: number): SimAccess => ({ readLatency: 305, writeLatency: 90, readBandwidth: 39000, writeBandwidth: 13000, initiators: [n] });
  const nodes = [
    node(0, '0-23,48-71', [10, 21, 17, 28], 4, (dram / KiB) - 1843200, dramAccess(0)),
    node(1, '24-47,72-95', [21, 10, 28, 17], 4, dram / KiB - 524288, dramAccess(1)),
    node(2, '', [17, 28, 10, 28], 22, 0, pmemAccess(0)),
    node(3, '', [28, 17, 28, 10], 22, 0, pmemAccess(1)),
  ];
  const dimms0 = [0, 1, 2, 3, 4, 5].map((i) => optaneDimm(0, i));
  const dimms1 = [0, 1, 2, 3, 4, 5].map((i) => optaneDimm(1, i));
  const r0 = labelledRegion(0, 2 * dram + 0x1000000000, 6 * pmemPerDimm, 0, 2, dimms0, pmemPerDimm);
  const r1 = labelledRegion(1, 2 * dram + 0x1000000000 + 6 * pmemPerDimm, 6 * pmemPerDimm, 1, 3, dimms1, pmemPerDimm);
  const s = optaneServer('optane-2s', 'Two-socket Optane PMem server: 2 x 192 GiB DRAM, 2 x 6 x 128 GiB PMem interleaved per socket on CPU-less nodes 2 and 3, HMAT, memory tiers',
    nodes, [[0, dram, 0], [dram, 2 * dram, 1]], [...dimms0, ...dimms1], [r0, r1]);
  addNamespace(s, r0, 256 * GiB, 'devdax', 'b9c1a8e2-5f0d-4c4b-9d47-3f6a1e2c7d10', '5e0f2b1c-8a7d-4e3f-b6a9-0c1d2e3f4a5b', 'kmem-pool');
  const fs = addNamespace(s, r1, 6 * pmemPerDimm, 'fsdax', '0f4b6c2d-1e3a-4d5b-8c7e-9a0b1c2d3e4f', '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d', 'pmem-db');
  fs.mountpoint = '/mnt/pmem1';
  // What the FAQ of the kmem series warns about: a worn DIMM, one with a passphrase, and poison that survives power cycles: 4 KiB in the
  // kmem-pool namespace (64 GiB in), one sector in pmem-db (100 GiB in), and a run in region0's free space no scrub has found yet.
  Object.assign(dimms0[4]!.health!, { state: 'non-critical', spares: 12, lifeUsed: 91, shutdownCount: 4, alarms: { temperature: false, controllerTemperature: false, spares: true } });
  Object.assign(dimms1[1]!, { security: 'unlocked', passphrases: { user: true, master: false } });
  // Its passphrase, sealed by a key-encryption key in root's key ring, and the blob ndctl keeps of it (ndctl setup-passphrase).
  s.hostname = 'pmem-server';
  s.keyring = ['user:nvdimm-master', `encrypted:nvdimm:${dimms1[1]!.id}`];
  s.files[`/etc/ndctl/keys/nvdimm_${dimms1[1]!.id}_pmem-server.blob`] = `sealed passphrase of ${dimms1[1]!.id}\n`;
  r0.badblocks.push({ offset: (64 * GiB) / 512, length: 8 });
  r0.latentBadblocks = [{ offset: (600 * GiB) / 512, length: 16 }];
  r1.badblocks.push({ offset: (100 * GiB) / 512, length: 1 });
  return s;
}

/** A CXL Type-3 memory expander: its RAM is a dax device already in system-ram mode, offline, on CPU-less node 1. */
function cxlExpander(): SimState {
  const blockSize = 2 * GiB;
  const dram = 64 * GiB;
  const nodes = [
    node(0, '0-15', [10, 20], 4, dram / KiB - 786432, { readLatency: 90, writeLatency: 90, readBandwidth: 76800, writeBandwidth: 76800, initiators: [0] }),
    node(1, '', [20, 10], 22, 0, { readLatency: 250, writeLatency: 250, readBandwidth: 30000, writeBandwidth: 30000, initiators: [0] }),
  ];
  const cxlStart = 0x1080000000;
  const cxlSize = 128 * GiB;
  const s: SimState = {
    version: 1,
    preset: 'cxl-expander',
    description: 'One socket, 64 GiB DRAM, and a 128 GiB CXL Type-3 memory expander: its ram region0 is dax0.0, which the kernel made system RAM (offline), on CPU-less node 1; memmap_on_memory on',
    kernel: { ...KERNEL, cmdline: 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-amd64 root=/dev/nvme0n1p2 ro quiet' },
    tools: { ndctl: '76.1', daxctl: '76.1', cxl: '76.1' },
    modules: ['device_dax', 'kmem', 'dax_hmem', 'cxl_acpi', 'cxl_pci', 'cxl_mem', 'cxl_port'],
    memory: { blockSize, autoOnline: 'offline', onlinePolicy: 'contig-zones', memmapOnMemory: true, blocks: bootBlocks([[0, dram, 0]], blockSize) },
    nodes,
    buses: [],
    hmem: [{
      id: 0, path: '/sys/devices/platform/ACPI0017:00/root0/decoder0.0/region0/dax_region0', align: 2 * MiB,
      device: { name: 'dax0.0', start: cxlStart, size: cxlSize, align: 2 * MiB, targetNode: 1, numaNode: 0, mode: 'system-ram', enabled: true },
    }],
    meminfoKb: [],
    demotionEnabled: false,
    numaBalancing: 0,
    files: { ...DAXCTL_PACKAGE_FILES, ...NDCTL_PACKAGE_FILES },
    faults: [],
  };
  s.meminfoKb = meminfoOf(nodes);
  s.cxl = expanderCxl(cxlStart, cxlSize);
  hotAdd(s, s.hmem[0]!.device);
  return s;
}

/** The doctor's case: a CXL expander's 128 GiB that the kernel made plain System RAM at boot (efi=nosoftreserve), so there is no dax
 *  device to give back or tier: /proc/iomem shows it inside "CXL Window 0". */
function cxlPlainRam(): SimState {
  const s = cxlExpander();
  const start = 0x1080000000;
  const size = 128 * GiB;
  s.preset = 'cxl-plain-ram';
  s.description = 'One socket, 64 GiB DRAM, and a 128 GiB CXL expander the kernel made plain System RAM on node 1 at boot (efi=nosoftreserve): no dax device';
  s.kernel.cmdline = 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-amd64 root=/dev/nvme0n1p2 ro quiet efi=nosoftreserve';
  s.modules = s.modules.filter((m) => m !== 'dax_hmem');
  s.hmem = [];
  // The firmware gave the memory to Linux at boot: no region, and (as on such machines) no cxl tool was installed.
  delete s.cxl;
  s.tools.cxl = null;
  s.memory.blocks = bootBlocks([[0, 64 * GiB, 0], [start, start + size, 1]], s.memory.blockSize);
  s.nodes[1]!.bootMemKb = size / KiB;
  s.nodes[1]!.bootFreeKb = Math.round((size / KiB) * 0.99);
  s.meminfoKb = meminfoOf(s.nodes);
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  s.files['/proc/iomem'] = [
    '00000000-00000fff : Reserved', '00001000-0009ffff : System RAM', '00100000-7fffffff : System RAM', `  ${hex(0x45000000)}-${hex(0x45e01d31)} : Kernel code`,
    '80000000-fdffffff : PCI Bus 0000:00', `100000000-${hex(64 * GiB - 1)} : System RAM`,
    `${hex(start)}-${hex(start + size - 1)} : CXL Window 0`, `  ${hex(start)}-${hex(start + size - 1)} : System RAM`, '',
  ].join('\n');
  return s;
}

/** A stress machine: 8 sockets, 16 NUMA nodes, 48 DIMMs in 16 regions, 65,536 memory blocks (half of them kmem). */
function large(): SimState {
  const blockSize = 128 * MiB;
  const sockets = 8;
  const dramBlocksPerNode = 4162;
  const regionSize = 256 * GiB;
  const nodes: SimNode[] = [];
  for (let i = 0; i < 16; i++) {
    const cpuNode = i < sockets;
    const socket = cpuNode ? i : i - sockets;
    const distances = Array.from({ length: 16 }, (_, j) => {
      const sj = j < sockets ? j : j - sockets;
      if (i === j) return 10;
      if (socket === sj) return 17;
      return cpuNode && j < sockets ? 21 : 28;
    });
    const cpus = cpuNode ? `${socket * 32}-${socket * 32 + 31}` : '';
    const access: SimAccess = cpuNode
      ? { readLatency: 85, writeLatency: 85, readBandwidth: 110000, writeBandwidth: 95000, initiators: [socket] }
      : { readLatency: 310, writeLatency: 95, readBandwidth: 38000, writeBandwidth: 12500, initiators: [socket] };
    nodes.push(node(i, cpus, distances, cpuNode ? 4 : 22, cpuNode ? (dramBlocksPerNode * blockSize) / KiB : 0, access));
  }
  const dramRanges: [number, number, number][] = [];
  for (let n = 0; n < sockets; n++) dramRanges.push([n * dramBlocksPerNode * blockSize, (n + 1) * dramBlocksPerNode * blockSize, n]);
  const dimms: SimDimm[] = [];
  const regions: SimRegion[] = [];
  const pmemBase = alignUpTo(sockets * dramBlocksPerNode * blockSize, 1024 * GiB);
  for (let r = 0; r < 16; r++) {
    const socket = Math.floor(r / 2);
    const rd = [0, 1, 2].map((k) => optaneDimm(socket, (r % 2) * 3 + k));
    dimms.push(...rd);
    regions.push(labelledRegion(r, pmemBase + r * regionSize, regionSize, socket, sockets + socket, rd, Math.floor(regionSize / 3)));
  }
  const s: SimState = {
    version: 1,
    preset: 'large',
    description: 'Stress machine: 8 sockets, 16 NUMA nodes, 48 DIMMs in 16 regions all given to the kernel as system RAM, 65,536 memory blocks',
    kernel: { ...KERNEL, cmdline: 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-amd64 root=/dev/sda2 ro' },
    tools: { ndctl: '76.1', daxctl: '76.1' },
    modules: [...NVDIMM_MODULES, 'nfit'],
    memory: { blockSize, autoOnline: 'offline', onlinePolicy: 'contig-zones', memmapOnMemory: false, blocks: bootBlocks(dramRanges, blockSize) },
    nodes,
    buses: [{ id: 0, provider: 'ACPI.NFIT', parent: '/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00', dimms, regions, ...scrubbingNfit() }],
    hmem: [],
    meminfoKb: meminfoOf(nodes),
    demotionEnabled: true,
    numaBalancing: 2,
    files: { ...DAXCTL_PACKAGE_FILES, ...NDCTL_PACKAGE_FILES },
    faults: [],
  };
  for (const r of regions) {
    const hex = r.id.toString(16).padStart(2, '0');
    const ns = addNamespace(s, r, regionSize, 'devdax', `5a5a00${hex}-0000-4000-8000-0000000000${hex}`, `a5a500${hex}-0000-4000-8000-0000000000${hex}`);
    if (ns.claim?.kind !== 'dax') continue;
    ns.claim.device.mode = 'system-ram';
    for (const b of hotAdd(s, ns.claim.device)) {
      b.state = 'online';
      b.zone = 'Movable';
    }
  }
  // A few runs of poison, two of them in memory the kernel uses now (a first touch of one is a machine check).
  regions[3]!.badblocks.push({ offset: (10 * GiB) / 512, length: 8 });
  regions[9]!.badblocks.push({ offset: (200 * GiB) / 512, length: 1 }, { offset: (200 * GiB + 8 * MiB) / 512, length: 64 });
  dimms[7]!.health!.temperature = 61;
  return s;
}

function alignUpTo(v: number, a: number): number {
  return Math.ceil(v / a) * a;
}

const BUILDERS: Record<PresetName, () => SimState> = {
  'seed-qemu': seedQemu,
  'qemu-nvdimm': qemuNvdimm,
  memside,
  'optane-2s': optane2s,
  'optane-2s-mixed': optane2sMixed,
  'cxl-expander': cxlExpander,
  'cxl-plain-ram': cxlPlainRam,
  'cxl-pmem-2x': cxlPmem2x,
  'nfit-test': nfitTest,
  'future-7x': future7x,
  large,
};

/** Whether a string names a preset. */
export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/** Builds a fresh machine from a preset. */
export function buildPreset(name: PresetName): SimState {
  return BUILDERS[name]();
}
