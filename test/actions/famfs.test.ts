// A dax device in famfs mode (daxctl 85; a famfs file system holds it) is not devdax: no action converts, onlines or destroys it.
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../electron/actions/plan.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { twinFromTopology } from '../../electron/host/sim/twin.js';
import type { Host } from '../../electron/host/host.js';
import { snapshot } from '../../electron/system/snapshot.js';

/** seed-qemu with a devdax namespace whose device daxctl (as v85 does) reports in famfs mode. */
async function famfsMachine(): Promise<Host> {
  const sim = new SimHost({ preset: 'seed-qemu' });
  expect((await sim.exec(['ndctl', 'create-namespace', '-f', '-e', 'namespace0.0', '-m', 'devdax', '-a', '2M'])).exitCode).toBe(0);
  return Object.assign(Object.create(sim) as Host, {
    exec: async (argv: readonly string[]) => {
      const r = await sim.exec(argv);
      return argv[0] === 'daxctl' && argv[1] === 'list' ? { ...r, stdout: r.stdout.replace('"mode":"devdax"', '"mode":"famfs"') } : r;
    },
  });
}

describe('famfs mode', () => {
  it('is read as famfs, not devdax', async () => {
    const t = await snapshot(await famfsMachine());
    expect(t.daxDevices.map((d) => [d.dev, d.mode])).toEqual([['dax0.0', 'famfs']]);
  });

  it.each([
    [{ action: 'dax.system-ram', params: { device: 'dax0.0' } }],
    [{ action: 'memory.online', params: { device: 'dax0.0' } }],
    [{ action: 'namespace.destroy', params: { namespace: 'namespace0.0' } }],
    [{ action: 'namespace.reconfigure', params: { namespace: 'namespace0.0', mode: 'fsdax' } }],
  ])('%j is refused with the reason', async (request) => {
    const host = await famfsMachine();
    const plan = await makePlan({ host, twin: (t) => new SimHost({ state: twinFromTopology(t, 'x') }) }, request);
    expect(plan.guards.filter((g) => g.blocking).map((g) => g.id)).toContain('famfs');
    expect(plan.guards.find((g) => g.id === 'famfs')!.message).toMatch(/^dax0\.0 is in famfs mode: a famfs file system uses it \(driver fsdev_dax\)/);
    expect(plan.prediction).toBeNull();
  });
});
