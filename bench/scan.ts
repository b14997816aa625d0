// A 65,536-block machine read from a generated sysfs tree on tmpfs, whole process against whole process:
// `pmem-console snapshot --host local --sysroot TREE --json` against `lsmem --sysroot TREE -J`, interleaved, median of 5, wall and CPU;
// and the peak memory of each (GNU time's maximum resident set size).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeMemoryTree } from '../test/helpers/sysfs-tree.js';
import { hyperfineMissing, interleaved, ms } from './hyperfine.js';
import { TMPFS } from './startup.js';

const ROUNDS = 5;
const TREE = { blocks: 65_536, nodes: 16, blockSize: 128 * 2 ** 20 };
const BIG = { blocks: 262_144, nodes: 16, blockSize: 128 * 2 ** 20 };
const US_PER_BLOCK = 30;
const RSS_TARGET_MIB = 200;

/** Writes a tree of memory blocks with its kernel release (a real machine has one; on 5.7 and later every block's `removable` is one
 *  value, read once: memory.ts). */
function writeTree(root: string, shape: typeof TREE): number {
  const started = performance.now();
  writeMemoryTree(root, shape);
  mkdirSync(join(root, 'proc/sys/kernel'), { recursive: true });
  writeFileSync(join(root, 'proc/sys/kernel/osrelease'), '6.1.0-56-amd64\n');
  return (performance.now() - started) / 1000;
}

/** Peak resident memory of one run, in MiB (GNU time). */
function peakMiB(argv: string[], env: NodeJS.ProcessEnv): number | null {
  if (!existsSync('/usr/bin/time')) return null;
  const out = join(mkdtempSync(join(TMPFS, 'pmc-rss-')), 'rss');
  try {
    execFileSync('/usr/bin/time', ['-f', '%M', '-o', out, ...argv], { stdio: 'ignore', env, maxBuffer: 1 << 30 });
    return Number(readFileSync(out, 'utf8').trim()) / 1024;
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
}

/** Runs the scan benchmark; returns whether the snapshot is within lsmem's time (wall and CPU). */
export async function benchScan(outDir: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const missing = hyperfineMissing();
  if (missing) throw new Error(`${missing}; the scan comparison needs it`);
  try {
    execFileSync('lsmem', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('lsmem is not installed (Debian: apt-get install util-linux); the scan comparison needs it');
  }
  const root = mkdtempSync(join(TMPFS, 'pmc-bench-sysfs-'));
  try {
    const made = writeTree(root, TREE);
    const cli = join(outDir, 'cli/pmem-console.cjs');
    const ours = [process.execPath, cli, 'snapshot', '--host', 'local', '--sysroot', root, '--json'];
    const theirs = ['lsmem', '--sysroot', root, '-J'];
    const [a, b] = await interleaved([ours.join(' '), theirs.join(' ')], ROUNDS, env);
    const [ra, rb] = [peakMiB(ours, env), peakMiB(theirs, env)];
    const [w, c] = [a!.wall / b!.wall, a!.cpu / b!.cpu];
    console.log(`\na ${TREE.blocks.toLocaleString('en')}-block machine from a sysfs tree on ${TMPFS} (${TREE.nodes} nodes, written in ${made.toFixed(1)} s), whole processes, interleaved, median of ${ROUNDS}`);
    console.log(`  ${''.padEnd(44)}${'wall'.padStart(9)}${'CPU'.padStart(9)}${'peak RSS'.padStart(11)}`);
    const rss = (m: number | null) => (m === null ? '?' : `${m.toFixed(0)} MiB`).padStart(11);
    console.log(`  ${'pmem-console snapshot --sysroot --json'.padEnd(44)}${ms(a!.wall)}${ms(a!.cpu)}${rss(ra)}   ${((a!.cpu / TREE.blocks) * 1e6).toFixed(0)} µs CPU per block`);
    console.log(`  ${'lsmem --sysroot -J'.padEnd(44)}${ms(b!.wall)}${ms(b!.cpu)}${rss(rb)}`);
    const perBlock = (a!.cpu / TREE.blocks) * 1e6;
    console.log(`  ratio (wall, CPU)                           ${w.toFixed(2).padStart(6)}x, ${c.toFixed(2)}x   target <= 1.0: ${w <= 1 && c <= 1 ? 'met' : 'NOT MET'}`);
    console.log(`  CPU per block                               ${perBlock.toFixed(1).padStart(6)} µs (lsmem ${((b!.cpu / TREE.blocks) * 1e6).toFixed(1)} µs)   target <= ${US_PER_BLOCK} µs: ${perBlock <= US_PER_BLOCK ? 'met' : 'NOT MET'}`);
    rmSync(root, { recursive: true, force: true });
    const bigMade = writeTree(root, BIG);
    const bigRss = peakMiB([process.execPath, cli, 'snapshot', '--host', 'local', '--sysroot', root, '--json'], env);
    const lsmemRss = peakMiB(['lsmem', '--sysroot', root, '-J'], env);
    const rssMet = bigRss !== null && bigRss < RSS_TARGET_MIB;
    console.log(`  ${BIG.blocks.toLocaleString('en')} blocks (written in ${bigMade.toFixed(1)} s): peak RSS of snapshot --json ${rss(bigRss).trim()}, lsmem ${rss(lsmemRss).trim()}   target < ${RSS_TARGET_MIB} MiB: ${rssMet ? 'met' : 'NOT MET'}`);
    return w <= 1 && c <= 1 && perBlock <= US_PER_BLOCK && rssMet;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
