// The kernel's own NVDIMM test devices (tools/testing/nvdimm, nfit_test.ko), as fixtures/real/qemu-nfit-test.json recorded them: the
// bed ndctl's own test suite runs on. Bus nfit_test.0: four Intel-family DIMMs with SMART health, thresholds, security and firmware
// update, in a 2-way and a 4-way interleaved region; bus nfit_test.1: two DIMMs with NFIT error flags and no SMART, a read-only region
// and a volatile one the test module maps at a kernel virtual address above 2^53.
import { DAXCTL_PACKAGE_FILES, GiB, KERNEL, KiB, meminfo, MiB, NDCTL_PACKAGE_FILES, node, NVDIMM_MODULES, bootBlocks } from './preset-parts.js';
import { ioNamespace } from './preset-optane.js';
import type { SimDimm, SimRegion, SimState } from './state.js';

/** nfit_test's DIMM: its id is the vendor, location and serial (cdab-0a-07e0-SERIAL), its serial ~handle-derived. */
function testDimm(dev: string, handle: number, physId: number, serial: number, smart: boolean): SimDimm {
  const hex = serial.toString(16).padStart(8, '0');
  return {
    dev, id: `cdab-0a-07e0-${hex}`, handle, physId, serial: `0x${hex}`, vendor: '0xcdab', device: '0x0000',
    labelSize: 128 * KiB, labelsInitialized: false, enabled: true,
    security: smart ? 'disabled' : null, frozen: false, passphrases: smart ? { user: false, master: false } : undefined,
    // nfit_test's smart_data defaults (tools/testing/nvdimm/test/nfit.c smart_init): 23 C media, 25 C controller, 75% spares, 5% used,
    // 42 dirty shutdowns; thresholds 40 C media (alarm on), 30 C controller (alarm off), 5% spares (alarm on); the media and spares alarm
    // flags are set whatever the values (smart_def.alarm_flags), health non-critical.
    health: smart ? { state: 'non-critical', temperature: 23, controllerTemperature: 25, spares: 75, lifeUsed: 5, shutdownState: 'clean', shutdownCount: 42, alarms: { temperature: true, controllerTemperature: false, spares: true },
      thresholds: { temperature: 40, controllerTemperature: 30, spares: 5, enabled: { temperature: true, controllerTemperature: false, spares: true } } } : null,
    // nfit_test's firmware runs version 0 whatever is activated; an update always stages 0xffffffffabcd (INTEL_FW_FAKE_VERSION).
    firmware: smart ? { current: 0, next: null, canUpdate: true, update: 0xffffffffabcd, runVersionFixed: true } : undefined,
    dsm: smart
      ? { family: 0, mask: 0x7ffff476, commands: ['smart', 'smart_thresh', 'get_size', 'get_data', 'set_data', 'cmd_call'] }
      : { family: 0, mask: 0x470, commands: ['get_size', 'get_data', 'set_data', 'cmd_call'] },
  };
}

/** A region; its cookies as the recording shows them: set_cookie before labels, and the v1.1 one the labels init-labels writes carry. */
function region(id: number, start: number, size: number, mappings: SimRegion['mappings'], setCookie: string, labelCookie: string, extra: Partial<SimRegion> = {}): SimRegion {
  return {
    id, start, size, align: 16 * MiB, numaNode: 0, targetNode: -1, persistenceDomain: 'memory_controller', enabled: true, pagemap: false,
    mappings, setCookie, labelCookie, badblocks: [], namespaces: [ioNamespace(size)], seeds: { namespace: 0, btt: 0, pfn: 0, dax: 0 }, ...extra,
  };
}

