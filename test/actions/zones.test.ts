// Zone names as the kernel has them, the same everywhere: memory below 4 GiB onlined not movable is in ZONE_DMA32 (the seed's memmap=
// range at 2 GiB), not ZONE_NORMAL; block 0, which valid_zones calls "none", holds ZONE_DMA and ZONE_DMA32.
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../electron/actions/plan.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { simTwin } from '../../electron/host/twin-factory.js';
import { doctor } from '../../electron/system/doctor.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { viewTopology } from '../../shared/api/index.js';
import { blockZone, kernelZoneText } from '../../shared/model/index.js';
import { onlineZones, verifyRam } from '../../renderer/src/lib/wizard.js';

describe('zone names', () => {
  it('are the kernel\'s on the seed\'s memmap= range at 2 GiB: the plan, the machine, the wizard\'s check, the doctor and give-back say ZONE_DMA32', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    const ctx = { host, twin: simTwin };
    expect((await host.exec(['ndctl', 'create-namespace', '-fe', 'namespace0.0', '-m', 'devdax'])).exitCode).toBe(0);
    const before = await snapshot(host);
    const plan = await makePlan(ctx, { action: 'dax.system-ram', params: { device: 'dax0.0', zone: 'normal' } });
    expect(plan.summary).toMatch(/online in ZONE_DMA32/);
    expect(plan.steps.at(-1)!.changes).toMatch(/onlined \(ZONE_DMA32\)/);
    expect(plan.guards.map((g) => g.message).join(' ')).not.toMatch(/ZONE_NORMAL/);
    for (const s of plan.steps) expect((await host.exec((s.op as { argv: string[] }).argv)).exitCode).toBe(0);
    const after = await snapshot(host);
    const ram = after.memory.blocks.filter((b) => b.daxDevice === 'dax0.0');
    expect(new Set(ram.map((b) => b.validZones[0]))).toEqual(new Set(['DMA32']));
    const checks = verifyRam(viewTopology(before), viewTopology(after), 'dax0.0', { memTotal: after.meminfo.memTotal, node: 0, nodeMemTotal: after.nodes[0]!.memTotal, zone: 'normal', online: true });
    expect(checks.map((c) => c.text)).toContain('they are in ZONE_DMA32');
    expect(onlineZones(viewTopology(after), 'dax0.0')).toEqual(['DMA32']);
    const found = (await doctor(host, after)).find((f) => f.id === 'hot-remove')!;
    expect(found.detail).toMatch(/are in ZONE_DMA32, where the kernel puts allocations/);
    const giveBack = await makePlan(ctx, { action: 'dax.devdax', params: { device: 'dax0.0' } });
    expect(giveBack.guards.map((g) => g.message).join(' ')).toMatch(/are in ZONE_DMA32 \(memory/);
    expect(JSON.stringify(giveBack)).not.toMatch(/ZONE_NORMAL/);
  });

  it('shows block 0 (valid_zones "none") as ZONE_DMA, the lowest zone it holds, and memory above 4 GiB as ZONE_NORMAL', async () => {
    const t = viewTopology(await snapshot(new SimHost({ preset: 'optane-2s' })));
    expect(t.memory.blockRuns[0]).toMatchObject({ first: 0, state: 'online', zone: 'DMA' });
    expect(t.memory.blockRuns.find((r) => r.first === 1)).toMatchObject({ zone: 'DMA32' });
    expect(blockZone(['none'], 0)).toBe('DMA');
    expect(blockZone(['Normal'], 8 * 2 ** 30)).toBe('Normal');
    expect(kernelZoneText([{ start: 0x80000000, end: 0x9fffffff }])).toBe('ZONE_DMA32');
    expect(kernelZoneText([{ start: 0xc0000000, end: 0x13fffffff }])).toBe('ZONE_DMA32 and ZONE_NORMAL');
    expect(kernelZoneText([{ start: 0x7000000000, end: 0x70ffffffff }])).toBe('ZONE_NORMAL');
  });
});
