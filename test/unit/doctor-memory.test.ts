// "Why is my memory plain RAM, or where is my dax device?": /proc/iomem and the command line, read as the real kernel prints them.
import { describe, expect, it } from 'vitest';
import { parseIomem, plainRamFindings } from '../../electron/system/doctor-memory.js';
import { doctor } from '../../electron/system/doctor.js';
import { parseCxlList } from '../../electron/system/parse/cxljson.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { loadSteps } from '../fidelity/replay.js';

const cxlSteps = loadSteps(new URL('../fixtures/real/qemu-cxl-pmem.json', import.meta.url).pathname);

describe('/proc/iomem', () => {
  it('the real CXL machine\'s: the window, nested entries with their depth', () => {
    const iomem = parseIomem(cxlSteps[82]!.stdout);
    expect(iomem.find((e) => e.name === 'CXL Window 0')).toEqual({ start: 0x590000000, end: 0x68fffffff, name: 'CXL Window 0', depth: 0 });
    expect(iomem.find((e) => e.name === 'endpoint2')).toEqual({ start: 0xfe000000, end: 0xfe00ffff, name: 'endpoint2', depth: 3 });
  });

  it('as a user who is not root reads it (all zeros): names, and no addresses', () => {
    expect(parseIomem('00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n  00000000-00000000 : Kernel code\n')).toEqual([
      { start: null, end: null, name: 'Reserved', depth: 0 }, { start: null, end: null, name: 'System RAM', depth: 0 }, { start: null, end: null, name: 'Kernel code', depth: 1 },
    ]);
  });
});

describe('plain-RAM findings', () => {
  it('cxl-plain-ram: efi=nosoftreserve, and the CXL window that is System RAM', async () => {
    const host = new SimHost({ preset: 'cxl-plain-ram' });
    const found = (await doctor(host, await snapshot(host))).filter((f) => f.severity !== 'ok' && f.severity !== 'info');
    expect(found.map((f) => [f.id, f.title])).toEqual([
      ['efi-nosoftreserve', 'Soft-reserved memory was made plain RAM at boot (efi=nosoftreserve)'],
      ['cxl-window-ram-CXL Window 0', 'CXL Window 0 is already plain System RAM'],
    ]);
    expect(found[1]!.detail).toMatch(/^CXL Window 0 \(0x1080000000-0x307fffffff, 128 GiB\) holds System RAM/);
  });

  it('seed-qemu: memmap= explains its label-less region, as a check passed', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    const f = (await doctor(host, await snapshot(host))).find((x) => x.id.startsWith('memmap-'))!;
    expect([f.severity, f.title]).toEqual(['ok', 'memmap=512M!0x80000000 reserves a legacy pmem range']);
    expect(f.detail).toMatch(/label-less region region0/);
  });

  it('a soft-reserved range: fine where a dax device has it, a warning where none does', async () => {
    const t = await snapshot(new SimHost({ preset: 'cxl-expander' }));
    const dax = t.daxDevices[0]!.ranges[0]!;
    const line = (start: number, end: number) => parseIomem(`${start.toString(16)}-${end.toString(16)} : Soft Reserved\n`);
    expect(plainRamFindings(t, '', line(dax.start, dax.end)).map((f) => [f.severity, f.title])).toEqual([['ok', `Soft-reserved memory (0x${dax.start.toString(16)}-0x${dax.end.toString(16)}, 128 GiB) is dax device dax0.0`]]);
    const elsewhere = plainRamFindings(t, '', line(0x8000000000, 0x80ffffffff));
    expect(elsewhere.map((f) => [f.severity, f.title])).toEqual([['warning', 'Soft-reserved memory (0x8000000000-0x80ffffffff, 4 GiB) has no dax device']]);
    expect(elsewhere[0]!.detail).toMatch(/modprobe dax_hmem/);
  });

  it('CXL memdevs that no region maps, with the command and the plan that make one; a pmem region with no nd region', async () => {
    const sim = new SimHost({ preset: 'cxl-pmem-2x' });
    const found = plainRamFindings(await snapshot(sim), '', []);
    expect(found.map((f) => f.title)).toEqual(['mem0 is in no CXL region', 'mem1 is in no CXL region']);
    expect(found[0]!.detail).toMatch(/mem0 \(serial 2\) has 1 GiB of persistent memory that nothing maps: create a region \(cxl create-region -m -t pmem -d decoder0\.0 -w 1 mem0\)/);
    expect(found[0]!.fix).toEqual({ action: 'cxl.region-create', params: { decoder: 'decoder0.0', memdevs: 'mem0', type: 'pmem' } });
    // After the transcript's create-region, mem0 is mapped and mem1 is not.
    expect((await sim.exec(['cxl', 'create-region', '-m', '-t', 'pmem', '-d', 'decoder0.0', '-w', '1', 'mem0'])).exitCode).toBe(0);
    const t = await snapshot(sim);
    expect(plainRamFindings(t, '', []).map((f) => f.title)).toEqual(['mem1 is in no CXL region']);
    // Without its nd region (cxl_pmem not loaded), the region is said to hold nothing a namespace can go on.
    expect(plainRamFindings({ ...t, regions: [] }, '', []).map((f) => f.title)).toEqual(['mem1 is in no CXL region', 'CXL region region0 has no nd region']);
  });

  it('a dax device dax_hmem made inside a CXL window is dax_hmem\'s, not a CXL region\'s', async () => {
    const t = await snapshot(new SimHost({ preset: 'cxl-expander' }));
    const window = { ...parseCxlList(cxlSteps[46]!.stdout).decoders.find((d) => d.kind === 'root')!, resource: 0x1080000000, size: 128 * 2 ** 30 };
    const hmem = { ...t, daxRegions: t.daxRegions.map((r) => ({ ...r, path: '/sys/devices/platform/hmem.0/dax_region0' })), cxl: { buses: [], ports: [], memdevs: [], decoders: [window], regions: [] } };
    const found = plainRamFindings(hmem, '', []).filter((f) => f.id.startsWith('hmem-in-cxl'));
    expect(found.map((f) => f.title)).toEqual(["dax0.0 is dax_hmem's, not a CXL region's"]);
    // Made by a CXL region (the preset's own path), it is not.
    expect(plainRamFindings({ ...hmem, daxRegions: t.daxRegions }, '', []).filter((f) => f.id.startsWith('hmem-in-cxl'))).toEqual([]);
  });
});
