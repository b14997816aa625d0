// The CXL flow through the CLI on sim:cxl-pmem-2x with --state: a 2-way pmem region, a devdax namespace, system RAM and back, the
// region destroyed; each step predicted on a twin first and the result compared; the two recorded traps refused with their reasons.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runStep } from '../../electron/actions/run-step.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { cli, privateStateDir, tmp } from './cli-helpers.js';

const MiB = 2 ** 20;
let state: string;
const host = () => ['--host', 'sim:cxl-pmem-2x', '--state', state];
const read = () => snapshot(new SimHost({ stateFile: state }));

/** Plans a request, confirms it as its risk asks, applies it; the report, with its prediction checked against the result. */
async function apply(...request: string[]) {
  const planned = await cli('plan', ...request, ...host(), '--json');
  expect(planned.code, planned.out + planned.err).toBe(0);
  const plan = JSON.parse(planned.out);
  const confirm = plan.confirmation.kind === 'type-name' ? ['--confirm', plan.confirmation.name] : plan.confirmation.kind === 'yes' ? ['--yes'] : [];
  const r = await cli('apply', ...request, ...host(), ...confirm, '--json');
  expect(r.code, r.out + r.err).toBe(0);
  const report = JSON.parse(r.out);
  expect(report.verification).toEqual([]);
  expect(report.plan.prediction.changes).toEqual(report.changes);
  return report;
}

/** The refusal of a plan: exit 3 and its blocking guards. */
async function refused(...request: string[]) {
  const r = await cli('plan', ...request, ...host(), '--json');
  expect(r.code, r.out + r.err).toBe(3);
  return (JSON.parse(r.out).guards as { blocking: boolean; message: string; fix?: { action: string } }[]).filter((g) => g.blocking);
}

beforeAll(() => {
  privateStateDir();
  state = join(tmp(), 'cxl.json');
});

