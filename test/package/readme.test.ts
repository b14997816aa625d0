// Every shell block of the README runs as written, in order, line by line, against a state directory of its own (so the simulator's
// machines start from their presets and are kept between the lines, as for a person); each line must exit 0. `pmem-console` is this
// checkout's bin/pmem-console, on PATH as the README says to put it. A block the README marks "not run by test/package/readme.test.ts" (an install, a
// server, a path of the reader's) is left out, and says why there.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const SKIP = /<!-- not run by test\/package\/readme\.test\.ts: (.+?) -->\s*$/;

/** The README's ```sh blocks in order, each with the reason it is not run (or null). */
function shellBlocks(markdown: string): { lines: string[]; skip: string | null }[] {
  const blocks: { lines: string[]; skip: string | null }[] = [];
  const all = markdown.split('\n');
  for (let i = 0; i < all.length; i++) {
    if (all[i] !== '```sh') continue;
    let j = i - 1;
    while (j >= 0 && all[j]!.trim() === '') j--;
    const skip = j >= 0 ? (SKIP.exec(all[j]!)?.[1] ?? null) : null;
    const lines: string[] = [];
    for (i++; i < all.length && all[i] !== '```'; i++) if (all[i]!.trim() && !all[i]!.trim().startsWith('#')) lines.push(all[i]!);
    blocks.push({ lines, skip });
  }
  return blocks;
}

/** Whether this machine has NVDIMM or dax devices: the README's commands would then act on it, not on the simulator. */
const hasDevices = ['/sys/bus/nd/devices', '/sys/bus/dax/devices'].some((d) => {
  try {
    return readdirSync(d).length > 0;
  } catch {
    return false;
  }
});

describe('the README', () => {
  const blocks = shellBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));

  it('has shell blocks, and says why each one it does not run is not run', () => {
    expect(blocks.filter((b) => !b.skip).length).toBeGreaterThanOrEqual(2);
    for (const b of blocks.filter((x) => x.skip)) expect(b.skip!.length).toBeGreaterThan(10);
  });

  it('runs its examples as the command itself, not through npx (which adds over a second to each)', () => {
    const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(blocks.flatMap((b) => b.lines).filter((l) => /\bnpx\b/.test(l))).toEqual([]);
    expect(text).toContain('export PATH="$PWD/bin:$PATH"');
    expect(readlinkSync(join(ROOT, 'bin/pmem-console'))).toBe('pmem-console.cjs');
    const examples = blocks.filter((b) => !b.skip).flatMap((b) => b.lines).filter((l) => /^pmem-console /.test(l));
    expect(examples.length).toBeGreaterThanOrEqual(15);
  });

  it.skipIf(hasDevices)('runs every other shell block as written, in order, each line exiting 0', () => {
    execFileSync('test', ['-f', join(ROOT, 'out/cli/pmem-console.cjs')]);
    const cwd = mkdtempSync(join(tmpdir(), 'pmc-readme-'));
    const env = { ...process.env, PMEM_CONSOLE_STATE_DIR: join(cwd, 'state'), PATH: `${join(ROOT, 'bin')}:${process.env.PATH}` };
    try {
      for (const line of blocks.filter((b) => !b.skip).flatMap((b) => b.lines)) {
        const r = spawnSync('bash', ['-c', line], { cwd, env, encoding: 'utf8', timeout: 120_000 });
        expect(r.status, `${line}\n${r.stderr}`).toBe(0);
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 600_000);
});
