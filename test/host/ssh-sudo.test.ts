// The seed flow on a remote reached as a user who is not root, through the real sshd and the real sudo (test/helpers/sim-remote.ts):
// devdax, system RAM, a block offlined and onlined through sysfs, and back. Once with sudo needing no password, once with a password
// asked for once per plan; a wrong password and a user without sudo are refused before anything runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnerFor } from '../../electron/actions/elevation/runner.js';
import { runPlan } from '../../electron/actions/execute.js';
import { makePlan, readPlanInput } from '../../electron/actions/plan.js';
import { main } from '../../electron/cli/main.js';
import { SshHost } from '../../electron/host/ssh/index.js';
import { simTwin } from '../../electron/host/twin-factory.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { privateStateDir } from '../actions/cli-helpers.js';
import { CONSOLE_COMMANDS, startSimRemote, type SimRemote } from '../helpers/sim-remote.js';
import { canMakeUsers, SUDO_TEST_USER } from '../helpers/test-user.js';

const MiB = 2 ** 20;
/** Making users, sudoers rules and mount namespaces takes root; CI runs the tests as root. */
const ROOT = canMakeUsers();
const PASSWORD = 'correct horse: battery $staple';

/** The seed's first step, as the refusal tests ask for it. */
const RECONFIGURE = ['namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--align', '2M', '--confirm', 'namespace0.0'];
const sshArgs = (r: SimRemote) => ['--host', r.spec, '--ssh-config', r.sshd.clientConfig];
const hostOf = (r: SimRemote) => new SshHost({ user: SUDO_TEST_USER, host: '127.0.0.1', port: r.sshd.port }, { configFile: r.sshd.clientConfig });

/** Runs `apply` through the CLI, answering sudo's password prompts with `password` and counting them. */
async function apply(r: SimRemote, asked: string[], password: string | null, ...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['apply', ...args, ...sshArgs(r), '--json'], {
    out: (s) => void (out += s), err: (s) => void (err += s),
    askPassword: async (prompt) => { asked.push(prompt); return password; },
  });
  return { code, out, err, report: code === 0 || code === 1 ? JSON.parse(out) : null };
}

/** The seed flow, step by step, checked against the sim behind the remote. */
function seedFlow(remote: () => SimRemote, password: string | null) {
  const asked: string[] = [];
  let memTotal0 = 0;
  const expectAsked = (n: number) => expect(asked).toHaveLength(password === null ? 0 : n);

  it('turns namespace0.0 into devdax: ndctl ran as root through sudo', async () => {
    const r = remote();
    memTotal0 = (await snapshot(r.sim)).meminfo.memTotal;
    const a = await apply(r, asked, password, ...RECONFIGURE);
    expect(a.code).toBe(0);
    expect(a.report.verification).toEqual([]);
    expect(a.report.changes).toContainEqual({ what: 'dax device dax0.0', before: null, after: 'devdax 526385152 enabled' });
    expect(r.calls.root).toEqual([expect.stringMatching(/^ndctl create-namespace .*namespace0\.0/)]);
    expect(r.calls.refused).toEqual([]);
    expectAsked(1);
  });

  it('gives dax0.0 to the kernel as system RAM: MemTotal grows by exactly its three whole blocks', async () => {
    const r = remote();
    const a = await apply(r, asked, password, 'dax.system-ram', '--device', 'dax0.0', '--yes');
    expect(a.code).toBe(0);
    expect(a.report.verification).toEqual([]);
    const t = await snapshot(r.sim);
    expect(t.meminfo.memTotal - memTotal0).toBe(3 * 128 * MiB);
    expect(t.memory.blocks.filter((b) => b.daxDevice === 'dax0.0').map((b) => b.state)).toEqual(['online', 'online', 'online']);
    expectAsked(2);
  });

  it('offlines and onlines a block through sysfs (tee under sudo), as predicted', async () => {
    const r = remote();
    const off = await apply(r, asked, password, 'memory.offline', '--blocks', '18', '--confirm', 'memory18');
    expect(off.code).toBe(0);
    expect(off.report.verification).toEqual([]);
    expect(r.calls.root.at(-1)).toBe('tee -- /sys/devices/system/memory/memory18/state');
    expect((await snapshot(r.sim)).memory.blocks.find((b) => b.index === 18)!.state).toBe('offline');
    const on = await apply(r, asked, password, 'memory.online', '--blocks', '18', '--yes');
    expect(on.code).toBe(0);
    expect(on.report.verification).toEqual([]);
    expect((await snapshot(r.sim)).memory.blocks.find((b) => b.index === 18)!.state).toBe('online');
    expectAsked(4);
  });

  it('gives the memory back: MemTotal is where it was, and the remote reads the same as the sim', async () => {
    const r = remote();
    const a = await apply(r, asked, password, 'dax.devdax', '--device', 'dax0.0', '--confirm', 'dax0.0');
    expect(a.code).toBe(0);
    expect(a.report.verification).toEqual([]);
    expect((await snapshot(r.sim)).meminfo.memTotal).toBe(memTotal0);
    const host = hostOf(r);
    try {
      const remoteView = await snapshot(host);
      expect(remoteView.meminfo.memTotal).toBe(memTotal0);
      expect(remoteView.daxDevices.find((d) => d.dev === 'dax0.0')!.mode).toBe('devdax');
    } finally {
      await host.close();
    }
    expect(r.calls.refused).toEqual([]);
    expectAsked(5);
    if (password !== null) expect(new Set(asked)).toEqual(new Set([`sudo password for ${SUDO_TEST_USER} on 127.0.0.1`]));
  });
}

