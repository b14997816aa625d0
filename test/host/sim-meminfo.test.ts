// The simulator's meminfo adds up: the nodes' MemTotal and MemFree are the machine's, what a node uses is split into kinds as the
// machine's is, and hot-added memory counts what the kernel counts (less each block's own memmap under memmap_on_memory).
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../electron/actions/plan.js';
import { PRESET_NAMES, SimHost } from '../../electron/host/sim/index.js';
import { simTwin } from '../../electron/host/twin-factory.js';

const field = (text: string, key: string) => Number(new RegExp(`^(?:Node \\d+ )?${key.replace(/[()]/g, '\\$&')}:\\s+(\\d+)`, 'm').exec(text)?.[1]);

async function meminfos(host: SimHost): Promise<{ machine: string; nodes: string[] }> {
  const nodes = (await host.readDir('/sys/devices/system/node')).filter((n) => /^node\d+$/.test(n));
  return { machine: await host.readFile('/proc/meminfo'), nodes: await Promise.all(nodes.map((n) => host.readFile(`/sys/devices/system/node/${n}/meminfo`))) };
}

describe('the simulator\'s meminfo', () => {
  it.each(PRESET_NAMES)('adds up on %s: the nodes\' MemTotal, MemFree and each kind of used memory are the machine\'s', async (preset) => {
    const { machine, nodes } = await meminfos(new SimHost({ preset }));
    const sum = (key: string) => nodes.reduce((s, t) => s + field(t, key), 0);
    expect(sum('MemTotal')).toBe(field(machine, 'MemTotal'));
    expect(sum('MemFree')).toBe(field(machine, 'MemFree'));
    for (const key of ['AnonPages', 'Slab', 'SReclaimable', 'KernelStack', 'PageTables', 'Active', 'Inactive']) expect(sum(key), key).toBe(field(machine, key));
    expect(sum('FilePages')).toBe(field(machine, 'Cached') + field(machine, 'Buffers') + field(machine, 'SwapCached'));
    for (const t of nodes) {
      const used = field(t, 'MemUsed');
      const kinds = field(t, 'AnonPages') + field(t, 'FilePages') + field(t, 'Slab') + field(t, 'KernelStack') + field(t, 'PageTables');
      // What a node uses is mostly these kinds, never more than it uses (a node that uses nothing has none).
      expect(kinds).toBeLessThanOrEqual(used);
      if (used > 1024 * 1024) expect(kinds / used).toBeGreaterThan(0.5);
    }
  });

  it('adds what the kernel counts when memory keeps its own memmap: 64 GiB in 2 GiB blocks adds 63 GiB to MemTotal, as predicted', async () => {
    const host = new SimHost({ preset: 'future-7x' });
    const before = field((await meminfos(host)).machine, 'MemTotal');
    const plan = await makePlan({ host, twin: simTwin }, { action: 'memory.online', params: { device: 'dax1.0' } });
    expect(plan.prediction?.changes.find((c) => c.what === 'MemTotal of node2')).toEqual({ what: 'MemTotal of node2', before: 0, after: 63 * 2 ** 30 });
    await host.writeFile('/sys/bus/dax/devices/dax1.0/state', 'online_movable');
    const { machine, nodes } = await meminfos(host);
    expect(field(machine, 'MemTotal') - before).toBe(63 * 2 ** 20);
    expect(nodes.map((t) => field(t, 'MemTotal'))).toContain(63 * 2 ** 20);
  });
});
