// Faults at every step of every action: each failure is journalled, reported, and the machine is read again as it really is.
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTION_NAMES, confFileFor, describeOp, diffFacts, formatDaxctlConf, machineFacts, sectionNameFor, type ActionRequest, type Plan } from '../../shared/actions/index.js';
import { DirectRunner } from '../../electron/actions/elevation/runner.js';
import { RefusedError, runPlan, type StepProgress } from '../../electron/actions/execute.js';
import { readJournal } from '../../electron/actions/journal.js';
import { makePlan, type PlanContext } from '../../electron/actions/plan.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { twinFromTopology } from '../../electron/host/sim/twin.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { privateStateDir } from './cli-helpers.js';

beforeAll(() => privateStateDir());

const twin = (t: Parameters<typeof twinFromTopology>[0]) => new SimHost({ state: twinFromTopology(t, 'prediction') });
const LABELS = [['ndctl', 'disable-region', 'all'], ['ndctl', 'init-labels', 'all'], ['ndctl', 'enable-region', 'all']];
const DEVDAX = [['ndctl', 'create-namespace', '-f', '-e', 'namespace0.0', '-m', 'devdax', '-a', '2M']];
const RAM = [...DEVDAX, ['daxctl', 'reconfigure-device', '--mode=system-ram', 'dax0.0']];
const CXL_REGION = ['cxl', 'create-region', '-m', '-t', 'pmem', '-d', 'decoder0.0', '-w', '2', 'mem0', 'mem1'];
const RAM_OFFLINE = [...DEVDAX, ['daxctl', 'reconfigure-device', '--mode=system-ram', '--no-online', 'dax0.0']];

