// The wizard's words for what it made and what memory is: the internal id of a CXL source is never said, a brand-new region or
// namespace loses no data, and memory with no DIMMs is named for what it is (a memmap= range, CXL, firmware-reserved).
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../electron/host/sim/index.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { viewTopology } from '../../shared/api/index.js';
import { memoryKind, preparedWords, ramSources, sourceTargetNode, tieringOffer } from '../../renderer/src/lib/wizard.js';

const view = async (preset: string) => viewTopology(await snapshot(new SimHost({ preset })));

describe('the wizard\'s words', () => {
  it('says what a prepare step made: data gone only where a namespace was converted; a CXL region by its memory devices', async () => {
    const cxl = ramSources(await view('cxl-pmem-2x'), {}).find((s) => s.prepare?.action === 'cxl.region-create')!;
    const made = preparedWords(cxl, 'dax1.0');
    expect(made).toBe('a new CXL region of mem0, mem1 (in decoder0.0) holds the devdax device dax1.0, which is not system RAM yet');
    expect(made).not.toMatch(/cxl:|old data/);
    const ns = ramSources(await view('qemu-nvdimm'), {}).find((s) => s.prepare?.action === 'namespace.reconfigure')!;
    expect(preparedWords(ns, 'dax0.0')).toMatch(/^namespace0\.0 was made into the devdax device dax0\.0, which is not system RAM yet: its old data is gone either way$/);
  });

  it('names memory without DIMMs for what it is', async () => {
    expect(memoryKind(await view('seed-qemu'), 'namespace0.0')).toMatch(/^a memmap= range/);
    expect(memoryKind(await view('cxl-expander'), 'dax0.0')).toBe('CXL memory');
  });

  it('says the target node for every kind of source, and for a CXL region not made yet that the window decides it', async () => {
    const optane = await view('optane-2s');
    const sources = ramSources(optane, {});
    const region = sources.find((s) => s.prepare?.action === 'namespace.create')!;
    expect(sourceTargetNode(optane, region, null)).toEqual({ node: 2, text: 'node 2 (memory only, no CPUs)' });
    const nvdimm = await view('qemu-nvdimm');
    expect(sourceTargetNode(nvdimm, ramSources(nvdimm, {}).find((s) => s.prepare?.action === 'namespace.reconfigure')!, null).node).toBe(1);
    const cxl = await view('cxl-pmem-2x');
    expect(sourceTargetNode(cxl, ramSources(cxl, {}).find((s) => s.prepare?.action === 'cxl.region-create')!, null)).toMatchObject({ node: null, text: expect.stringMatching(/^the node of CXL window decoder0\.0's memory, which the firmware sets/) });
  });

  it('offers tiering only where something would change, and keeps normal balancing where it was on', async () => {
    const optane = await view('optane-2s');
    expect(optane.numaBalancing).toBe(1);
    expect(tieringOffer(optane)).toEqual({ done: false, params: { demotion: 'yes', balancing: 'both' }, words: "demotion and NUMA balancing's tiering mode (numa_balancing 3, keeping the normal mode)" });
    expect(tieringOffer({ ...optane, demotionEnabled: true, numaBalancing: 2 })).toMatchObject({ done: true, params: {} });
    expect(tieringOffer({ ...optane, demotionEnabled: false, numaBalancing: 0 }).params).toEqual({ demotion: 'yes', balancing: 'tiering' });
  });
});
