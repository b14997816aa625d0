// npm run bench: snapshot time of every simulator preset, the --sysroot memory-block scan against lsmem, and the console in Chromium.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalHost } from '../electron/host/local/index.js';
import { PRESET_NAMES, SimHost } from '../electron/host/sim/index.js';
import { readMemoryBlocks } from '../electron/system/memory.js';
import { snapshot } from '../electron/system/snapshot.js';
import { writeMemoryTree } from '../test/helpers/sysfs-tree.js';
import { benchStartup } from './startup.js';
import { benchUi } from './ui.js';

const RUNS = 5;
const SNAPSHOT_TARGET_MS = 1000;
const TREE = { blocks: 65_536, nodes: 16, blockSize: 128 * 2 ** 20 };

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
  console.log(`snapshot per simulator preset (cold: a fresh machine; warm: median of ${RUNS})`);
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

async function benchScan(): Promise<boolean> {
  try {
    execFileSync('lsmem', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('lsmem is not installed (Debian: apt-get install util-linux); the scan comparison needs it');
  }
  const root = mkdtempSync(join(tmpdir(), 'pmc-bench-sysfs-'));
  try {
    const made = await time(() => writeMemoryTree(root, TREE));
    console.log(`\nmemory-block scan of a generated sysfs tree (${TREE.blocks.toLocaleString('en')} blocks, ${TREE.nodes} nodes, written in ${(made / 1000).toFixed(1)} s; median of ${RUNS})`);
    const host = new LocalHost(root);
    const nodeIds = Array.from({ length: TREE.nodes }, (_, i) => i);
    let scanned = 0;
    const ours = await median(async () => { scanned = (await readMemoryBlocks(host, TREE.blockSize, nodeIds)).length; });
    if (scanned !== TREE.blocks) throw new Error(`the scan found ${scanned} blocks, not ${TREE.blocks}`);
    const lsmem = await median(() => execFileSync('lsmem', ['--sysroot', root, '-J'], { maxBuffer: 1 << 30 }));
    const ratio = ours / lsmem;
    console.log(`  pmem-console (local host, --sysroot)  ${ms(ours)}`);
    console.log(`  lsmem --sysroot DIR -J                ${ms(lsmem)}`);
    console.log(`  ratio                                 ${ratio.toFixed(2).padStart(6)}      target <= 1.0: ${verdict(ratio <= 1)}`);
    return ratio <= 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

try {
  console.log(`pmem-console benchmarks (node ${process.version}, ${availableParallelism()} cores)`);
  const startupMet = benchStartup(new URL('../out', import.meta.url).pathname);
  console.log('');
  const snapshotsMet = await benchSnapshots();
  const scanMet = await benchScan();
  const uiMet = await benchUi();
  console.log(`\ntargets: ${startupMet && snapshotsMet && scanMet && uiMet ? 'all met' : 'some NOT MET'}`);
} catch (e) {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
}
