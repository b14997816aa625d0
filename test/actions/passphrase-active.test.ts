// Removing a passphrase from a DIMM whose region is enabled: the kernel allows it, ndctl allows it when the key is in root's key ring
// and refuses when it must load it from its blob first (dimm_load_key: "regions active"); the console's plan and the simulator agree
// with both, as they do for setting and changing one (always refused while a region is enabled).
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../electron/actions/plan.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { simTwin } from '../../electron/host/twin-factory.js';

const blocking = (p: Awaited<ReturnType<typeof makePlan>>) => p.guards.filter((g) => g.blocking).map((g) => g.id);

describe('passphrases and enabled regions', () => {
  it('removes a passphrase whose key is in the ring while the region is enabled, as ndctl does; refuses set and change', async () => {
    const host = new SimHost({ preset: 'optane-2s' });
    const ctx = { host, twin: simTwin };
    const remove = await makePlan(ctx, { action: 'dimm.passphrase-remove', params: { dimm: 'nmem7' } });
    expect(blocking(remove)).toEqual([]);
    expect(blocking(await makePlan(ctx, { action: 'dimm.passphrase-update', params: { dimm: 'nmem7' } }))).toContain('regions-enabled');
    const setup = await makePlan(ctx, { action: 'dimm.passphrase-setup', params: { dimm: 'nmem0', kek: 'user:nvdimm-master' } });
    expect(blocking(setup)).toContain('regions-enabled');
    expect(setup.guards.find((g) => g.id === 'regions-enabled')!.fix).toEqual({ action: 'region.disable', params: { region: 'region0' } });
    expect((await host.exec(['ndctl', 'remove-passphrase', 'nmem7'])).exitCode).toBe(0);
  });

  it('refuses it where the key must be loaded from its blob first, as ndctl refuses', async () => {
    const host = new SimHost({ preset: 'optane-2s' });
    host.mutate((s) => { s.keyring = (s.keyring ?? []).filter((k) => !k.startsWith('encrypted:')); });
    const plan = await makePlan({ host, twin: simTwin }, { action: 'dimm.passphrase-remove', params: { dimm: 'nmem7' } });
    expect(blocking(plan)).toEqual(['regions-enabled']);
    const r = await host.exec(['ndctl', 'remove-passphrase', 'nmem7']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/regions active on nmem7, op failed/);
  });
});
