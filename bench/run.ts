// npm run bench: start-up against node -e 0, snapshot time of every simulator preset, acting on sim:large, a 65,536-block tree against
// lsmem (and the memory of a 262,144-block one), reading over ssh with and without a 50 ms link, and the console in Chromium. Whole processes are measured with hyperfine, interleaved, on tmpfs; nothing is written to the user's journal.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRESET_NAMES, SimHost } from '../electron/host/sim/index.js';
import { snapshot } from '../electron/system/snapshot.js';
import { benchActions } from './actions.js';
import { benchScan } from './scan.js';
import { benchSsh } from './ssh.js';
import { benchSshApply } from './ssh-apply.js';
import { benchStartup } from './startup.js';
import { benchUi } from './ui.js';

const RUNS = 5;
const SNAPSHOT_TARGET_MS = 1000;
const OUT = new URL('../out', import.meta.url).pathname;

/** Milliseconds one call takes. */
async function time(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The median of several runs of fn, after one warm-up run. */
async function median(fn: () => unknown, runs = RUNS): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await time(fn));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(9);
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');

async function benchSnapshots(): Promise<boolean> {
  console.log(`\nsnapshot per simulator preset, in this process (cold: a fresh machine; warm: median of ${RUNS})`);
  console.log(`  ${'preset'.padEnd(14)}${'blocks'.padStart(8)}${'cold'.padStart(9)}${'warm'.padStart(9)}`);
  let met = true;
  for (const preset of PRESET_NAMES) {
    let blocks = 0;
    const cold = await time(async () => { blocks = (await snapshot(new SimHost({ preset }))).memory.blocks.length; });
    const host = new SimHost({ preset });
    const warm = await median(() => snapshot(host));
    const target = preset === 'large' ? `   target < ${SNAPSHOT_TARGET_MS} ms: ${verdict(warm < SNAPSHOT_TARGET_MS)}` : '';
    if (preset === 'large') met = warm < SNAPSHOT_TARGET_MS;
    console.log(`  ${preset.padEnd(14)}${String(blocks).padStart(8)}${ms(cold)}${ms(warm)}${target}`);
  }
  return met;
}

// Plans run by the benchmark go to a journal of its own, never the user's.
const state = mkdtempSync(join(tmpdir(), 'pmc-bench-state-'));
process.env.PMEM_CONSOLE_STATE_DIR = state;
const env = { ...process.env, PMEM_CONSOLE_STATE_DIR: state };
try {
  console.log(`pmem-console benchmarks (node ${process.version}, ${availableParallelism()} cores)`);
  const startupMet = await benchStartup(OUT, env);
  const snapshotsMet = await benchSnapshots();
  const actionsMet = await benchActions(join(OUT, 'cli/pmem-console.cjs'), env);
  const scanMet = await benchScan(OUT, env);
  const sshMet = await benchSsh(join(OUT, 'cli/pmem-console.cjs'), env);
  const sshApplyMet = await benchSshApply(join(OUT, 'cli/pmem-console.cjs'), env);
  const uiMet = await benchUi(join(OUT, 'cli/pmem-console.cjs'), env);
  console.log(`\ntargets: ${startupMet && snapshotsMet && actionsMet && scanMet && sshMet && sshApplyMet && uiMet ? 'all met' : 'some NOT MET'}`);
} catch (e) {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  rmSync(state, { recursive: true, force: true });
}