describe('the CXL flow, through pmem-console apply', () => {
  let memTotal0 = 0;

  it('creates a 2-way pmem region over mem0 and mem1 in decoder0.0, as predicted', async () => {
    memTotal0 = (await snapshot(new SimHost({ stateFile: state, preset: 'cxl-pmem-2x' }))).meminfo.memTotal;
    const report = await apply('cxl.region-create', '--decoder', 'decoder0.0', '--memdevs', 'mem0,mem1');
    expect(report.plan.steps.map((s: { op: { argv: string[] } }) => s.op.argv)).toEqual([['cxl', 'create-region', '-m', '-t', 'pmem', '-d', 'decoder0.0', '-w', '2', 'mem0', 'mem1']]);
    expect(report.changes).toContainEqual({ what: 'CXL region0', before: null, after: `pmem ${2 * 1024 * MiB} 2 ways enabled` });
    const t = await read();
    expect(t.cxl!.regions.map((r) => [r.name, r.resource, r.size, r.mappings.map((m) => m.memdev)])).toEqual([['region0', 0x590000000, 2 * 1024 * MiB, ['mem0', 'mem1']]]);
    expect(t.regions.map((r) => [r.dev, r.size, r.targetNode])).toEqual([['region0', 2 * 1024 * MiB, 1]]);
  });

  it('makes it a devdax namespace, then system RAM: MemTotal grows by the whole memory blocks of the device, as predicted', async () => {
    await apply('namespace.create', '--region', 'region0', '--mode', 'devdax');
    const dax = (await read()).daxDevices.find((d) => d.dev === 'dax0.0')!;
    const first = Math.ceil(dax.ranges[0]!.start / (128 * MiB));
    const end = Math.floor((dax.ranges[0]!.start + dax.size) / (128 * MiB));
    expect([first, end - first]).toEqual([179, 15]);
    await apply('dax.system-ram', '--device', 'dax0.0');
    expect((await read()).meminfo.memTotal - memTotal0).toBe((end - first) * 128 * MiB);
  });

  it('refuses the traps: disabling or destroying the region under online RAM, disabling a memdev in a region', async () => {
    for (const action of ['cxl.region-disable', 'cxl.region-destroy']) {
      const [g] = await refused(action, '--region', 'region0');
      expect(g!.message).toMatch(/dax0\.0 on region0 is system RAM with 15 memory blocks online: cxl (disable|destroy)-region would exit 0 and take dax0\.0 away under the memory, which could then not be removed until the next reboot/);
      expect(g!.fix).toEqual({ action: 'dax.devdax', params: { device: 'dax0.0' } });
    }
    const [m] = await refused('cxl.memdev-disable', '--memdev', 'mem1');
    expect(m!.message).toBe('mem1 is part of region0 (decoder3.0): disabling it would take region0 down under whatever uses it; destroy region0 first');
    // Nothing ran: the memory is still online, the region enabled.
    expect((await read()).meminfo.memTotal - memTotal0).toBe(15 * 128 * MiB);
  });

  it('gives the memory back, destroys the namespace and the region: MemTotal is where it was and the window is whole again', async () => {
    await apply('dax.devdax', '--device', 'dax0.0');
    expect((await read()).meminfo.memTotal).toBe(memTotal0);
    await apply('namespace.destroy', '--namespace', 'namespace0.0');
    const report = await apply('cxl.region-destroy', '--region', 'region0');
    expect(report.ran.map((x: { step: { op: { argv: string[] } } }) => x.step.op.argv)).toEqual([['cxl', 'disable-region', 'region0'], ['cxl', 'destroy-region', 'region0']]);
    expect(report.changes).toContainEqual({ what: 'CXL region0', before: `pmem ${2 * 1024 * MiB} 2 ways enabled`, after: null });
    const t = await read();
    expect(t.cxl!.regions).toEqual([]);
    expect(t.cxl!.decoders.find((d) => d.name === 'decoder0.0')!.maxAvailableExtent).toBe(4 * 1024 * MiB);
    expect(t.meminfo.memTotal).toBe(memTotal0);
  });

  it('disables a memdev in no region (with the -f cxl 76.1 needs) and enables it again', async () => {
    const off = await apply('cxl.memdev-disable', '--memdev', 'mem1');
    expect(off.plan.steps[0].op.argv).toEqual(['cxl', 'disable-memdev', '-f', 'mem1']);
    expect(off.changes).toContainEqual({ what: 'CXL mem1', before: 'enabled', after: 'disabled' });
    expect(off.plan.rollback).toEqual({ action: 'cxl.memdev-enable', params: { memdev: 'mem1' } });
    await apply('cxl.memdev-enable', '--memdev', 'mem1');
    expect((await read()).cxl!.memdevs.map((m) => [m.name, m.state, m.endpoint])).toEqual([['mem0', 'enabled', 'endpoint2'], ['mem1', 'enabled', 'endpoint3']]);
  });

  it('refuses a ram region where cxl 76.1 and Linux 6.1 cannot make one, and bad sizes as bad input', async () => {
    // QEMU's memdevs have no volatile capacity either: every reason is given, and the request is bad input here (exit 2).
    const ram = await cli('plan', 'cxl.region-create', '--decoder', 'decoder0.0', '--memdevs', 'mem0', '--type', 'ram', ...host(), '--json');
    expect(ram.code).toBe(2);
    const why = (JSON.parse(ram.out).guards as { message: string }[]).map((g) => g.message);
    expect(why).toEqual(expect.arrayContaining([
      expect.stringMatching(/^cxl 76\.1 cannot create ram regions/), expect.stringMatching(/^Linux 6\.1\.0-56-amd64 cannot create ram regions \(they came with 6\.3\)/), 'mem0 has no volatile capacity',
    ]));
    const odd = await cli('plan', 'cxl.region-create', '--decoder', 'decoder0.0', '--memdevs', 'mem0,mem1', '--size', '768M', ...host());
    expect(odd.code).toBe(2);
    expect(odd.out + odd.err).toMatch(/768 MiB is not a whole number of 512 MiB/);
    const ways = await cli('plan', 'cxl.region-create', '--decoder', 'decoder0.0', '--memdevs', 'mem0', '--ways', '2', ...host());
    expect(ways.code).toBe(2);
    expect(ways.out + ways.err).toMatch(/--ways 2 is not the number of memdevs given \(1\)/);
  });

  it('takes a cxl command that exits 0 having done nothing as the failure it is ("created 0 regions")', async () => {
    const r = await runStep(new SimHost({ preset: 'cxl-pmem-2x' }), { kind: 'exec', argv: ['cxl', 'create-region', '-m', '-t', 'pmem', '-d', 'decoder0.0', '-w', '1', '-g', '3000', 'mem0'] });
    expect(r).toMatchObject({ ok: false, exitCode: 0, error: 'cxl create-region exited 0 but created nothing: region0: set_interleave_granularity failed: Invalid argument' });
    const done = await runStep(new SimHost({ preset: 'cxl-pmem-2x' }), { kind: 'exec', argv: ['cxl', 'create-region', '-m', '-t', 'pmem', '-d', 'decoder0.0', '-w', '1', 'mem0'] });
    expect(done).toMatchObject({ ok: true, exitCode: 0, error: null });
  });
});
