// Changing a machine over ssh through sudo (root only: the sim remote of test/helpers/sim-remote.ts, Debian's real sshd and sudo in
// front of a sim): one block offlined and onlined again, directly and through a relay that adds 50 ms per round trip; round trips
// and time in the bench process, and the whole `pmem-console apply` processes timed by hyperfine, interleaved.
import { runnerFor } from '../electron/actions/elevation/runner.js';
import { runPlan } from '../electron/actions/execute.js';
import { makePlan, readPlanInput } from '../electron/actions/plan.js';
import { main } from '../electron/cli/main.js';
import { SshHost } from '../electron/host/ssh/index.js';
import { simTwin } from '../electron/host/twin-factory.js';
import { CONSOLE_COMMANDS, startSimRemote, type SimRemote } from '../test/helpers/sim-remote.js';
import { canMakeUsers, SUDO_TEST_USER } from '../test/helpers/test-user.js';
import { interleaved, ms, type Timing } from './hyperfine.js';
import { delayingRelay } from './ssh.js';

const ROUNDS = 5;
const BLOCK = '18';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const msOf = (n: number) => `${n.toFixed(0)} ms`.padStart(9);

/** One block offlined (timed, round trips counted) and onlined again, in the bench process, through a port. */
async function offlineOnce(r: SimRemote, port: number): Promise<{ ms: number; trips: number; steps: number }> {
  const result = { ms: 0, trips: 0, steps: 0 };
  for (const [action, typedName] of [['memory.offline', `memory${BLOCK}`], ['memory.online', undefined]] as const) {
    const host = new SshHost({ user: SUDO_TEST_USER, host: '127.0.0.1', port }, { configFile: r.sshd.clientConfig });
    try {
      const t = performance.now();
      const input = await readPlanInput(host);
      const ctx = { host, twin: simTwin, known: input };
      const plan = await makePlan(ctx, { action, params: { blocks: BLOCK } }, input);
      const report = await runPlan(ctx, plan, { yes: true, typedName }, runnerFor(host), { madeFrom: input });
      if (report.outcome !== 'done') throw new Error(`${action} over ssh: ${report.message}`);
      if (action === 'memory.offline') Object.assign(result, { ms: performance.now() - t, trips: host.roundTrips, steps: plan.steps.length });
    } finally {
      await host.close();
    }
  }
  return result;
}

/** Runs the benchmark; returns whether it could run (the targets for apply over ssh are its round trips, counted in npm test). */
export async function benchSshApply(cli: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (!canMakeUsers()) {
    console.log('\napply over ssh through sudo: not measured (the sim remote needs root: a user, a sudoers rule, a mount namespace)');
    return true;
  }
  const r = await startSimRemote('seed-qemu', { kind: 'nopasswd', commands: CONSOLE_COMMANDS });
  const relay = await delayingRelay(r.sshd, 25);
  try {
    const ssh = ['--ssh-config', r.sshd.clientConfig];
    const quiet = { out: () => {}, err: () => {} };
    const setup = [['namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--align', '2M', '--confirm', 'namespace0.0'], ['dax.system-ram', '--device', 'dax0.0', '--yes']];
    for (const args of setup) if ((await main(['apply', ...args, '--host', r.spec, ...ssh], quiet)) !== 0) throw new Error(`setting up the sim remote: apply ${args[0]} failed`);
    const direct: { ms: number; trips: number; steps: number }[] = [];
    const slow: typeof direct = [];
    for (let i = 0; i <= ROUNDS; i++) {
      const a = await offlineOnce(r, r.sshd.port);
      const b = await offlineOnce(r, relay.port);
      if (i > 0) { direct.push(a); slow.push(b); }
    }
    const apply = (port: number, action: string, confirm: string[]) => [process.execPath, cli, 'apply', action, '--blocks', BLOCK, ...confirm, '--host', `ssh://${SUDO_TEST_USER}@127.0.0.1:${port}`, ...ssh].join(' ');
    const off = (port: number) => apply(port, 'memory.offline', ['--confirm', `memory${BLOCK}`]);
    const on = (port: number) => apply(port, 'memory.online', ['--yes']);
    // Offline and online alternate, so each process finds the block as the one before left it.
    const [offDirect, , offSlow] = (await interleaved([off(r.sshd.port), on(r.sshd.port), off(relay.port), on(relay.port)], ROUNDS, env)) as Timing[];
    const steps = direct[0]!.steps;
    console.log(`\napply over ssh as a user who is not root, through sudo (a sim behind the real sshd and sudo; median of ${ROUNDS}, direct and +50 ms interleaved)`);
    console.log('  (the remote\'s ndctl, daxctl and tee are Node stand-ins that start a process per call and hand the work to the sim in');
    console.log('  this process: the wall times are mostly the stand-ins\'; the round trips and the +50 ms difference are the console\'s)');
    console.log(`  ${''.padEnd(62)}${'direct'.padStart(9)}${'+50 ms'.padStart(9)}   round trips`);
    console.log(`  ${`apply memory.offline (${steps} step), whole process (hyperfine): wall`.padEnd(62)}${ms(offDirect!.wall)}${ms(offSlow!.wall)}`);
    console.log(`  ${'CPU (this machine\'s pmem-console and ssh)'.padStart(62)}${ms(offDirect!.cpu)}${ms(offSlow!.cpu)}`);
    const trips = median(direct.map((x) => x.trips));
    console.log(`  ${'in the bench process: connect+read, sudo check, step, read'.padEnd(62)}${msOf(median(direct.map((x) => x.ms)))}${msOf(median(slow.map((x) => x.ms)))}   ${trips} (at most steps + 3 = ${steps + 3})`);
    return trips <= steps + 3;
  } finally {
    await relay.close();
    await r.stop();
  }
}
