// Elevation: the helper decides, not its caller. It refuses anything malformed, anything no planner makes, and any plan that
// differs from the one it makes itself after reading the machine; the runner starts only the installed helper, through pkexec.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { serveHelper } from '../../electron/actions/elevation/helper.js';
import { HELPER_PATH, helperProblem } from '../../electron/actions/elevation/installed.js';
import { ElevatedRunner } from '../../electron/actions/elevation/runner.js';
import { MAX_REQUEST_BYTES } from '../../electron/actions/elevation/protocol.js';
import { RefusedError, runPlan } from '../../electron/actions/execute.js';
import { readJournal } from '../../electron/actions/journal.js';
import { makePlan } from '../../electron/actions/plan.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { simTwin } from '../../electron/host/twin-factory.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { pkexecStandin } from '../helpers/pkexec-standin.js';
import { privateStateDir, tmp } from './cli-helpers.js';

beforeAll(() => privateStateDir());

/** Talks to serveHelper in-process with raw lines and returns its answers. */
async function converse(host: SimHost, lines: string[]): Promise<unknown[]> {
  const input = new PassThrough();
  const output = new PassThrough();
  const answers: unknown[] = [];
  output.on('data', (d: Buffer) => answers.push(...d.toString().trim().split('\n').map((l) => JSON.parse(l))));
  const served = serveHelper(input, output, host);
  for (const l of lines) input.write(l + '\n');
  input.end();
  await served;
  return answers;
}

const request = (plan: unknown) => JSON.stringify({ protocol: 2, plan });
const disable0 = { host: 'sim:seed-qemu', action: 'region.disable', params: { region: 'region0' }, steps: [{ kind: 'exec', argv: ['ndctl', 'disable-region', 'region0'] }] };

