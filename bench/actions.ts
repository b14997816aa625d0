// Acting on sim:large (65,536 blocks): an 8-block offline applied and a give-back planned, as whole CLI processes (hyperfine, interleaved,
// median of 5, wall and CPU; each process reads the machine once) and in the console (an open session: plan.make and plan.run, median of 5).
import { ConsoleSession } from '../electron/api/session.js';
import { SimHost } from '../electron/host/sim/index.js';
import { snapshot } from '../electron/system/snapshot.js';
import { interleaved, ms } from './hyperfine.js';

const ROUNDS = 5;
const TARGET_MS = 1000;
const DEVICE = 'dax3.0';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const msOf = (n: number) => `${n.toFixed(0)} ms`.padStart(9);
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const v = await f();
  return [v, performance.now() - start];
}

/** Runs the actions benchmark; returns whether the console meets the targets (the CLI figures are printed beside them). */
export async function benchActions(cli: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const t = await snapshot(new SimHost({ preset: 'large' }));
  const first = t.daxDevices.find((d) => d.dev === DEVICE)!.memoryBlocks[0]!;
  const blocks = `${first}-${first + 7}`;
  const node = process.execPath;
  // Each process starts from the preset (--fresh: the kept machine is dropped and saved anew), so every apply offlines the same 8 blocks.
  const [apply, plan] = await interleaved([
    `${node} ${cli} apply memory.offline --host sim:large --fresh --blocks ${blocks} --confirm memory${blocks}`,
    `${node} ${cli} plan dax.devdax --host sim:large --fresh --device ${DEVICE}`,
  ], ROUNDS, env);
  console.log(`\nacting on sim:large (${t.memory.blocks.length.toLocaleString('en')} blocks)`);
  console.log(`  whole CLI processes (hyperfine, interleaved, median of ${ROUNDS}; each reads the machine once)${'wall'.padStart(5)}${'CPU'.padStart(9)}`);
  console.log(`  ${'apply memory.offline, 8 blocks'.padEnd(86)}${ms(apply!.wall)}${ms(apply!.cpu)}`);
  console.log(`  ${'plan dax.devdax (give-back)'.padEnd(86)}${ms(plan!.wall)}${ms(plan!.cpu)}`);

  // In the console: the session read the machine once when it opened; plans and runs read only what they touch.
  const session = new ConsoleSession({ spec: 'sim:large' });
  try {
    await session.view();
    const offPlan: number[] = [];
    const offRun: number[] = [];
    const giveBack: number[] = [];
    for (let i = 0; i <= ROUNDS; i++) {
      const [off, a] = await timed(() => session.plan({ action: 'memory.offline', params: { blocks } }));
      const [, b] = await timed(() => session.run({ planId: off.planId, typedName: `memory${blocks}` }));
      const on = await session.plan({ action: 'memory.online', params: { blocks } });
      await session.run({ planId: on.planId, typedName: `memory${blocks}`, yes: true });
      const [, c] = await timed(() => session.plan({ action: 'dax.devdax', params: { device: DEVICE } }));
      if (i > 0) { offPlan.push(a); offRun.push(b); giveBack.push(c); } // the first round warms the code
    }
    const apply8 = median(offPlan) + median(offRun);
    console.log(`  in the console (an open session, median of ${ROUNDS})`);
    console.log(`    plan.make memory.offline, 8 blocks         ${msOf(median(offPlan))}`);
    console.log(`    plan.run  memory.offline, 8 blocks         ${msOf(median(offRun))}`);
    console.log(`    apply (plan + run), 8 blocks                ${msOf(apply8)}   target < ${TARGET_MS} ms: ${verdict(apply8 < TARGET_MS)} (the CLI process: ${verdict(apply!.wall * 1000 < TARGET_MS)})`);
    console.log(`    plan.make dax.devdax (give-back)            ${msOf(median(giveBack))}   target < ${TARGET_MS} ms: ${verdict(median(giveBack) < TARGET_MS)} (the CLI process: ${verdict(plan!.wall * 1000 < TARGET_MS)})`);
    return apply8 < TARGET_MS && median(giveBack) < TARGET_MS;
  } finally {
    await session.close();
  }
}
