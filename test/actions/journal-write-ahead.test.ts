// The journal is written ahead: a run killed midway still says what it did, and a journal that cannot be written never hides the
// run's own report or changes its exit code. Whole processes of the built command on a sim state file.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../electron/api/session.js';
import { SimHost } from '../../electron/host/sim/index.js';

const CLI = new URL('../../out/cli/pmem-console.cjs', import.meta.url).pathname;

function run(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0, out: stdout, err: stderr });
    });
  });
}

describe('write-ahead journal', () => {
  it('a run killed (SIGKILL) during step 2 of 3 shows as interrupted, with step 1 done and what to do next', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmc-wal-'));
    const state = join(dir, 'sim.json');
    const env = { PMEM_CONSOLE_STATE_DIR: join(dir, 'journal') };
    // Step 2 (ndctl init-labels) hangs, as a slow tool would; the run is killed while it waits.
    new SimHost({ stateFile: state, preset: 'qemu-nvdimm' }).injectFault({ kind: 'command-hangs', match: 'init-labels' });
    const child = spawn(process.execPath, [CLI, 'apply', 'labels.init', '--region', 'region0', '--confirm', 'region0', '--host', 'sim:qemu-nvdimm', '--state', state, '--timeout', '600000'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const journal = join(dir, 'journal', 'journal.jsonl');
    // Step 1 has ended (its record is in the journal) and step 2 has started (the command said so).
    await expect.poll(() => existsSync(journal) && readFileSync(journal, 'utf8').includes('"record":"step"') && out.includes('step 2 of 3'), { timeout: 30_000, interval: 50 }).toBe(true);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const shown = await run(env, 'journal');
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/interrupted\s+sim:qemu-nvdimm\s+labels\.init --region region0/);
    expect(shown.out).toContain('    ok   1. ndctl disable-region region0');
    expect(shown.out).toContain('    ??   2. ndctl init-labels -f nmem0');
    expect(shown.out).toContain('    -    3. ndctl enable-region region0');
    expect(shown.out).toMatch(/step 1 ended \(ok\); step 2 \(ndctl init-labels -f nmem0\) had started or was about to, and may have finished or not\. Read the machine again/);
    const [entry] = JSON.parse((await run(env, 'journal', '--json')).out) as { outcome: string; steps: { op: string; ok: boolean }[]; planned: string[] }[];
    expect(entry).toMatchObject({ outcome: 'interrupted', steps: [{ op: 'ndctl disable-region region0', ok: true }], planned: ['ndctl disable-region region0', 'ndctl init-labels -f nmem0', 'ndctl enable-region region0'] });
  }, 90_000);

  it('a run killed while its step hung after changing the machine is judged by the next console that reads it: the change, how to finish, how to roll back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmc-wal-'));
    const state = join(dir, 'sim.json');
    const env = { PMEM_CONSOLE_STATE_DIR: join(dir, 'journal') };
    const sim = new SimHost({ stateFile: state, preset: 'seed-qemu' });
    expect((await sim.exec(['ndctl', 'create-namespace', '-f', '-e', 'namespace0.0', '-m', 'devdax', '-a', '2M'])).exitCode).toBe(0);
    // daxctl binds kmem, then hangs before onlining a block; the console is killed while it waits.
    sim.injectFault({ kind: 'command-dies', match: 'reconfigure-device --mode=system-ram', does: ['daxctl', 'reconfigure-device', '--mode=system-ram', '--no-online', 'dax0.0'], then: 'hangs', exitCode: 143, stderr: '', times: 1 });
    const child = spawn(process.execPath, [CLI, 'apply', 'dax.system-ram', '--device', 'dax0.0', '--yes', '--host', 'sim:seed-qemu', '--state', state], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await expect.poll(() => out.includes('step 1 of 1') && JSON.stringify(new SimHost({ stateFile: state }).snapshotState()).includes('"faults":[]'), { timeout: 30_000, interval: 50 }).toBe(true);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const before = await run(env, 'journal');
    expect(before.out).toMatch(/interrupted\s+sim:seed-qemu\s+dax\.system-ram --device dax0\.0/);
    expect(before.out).toMatch(/Read the machine again/);
    const previous = process.env.PMEM_CONSOLE_STATE_DIR;
    process.env.PMEM_CONSOLE_STATE_DIR = env.PMEM_CONSOLE_STATE_DIR;
    const session = new ConsoleSession({ spec: 'sim:seed-qemu', stateFile: state });
    try {
      await session.view();
      const [entry] = session.journal().entries;
      expect(entry).toMatchObject({ outcome: 'interrupted', finish: { action: 'memory.online', params: { device: 'dax0.0' } }, rollback: { action: 'dax.devdax', params: { device: 'dax0.0' } } });
      expect(entry!.reason).toMatch(/The machine as read at [^:]+:\d\d:[^ ]+: the machine changed: .*dax device dax0\.0: devdax 502 MiB enabled -> system-ram 502 MiB enabled 0\/3 online \(partly done: predicted system-ram 502 MiB enabled 3\/3 online\).* To finish: pmem-console apply memory\.online --device dax0\.0; to roll back: pmem-console apply dax\.devdax --device dax0\.0\.$/);
    } finally {
      await session.close();
      process.env.PMEM_CONSOLE_STATE_DIR = previous;
    }
    // The judgement is in the journal now: the command line shows it too, once.
    const after = await run(env, 'journal');
    expect(after.out).toMatch(/dax device dax0\.0: devdax 502 MiB enabled -> system-ram 502 MiB enabled 0\/3 online \(partly done/);
    expect(readFileSync(join(dir, 'journal', 'journal.jsonl'), 'utf8').match(/"record":"judged"/g)).toHaveLength(1);
  }, 90_000);

  it('a journal that cannot be written first means no run: one line, exit 3, the machine as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmc-wal-'));
    const state = join(dir, 'sim.json');
    // The journal's path is a directory: every append fails; the lock directory beside it still works.
    mkdirSync(join(dir, 'journal', 'journal.jsonl'), { recursive: true });
    const before = await run({ PMEM_CONSOLE_STATE_DIR: join(dir, 'journal') }, 'snapshot', '--json', '--host', 'sim:seed-qemu', '--state', state);
    const r = await run({ PMEM_CONSOLE_STATE_DIR: join(dir, 'journal') }, 'apply', 'namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--confirm', 'namespace0.0', '--host', 'sim:seed-qemu', '--state', state);
    expect(r.code).toBe(3);
    // The plan shown, then no run: no step, no report.
    expect(r.out).toMatch(/^Plan: /);
    expect(r.out).not.toMatch(/^(done|failed)/m);
    expect(r.err.trimEnd().split('\n').filter((l) => !/ is kept in .* \(--fresh starts it anew\)$/.test(l))).toEqual([expect.stringMatching(/^pmem-console: refused: the journal .*journal\.jsonl could not be written \(.*\): nothing ran, as a change is recorded before it is made$/)]);
    const after = await run({ PMEM_CONSOLE_STATE_DIR: join(dir, 'journal') }, 'snapshot', '--json', '--host', 'sim:seed-qemu', '--state', state);
    const facts = (out: string) => (JSON.parse(out) as { namespaces: unknown[] }).namespaces;
    expect(facts(after.out)).toEqual(facts(before.out));
  }, 60_000);

  it('a journal line that is not a record is skipped and counted, not fatal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmc-wal-'));
    mkdirSync(join(dir, 'journal'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'journal', 'journal.jsonl'), '{"id":"y","action":"x"}\n{"torn": \nnull\n[]\n');
    const r = await run({ PMEM_CONSOLE_STATE_DIR: join(dir, 'journal') }, 'journal');
    expect(r).toMatchObject({ code: 0, out: 'The journal is empty: no plan has been run.\n' });
    expect(r.err).toMatch(/^pmem-console: 4 damaged lines in .*journal\.jsonl were skipped\n$/);
  }, 60_000);
});