/** For every action: a machine where it can run, and the request. */
const SCENARIOS: { name: string; preset: string; setup: string[][]; prepare?: (host: SimHost) => Promise<void>; request: ActionRequest; typed: string }[] = [
  { name: 'namespace.create', preset: 'qemu-nvdimm', setup: LABELS, request: { action: 'namespace.create', params: { region: 'region0', mode: 'devdax', size: '1G' } }, typed: 'region0' },
  { name: 'namespace.destroy', preset: 'optane-2s', setup: [], request: { action: 'namespace.destroy', params: { namespace: 'namespace0.0' } }, typed: 'namespace0.0' },
  { name: 'namespace.reconfigure', preset: 'seed-qemu', setup: [], request: { action: 'namespace.reconfigure', params: { namespace: 'namespace0.0', mode: 'devdax' } }, typed: 'namespace0.0' },
  { name: 'namespace.enable', preset: 'seed-qemu', setup: [['ndctl', 'disable-namespace', 'namespace0.0']], request: { action: 'namespace.enable', params: { namespace: 'namespace0.0' } }, typed: 'namespace0.0' },
  { name: 'namespace.disable', preset: 'seed-qemu', setup: [], request: { action: 'namespace.disable', params: { namespace: 'namespace0.0' } }, typed: 'namespace0.0' },
  { name: 'region.enable', preset: 'seed-qemu', setup: [['ndctl', 'disable-region', 'region0']], request: { action: 'region.enable', params: { region: 'region0' } }, typed: 'region0' },
  { name: 'region.disable', preset: 'seed-qemu', setup: [], request: { action: 'region.disable', params: { region: 'region0' } }, typed: 'region0' },
  { name: 'labels.init', preset: 'qemu-nvdimm', setup: [], request: { action: 'labels.init', params: { region: 'region0' } }, typed: 'region0' },
  { name: 'dax.system-ram', preset: 'seed-qemu', setup: DEVDAX, request: { action: 'dax.system-ram', params: { device: 'dax0.0' } }, typed: 'dax0.0' },
  { name: 'dax.devdax', preset: 'seed-qemu', setup: RAM, request: { action: 'dax.devdax', params: { device: 'dax0.0' } }, typed: 'dax0.0' },
  { name: 'memory.online (device)', preset: 'seed-qemu', setup: RAM_OFFLINE, request: { action: 'memory.online', params: { device: 'dax0.0' } }, typed: 'dax0.0' },
  { name: 'memory.offline (device)', preset: 'seed-qemu', setup: RAM, request: { action: 'memory.offline', params: { device: 'dax0.0' } }, typed: 'dax0.0' },
  { name: 'memory.online (blocks)', preset: 'seed-qemu', setup: RAM_OFFLINE, request: { action: 'memory.online', params: { blocks: '17-19' } }, typed: 'memory17-19' },
  { name: 'memory.offline (blocks)', preset: 'seed-qemu', setup: RAM, request: { action: 'memory.offline', params: { blocks: '17-19' } }, typed: 'memory17-19' },
  { name: 'persistence.write', preset: 'seed-qemu', setup: RAM, request: { action: 'persistence.write', params: { device: 'dax0.0' } }, typed: 'dax0.0' },
  { name: 'persistence.remove', preset: 'seed-qemu', setup: RAM, prepare: writeEntry, request: { action: 'persistence.remove', params: { device: 'dax0.0' } }, typed: 'dax0.0' },
  { name: 'tiering.set', preset: 'optane-2s', setup: [], request: { action: 'tiering.set', params: { demotion: 'no', balancing: 'tiering' } }, typed: 'memory-tiering' },
  { name: 'persistence.boot-rule', preset: 'seed-qemu', setup: [], request: { action: 'persistence.boot-rule', params: { rule: 'fixed' } }, typed: 'daxctl-udev-rule' },
  { name: 'memory.auto-online', preset: 'seed-qemu', setup: [], request: { action: 'memory.auto-online', params: { policy: 'online_movable' } }, typed: 'memory-hotplug' },
  { name: 'bus.scrub', preset: 'optane-2s', setup: [], prepare: quickScrub, request: { action: 'bus.scrub', params: { bus: 'ndbus0' } }, typed: 'ndbus0' },
  { name: 'namespace.clear-errors', preset: 'optane-2s', setup: [], request: { action: 'namespace.clear-errors', params: { namespace: 'namespace0.0' } }, typed: 'namespace0.0' },
  { name: 'dimm.freeze-security', preset: 'optane-2s', setup: [], request: { action: 'dimm.freeze-security', params: { dimm: 'nmem7' } }, typed: 'nmem7' },
  { name: 'dimm.sanitize', preset: 'optane-2s', setup: [['ndctl', 'disable-region', 'region0']], request: { action: 'dimm.sanitize', params: { dimm: 'nmem0' } }, typed: 'nmem0' },
  { name: 'dimm.sanitize (overwrite)', preset: 'optane-2s', setup: [['ndctl', 'disable-region', 'region0']], prepare: quickOverwrite, request: { action: 'dimm.sanitize', params: { dimm: 'nmem0', method: 'overwrite' } }, typed: 'nmem0' },
  { name: 'dimm.passphrase-setup', preset: 'optane-2s', setup: [['ndctl', 'disable-region', 'region0']], request: { action: 'dimm.passphrase-setup', params: { dimm: 'nmem0', kek: 'user:nvdimm-master' } }, typed: 'nmem0' },
  { name: 'dimm.passphrase-update', preset: 'optane-2s', setup: [], prepare: unmountPmemDb, request: { action: 'dimm.passphrase-update', params: { dimm: 'nmem7' } }, typed: 'nmem7' },
  { name: 'dimm.passphrase-remove', preset: 'optane-2s', setup: [], request: { action: 'dimm.passphrase-remove', params: { dimm: 'nmem7' } }, typed: 'nmem7' },
  { name: 'cxl.region-create', preset: 'cxl-pmem-2x', setup: [], request: { action: 'cxl.region-create', params: { decoder: 'decoder0.0', memdevs: 'mem0,mem1' } }, typed: 'region0' },
  { name: 'cxl.region-destroy', preset: 'cxl-pmem-2x', setup: [CXL_REGION], request: { action: 'cxl.region-destroy', params: { region: 'region0' } }, typed: 'region0' },
  { name: 'cxl.region-enable', preset: 'cxl-pmem-2x', setup: [CXL_REGION, ['cxl', 'disable-region', 'region0']], request: { action: 'cxl.region-enable', params: { region: 'region0' } }, typed: 'region0' },
  { name: 'cxl.region-disable', preset: 'cxl-pmem-2x', setup: [CXL_REGION], request: { action: 'cxl.region-disable', params: { region: 'region0' } }, typed: 'region0' },
  { name: 'cxl.memdev-enable', preset: 'cxl-pmem-2x', setup: [['cxl', 'disable-memdev', '-f', 'mem1']], request: { action: 'cxl.memdev-enable', params: { memdev: 'mem1' } }, typed: 'mem1' },
  { name: 'cxl.memdev-disable', preset: 'cxl-pmem-2x', setup: [], request: { action: 'cxl.memdev-disable', params: { memdev: 'mem1' } }, typed: 'mem1' },
  { name: 'interleave.set', preset: 'future-7x', setup: [], request: { action: 'interleave.set', params: { weights: '0:5,1:2' } }, typed: 'weighted-interleave' },
  { name: 'memory.online (whole device, state file)', preset: 'future-7x', setup: [], request: { action: 'memory.online', params: { device: 'dax1.0' } }, typed: 'dax1.0' },
  { name: 'dax.devdax (state file)', preset: 'future-7x', setup: [], request: { action: 'dax.devdax', params: { device: 'dax0.0' } }, typed: 'dax0.0' },
];