describe('the privileged helper', () => {
  it('refuses requests that are not one JSON object of the protocol, without running anything', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    const before = JSON.stringify(host.snapshotState());
    for (const line of ['null', '[]', '"x"', '1', 'true', '{', '{}', JSON.stringify({ steps: disable0.steps }), JSON.stringify({ protocol: 1, plan: disable0 }),
      JSON.stringify({ protocol: 2, plan: disable0, extra: 1 }), '{"protocol":2,"plan":{"host":"sim:seed-qemu","action":"region.disable","params":{"__proto__":{"x":1}},"steps":[]}}',
      JSON.stringify({ protocol: 2, plan: { ...disable0, params: { constructor: 'x' } } }), JSON.stringify({ protocol: 2, plan: { ...disable0, steps: [null] } }),
      JSON.stringify({ protocol: 2, plan: { action: disable0.action, params: disable0.params, steps: disable0.steps } }), JSON.stringify({ protocol: 2, plan: { ...disable0, host: 7 } })]) {
      const answers = await converse(host, [line]);
      expect(answers, line).toHaveLength(1);
      expect(answers[0], line).toHaveProperty('refused');
    }
    expect(JSON.stringify(host.snapshotState())).toBe(before);
  });

  it('caps the request line and the number of steps', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    const huge = request({ ...disable0, params: { region: 'x'.repeat(MAX_REQUEST_BYTES) } });
    expect(await converse(host, [huge])).toEqual([{ refused: `a request is longer than ${MAX_REQUEST_BYTES} bytes` }]);
    const many = Array.from({ length: 5000 }, (_, i) => ({ kind: 'write', path: `/sys/devices/system/memory/memory${i}/state`, value: 'offline' }));
    expect(await converse(host, [request({ host: 'sim:seed-qemu', action: 'memory.offline', params: { blocks: '0-4999' }, steps: many })])).toEqual([{ refused: 'the plan has 5000 steps, more than the 4096 a plan may have' }]);
  });

  it('checks the whole plan before running anything, and refuses it all if one step is not allowed', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    const before = JSON.stringify(host.snapshotState());
    const answers = await converse(host, [request({ ...disable0, steps: [...disable0.steps, { kind: 'exec', argv: ['rm', '-rf', '/'] }] }), '{"run":0}']);
    expect(answers).toEqual([{ refused: '"rm -rf" is not an allowed command' }]);
    expect(JSON.stringify(host.snapshotState())).toBe(before);
  });

  it('writes auto_online_blocks only with a value it may have, and only as memory.auto-online plans it', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    const autoOnline = '/sys/devices/system/memory/auto_online_blocks';
    const odd = await converse(host, [request({ host: 'sim:seed-qemu', action: 'memory.auto-online', params: { policy: 'offline' }, steps: [{ kind: 'write', path: autoOnline, value: 'online_sideways' }] })]);
    expect(odd).toEqual([{ refused: `"online_sideways" is not a value ${autoOnline} may be given` }]);
    const smuggled = await converse(host, [request({ host: 'sim:seed-qemu', action: 'tiering.set', params: { demotion: 'yes' }, steps: [{ kind: 'write', path: autoOnline, value: 'online_kernel' }] })]);
    expect((smuggled[0] as { refused: string }).refused).toMatch(/not one the console makes: on this machine now, tiering\.set would run/);
  });

  it('runs only the plan it makes itself: other allowed steps for the same action are refused', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    const answers = await converse(host, [request({ ...disable0, steps: [{ kind: 'exec', argv: ['ndctl', 'destroy-namespace', '-f', 'namespace0.0'] }] })]);
    expect(answers).toHaveLength(1);
    expect((answers[0] as { refused: string }).refused).toMatch(/not one the console makes: on this machine now, region\.disable would run ndctl disable-region region0/);
  });

  it('runs only plans made for the machine it is on, as it is: not for a --sysroot view of it, nor for another host', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    const before = JSON.stringify(host.snapshotState());
    for (const other of ['local (sysroot /tmp/tree)', 'ssh://root@elsewhere', 'sim:optane-2s']) {
      const answers = await converse(host, [request({ ...disable0, host: other }), '{"run":0}']);
      expect(answers).toEqual([{ refused: `the plan was made for ${JSON.stringify(other)}, not for this machine as it is (sim:seed-qemu)` }]);
    }
    expect(JSON.stringify(host.snapshotState())).toBe(before);
  });

  it('runs steps in order, once each', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    const answers = await converse(host, [request(disable0), '{"run":0}', '{"run":0}']);
    expect(answers[0]).toEqual({ ready: true, steps: 1 });
    expect(answers[1]).toMatchObject({ ok: true, exitCode: 0 });
    expect(answers[2]).toEqual({ refused: 'steps run in order, once each; expected {"run": 1}' });
  });
});

