// The view shape: memory blocks as runs, device blocks as ranges, and capacity by use, on every preset.
import { describe, expect, it } from 'vitest';
import { blockRuns, capacityByUse, indexRanges, USES, viewTopology } from '../../shared/api/index.js';
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
      expect(expanded, preset).toEqual(t.memory.blocks.map((b) => ({ index: b.index, state: b.state, node: b.node, daxDevice: b.daxDevice, zone: b.validZones[0] ?? 'none' })));
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
});