/** An overwrite that takes 50 ms (the preset's take seconds, a real one hours). */
async function quickOverwrite(host: SimHost): Promise<void> {
  host.mutate((s) => {
    for (const d of s.buses[0]!.dimms) d.overwriteMs = 50;
  });
}

/** pmem-db unmounted and region1 disabled: nmem7's passphrase can then change. */
async function unmountPmemDb(host: SimHost): Promise<void> {
  host.mutate((s) => {
    s.buses[0]!.regions[1]!.namespaces[0]!.mountpoint = null;
  });
  expect((await host.exec(['ndctl', 'disable-region', 'region1'])).exitCode).toBe(0);
}

/** A scrub that takes 50 ms and finds nothing new (the preset's takes seconds, and finds poison a twin cannot predict). */
async function quickScrub(host: SimHost): Promise<void> {
  host.mutate((s) => {
    for (const bus of s.buses) if (bus.scrub) bus.scrub.durationMs = 50;
    for (const r of s.buses.flatMap((b) => b.regions)) r.latentBadblocks = [];
  });
}

/** Puts the console's daxctl.conf.d entry for dax0.0 in place, as persistence.write would. */
async function writeEntry(host: SimHost): Promise<void> {
  const uuid = (await snapshot(host)).namespaces.find((n) => n.dev === 'namespace0.0')!.uuid!;
  await host.putFile(confFileFor(uuid), formatDaxctlConf({ name: sectionNameFor(uuid), uuid, mode: 'system-ram', online: true, movable: true }));
}

async function machine(s: (typeof SCENARIOS)[number]): Promise<{ host: SimHost; ctx: PlanContext; plan: Plan }> {
  const host = new SimHost({ preset: s.preset });
  for (const argv of s.setup) expect((await host.exec(argv)).exitCode, argv.join(' ')).toBe(0);
  await s.prepare?.(host);
  const ctx = { host, twin };
  const plan = await makePlan(ctx, s.request);
  expect(plan.guards.filter((g) => g.blocking).map((g) => g.message)).toEqual([]);
  return { host, ctx, plan };
}