/** The machine of fixtures/real/qemu-nfit-test.json once `modprobe nfit_test` has run. */
export function nfitTest(): SimState {
  const blockSize = 128 * MiB;
  const n0 = node(0, '0-1', [10], 4, 2017400, null);
  const [nmem0, nmem1, nmem2, nmem3] = [testDimm('nmem0', 0x0, 0, 0xffffffff, true), testDimm('nmem1', 0x1, 1, 0xfeffffff, true), testDimm('nmem2', 0x100, 2, 0xfffeffff, true), testDimm('nmem3', 0x101, 3, 0xfefeffff, true)];
  // In the order the kernel's sysfs lists them (kernfs orders a directory by a hash of the names), which libndctl reverses.
  const bus0 = [nmem2!, nmem0!, nmem3!, nmem1!];
  const bus1 = [{ ...testDimm('nmem4', 0x10000, 0, 0xfffffeff, false), nfitFlags: ['save_fail', 'restore_fail', 'flush_fail', 'not_armed', 'smart_event'] }, { ...testDimm('nmem5', 0x10001, 0, 0xfefffeff, false), nfitFlags: ['map_fail'] }];
  for (const d of [nmem0!, nmem1!, nmem2!, nmem3!]) d.nfitFlags = ['smart_notify'];
  const per = 16 * MiB;
  return {
    version: 1,
    preset: 'nfit-test',
    description: 'The kernel\'s own NVDIMM test devices (nfit_test): bus nfit_test.0 with 4 DIMMs with SMART health, security and firmware update in a 32 MiB 2-way and a 64 MiB 4-way region; bus nfit_test.1 with 2 DIMMs with error flags, a read-only region and a volatile one mapped above 2^53',
    kernel: { ...KERNEL, release: '6.1.0-57-amd64', cmdline: 'console=ttyS0 panic=-1 loglevel=6 pmemvm.mode=scenario ' },
    tools: { ndctl: '76.1', daxctl: '76.1' },
    modules: [...NVDIMM_MODULES, 'nfit', 'nfit_test', 'nfit_test_iomap'],
    memory: { blockSize, autoOnline: 'offline', onlinePolicy: 'contig-zones', memmapOnMemory: false, blocks: bootBlocks([[0, 2 * GiB, 0]], blockSize) },
    nodes: [n0],
    buses: [
      {
        id: 0, provider: 'nfit_test.0', parent: '/sys/devices/platform/nfit_test.0', dimms: bus0, nfit: { dsmMask: 0x3a0, hwErrorScrub: 0, revision: 0, translateSpa: 'last-mapping' },
        firmwareActivate: { method: 'suspend', state: 'idle' },
        scrub: { count: 1, until: null, durationMs: 1000 },
        regions: [
          region(0, 0x100000000, 2 * per, [{ dimm: 'nmem0', offset: 0, length: per, position: 0 }, { dimm: 'nmem1', offset: 0, length: per, position: 1 }], '0x40e62f0cc00f58ac', '0x3fe000000fe'),
          region(1, 0x108000000, 4 * per, [nmem0!, nmem1!, nmem2!, nmem3!].map((d, i) => ({ dimm: d.dev, offset: per, length: per, position: i })), '0xa76c6907811fae57', '0xc0ffadb0100fefb'),
        ],
      },
      {
        id: 1, provider: 'nfit_test.1', parent: '/sys/devices/platform/nfit_test.1', dimms: bus1, nfit: { dsmMask: 0, hwErrorScrub: 0, revision: 0 },
        scrub: { count: 1, until: null, durationMs: 1000 },
        regions: [
          region(2, 0x140000000, 2 * per, [{ dimm: 'nmem4', offset: 0, length: 2 * per, position: 0 }], '0xe03b0a7be006abd6', '0xe03b0a7be006abd6', { persistenceDomain: 'unknown' }),
          // nfit_test.1's volatile range is vmalloc'ed: its "physical" address is a kernel virtual one, above 2^53 (this boot's).
          region(3, 0xff817aa0d47d6000, 4 * MiB, [], '0x0', '0x0', { persistenceDomain: 'unknown', align: 4 * KiB }),
        ],
      },
    ],
    hmem: [],
    meminfoKb: meminfo(2017400, 1960512),
    demotionEnabled: false,
    numaBalancing: 0,
    // nfit_test is an out-of-tree (O) module the kernel logs as unsigned (E): taint 4096 + 8192.
    files: { ...DAXCTL_PACKAGE_FILES, ...NDCTL_PACKAGE_FILES, '/proc/sys/kernel/tainted': '12288\n' },
    faults: [],
  };
}