describe.skipIf(!ROOT)('sudo on an ssh host (needs root: a user, a sudoers rule, a mount namespace)', { timeout: 180_000 }, () => {
  beforeAll(() => void privateStateDir());

  describe('sudo without a password, for the console\'s commands alone', () => {
    let r: SimRemote;
    beforeAll(async () => { r = await startSimRemote('seed-qemu', { kind: 'nopasswd', commands: CONSOLE_COMMANDS }); }, 60_000);
    afterAll(async () => { await r?.stop(); });
    seedFlow(() => r, null);

    it('an apply is at most steps + 3 round trips: the read, the sudo check, the steps, the read after', async () => {
      for (const [action, steps, confirmation] of [['dax.system-ram', 1, { yes: true }], ['dax.devdax', 2, { typedName: 'dax0.0' }]] as const) {
        const host = hostOf(r);
        try {
          const input = await readPlanInput(host);
          const ctx = { host, twin: simTwin, known: input };
          const plan = await makePlan(ctx, { action, params: { device: 'dax0.0' } }, input);
          expect(plan.steps).toHaveLength(steps);
          const report = await runPlan(ctx, plan, confirmation, runnerFor(host), { madeFrom: input });
          expect(report.outcome).toBe('done');
          expect(report.verification).toEqual([]);
          expect(host.roundTrips).toBeLessThanOrEqual(steps + 3);
        } finally {
          await host.close();
        }
      }
    });
  });

  describe('sudo with a password, asked for once per plan', () => {
    let r: SimRemote;
    beforeAll(async () => { r = await startSimRemote('seed-qemu', { kind: 'password', password: PASSWORD }); }, 60_000);
    afterAll(async () => { await r?.stop(); });

    it('a wrong password is refused before anything runs', async () => {
      const asked: string[] = [];
      const a = await apply(r, asked, 'not the password', ...RECONFIGURE);
      expect(a.code).toBe(3);
      expect(a.err).toContain(`sudo did not accept the password of ${SUDO_TEST_USER} on 127.0.0.1; nothing ran`);
      expect(asked).toHaveLength(1);
      expect(r.calls.root).toEqual([]);
    });

    it('with no password to give, nothing runs', async () => {
      const a = await apply(r, [], null, ...RECONFIGURE);
      expect(a.code).toBe(3);
      expect(a.err).toContain(`sudo needs the password of ${SUDO_TEST_USER} on 127.0.0.1, and none was given; nothing ran`);
      expect(r.calls.root).toEqual([]);
    });

    seedFlow(() => r, PASSWORD);
  });

  describe('a sudoers rule without tee', () => {
    let r: SimRemote;
    beforeAll(async () => { r = await startSimRemote('seed-qemu', { kind: 'nopasswd', commands: CONSOLE_COMMANDS.filter((c) => !c.endsWith('/tee')) }); }, 60_000);
    afterAll(async () => { await r?.stop(); });

    it('runs the tools, and refuses a sysfs write up front, naming the command sudo does not allow', async () => {
      expect((await apply(r, [], null, ...RECONFIGURE)).code).toBe(0);
      const a = await apply(r, [], null, 'tiering.set', '--demotion', 'yes', '--yes');
      expect(a.code).toBe(3);
      expect(a.err).toMatch(/sudo there does not allow tee -- \/sys\/kernel\/mm\/numa\/demotion_enabled; nothing ran/);
      expect(r.calls.root).toEqual([expect.stringMatching(/^ndctl create-namespace/)]);
    });
  });

  describe('a user sudo does not know', () => {
    let r: SimRemote;
    beforeAll(async () => { r = await startSimRemote('seed-qemu', { kind: 'none' }); }, 60_000);
    afterAll(async () => { await r?.stop(); });

    it('is refused before anything runs, with sudo\'s own words', async () => {
      const a = await apply(r, [], null, ...RECONFIGURE);
      expect(a.code).toBe(3);
      expect(a.err).toMatch(/may not run sudo/);
      expect(r.calls.root).toEqual([]);
    });
  });
});
