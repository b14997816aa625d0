// `pmem-console monitor` as a whole process: the health now, then only changes; JSON lines; Ctrl-C ends it with exit 0.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = new URL('../../out/cli/pmem-console.cjs', import.meta.url).pathname;
const BOUND_MS = 60_000;
const env = () => ({ ...process.env, PMEM_CONSOLE_STATE_DIR: mkdtempSync(join(tmpdir(), 'pmc-monitor-')) });

function run(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: BOUND_MS, killSignal: 'SIGKILL', env: env() }, (error, stdout, stderr) => {
      const e = error as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
      resolve({ code: e ? (e.killed ? null : typeof e.code === 'number' ? e.code : 1) : 0, out: stdout, err: stderr });
    });
  });
}

describe('pmem-console monitor', () => {
  it('prints what is not as it should be now, one line each', async () => {
    const r = await run('monitor', '--host', 'sim:optane-2s', '--count', '1');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n').map((l) => l.replace(/^\S+ /, ''));
    expect(lines).toEqual([
      'info    machine  watching sim:optane-2s: 12 DIMMs, 2 regions, 1 bus, every 60 s',
      'warning nmem4    nmem4 health is non-critical',
      'warning nmem4    nmem4 is past its spares threshold (12% spare blocks left)',
      'warning region0  region0 has 4 KiB of known poison',
      'warning region1  region1 has 512 B of known poison',
    ]);
  }, BOUND_MS);

  it('--json: one object per line; a second read of an unchanged machine adds nothing', async () => {
    const r = await run('monitor', '--host', 'sim:optane-2s', '--json', '--count', '2', '--interval', '1');
    expect(r.code).toBe(0);
    const events = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as { time: string; host: string; kind: string; object: string });
    expect(events.map((e) => `${e.kind} ${e.object}`)).toEqual(['start machine', 'health nmem4', 'threshold nmem4', 'poison region0', 'poison region1']);
    expect(events.every((e) => e.host === 'sim:optane-2s' && !Number.isNaN(Date.parse(e.time)))).toBe(true);
  }, BOUND_MS);

  it('Ctrl-C ends it between reads, with exit 0', async () => {
    const child = spawn(process.execPath, [CLI, 'monitor', '--host', 'sim:qemu-nvdimm', '--interval', '3600'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('watching')) resolve();
    }));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(/watching sim:qemu-nvdimm: 1 DIMM, 1 region, 1 bus, every 3600 s\n$/);
  }, BOUND_MS);
});
