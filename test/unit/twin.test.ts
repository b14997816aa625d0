// Twins: an emulated machine built from what a machine showed must show the same again, and act like it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main.js';
import { openHost } from '../../electron/host/spec.js';
import { PRESET_NAMES, SimHost } from '../../electron/host/sim/index.js';
import { twinFromTopology } from '../../electron/host/sim/twin.js';
import { snapshot } from '../../electron/system/snapshot.js';
import type { Topology } from '../../shared/model/index.js';

/** The parts of a topology a twin must reproduce exactly. */
function essentials(t: Topology) {
  return {
    kernel: t.kernel, tools: t.tools,
    buses: t.buses,
    dimms: t.dimms.map((d) => ({ dev: d.dev, bus: d.bus, id: d.id, handle: d.handle, state: d.state, security: d.security, health: d.health })),
    regions: t.regions.map((r) => ({ ...r, isetId: null })),
    namespaces: t.namespaces.map((n) => ({ ...n, uuid: null })),
    daxRegions: t.daxRegions, daxDevices: t.daxDevices,
    memory: t.memory, nodes: t.nodes, tiers: t.tiers, demotionEnabled: t.demotionEnabled,
    meminfo: { memTotal: t.meminfo.memTotal, memFree: t.meminfo.memFree, memAvailable: t.meminfo.memAvailable },
  };
}

describe('sim twins', () => {
  it.each(PRESET_NAMES)('a twin of sim:%s shows the same machine', async (preset) => {
    const original = await snapshot(new SimHost({ preset }));
    const twin = await snapshot(new SimHost({ state: twinFromTopology(original, 'x') }));
    expect(essentials(twin)).toEqual(essentials(original));
  }, 30_000);

  it('acts like the original: the seed flow adds the same 3 blocks on the twin', async () => {
    const original = new SimHost({ preset: 'seed-qemu' });
    const twin = new SimHost({ state: twinFromTopology(await snapshot(original), 'seed') });
    for (const host of [original, twin]) {
      expect((await host.exec(['ndctl', 'create-namespace', '-f', '-e', 'namespace0.0', '-m', 'devdax', '-a', '2M'])).exitCode).toBe(0);
      expect((await host.exec(['daxctl', 'reconfigure-device', '--mode=system-ram', 'dax0.0'])).exitCode).toBe(0);
    }
    expect(essentials(await snapshot(twin))).toEqual(essentials(await snapshot(original)));
  });

  it('acts like the original on a labelled NVDIMM: same sizes for a new devdax namespace', async () => {
    const original = new SimHost({ preset: 'optane-2s' });
    const twin = new SimHost({ state: twinFromTopology(await snapshot(original), 'optane') });
    const argv = ['ndctl', 'create-namespace', '-r', 'region0', '-m', 'devdax', '-s', '64G'];
    const [a, b] = [await original.exec(argv), await twin.exec(argv)];
    expect(a.exitCode).toBe(0);
    expect(b.exitCode).toBe(0);
    const size = (out: string) => (JSON.parse(out) as { size: number }).size;
    expect(size(b.stdout)).toBe(size(a.stdout));
    expect(essentials(await snapshot(twin)).regions).toEqual(essentials(await snapshot(original)).regions);
  });

  it('opens sim:twin:FILE from a capture bundle, a snapshot --json and a saved state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmc-twin-'));
    const bundle = join(dir, 'bundle.json');
    const quiet = { out: () => undefined, err: () => undefined };
    expect(await main(['capture', '-o', bundle, '--host', 'sim:cxl-expander'], quiet)).toBe(0);
    const original = essentials(await snapshot(new SimHost({ preset: 'cxl-expander' })));
    expect(essentials(await snapshot(openHost(`sim:twin:${bundle}`)))).toEqual(original);
    let json = '';
    expect(await main(['snapshot', '--json', '--host', 'sim:cxl-expander'], { out: (s) => void (json += s), err: () => {} })).toBe(0);
    writeFileSync(join(dir, 'topology.json'), json);
    expect(essentials(await snapshot(openHost(`sim:twin:${join(dir, 'topology.json')}`)))).toEqual(original);
    writeFileSync(join(dir, 'state.json'), JSON.stringify(new SimHost({ preset: 'cxl-expander' }).snapshotState()));
    expect(essentials(await snapshot(openHost(`sim:twin:${join(dir, 'state.json')}`)))).toEqual(original);
  });

  it('refuses a file that is none of these, with one clear line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmc-twin-'));
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ format: 'pmem-console-capture/1', capturedAt: '', source: '', commands: [], files: {}, dirs: {}, links: {} }));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ schemaVersion: 1, host: {} }));
    for (const [file, pattern] of [['old.json', /has no snapshot in it/], ['bad.json', /snapshot in it is not valid/], ['missing.json', /no such file/]] as const) {
      let err = '';
      const code = await main(['snapshot', '--host', `sim:twin:${join(dir, file)}`], { out: () => {}, err: (s) => void (err += s) });
      expect(code).toBe(2);
      expect(err.trimEnd().split('\n')).toHaveLength(1);
      expect(err).toMatch(pattern);
    }
  });
});
