// Memory Mode as Linux sees it: RAM on a node behind a memory-side cache (HMAT, nodeX/memory_side_cache/indexY). The recorded machine
// (fixtures/real/qemu-memside.json, preset memside) and the simulator's mixed-mode Optane server: the model, the read with and without
// ndctl, capacity by use, and what the doctor says.
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../electron/host/sim/index.js';
import { doctor } from '../../electron/system/doctor.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { capacityByUse, viewTopology } from '../../shared/api/index.js';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

describe('a memory-side cache', () => {
  it('is read as the recorded machine shows it: node 1 behind a 256 MiB direct-mapped write-back cache of 64-byte lines', async () => {
    const t = await snapshot(new SimHost({ preset: 'memside' }));
    expect(t.nodes.map((n) => n.memorySideCache)).toEqual([[], [{ level: 1, size: 256 * MiB, lineSize: 64, indexing: 'direct-mapped', writePolicy: 'write-back' }], []]);
    expect(t.notes.filter((n) => /memory_side_cache/.test(n))).toEqual([]);
  });

  it('is read the same without ndctl and daxctl (it is sysfs)', async () => {
    const sim = new SimHost({ preset: 'memside' });
    sim.mutate((s) => { s.tools = { ndctl: null, daxctl: null }; });
    const t = await snapshot(sim);
    expect(t.nodes[1]!.memorySideCache).toEqual([{ level: 1, size: 256 * MiB, lineSize: 64, indexing: 'direct-mapped', writePolicy: 'write-back' }]);
  });

  it('makes its node\'s memory Memory Mode in capacity by use, not DRAM; App Direct stays apart', async () => {
    const t = await snapshot(new SimHost({ preset: 'memside' }));
    const cap = capacityByUse(viewTopology(t));
    expect(cap.total.memoryMode).toBe(t.nodes[1]!.memTotal);
    expect(cap.total.dram).toBe(t.nodes[0]!.memTotal);
    expect(cap.byNode.get(1)!.dram).toBe(0);
    expect(cap.total.storage).toBe(t.namespaces.find((n) => n.dev === 'namespace0.0')!.size);
  });

  it('has the doctor say that the memory is RAM already, and what kmem is for', async () => {
    const sim = new SimHost({ preset: 'memside' });
    const f = (await doctor(sim, await snapshot(sim))).filter((x) => x.id.startsWith('memory-side-cache'));
    expect(f).toEqual([expect.objectContaining({ id: 'memory-side-cache-1', severity: 'info', title: 'Node 1\'s 1.9 GiB is RAM behind a memory-side cache (Memory Mode, or memory like it)' })]);
    expect(f[0]!.detail).toMatch(/cached by a 256 MiB direct-mapped write-back level-1 cache of 64-byte lines: .* It is system RAM already, in MemTotal, with no region, namespace or dax device to give back; making a dax device system RAM \(kmem\) is for App Direct or CXL capacity \(this machine has 2 GiB of App Direct regions\)/);
  });

  it('on a two-socket Optane server in mixed mode: half of each socket\'s PMem is Memory Mode behind its DRAM, half App Direct', async () => {
    const t = await snapshot(new SimHost({ preset: 'optane-2s-mixed' }));
    expect(t.nodes.filter((n) => n.memorySideCache?.length).map((n) => [n.id, n.memorySideCache![0]!.size])).toEqual([[0, 192 * GiB], [1, 192 * GiB]]);
    expect(t.regions.map((r) => [r.dev, r.size, r.targetNode])).toEqual([['region0', 384 * GiB, 2], ['region1', 384 * GiB, 3]]);
    const cap = capacityByUse(viewTopology(t));
    expect(cap.total.dram).toBe(0);
    expect(cap.total.memoryMode).toBe(t.nodes[0]!.memTotal + t.nodes[1]!.memTotal);
    expect(cap.total.memoryMode).toBeGreaterThan(760 * GiB);
    expect(cap.total.free).toBe(768 * GiB);
  });
});
