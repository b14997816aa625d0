// Preset machines with a CXL topology the simulator's cxl answers for.
import type { SimCxl, SimCxlDport } from './cxl-state.js';
import { hotAdd } from './kernel.js';
import { bootBlocks, DAXCTL_PACKAGE_FILES, GiB, KERNEL, KiB, meminfo, meminfoOf, MiB, NDCTL_PACKAGE_FILES, node, NVDIMM_MODULES } from './preset-parts.js';
import type { SimDimm, SimState } from './state.js';

const CXL_MODULES = ['cxl_core', 'cxl_acpi', 'cxl_pci', 'cxl_port', 'cxl_mem', 'cxl_pmem'];

/** /proc/iomem of the recorded guest around its CXL window (fixtures/real/qemu-cxl-pmem.json, at boot). */
const IOMEM = {
  head: [
    "00000000-00000fff : Reserved",
    "00001000-0009fbff : System RAM",
    "0009fc00-0009ffff : Reserved",
    "000a0000-000bffff : PCI Bus 0000:00",
    "000c0000-000c05ff : Video ROM",
    "000f0000-000fffff : Reserved",
    "  000f0000-000fffff : System ROM",
    "00100000-7ffdcfff : System RAM",
    "  45000000-45e01d31 : Kernel code",
    "  46000000-468eafff : Kernel rodata",
    "  46a00000-46c4897f : Kernel data",
    "  47310000-483fffff : Kernel bss",
    "7ffdd000-7fffffff : Reserved",
    "80000000-afffffff : PCI Bus 0000:00",
    "b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]",
    "  b0000000-bfffffff : Reserved",
    "    b0000000-bfffffff : pnp 00:04",
    "c0000000-fdffffff : PCI Bus 0000:00",
    "fe000000-fe41ffff : PCI Bus 0000:0c",
    "  fe000000-fe1fffff : PCI Bus 0000:0e",
    "    fe000000-fe00ffff : 0000:0e:00.0",
    "      fe000000-fe00ffff : endpoint2",
    "    fe010000-fe010fff : 0000:0e:00.0",
    "      fe010080-fe010087 : 0000:0e:00.0",
    "      fe010088-fe0108a7 : 0000:0e:00.0",
    "      fe0108a8-fe0108af : 0000:0e:00.0",
    "    fe011000-fe011fff : 0000:0e:00.0",
    "  fe200000-fe3fffff : PCI Bus 0000:0d",
    "    fe200000-fe20ffff : 0000:0d:00.0",
    "      fe200000-fe20ffff : endpoint3",
    "    fe210000-fe210fff : 0000:0d:00.0",
    "      fe210080-fe210087 : 0000:0d:00.0",
    "      fe210088-fe2108a7 : 0000:0d:00.0",
    "      fe2108a8-fe2108af : 0000:0d:00.0",
    "    fe211000-fe211fff : 0000:0d:00.0",
    "  fe400000-fe40ffff : 0000:0c:00.0",
    "  fe410000-fe41ffff : 0000:0c:01.0",
    "fe420000-fe5fffff : PCI Bus 0000:00",
    "  fe420000-fe420fff : 0000:00:02.0",
    "  fe421000-fe421fff : 0000:00:1f.2",
    "fe600000-fe9fffff : PCI Bus 0000:0c",
    "  fe600000-fe7fffff : PCI Bus 0000:0e",
    "  fe800000-fe9fffff : PCI Bus 0000:0d",
    "fec00000-fec003ff : IOAPIC 0",
    "fed00000-fed003ff : HPET 0",
    "  fed00000-fed003ff : PNP0103:00",
    "fed1c000-fed1ffff : Reserved",
    "fee00000-fee00fff : Local APIC",
    "fffc0000-ffffffff : Reserved",
    "580000000-58000ffff : port1",
  ],
  tail: [
    "6c0000000-ebfffffff : PCI Bus 0000:00",
    "  6c0000000-6c0003fff : 0000:00:02.0",
    "    6c0000000-6c0003fff : virtio-pci-modern",
    "fd00000000-ffffffffff : Reserved",
  ],
};

