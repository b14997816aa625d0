// The view shape: memory blocks as runs, device blocks as ranges, and capacity by use, on every preset.
import { describe, expect, it } from 'vitest';
import { blockRuns, capacityByUse, indexRanges, PMEM_USES, systemRamSplit, unalignedBytes, USES, viewTopology } from '../../shared/api/index.js';
import { doctor } from '../../electron/system/doctor.js';
import { blockZone } from '../../shared/model/index.js';
import { PRESET_NAMES, SimHost } from '../../electron/host/sim/index.js';
import { snapshot } from '../../electron/system/snapshot.js';

describe('view shape', () => {
  it('turns block indices into ranges', () => {
    expect(indexRanges([5, 3, 4, 9, 10, 12])).toEqual([[3, 5], [9, 10], [12, 12]]);
    expect(indexRanges([])).toEqual([]);
  });

  it('groups blocks into runs that expand back to the same blocks', async () => {
    for (const preset of PRESET_NAMES) {
      const t = await snapshot(new SimHost({ preset }));
      const runs = blockRuns(t.memory.blocks);
      const expanded = runs.flatMap((r) => Array.from({ length: r.count }, (_, i) => ({ index: r.first + i, state: r.state, node: r.node, daxDevice: r.daxDevice, zone: r.zone })));
      expect(expanded, preset).toEqual(t.memory.blocks.map((b) => ({ index: b.index, state: b.state, node: b.node, daxDevice: b.daxDevice, zone: b.state === 'online' ? blockZone(b.validZones, b.start) : b.validZones[0] ?? 'none' })));
      if (preset === 'large') expect(runs.length).toBeLessThan(100);
    }
  });

  it('splits capacity by use so that DRAM plus online system RAM is MemTotal of each node', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    await host.exec(['ndctl', 'create-namespace', '-fe', 'namespace0.0', '-m', 'devdax']);
    await host.exec(['daxctl', 'reconfigure-device', '--mode=system-ram', 'dax0.0']);
    const t = viewTopology(await snapshot(host));
    const cap = capacityByUse(t);
    expect(cap.total.ramOnline).toBe(3 * 128 * 2 ** 20);
    for (const n of t.nodes) expect(cap.byNode.get(n.id)!.dram + cap.byNode.get(n.id)!.ramOnline).toBe(n.memTotal);
    const cxl = capacityByUse(viewTopology(await snapshot(new SimHost({ preset: 'cxl-expander' }))));
    expect(cxl.total.cxl).toBe(128 * 2 ** 30);
    expect(cxl.total.ramOffline).toBe(0);
    const optane = capacityByUse(viewTopology(await snapshot(new SimHost({ preset: 'optane-2s' }))));
    expect(USES.every((u) => optane.total[u] >= 0)).toBe(true);
    expect(optane.total.storage + optane.total.devdax + optane.total.free).toBeGreaterThan(0);
  });

  it('accounts for every byte of the PMem media, each on the node it is memory of (its target node), page maps included', async () => {
    const GiB = 2 ** 30;
    const host = new SimHost({ preset: 'optane-2s' });
    const t = viewTopology(await snapshot(host));
    const cap = capacityByUse(t, await doctor(host, await snapshot(host)));
    expect(cap.pmemMedia).toBe(1536 * GiB);
    expect(PMEM_USES.reduce((s, u) => s + cap.total[u], 0)).toBe(cap.pmemMedia);
    // The two namespaces (256 and 768 GiB on the media) are their data (252 GiB devdax, 756 GiB fsdax) and their page maps; 512 GiB is free.
    const ns = (dev: string) => t.namespaces.find((n) => n.dev === dev)!;
    expect(ns('namespace0.0').extent!.size + ns('namespace1.0').extent!.size).toBe(1024 * GiB);
    expect(cap.total.devdax).toBe(ns('namespace0.0').size);
    expect(cap.total.storage).toBe(ns('namespace1.0').size);
    expect(cap.total.pageMaps).toBe(1024 * GiB - ns('namespace0.0').size - ns('namespace1.0').size);
    expect(Math.round(cap.total.pageMaps / GiB)).toBe(16);
    expect(cap.total.free).toBe(512 * GiB);
    // region0's DIMMs sit on node 0; its memory would be node 2: the devdax device and the free space are node 2's, as the wizard says.
    expect([cap.byNode.get(2)!.devdax, cap.byNode.get(2)!.free, cap.byNode.get(2)!.pageMaps]).toEqual([ns('namespace0.0').size, 512 * GiB, 256 * GiB - ns('namespace0.0').size]);
    expect([cap.byNode.get(0)!.devdax, cap.byNode.get(0)!.free, cap.byNode.get(0)!.storage]).toEqual([0, 0, 0]);
    expect(cap.byNode.get(3)!.storage).toBe(ns('namespace1.0').size);
  });

  it('counts System RAM in a CXL window as CXL memory, not DRAM (cxl-plain-ram: the doctor\'s 128 GiB)', async () => {
    const host = new SimHost({ preset: 'cxl-plain-ram' });
    const read = await snapshot(host);
    const t = viewTopology(read);
    const cap = capacityByUse(t, await doctor(host, read));
    expect(cap.total.cxl).toBe(128 * 2 ** 30);
    expect(cap.byNode.get(1)!.dram).toBe(0);
    expect(cap.byNode.get(1)!.cxl).toBe(128 * 2 ** 30);
    for (const n of t.nodes) expect(cap.byNode.get(n.id)!.dram + cap.byNode.get(n.id)!.cxl).toBe(n.memTotal);
  });

  it('has one definition of "lost to block alignment": the device outside its whole blocks, whatever its mode or state', async () => {
    const future = await snapshot(new SimHost({ preset: 'future-7x' }));
    const unplugged = future.daxDevices.find((d) => d.dev === 'dax1.0')!;
    expect(unplugged).toMatchObject({ mode: 'system-ram', totalMemblocks: 0, hotplugState: 'unplugged' });
    expect(unalignedBytes(unplugged, future.memory.blockSize)).toBe(0);
    expect(systemRamSplit(unplugged, future.memory.blockSize)).toEqual({ online: 0, pageMaps: 0, offline: 64 * 2 ** 30, unaligned: 0 });
    // dax0.0 keeps each 2 GiB block's own 32 MiB memmap: 64 GiB less 32 x 32 MiB is what MemTotal counts.
    const online = future.daxDevices.find((d) => d.dev === 'dax0.0')!;
    expect(systemRamSplit(online, future.memory.blockSize)).toEqual({ online: 64 * 2 ** 30 - 32 * 32 * 2 ** 20, pageMaps: 32 * 32 * 2 ** 20, offline: 0, unaligned: 0 });
    const optane = await snapshot(new SimHost({ preset: 'optane-2s' }));
    const devdax = optane.daxDevices.find((d) => d.dev === 'dax0.0')!;
    // Its 252 GiB start 2 MiB past a block boundary (the info block): 125 whole blocks, the rest would never be RAM.
    expect(unalignedBytes(devdax, optane.memory.blockSize)).toBe(devdax.size - 125 * 2 * 2 ** 30);
    // The Overview counts a devdax device whole as devdax (it is all usable so); the CLI says what would be lost as RAM, and says so.
    expect(capacityByUse(viewTopology(optane)).total.unaligned).toBe(0);
  });
});
