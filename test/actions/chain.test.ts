// A chain of plans checked before its first step runs: a trap that will block system RAM (auto_online_blocks onlining new memory into
// ZONE_NORMAL) is found before the destructive devdax step, on a twin of the machine as the first plan leaves it.
import { beforeAll, describe, expect, it } from 'vitest';
import { planChain } from '../../electron/actions/chain.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { simTwin } from '../../electron/host/twin-factory.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { privateStateDir } from './cli-helpers.js';

beforeAll(() => privateStateDir());

describe('a plan chain, checked before anything runs', () => {
  it('finds that system RAM will be blocked by auto_online_blocks=online before the namespace is destroyed, with the fix', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    host.mutate((s) => { s.memory.autoOnline = 'online'; });
    const before = JSON.stringify(host.snapshotState());
    const steps = await planChain({ host, twin: simTwin }, [
      { action: 'namespace.reconfigure', params: { namespace: 'namespace0.0', mode: 'devdax' } },
      { action: 'dax.system-ram', params: { device: '', zone: 'movable', online: 'yes' } },
    ]);
    expect(steps[0]!.guards.filter((g) => g.blocking)).toEqual([]);
    expect(steps[1]!.params.device).toBe('dax0.0');
    expect(steps[1]!.unchecked).toBeNull();
    const block = steps[1]!.guards.find((g) => g.blocking && /auto_online_blocks/.test(g.message));
    expect(block).toMatchObject({ fix: { action: 'memory.auto-online', params: { policy: 'offline' } } });
    // Nothing ran on the machine itself.
    expect(JSON.stringify(host.snapshotState())).toBe(before);
    expect((await snapshot(host)).namespaces.find((n) => n.dev === 'namespace0.0')!.mode).toBe('fsdax');
  });

  it('checks a CXL region, the namespace in the nd region it becomes, and system RAM on its device', async () => {
    const host = new SimHost({ preset: 'cxl-pmem-2x' });
    const steps = await planChain({ host, twin: simTwin }, [
      { action: 'cxl.region-create', params: { decoder: 'decoder0.0', memdevs: 'mem0,mem1', type: 'pmem' } },
      { action: 'namespace.create', params: { region: '', mode: 'devdax' } },
      { action: 'dax.system-ram', params: { device: '', zone: 'movable', online: 'yes' } },
    ]);
    expect(steps.map((s) => [s.action, s.unchecked, s.guards.filter((g) => g.blocking).map((g) => g.message)])).toEqual([
      ['cxl.region-create', null, []], ['namespace.create', null, []], ['dax.system-ram', null, []],
    ]);
    expect(steps[1]!.params.region).toMatch(/^region\d+$/);
    expect(steps[2]!.params.device).toMatch(/^dax\d+\.\d+$/);
  });

  it('says a later step was not checked when an earlier one is blocked', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    const steps = await planChain({ host, twin: simTwin }, [
      { action: 'namespace.reconfigure', params: { namespace: 'namespace9.9', mode: 'devdax' } },
      { action: 'dax.system-ram', params: { device: '' } },
    ]);
    expect(steps[0]!.guards.some((g) => g.blocking)).toBe(true);
    expect(steps[1]!.unchecked).toBe('step 1 (namespace.reconfigure) is blocked');
  });
});
