// The outcome is what the machine shows: a step that changed the machine and then failed, hung, lost its connection or was killed is
// reported, journalled and shown from the read after it, never as "nothing changed" (the simulator's command-dies faults).
import { beforeAll, describe, expect, it } from 'vitest';
import { DirectRunner } from '../../electron/actions/elevation/runner.js';
import { runPlan } from '../../electron/actions/execute.js';
import { readJournal } from '../../electron/actions/journal.js';
import { makePlan } from '../../electron/actions/plan.js';
import { HostError, type ExecOptions } from '../../electron/host/host.js';
import { SimHost, type SimFault } from '../../electron/host/sim/index.js';
import { twinFromTopology } from '../../electron/host/sim/twin.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { main } from '../../electron/cli/main.js';
import { privateStateDir, tmp } from './cli-helpers.js';

beforeAll(() => privateStateDir());

const twin = (t: Parameters<typeof twinFromTopology>[0]) => new SimHost({ state: twinFromTopology(t, 'prediction') });
const DEVDAX = ['ndctl', 'create-namespace', '-f', '-e', 'namespace0.0', '-m', 'devdax', '-a', '2M'];
const MiB = 2 ** 20;
/** daxctl killed halfway through system-ram: kmem has the device, no block is online yet (what the BusyBox guest showed). */
const HALFWAY: Extract<SimFault, { kind: 'command-dies' }> = { kind: 'command-dies', match: 'reconfigure-device --mode=system-ram', does: ['daxctl', 'reconfigure-device', '--mode=system-ram', '--no-online', 'dax0.0'], then: 'fails', exitCode: 143, stderr: 'Terminated\n', times: 1 };

/** seed-qemu with namespace0.0 made devdax: dax0.0, three whole memory blocks. */
async function devdaxMachine(host = new SimHost({ preset: 'seed-qemu' })): Promise<SimHost> {
  expect((await host.exec(DEVDAX)).exitCode).toBe(0);
  return host;
}

