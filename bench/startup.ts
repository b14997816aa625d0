// Start-up of the built command as whole processes against `node -e 0`: `--help` and `snapshot --host sim:qemu-nvdimm`, run by
// hyperfine one run at a time in turn (A B C, A B C, ...), from a copy of the build on tmpfs; median wall and CPU (user + system).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ROUNDS = 5;
const TARGET = 2;
/** tmpfs, so the files are read from memory whatever the disk is doing. */
const TMPFS = '/dev/shm';

interface Sample {
  wall: number;
  cpu: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`.padStart(8);

/** One round: each command once, in order, through hyperfine (no shell between it and the process). */
function round(commands: string[], out: string): Sample[] {
  execFileSync('hyperfine', ['-N', '--runs', '1', '--style', 'none', '--export-json', out, ...commands], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PMEM_CONSOLE_STATE_DIR: join(out, '..', 'state') } });
  const results = (JSON.parse(readFileSync(out, 'utf8')) as { results: { times: number[]; user: number; system: number; exit_codes: number[] }[] }).results;
  return results.map((r, i) => {
    if (r.exit_codes[0] !== 0) throw new Error(`${commands[i]} exited ${r.exit_codes[0]}`);
    return { wall: r.times[0]!, cpu: r.user + r.system };
  });
}

/** Runs the start-up benchmark; returns whether both commands are within the target. */
export function benchStartup(outDir: string): boolean {
  try {
    execFileSync('hyperfine', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('hyperfine is not installed (Debian: apt-get install hyperfine); the start-up comparison needs it');
  }
  if (!existsSync(join(outDir, 'cli/pmem-console.cjs'))) throw new Error('the command is not built: run npm run build');
  const dir = mkdtempSync(join(existsSync(TMPFS) ? TMPFS : '/tmp', 'pmc-bench-startup-'));
  try {
    cpSync(join(outDir, 'cli'), join(dir, 'cli'), { recursive: true });
    const cli = join(dir, 'cli/pmem-console.cjs');
    const node = process.execPath;
    const commands = [`${node} -e 0`, `${node} ${cli} --help`, `${node} ${cli} snapshot --host sim:qemu-nvdimm`];
    const labels = ['node -e 0', 'pmem-console --help', 'pmem-console snapshot --host sim:qemu-nvdimm'];
    round(commands, join(dir, 'warm.json')); // warms the page cache and the CPU's clocks; not counted
    const samples: Sample[][] = commands.map(() => []);
    for (let r = 0; r < ROUNDS; r++) round(commands, join(dir, `round${r}.json`)).forEach((s, i) => samples[i]!.push(s));
    const wall = samples.map((s) => median(s.map((x) => x.wall)));
    const cpu = samples.map((s) => median(s.map((x) => x.cpu)));
    console.log(`\nstart-up as whole processes (hyperfine, interleaved, median of ${ROUNDS}; the build copied to ${existsSync(TMPFS) ? 'tmpfs' : '/tmp'})`);
    console.log(`  ${''.padEnd(46)}${'wall'.padStart(8)}${'CPU'.padStart(8)}   ratio to node -e 0 (wall, CPU)`);
    let met = true;
    labels.forEach((label, i) => {
      const ratios = i === 0 ? '' : `   ${(wall[i]! / wall[0]!).toFixed(2)}x, ${(cpu[i]! / cpu[0]!).toFixed(2)}x   target <= ${TARGET}x: ${wall[i]! / wall[0]! <= TARGET && cpu[i]! / cpu[0]! <= TARGET ? 'met' : 'NOT MET'}`;
      if (i > 0) met &&= wall[i]! / wall[0]! <= TARGET && cpu[i]! / cpu[0]! <= TARGET;
      console.log(`  ${label.padEnd(46)}${ms(wall[i]!)}${ms(cpu[i]!)}${ratios}`);
    });
    return met;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
