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
export function benchScan(outDir: string, env: NodeJS.ProcessEnv): boolean {
  const missing = hyperfineMissing();
  if (missing) throw new Error(`${missing}; the scan comparison needs it`);
  try {
    execFileSync('lsmem', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('lsmem is not installed (Debian: apt-get install util-linux); the scan comparison needs it');
  }
  const root = mkdtempSync(join(TMPFS, 'pmc-bench-sysfs-'));
  try {
    const started = performance.now();
    writeMemoryTree(root, TREE);
    // A real machine's tree has its kernel release; on 5.7 and later every block's `removable` is one value, read once (memory.ts).
    mkdirSync(join(root, 'proc/sys/kernel'), { recursive: true });
    writeFileSync(join(root, 'proc/sys/kernel/osrelease'), '6.1.0-56-amd64\n');
    const made = (performance.now() - started) / 1000;
    const cli = join(outDir, 'cli/pmem-console.cjs');
    const ours = [process.execPath, cli, 'snapshot', '--host', 'local', '--sysroot', root, '--json'];
    const theirs = ['lsmem', '--sysroot', root, '-J'];
    const [a, b] = interleaved([ours.join(' '), theirs.join(' ')], ROUNDS, env);
    const [ra, rb] = [peakMiB(ours, env), peakMiB(theirs, env)];
    const [w, c] = [a!.wall / b!.wall, a!.cpu / b!.cpu];
    console.log(`\na ${TREE.blocks.toLocaleString('en')}-block machine from a sysfs tree on ${TMPFS} (${TREE.nodes} nodes, written in ${made.toFixed(1)} s), whole processes, interleaved, median of ${ROUNDS}`);
    console.log(`  ${''.padEnd(44)}${'wall'.padStart(9)}${'CPU'.padStart(9)}${'peak RSS'.padStart(11)}`);
    const rss = (m: number | null) => (m === null ? '?' : `${m.toFixed(0)} MiB`).padStart(11);
    console.log(`  ${'pmem-console snapshot --sysroot --json'.padEnd(44)}${ms(a!.wall)}${ms(a!.cpu)}${rss(ra)}   ${((a!.cpu / TREE.blocks) * 1e6).toFixed(0)} µs CPU per block`);
    console.log(`  ${'lsmem --sysroot -J'.padEnd(44)}${ms(b!.wall)}${ms(b!.cpu)}${rss(rb)}`);
    console.log(`  ratio (wall, CPU)                           ${w.toFixed(2).padStart(6)}x, ${c.toFixed(2)}x   target <= 1.0: ${w <= 1 && c <= 1 ? 'met' : 'NOT MET'}`);
    return w <= 1 && c <= 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