describe('a step that changed the machine and then did not end well', () => {
  it('killed halfway (exit 143): the report names the half-done change, how to finish and how to roll back; finishing gets MemTotal to the prediction', async () => {
    const host = await devdaxMachine();
    const before = await snapshot(host);
    const ctx = { host, twin };
    const plan = await makePlan(ctx, { action: 'dax.system-ram', params: { device: 'dax0.0' } });
    host.injectFault(HALFWAY);
    const report = await runPlan(ctx, plan, { yes: true }, new DirectRunner(host));
    expect(report.outcome).toBe('failed');
    expect(report.message).toMatch(/^failed at step 1 of 1 \(daxctl reconfigure-device --mode=system-ram dax0\.0\): daxctl reconfigure-device failed \(exit 143\): Terminated\. Read again, the machine changed: /);
    expect(report.message).toContain('dax device dax0.0: devdax 502 MiB enabled -> system-ram 502 MiB enabled 0/3 online (partly done: predicted system-ram 502 MiB enabled 3/3 online)');
    expect(report.message).toContain('MemTotal: still');
    expect(report.message).toContain('To finish: pmem-console apply memory.online --device dax0.0. To roll back: pmem-console apply dax.devdax --device dax0.0.');
    expect(report.message).not.toMatch(/no change|nothing changed|No step changed/i);
    expect(report.observed.find((o) => o.what === 'dax device dax0.0')).toMatchObject({ progress: 'partly' });
    expect(report.observed.find((o) => o.what === 'MemTotal')).toMatchObject({ progress: 'not-done', before: before.meminfo.memTotal, predicted: before.meminfo.memTotal + 3 * 128 * MiB });
    expect(report.finish).toEqual({ action: 'memory.online', params: { device: 'dax0.0' } });
    expect(report.rollback).toEqual({ action: 'dax.devdax', params: { device: 'dax0.0' } });
    // The journal says the same, from the same read.
    const entry = readJournal().entries.at(-1)!;
    expect(entry).toMatchObject({ id: report.journalId, outcome: 'failed', reason: report.message, finish: report.finish, rollback: report.rollback });
    expect(entry.observed).toEqual(report.observed);
    // The finish it offers does the rest: MemTotal is then what the whole plan predicted.
    const finish = await makePlan(ctx, report.finish!);
    const done = await runPlan(ctx, finish, { yes: true }, new DirectRunner(host));
    expect(done.outcome).toBe('done');
    expect((await snapshot(host)).meminfo.memTotal).toBe(before.meminfo.memTotal + 3 * 128 * MiB);
  });

  it('killed after it had finished: the report says every predicted change is there, with nothing to finish', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    const ctx = { host, twin };
    const plan = await makePlan(ctx, { action: 'namespace.reconfigure', params: { namespace: 'namespace0.0', mode: 'devdax' } });
    host.injectFault({ kind: 'command-dies', match: 'create-namespace', then: 'fails', exitCode: 143, stderr: 'Terminated\n', times: 1 });
    const report = await runPlan(ctx, plan, { typedName: 'namespace0.0' }, new DirectRunner(host));
    expect(report.outcome).toBe('failed');
    expect(report.message).toMatch(/: Terminated\. Read again, the machine shows every predicted change: namespace namespace0\.0: fsdax .* -> devdax .* \(done, as predicted\); dax device dax0\.0: absent -> devdax 502 MiB enabled \(done, as predicted\)\. To roll back: pmem-console apply namespace\.reconfigure --namespace namespace0\.0 --mode fsdax --map mem\.$/);
    expect(report.observed.every((o) => o.progress === 'done')).toBe(true);
    expect(report.finish).toBeNull();
  });

  it('hangs after its change: the person stops waiting, and the report says what the machine shows so far', async () => {
    const host = await devdaxMachine();
    const ctx = { host, twin };
    const plan = await makePlan(ctx, { action: 'dax.system-ram', params: { device: 'dax0.0' } });
    host.injectFault({ ...HALFWAY, then: 'hangs' });
    const stop = new AbortController();
    const report = await runPlan(ctx, plan, { yes: true }, new DirectRunner(host), { limitsMs: [50], onProgress: (p) => { if (p.status === 'overdue') stop.abort(); }, stopWaiting: stop.signal });
    expect(report.outcome).toBe('detached');
    expect(report.message).toMatch(/it was left to finish on its own\. Read again, the machine changed: .*dax device dax0\.0: devdax 502 MiB enabled -> system-ram 502 MiB enabled 0\/3 online \(partly done/);
    expect(report.message).toMatch(/The step goes on by itself/);
    expect(readJournal().entries.at(-1)).toMatchObject({ outcome: 'detached', reason: report.message, observed: report.observed });
  });

  it('the connection drops during the step and the machine cannot be read after: the report says the change is not known, never that nothing changed', async () => {
    const host = await devdaxMachine(new DroppingSim({ preset: 'seed-qemu' }));
    const ctx = { host, twin };
    const plan = await makePlan(ctx, { action: 'dax.system-ram', params: { device: 'dax0.0' } });
    host.injectFault({ ...HALFWAY, then: 'drops' });
    const report = await runPlan(ctx, plan, { yes: true }, new DirectRunner(host));
    expect(report.outcome).toBe('failed');
    expect(report.after).toBeNull();
    expect(report.message).toMatch(/EUNREACHABLE: sim:seed-qemu: the connection was lost while daxctl ran\. The machine could not be read again afterwards \(.*\): what the steps changed is not known; read it/);
    expect(report.message).not.toMatch(/no change|nothing changed/i);
    expect(readJournal().entries.at(-1)).toMatchObject({ outcome: 'failed', reason: report.message, readAfter: report.readAfterProblem });
  });

  it('the same in the CLI\'s --json report and its text', async () => {
    const state = `${tmp()}/seed.json`;
    const host = await devdaxMachine(new SimHost({ stateFile: state, preset: 'seed-qemu' }));
    host.injectFault(HALFWAY);
    let out = '';
    let err = '';
    const code = await main(['apply', 'dax.system-ram', '--device', 'dax0.0', '--yes', '--host', 'sim:seed-qemu', '--state', state, '--json'], { out: (s) => void (out += s), err: (s) => void (err += s) });
    expect(code, err).toBe(1);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ outcome: 'failed', finish: { action: 'memory.online', params: { device: 'dax0.0' } }, rollback: { action: 'dax.devdax', params: { device: 'dax0.0' } }, readAfterProblem: null });
    expect(report.observed).toContainEqual(expect.objectContaining({ what: 'dax device dax0.0', progress: 'partly' }));
    // And as text: the rest is finished from the terminal.
    let text = '';
    expect(await main(['apply', 'memory.online', '--device', 'dax0.0', '--yes', '--host', 'sim:seed-qemu', '--state', state], { out: (s) => void (text += s), err: () => {} })).toBe(0);
    expect(text).toMatch(/^done: 1 step ran and the result matches the prediction$/m);
  });
});

/** A sim whose connection drops for good once a tool says it was lost: every later call fails the same way. */
class DroppingSim extends SimHost {
  private dropped = false;
  private check(): void {
    if (this.dropped) throw new HostError('EUNREACHABLE', 'sim:seed-qemu: cannot connect: Connection refused');
  }
  override async exec(argv: readonly string[], opts?: ExecOptions) {
    this.check();
    try {
      return await super.exec(argv, opts);
    } catch (e) {
      if (e instanceof HostError && e.code === 'EUNREACHABLE') this.dropped = true;
      throw e;
    }
  }
  override async readFile(path: string) {
    this.check();
    return super.readFile(path);
  }
  override async readFiles(paths: readonly string[]) {
    this.check();
    return super.readFiles(paths);
  }
  override async readDir(path: string) {
    this.check();
    return super.readDir(path);
  }
}