describe('fault injection', () => {
  it('covers every action', () => {
    expect(new Set(SCENARIOS.map((s) => s.request.action))).toEqual(new Set(ACTION_NAMES));
  });

  for (const s of SCENARIOS) {
    it(`${s.name}: runs cleanly and as predicted without a fault`, async () => {
      const { host, ctx, plan } = await machine(s);
      const report = await runPlan(ctx, plan, { yes: true, typedName: s.typed }, new DirectRunner(host));
      expect(report.message).toMatch(/^done/);
      expect(report.verification).toEqual([]);
    });

    it(`${s.name}: a failure at each step is journalled, reported, and the machine re-read as it is`, async () => {
      const { plan: probe } = await machine(s);
      for (let i = 0; i < probe.steps.length; i++) {
        const { host, ctx, plan } = await machine(s);
        const before = await snapshot(host);
        const op = plan.steps[i]!.op;
        if (op.kind === 'exec') host.injectFault({ kind: 'command-fails', match: op.argv.join(' '), exitCode: 1, stderr: `${op.argv[0]}: ${op.argv[1]}: failed: Device or resource busy\n`, times: 1 });
        else host.injectFault({ kind: 'write-fails', path: op.path, code: 'EBUSY', times: 1 });
        const report = await runPlan(ctx, plan, { yes: true, typedName: s.typed }, new DirectRunner(host));
        expect(report.outcome).toBe('failed');
        expect(report.failedAt).toBe(i);
        expect(report.message).toContain(`failed at step ${i + 1} of ${plan.steps.length} (${describeOp(op)})`);
        expect(report.message).toMatch(/Device or resource busy/);
        expect(report.message).toMatch(i === 0 ? /^failed at step 1 [^]*\. Read again, the machine shows no change\.$/ : i === 1 ? /Step 1 ran\. / : new RegExp(`Steps 1-${i} ran\\. `));
        expect(report.ran.slice(0, i).every((r) => r.result.ok)).toBe(true);
        const now = machineFacts(await snapshot(host));
        expect(machineFacts(report.after!)).toEqual(now);
        // What the report says changed is what the machine shows: each change named, none where the read after equals the read before.
        expect(report.changes).toEqual(diffFacts(machineFacts(before), now));
        for (const c of report.changes) expect(report.message).toContain(`${c.what}: `);
        if (report.changes.length === 0) expect(report.message).toMatch(/the machine shows no change/);
        else expect(report.message).not.toMatch(/no change/);
        // The rollback is offered when something changed, and only as the plan names it.
        if (report.changes.length === 0) expect(report.rollback).toBeNull();
        else if (report.rollback) expect(report.rollback).toEqual(plan.rollback);
        const last = readJournal().entries.at(-1)!;
        expect(last).toMatchObject({ id: report.journalId, action: plan.action, outcome: 'failed' });
        expect(last.steps).toHaveLength(i + 1);
        expect(last.steps[i]).toMatchObject({ ok: false, op: describeOp(op) });
      }
    });
  }

  it('a block that refuses to go offline (EBUSY) stops dax.devdax at its first step, with memory still RAM', async () => {
    const s = SCENARIOS.find((x) => x.name === 'dax.devdax')!;
    const { host, ctx, plan } = await machine(s);
    host.injectFault({ kind: 'block-unmovable', block: 18 });
    const report = await runPlan(ctx, plan, { typedName: 'dax0.0' }, new DirectRunner(host));
    expect(report.failedAt).toBe(0);
    expect(report.ran).toHaveLength(1);
    const t = await snapshot(host);
    expect(t.daxDevices.find((d) => d.dev === 'dax0.0')!.mode).toBe('system-ram');
    expect(machineFacts(report.after!)).toEqual(machineFacts(t));
    expect(report.rollback).toBeNull();
  });

  it('a device that disappears between plan and run is noticed before anything runs', async () => {
    const s = SCENARIOS.find((x) => x.name === 'dax.system-ram')!;
    const { host, ctx, plan } = await machine(s);
    host.injectFault({ kind: 'device-vanishes', device: 'dax0.0' });
    await expect(runPlan(ctx, plan, { yes: true }, new DirectRunner(host))).rejects.toThrow(RefusedError);
    await expect(runPlan(ctx, plan, { yes: true }, new DirectRunner(host))).rejects.toThrow(/the machine changed since the plan was made: dax0\.0 does not exist/);
    expect(readJournal().entries.at(-1)).toMatchObject({ action: 'dax.system-ram', outcome: 'refused', steps: [] });
  });

  it('a step that runs past its limit is not stopped: the run says so, waits, and the step ends by itself', async () => {
    const s = SCENARIOS.find((x) => x.name === 'dax.system-ram')!;
    const { host, ctx, plan } = await machine(s);
    host.injectFault({ kind: 'command-slow', match: 'reconfigure-device --mode=system-ram', ms: 2600, times: 1 });
    const events: StepProgress[] = [];
    const report = await runPlan(ctx, plan, { yes: true }, new DirectRunner(host), { limitsMs: [200], onProgress: (p) => events.push(p) });
    expect(report.outcome).toBe('done');
    const overdue = events.filter((e) => e.status === 'overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.detail).toMatch(/^running for \d+ s, longer than it usually takes \(0 s\).*It is left to finish: stopping it midway would leave dax0\.0's memory partly online and partly not$/);
    expect(events.map((e) => e.status)).toEqual(['running', ...events.slice(1, -1).map((e) => e.status), 'ok']);
    // Its blocks are read while it runs (every 2 s), so a person sees how far it is.
    expect(events.find((e) => e.status === 'progress')?.detail).toMatch(/^memory blocks online: \d+ of [1-9]\d*$/);
    expect((await snapshot(host)).daxDevices.find((d) => d.dev === 'dax0.0')!.mode).toBe('system-ram');
  });

  it('a step that hangs is waited for until the person stops waiting; it is left running and the journal says so', async () => {
    const s = SCENARIOS.find((x) => x.name === 'dax.system-ram')!;
    const { host, ctx, plan } = await machine(s);
    host.injectFault({ kind: 'command-hangs', match: 'reconfigure-device --mode=system-ram', times: 1 });
    const stop = new AbortController();
    const running = runPlan(ctx, plan, { yes: true }, new DirectRunner(host), { limitsMs: [100], onProgress: (p) => { if (p.status === 'overdue') stop.abort(); }, stopWaiting: stop.signal });
    const report = await running;
    expect(report.outcome).toBe('detached');
    expect(report.message).toMatch(/^stopped waiting: the console stopped waiting for step 1 \(daxctl reconfigure-device --mode=system-ram dax0\.0\) after \d+ s; it was left to finish on its own\. Read again, the machine shows no change\. The step goes on by itself: read the machine again/);
    expect(readJournal().entries.at(-1)).toMatchObject({ action: 'dax.system-ram', outcome: 'detached' });
  });
});
