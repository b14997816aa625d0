// The seed's whole flow through the CLI on sim:seed-qemu with --state: devdax, system RAM (movable), and back.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../electron/actions/journal.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { cli, privateStateDir, tmp } from './cli-helpers.js';

const MiB = 2 ** 20;
let state: string;
const host = () => ['--host', 'sim:seed-qemu', '--state', state];

beforeAll(() => {
  privateStateDir();
  state = join(tmp(), 'seed.json');
});

describe('the seed flow, through pmem-console apply', () => {
  let memTotal0 = 0;

  it('turns namespace0.0 into devdax once its name is typed', async () => {
    memTotal0 = (await snapshot(new SimHost({ stateFile: state, preset: 'seed-qemu' }))).meminfo.memTotal;
    const args = ['namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--align', '2M', ...host()];
    expect((await cli('apply', ...args)).code).toBe(4);
    expect((await cli('apply', ...args, '--confirm', 'namespace0')).code).toBe(4);
    const r = await cli('apply', ...args, '--confirm', 'namespace0.0', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.verification).toEqual([]);
    expect(report.changes).toContainEqual({ what: 'dax device dax0.0', before: null, after: 'devdax 526385152 enabled' });
    // Its way back is the namespace as it was: fsdax with the page map in RAM, all 512 MiB of it (not the 502 MiB of ndctl's default).
    expect(report.plan.rollback).toEqual({ action: 'namespace.reconfigure', params: { namespace: 'namespace0.0', mode: 'fsdax', map: 'mem' } });
  });

  it('gives dax0.0 to the kernel as movable system RAM: MemTotal grows by its whole blocks, exactly as predicted', async () => {
    const plan = JSON.parse((await cli('plan', 'dax.system-ram', '--device', 'dax0.0', ...host(), '--json')).out);
    expect(plan.risk).toBe('reversible');
    expect(plan.steps.map((s: { op: { argv: string[] } }) => s.op.argv)).toEqual([['daxctl', 'reconfigure-device', '--mode=system-ram', 'dax0.0']]);
    const r = await cli('apply', 'dax.system-ram', '--device', 'dax0.0', ...host(), '--yes', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.verification).toEqual([]);
    expect(report.plan.prediction.changes).toEqual(report.changes);
    const t = await snapshot(new SimHost({ stateFile: state }));
    // 526385152 bytes from 0x80a00000: blocks 17, 18 and 19 are whole; the rest of the device is not a whole block.
    expect(t.meminfo.memTotal - memTotal0).toBe(3 * 128 * MiB);
    const dax = t.daxDevices.find((d) => d.dev === 'dax0.0')!;
    expect(dax.memoryBlocks).toEqual([17, 18, 19]);
    expect(t.memory.blocks.filter((b) => b.daxDevice === 'dax0.0').map((b) => [b.state, b.validZones])).toEqual([['online', ['Movable']], ['online', ['Movable']], ['online', ['Movable']]]);
  });

  it('gives the memory back: offline, then devdax; MemTotal is where it was', async () => {
    const r = await cli('apply', 'dax.devdax', '--device', 'dax0.0', ...host(), '--confirm', 'dax0.0', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.ran.map((x: { step: { op: { argv: string[] } } }) => x.step.op.argv.slice(0, 2))).toEqual([['daxctl', 'offline-memory'], ['daxctl', 'reconfigure-device']]);
    expect(report.verification).toEqual([]);
    const t = await snapshot(new SimHost({ stateFile: state }));
    expect(t.meminfo.memTotal).toBe(memTotal0);
    expect(t.daxDevices.find((d) => d.dev === 'dax0.0')!.mode).toBe('devdax');
  });

  it('puts the namespace back as it was, by its first plan\'s rollback: fsdax, 512 MiB', async () => {
    const r = await cli('apply', 'namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'fsdax', '--map', 'mem', ...host(), '--confirm', 'namespace0.0', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).plan.steps[0].op.argv).toEqual(['ndctl', 'create-namespace', '-f', '-e', 'namespace0.0', '-m', 'fsdax', '-M', 'mem']);
    const ns = (await snapshot(new SimHost({ stateFile: state }))).namespaces.find((n) => n.dev === 'namespace0.0')!;
    expect([ns.mode, ns.map, ns.size]).toEqual(['fsdax', 'mem', 512 * MiB]);
    const devdax = await cli('plan', 'namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--map', 'mem', ...host());
    expect(devdax.code).toBe(2);
    expect(devdax.out + devdax.err).toMatch(/--map applies to fsdax only, not devdax/);
  });

  it('journals every run, the unconfirmed ones too', async () => {
    const { entries } = readJournal();
    expect(entries.map((e) => `${e.action} ${e.outcome}`)).toEqual([
      'namespace.reconfigure not-confirmed', 'namespace.reconfigure not-confirmed', 'namespace.reconfigure done', 'dax.system-ram done', 'dax.devdax done', 'namespace.reconfigure done',
    ]);
    expect(entries[3]!.steps[0]).toMatchObject({ op: 'daxctl reconfigure-device --mode=system-ram dax0.0', exitCode: 0, ok: true });
    const listed = await cli('journal');
    expect(listed.out.split('\n').filter((l) => /^\d{4}-/.test(l))).toHaveLength(6);
  });
});
