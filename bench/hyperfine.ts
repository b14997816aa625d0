// Whole processes against whole processes: hyperfine runs each command once per round, in turn (A B C, A B C, ...), and the
// figures are the medians over the rounds, wall and CPU (user + system), after one round that warms caches and is not counted.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One command's medians, in seconds. */
export interface Timing {
  wall: number;
  cpu: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Says why hyperfine cannot run here, or null. */
export function hyperfineMissing(): string | null {
  try {
    execFileSync('hyperfine', ['--version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'hyperfine is not installed (Debian: apt-get install hyperfine)';
  }
}

/** Runs the commands interleaved, rounds times (plus one warm-up round), and returns each one's medians. This process goes on
 *  meanwhile (a remote it serves keeps answering). */
export async function interleaved(commands: string[], rounds: number, env: NodeJS.ProcessEnv = process.env): Promise<Timing[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pmc-hyperfine-'));
  try {
    const samples: { wall: number[]; cpu: number[] }[] = commands.map(() => ({ wall: [], cpu: [] }));
    for (let r = -1; r < rounds; r++) {
      const out = join(dir, `round${r}.json`);
      const run = promisify(execFile)('hyperfine', ['-N', '--runs', '1', '--style', 'none', '--export-json', out, ...commands], { env, maxBuffer: 1 << 26 });
      run.child.stderr?.pipe(process.stderr);
      await run;
      const results = (JSON.parse(readFileSync(out, 'utf8')) as { results: { times: number[]; user: number; system: number; exit_codes: number[] }[] }).results;
      results.forEach((x, i) => {
        if (x.exit_codes[0] !== 0) throw new Error(`${commands[i]} exited ${x.exit_codes[0]}`);
        if (r >= 0) {
          samples[i]!.wall.push(x.times[0]!);
          samples[i]!.cpu.push(x.user + x.system);
        }
      });
    }
    return samples.map((s) => ({ wall: median(s.wall), cpu: median(s.cpu) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seconds as milliseconds, right-aligned. */
export const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`.padStart(9);
