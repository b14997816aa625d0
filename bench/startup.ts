// Start-up of the built command as whole processes against `node -e 0`: `--help` and `snapshot --host sim:qemu-nvdimm`, from a
// copy of the build on tmpfs, interleaved, median of 5, wall and CPU.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hyperfineMissing, interleaved, ms } from './hyperfine.js';

const ROUNDS = 5;
const TARGET = 2;
/** tmpfs, so the files are read from memory whatever the disk is doing. */
export const TMPFS = existsSync('/dev/shm') ? '/dev/shm' : '/tmp';

/** Runs the start-up benchmark; returns whether both commands are within the target. */
export async function benchStartup(outDir: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const missing = hyperfineMissing();
  if (missing) throw new Error(`${missing}; the start-up comparison needs it`);
  if (!existsSync(join(outDir, 'cli/pmem-console.cjs'))) throw new Error('the command is not built: run npm run build');
  const dir = mkdtempSync(join(TMPFS, 'pmc-bench-startup-'));
  try {
    cpSync(join(outDir, 'cli'), join(dir, 'cli'), { recursive: true });
    const cli = join(dir, 'cli/pmem-console.cjs');
    const node = process.execPath;
    const labels = ['node -e 0', 'pmem-console --help', 'pmem-console snapshot --host sim:qemu-nvdimm'];
    const t = await interleaved([`${node} -e 0`, `${node} ${cli} --help`, `${node} ${cli} snapshot --host sim:qemu-nvdimm`], ROUNDS, env);
    console.log(`\nstart-up as whole processes (hyperfine, interleaved, median of ${ROUNDS}; the build copied to ${TMPFS})`);
    console.log(`  ${''.padEnd(46)}${'wall'.padStart(9)}${'CPU'.padStart(9)}   ratio to node -e 0 (wall, CPU)`);
    let met = true;
    labels.forEach((label, i) => {
      const [w, c] = [t[i]!.wall / t[0]!.wall, t[i]!.cpu / t[0]!.cpu];
      if (i > 0) met &&= w <= TARGET && c <= TARGET;
      console.log(`  ${label.padEnd(46)}${ms(t[i]!.wall)}${ms(t[i]!.cpu)}${i === 0 ? '' : `   ${w.toFixed(2)}x, ${c.toFixed(2)}x   target <= ${TARGET}x: ${w <= TARGET && c <= TARGET ? 'met' : 'NOT MET'}`}`);
    });
    return met;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