/** The nvdimm cxl_pmem makes of a memdev: a label area and the label commands, nothing of the NFIT. */
function cxlNvdimm(dev: string, serial: number): SimDimm {
  return { dev, kind: 'cxl', id: '', handle: 0, physId: 0, serial: `0x${serial.toString(16)}`, vendor: '', device: '', labelSize: 128 * 1024, labelsInitialized: true, enabled: true, security: null, health: null };
}

/** The machine of fixtures/real/qemu-cxl-pmem.json: QEMU's two 1 GiB CXL type-3 persistent-memory devices behind one host bridge's two
 *  root ports, and a 4 GiB fixed memory window (CFMWS) on node 1. mem0 (serial 2) is behind 0000:0c:01.0 and is nmem1; mem1 (serial 1)
 *  is behind 0000:0c:00.0 and is nmem0: the names follow probe order, not each other. */
export function cxlPmem2x(): SimState {
  const blockSize = 128 * MiB;
  const n0 = node(0, '0-1', [10, 20], 4, 1945644, null);
  n0.bootFreeKb = 1868436;
  const n1 = node(1, '', [20, 10], 22, 0, null);
  const hostBridge: SimCxlDport = { id: 12, name: 'ACPI0016:00', alias: 'pci0000:0c', path: '/sys/devices/pci0000:0c' };
  const rootPorts: SimCxlDport[] = [0, 1].map((id) => ({ id, name: `0000:0c:0${id}.0`, alias: null, path: `/sys/devices/pci0000:0c/0000:0c:0${id}.0` }));
  const memdev = (id: number, serial: number, bus: number, dport: number, endpoint: number, nmem: string) => ({
    id, serial, host: `0000:0${bus.toString(16)}:00.0`, hostPath: `/sys/devices/pci0000:0c/0000:0c:0${dport}.0/0000:0${bus.toString(16)}:00.0`, port: 1, ramSize: 0, pmemSize: GiB,
    numaNode: -1, enabled: true, endpoint, hdmDecoders: 1, nmem, labelSize: 128 * 1024, firmware: 'BWFW VERSION 00',
  });
  const endpointDecoder = (port: number) => ({ port, id: 0, start: 0, size: 0, ways: 1, granularity: 256, targets: [], region: null, caps: null, mode: 'none' as const, dpaResource: null, dpaSize: 0 });
  const cxl: SimCxl = {
    buses: [{ id: 0, provider: 'ACPI.CXL', host: 'ACPI0017:00', dports: [hostBridge] }],
    ports: [{ id: 1, host: 'ACPI0016:00', parent: 0, dports: rootPorts, path: '/sys/devices/platform/ACPI0017:00/root0/port1' }],
    memdevs: [memdev(0, 2, 0x0e, 1, 2, 'nmem1'), memdev(1, 1, 0x0d, 0, 3, 'nmem0')],
    decoders: [
      { port: 0, id: 0, start: 0x590000000, size: 4 * GiB, ways: 1, granularity: 256, targets: [12], region: null, caps: { pmem: true, ram: true, type2: true, type3: true }, mode: null, dpaResource: null, dpaSize: 0 },
      { port: 1, id: 0, start: 0, size: 0, ways: 1, granularity: 256, targets: [0], region: null, caps: null, mode: null, dpaResource: null, dpaSize: 0 },
      endpointDecoder(2),
      endpointDecoder(3),
    ],
    regions: [],
    ndBus: 0,
    windowNodes: { 'decoder0.0': 1 },
    parked: {},
    stranded: [],
    iomem: { head: [...IOMEM.head], tail: [...IOMEM.tail] },
  };
  return {
    version: 1,
    preset: 'cxl-pmem-2x',
    description: 'QEMU, 2 GiB DRAM on node 0 (2 CPUs), two 1 GiB CXL type-3 persistent-memory devices behind one host bridge, a 4 GiB CXL window on node 1',
    kernel: { ...KERNEL, cmdline: 'console=ttyS0 panic=-1 loglevel=6 pmemvm.mode=scenario ' },
    tools: { ndctl: '76.1', daxctl: '76.1', cxl: '76.1' },
    modules: [...CXL_MODULES, ...NVDIMM_MODULES],
    memory: { blockSize, autoOnline: 'offline', onlinePolicy: 'contig-zones', memmapOnMemory: false, blocks: bootBlocks([[0, 2 * GiB, 0]], blockSize) },
    nodes: [n0, n1],
    // ndctl lists the bus's nvdimms newest first: nmem1, then nmem0.
    buses: [{ id: 0, provider: 'CXL', parent: '/sys/devices/platform/ACPI0017:00/root0/nvdimm-bridge0', dimms: [cxlNvdimm('nmem0', 1), cxlNvdimm('nmem1', 2)], regions: [] }],
    hmem: [],
    meminfoKb: meminfo(1945644, 1868436),
    demotionEnabled: false,
    numaBalancing: 0,
    files: { ...DAXCTL_PACKAGE_FILES, ...NDCTL_PACKAGE_FILES },
    faults: [],
    cxl,
  };
}