describe('the installed helper', () => {
  it('is the path the polkit policy names, and nothing else is started as root', () => {
    const policy = readFileSync(new URL('../../build/polkit/org.pmem-console.helper.policy', import.meta.url), 'utf8');
    expect(policy).toContain('<action id="org.pmem-console.run-plan">');
    expect(policy).toContain(`<annotate key="org.freedesktop.policykit.exec.path">${HELPER_PATH}</annotate>`);
    expect(policy).toMatch(/<allow_active>auth_admin<\/allow_active>/);
  });

  it('is refused when missing, not root\'s, writable by others, or in a folder others can change', () => {
    const st = (over: Record<string, Partial<{ uid: number; mode: number; isFile: boolean; isDir: boolean; isLink: boolean }> | null>) => (p: string) => {
      const file = { uid: 0, mode: 0o100755, isFile: true, isDir: false, isLink: false };
      const dir = { uid: 0, mode: 0o40755, isFile: false, isDir: true, isLink: false };
      const base = p === HELPER_PATH ? file : dir;
      if (p in over) return over[p] === null ? null : { ...base, ...over[p] };
      return base;
    };
    expect(helperProblem(HELPER_PATH, st({}))).toBeNull();
    expect(helperProblem(HELPER_PATH, st({ [HELPER_PATH]: null }))).toMatch(/^the privileged helper is not installed at \/usr\/lib\/pmem-console\/pmem-console-helper: install the pmem-console package .* or run pmem-console as root$/);
    expect(helperProblem(HELPER_PATH, st({ [HELPER_PATH]: { uid: 1000 } }))).toMatch(/not owned by root/);
    expect(helperProblem(HELPER_PATH, st({ [HELPER_PATH]: { mode: 0o100777 } }))).toMatch(/writable by others than root \(mode 777\)/);
    expect(helperProblem(HELPER_PATH, st({ [HELPER_PATH]: { isLink: true, isFile: false } }))).toMatch(/not a regular file/);
    expect(helperProblem(HELPER_PATH, st({ '/usr/lib/pmem-console': { uid: 1000 } }))).toMatch(/\/usr\/lib\/pmem-console, which holds the helper, can be changed/);
    expect(helperProblem(HELPER_PATH, st({ '/usr/lib': { mode: 0o40777 } }))).toMatch(/\/usr\/lib, which holds the helper/);
  });

  it('without it, elevation runs nothing and says so in one line', async () => {
    const state = join(tmp(), 'seed.json');
    const host = new SimHost({ stateFile: state, preset: 'seed-qemu' });
    const ctx = { host, twin: simTwin };
    const standin = pkexecStandin();
    const plan = await makePlan(ctx, { action: 'region.disable', params: { region: 'region0' } });
    const runner = new ElevatedRunner({ argv: [standin.program, HELPER_PATH], problem: () => helperProblem('/nonexistent/pmem-console-helper') });
    const error = await runPlan(ctx, plan, { typedName: 'region0' }, runner).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toMatch(/^the privileged helper is not installed at \/nonexistent\/pmem-console-helper: [^\n]*$/);
    expect(standin.recorded()).toBeNull();
    expect(readJournal().entries.at(-1)).toMatchObject({ action: 'region.disable', outcome: 'refused' });
  });
});

