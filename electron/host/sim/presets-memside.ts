// Memory behind a memory-side cache, as Optane's Memory Mode looks to Linux: plain RAM on a node whose HMAT cache entry
// (nodeX/memory_side_cache/indexY) says what caches it. The recorded QEMU guest, and a two-socket Optane server in mixed mode.
import { labelledRegion, ioNamespace, optaneDimm, optaneServer } from './preset-optane.js';
import { bootBlocks, DAXCTL_PACKAGE_FILES, GiB, KERNEL, KiB, meminfo, MiB, NDCTL_PACKAGE_FILES, node, NVDIMM_MODULES } from './preset-parts.js';
import type { SimAccess, SimDimm, SimSideCache, SimState } from './state.js';

/** A direct-mapped write-back cache of 64-byte lines, level 1 (include/linux/node.h: indexing 0, write policy 0), as QEMU's and Optane
 *  Memory Mode's DRAM cache are described. */
const dramCache = (size: number): SimSideCache => ({ level: 1, size, lineSize: 64, indexing: 0, writePolicy: 0 });

/** The machine of fixtures/real/qemu-memside.json: 2 GiB DRAM and 2 CPUs on node 0; node 1, 2 GiB of CPU-less RAM behind a 256 MiB
 *  memory-side cache; node 2, a 2 GiB NVDIMM with a label area (App Direct). */
export function memside(): SimState {
  const blockSize = 128 * MiB;
  const n0 = node(0, '0-1', [10, 21, 28], 4, 2017400, { readLatency: 10, writeLatency: 10, readBandwidth: 10240, writeBandwidth: 10240, initiators: [0] });
  n0.bootFreeKb = 1960512;
  const n1 = node(1, '', [21, 10, 28], 4, 1995512, { readLatency: 40, writeLatency: 40, readBandwidth: 4096, writeBandwidth: 4096, initiators: [0] });
  n1.bootFreeKb = 1972116;
  n1.memorySideCache = [dramCache(256 * MiB)];
  const n2 = node(2, '', [28, 28, 10], 22, 0, { readLatency: 50, writeLatency: 50, readBandwidth: 4096, writeBandwidth: 4096, initiators: [0] });
  const regionSize = 2145386496;
  const dimm: SimDimm = { dev: 'nmem0', id: '8680-56341200', handle: 1, physId: 0, serial: '0x56341200', vendor: '0x8680', device: '0x0100', labelSize: 128 * KiB, labelsInitialized: false, enabled: true, security: null, health: null,
    dsm: { family: 0, mask: 0x70, commands: ['get_size', 'get_data', 'set_data', 'cmd_call'] } };
  return {
    version: 1,
    preset: 'memside',
    description: 'QEMU, 2 GiB DRAM on node 0 (2 CPUs); node 1: 2 GiB of CPU-less RAM behind a 256 MiB direct-mapped write-back memory-side cache (how Memory Mode looks to Linux); node 2: a 2 GiB labelled NVDIMM (App Direct); HMAT',
    kernel: { ...KERNEL, release: '6.1.0-57-amd64', cmdline: 'console=ttyS0 panic=-1 loglevel=6 pmemvm.mode=scenario ' },
    tools: { ndctl: '76.1', daxctl: '76.1' },
    modules: [...NVDIMM_MODULES, 'nfit', 'dax_hmem'],
    memory: { blockSize, autoOnline: 'offline', onlinePolicy: 'contig-zones', memmapOnMemory: false, blocks: bootBlocks([[0, 2 * GiB, 0], [2 * GiB, 3 * GiB, 1], [4 * GiB, 5 * GiB, 1]], blockSize) },
    nodes: [n0, n1, n2],
    buses: [{
      id: 0, provider: 'ACPI.NFIT', parent: '/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00', dimms: [dimm], nfit: { dsmMask: 0, hwErrorScrub: 0 },
      regions: [{
        id: 0, start: 5 * GiB, size: regionSize, align: 16 * MiB, numaNode: 0, targetNode: 2, persistenceDomain: 'unknown', enabled: true, pagemap: false,
        mappings: [{ dimm: 'nmem0', offset: 0, length: regionSize, position: 0 }], setCookie: '0xba90120012b4dc', labelCookie: '0x2468ac00123456',
        badblocks: [], namespaces: [ioNamespace(regionSize)], seeds: { namespace: 0, btt: 0, pfn: 0, dax: 0 },
      }],
    }],
    hmem: [],
    meminfoKb: meminfo(4012912, 3936372),
    demotionEnabled: false,
    numaBalancing: 0,
    files: { ...DAXCTL_PACKAGE_FILES, ...NDCTL_PACKAGE_FILES },
    faults: [],
  };
}

/** The simulator's extrapolation of a two-socket Optane server in mixed mode: on each socket half of the six 128 GiB DIMMs' capacity
 *  is Memory Mode (384 GiB of RAM on the socket's node, behind its 192 GiB of DRAM as a direct-mapped write-back memory-side cache: the
 *  DRAM itself is not in MemTotal), and the other half App Direct (a 384 GiB interleaved region, target node 2 or 3). */
export function optane2sMixed(): SimState {
  const dram = 192 * GiB;
  const perDimm = 128 * GiB;
  const memoryMode = 3 * perDimm;
  const appDirect = 6 * perDimm - memoryMode;
  // HMAT: Memory Mode is read near DRAM's speed while the cache hits; the App Direct targets are PMem's own.
  const mmAccess = (n: number): SimAccess => ({ readLatency: 95, writeLatency: 95, readBandwidth: 90000, writeBandwidth: 60000, initiators: [n] });
  const pmemAccess = (n: number): SimAccess => ({ readLatency: 305, writeLatency: 90, readBandwidth: 39000, writeBandwidth: 13000, initiators: [n] });
  const nodes = [
    node(0, '0-23,48-71', [10, 21, 17, 28], 4, memoryMode / KiB - 1843200, mmAccess(0)),
    node(1, '24-47,72-95', [21, 10, 28, 17], 4, memoryMode / KiB - 524288, mmAccess(1)),
    node(2, '', [17, 28, 10, 28], 22, 0, pmemAccess(0)),
    node(3, '', [28, 17, 28, 10], 22, 0, pmemAccess(1)),
  ];
  nodes[0]!.memorySideCache = [dramCache(dram)];
  nodes[1]!.memorySideCache = [dramCache(dram)];
  const dimms0 = [0, 1, 2, 3, 4, 5].map((i) => optaneDimm(0, i));
  const dimms1 = [0, 1, 2, 3, 4, 5].map((i) => optaneDimm(1, i));
  const base = 2 * memoryMode + 0x1000000000;
  const r0 = labelledRegion(0, base, appDirect, 0, 2, dimms0, appDirect / 6);
  const r1 = labelledRegion(1, base + appDirect, appDirect, 1, 3, dimms1, appDirect / 6);
  // The App Direct part of each DIMM follows its Memory Mode part.
  for (const r of [r0, r1]) for (const m of r.mappings) m.offset = memoryMode / 6;
  return optaneServer('optane-2s-mixed', 'Two-socket Optane PMem server in mixed mode: per socket 384 GiB of Memory Mode (RAM on node 0 or 1 behind 192 GiB of DRAM as a memory-side cache) and a 384 GiB App Direct region (target node 2 or 3)',
    nodes, [[0, memoryMode, 0], [memoryMode, 2 * memoryMode, 1]], [...dimms0, ...dimms1], [r0, r1]);
}