/** A kernel of late 2026 (7.1) with what the ABI documents of 2025-2026 describe: daxX.Y/state and daxX.Y/memmap_on_memory
 *  (Documentation/ABI/testing/sysfs-bus-dax), weighted interleave in auto mode (sysfs-kernel-mm-mempolicy-weighted-interleave), three
 *  memory tiers with demotion on (sysfs-kernel-mm-memory-tiers), and a build whose default online type is movable
 *  (CONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE). One socket with 128 GiB DRAM; two CXL memory expanders of 64 GiB each, on CPU-less
 *  nodes 1 and 2: dax0.0 is system RAM online in ZONE_MOVABLE, dax1.0 is system RAM unplugged (no memory blocks). */
export function future7x(): SimState {
  const blockSize = 2 * GiB;
  const dram = 128 * GiB;
  const release = '7.1.0-1-amd64';
  const access = (lat: number, bw: number) => ({ readLatency: lat, writeLatency: lat, readBandwidth: bw, writeBandwidth: bw, initiators: [0] });
  const nodes = [
    node(0, '0-31', [10, 20, 20], 4, dram / KiB - 1048576, access(90, 256000)),
    node(1, '', [20, 10, 22], 6, 0, access(210, 64000)),
    node(2, '', [20, 22, 10], 7, 0, access(280, 32000)),
  ];
  const cxl = (id: number, start: number, targetNode: number) => ({
    id, path: `/sys/devices/platform/ACPI0017:00/root0/decoder0.${id}/region${id}/dax_region${id}`, align: 2 * MiB,
    device: { name: `dax${id}.0`, start, size: 64 * GiB, align: 2 * MiB, targetNode, numaNode: 0, mode: 'system-ram' as const, enabled: true, memmapOnMemory: true },
  });
  const s: SimState = {
    version: 1,
    preset: 'future-7x',
    description: 'A kernel of late 2026 (7.1): 128 GiB DRAM and two 64 GiB CXL expanders on CPU-less nodes 1 and 2 (dax0.0 online movable, dax1.0 unplugged), dax state files, weighted interleave, three tiers',
    kernel: { release, version: '#1 SMP PREEMPT_DYNAMIC Debian 7.1.3-1 (2026-10-20)', cmdline: `BOOT_IMAGE=/boot/vmlinuz-${release} root=/dev/nvme0n1p2 ro quiet memory_hotplug.memmap_on_memory=1`, daxState: true, memmapPerDevice: true },
    tools: { ndctl: '76.1', daxctl: '76.1', cxl: null },
    modules: ['device_dax', 'kmem', 'dax_hmem', 'cxl_acpi', 'cxl_pci', 'cxl_mem', 'cxl_port'],
    memory: { blockSize, autoOnline: 'online_movable', onlinePolicy: 'contig-zones', memmapOnMemory: true, blocks: bootBlocks([[0, dram, 0]], blockSize) },
    nodes,
    buses: [],
    hmem: [cxl(0, 0x2080000000, 1), cxl(1, 0x3080000000, 2)],
    meminfoKb: [],
    demotionEnabled: true,
    numaBalancing: 2,
    mempolicy: { auto: true, weights: {} },
    files: {
      ...DAXCTL_PACKAGE_FILES, ...NDCTL_PACKAGE_FILES,
      [`/boot/config-${release}`]: '# CONFIG_MHP_DEFAULT_ONLINE_TYPE_OFFLINE is not set\n# CONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_AUTO is not set\n# CONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_KERNEL is not set\nCONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE=y\nCONFIG_MHP_MEMMAP_ON_MEMORY=y\n',
    },
    faults: [],
  };
  s.meminfoKb = meminfoOf(nodes);
  // kmem took both at boot with the movable default; then dax1.0 was unplugged (echo unplugged > /sys/bus/dax/devices/dax1.0/state).
  hotAdd(s, s.hmem[0]!.device);
  s.hmem[0]!.device.hotplugState = 'online_movable';
  s.hmem[1]!.device.hotplugState = 'unplugged';
  return s;
}