describe('the elevated runner', () => {
  it('starts pkexec with the installed helper\'s path, and runs a whole plan through one helper process', async () => {
    const state = join(tmp(), 'seed.json');
    const host = new SimHost({ stateFile: state, preset: 'seed-qemu' });
    const ctx = { host, twin: simTwin };
    const standin = pkexecStandin({ stateFile: state });
    const plan = await makePlan(ctx, { action: 'namespace.reconfigure', params: { namespace: 'namespace0.0', mode: 'devdax' } });
    const report = await runPlan(ctx, plan, { typedName: 'namespace0.0' }, new ElevatedRunner({ argv: [standin.program, HELPER_PATH], problem: () => null }));
    expect(standin.recorded()).toEqual([HELPER_PATH]);
    expect(report.message).toMatch(/^done/);
    expect(report.verification).toEqual([]);
    expect((await snapshot(new SimHost({ stateFile: state }))).daxDevices.map((d) => d.dev)).toEqual(['dax0.0']);
  }, 60_000);

  it('is refused by the helper when the machine changes during the password dialog (auto_online_blocks set to online_kernel)', async () => {
    const state = join(tmp(), 'seed.json');
    const host = new SimHost({ stateFile: state, preset: 'seed-qemu' });
    await host.exec(['ndctl', 'create-namespace', '-f', '-e', 'namespace0.0', '-m', 'devdax', '-a', '2M']);
    const ctx = { host, twin: simTwin };
    const plan = await makePlan(ctx, { action: 'dax.system-ram', params: { device: 'dax0.0' } });
    expect(plan.guards.filter((g) => g.blocking)).toEqual([]);
    const standin = pkexecStandin({ stateFile: state, wait: true });
    const running = runPlan(ctx, plan, { yes: true }, new ElevatedRunner({ argv: [standin.program, HELPER_PATH], problem: () => null })).catch((e: unknown) => e);
    // The "dialog" is up: pkexec was started. Someone changes the policy now, then authenticates.
    await expect.poll(() => existsSync(standin.argvLog), { timeout: 30_000 }).toBe(true);
    new SimHost({ stateFile: state }).mutate((s) => { s.memory.autoOnline = 'online_kernel'; });
    writeFileSync(standin.goFile, '');
    const error = await running;
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toMatch(/^the privileged helper refused the plan: the machine changed since the plan was shown: auto_online_blocks is "online_kernel"/);
    const after = await snapshot(new SimHost({ stateFile: state }));
    expect(after.daxDevices[0]).toMatchObject({ dev: 'dax0.0', mode: 'devdax' });
    expect(after.memory.blocks.filter((b) => b.daxDevice === 'dax0.0' && b.state === 'online')).toEqual([]);
    expect(readJournal().entries.at(-1)).toMatchObject({ action: 'dax.system-ram', outcome: 'refused', steps: [{ ok: false }] });
  }, 60_000);

  it('journals the plan that ran when the machine changed during the dialog but the steps did not: its rollback, facts and changes', async () => {
    const state = join(tmp(), 'seed.json');
    const host = new SimHost({ stateFile: state, preset: 'seed-qemu' });
    const ctx = { host, twin: simTwin };
    const plan = await makePlan(ctx, { action: 'memory.auto-online', params: { policy: 'online_movable' } });
    expect(plan.rollback).toEqual({ action: 'memory.auto-online', params: { policy: 'offline' } });
    const standin = pkexecStandin({ stateFile: state, wait: true });
    const running = runPlan(ctx, plan, { yes: true }, new ElevatedRunner({ argv: [standin.program, HELPER_PATH], problem: () => null }));
    // The "dialog" is up. Someone sets the policy to online_kernel: the plan's one step (write online_movable) is the same.
    await expect.poll(() => existsSync(standin.argvLog), { timeout: 30_000 }).toBe(true);
    new SimHost({ stateFile: state }).mutate((s) => { s.memory.autoOnline = 'online_kernel'; });
    writeFileSync(standin.goFile, '');
    const report = await running;
    expect(report.outcome).toBe('done');
    expect(report.plan.rollback).toEqual({ action: 'memory.auto-online', params: { policy: 'online_kernel' } });
    expect(report.changes).toEqual([{ what: 'setting auto_online_blocks', before: 'online_kernel', after: 'online_movable' }]);
    expect(report.verification).toEqual([]);
    const entry = readJournal().entries.at(-1)!;
    expect(entry).toMatchObject({ action: 'memory.auto-online', outcome: 'done', rollback: { action: 'memory.auto-online', params: { policy: 'online_kernel' } } });
    expect(entry.replannedAt).toEqual(expect.any(String));
    expect(entry.before?.settings?.auto_online_blocks).toBe('online_kernel');
    expect(entry.changes).toEqual([{ what: 'setting auto_online_blocks', before: 'online_kernel', after: 'online_movable' }]);
  }, 60_000);

  it('reports authentication refused or cancelled as a failure before any step', async () => {
    const state = join(tmp(), 'seed.json');
    const host = new SimHost({ stateFile: state, preset: 'seed-qemu' });
    const ctx = { host, twin: simTwin };
    const plan = await makePlan(ctx, { action: 'region.disable', params: { region: 'region0' } });
    const standin = pkexecStandin();
    const report = await runPlan(ctx, plan, { typedName: 'region0' }, new ElevatedRunner({ argv: [standin.program, HELPER_PATH], problem: () => null }));
    expect(report.outcome).toBe('failed');
    expect(report.message).toMatch(/failed at step 1 of 1 .*authentication was refused or cancelled/);
    expect(report.message).toMatch(/Read again, the machine shows no change\.$/);
  }, 30_000);

  it('says so when pkexec is not installed', async () => {
    const state = join(tmp(), 'seed.json');
    const host = new SimHost({ stateFile: state, preset: 'seed-qemu' });
    const ctx = { host, twin: simTwin };
    const plan = await makePlan(ctx, { action: 'region.disable', params: { region: 'region0' } });
    const report = await runPlan(ctx, plan, { typedName: 'region0' }, new ElevatedRunner({ argv: ['/nonexistent/pkexec', HELPER_PATH], problem: () => null }));
    expect(report.message).toMatch(/\/nonexistent\/pkexec is not installed \(Debian: apt install pkexec\), or run pmem-console as root/);
  }, 30_000);
});