/** The CXL side of a one-device expander: memdev mem0 with 128 GiB of RAM behind one host bridge's root port, in a ram-only window, its
 *  ram region0 committed at boot by the firmware (its dax device is the preset's dax0.0). */
export function expanderCxl(start: number, size: number): SimCxl {
  const hostBridge: SimCxlDport = { id: 7, name: 'ACPI0016:00', alias: 'pci0000:35', path: '/sys/devices/pci0000:35' };
  const rootPort: SimCxlDport = { id: 0, name: '0000:35:00.0', alias: null, path: '/sys/devices/pci0000:35/0000:35:00.0' };
  const region = { start, size, ways: 1, granularity: 256, region: 'region0' };
  return {
    buses: [{ id: 0, provider: 'ACPI.CXL', host: 'ACPI0017:00', dports: [hostBridge] }],
    ports: [{ id: 1, host: 'ACPI0016:00', parent: 0, dports: [rootPort], path: '/sys/devices/platform/ACPI0017:00/root0/port1' }],
    memdevs: [{
      id: 0, serial: 0x1f2e3d4c, host: '0000:36:00.0', hostPath: '/sys/devices/pci0000:35/0000:35:00.0/0000:36:00.0', port: 1, ramSize: size, pmemSize: 0,
      numaNode: 0, enabled: true, endpoint: 2, hdmDecoders: 1, nmem: null, labelSize: 0, firmware: '2.1.7',
    }],
    decoders: [
      { port: 0, id: 0, start, size, ways: 1, granularity: 256, targets: [7], region: null, caps: { pmem: false, ram: true, type2: false, type3: true }, mode: null, dpaResource: null, dpaSize: 0 },
      { port: 1, id: 0, ...region, targets: [0], caps: null, mode: null, dpaResource: null, dpaSize: 0 },
      { port: 2, id: 0, ...region, targets: [], caps: null, mode: 'ram', dpaResource: 0, dpaSize: size },
    ],
    regions: [{ id: 0, decoder: 'decoder0.0', type: 'ram', start, size, ways: 1, granularity: 256, uuid: '', targets: ['decoder2.0'], committed: true, enabled: true }],
    ndBus: null,
    windowNodes: { 'decoder0.0': 1 },
    parked: {},
    stranded: [],
    iomem: { head: ['00000000-00000fff : Reserved', '00001000-0009ffff : System RAM', '00100000-7fffffff : System RAM', '80000000-fdffffff : PCI Bus 0000:00', `100000000-${(64 * GiB - 1).toString(16)} : System RAM`], tail: [] },
  };
}
