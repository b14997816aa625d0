// Long steps from the command line: a step is never stopped midway. Ctrl-C first says why the console waits; a second one
// stops waiting (the step is left to finish), and the run and the journal say so. --json prints the progress as JSON lines.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../electron/host/sim/index.js';

const CLI = new URL('../../out/cli/pmem-console.cjs', import.meta.url).pathname;

describe('a long step on the command line', () => {
  it('is never stopped by the console: Ctrl-C explains, a second Ctrl-C stops waiting, and the journal says the step was left running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmc-long-'));
    const state = join(dir, 'sim.json');
    const env = { ...process.env, PMEM_CONSOLE_STATE_DIR: join(dir, 'journal') };
    new SimHost({ stateFile: state, preset: 'seed-qemu' }).injectFault({ kind: 'command-hangs', match: 'create-namespace' });
    const child = spawn(process.execPath, [CLI, 'apply', 'namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--confirm', 'namespace0.0', '--host', 'sim:seed-qemu', '--state', state, '--timeout', '100'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await expect.poll(() => out.includes('step 1 of 1: ndctl create-namespace'), { timeout: 30_000 }).toBe(true);
    // --timeout limits reads, never a step: well past 100 ms the step still runs.
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGINT');
    await expect.poll(() => err, { timeout: 10_000 }).toMatch(/a step is running and is left to finish.*Press Ctrl-C again within 10 s to stop waiting/);
    expect(child.exitCode).toBeNull();
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(err).toMatch(/stopped waiting; the running step is left to finish on its own/);
    expect(out).toMatch(/^stopped waiting: the console stopped waiting for step 1 \(ndctl create-namespace -f -e namespace0\.0 -m devdax\) after \d+ s; it was left to finish on its own/m);
    const journal = await new Promise<string>((resolve) => {
      const j = spawn(process.execPath, [CLI, 'journal'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
      let text = '';
      j.stdout.on('data', (d: Buffer) => (text += d.toString()));
      j.on('exit', () => resolve(text));
    });
    expect(journal).toMatch(/detached\s+sim:seed-qemu\s+namespace\.reconfigure/);
  }, 60_000);

  it('prints its progress as JSON lines on stderr with --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmc-long-'));
    const state = join(dir, 'sim.json');
    const env = { ...process.env, PMEM_CONSOLE_STATE_DIR: join(dir, 'journal') };
    const child = spawn(process.execPath, [CLI, 'apply', 'region.disable', '--region', 'region0', '--confirm', 'region0', '--host', 'sim:seed-qemu', '--state', state, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
    const events = err.trim().split('\n').map((l) => JSON.parse(l) as { event: string; status: string; index: number; file?: string });
    expect(events.map((e) => [e.event, e.status, e.index])).toEqual([['run.step', 'running', 0], ['run.step', 'ok', 0], ['sim.state', undefined, undefined]]);
    expect(events[2]!.file).toBe(state);
    expect(JSON.parse(out)).toMatchObject({ outcome: 'done' });
  }, 60_000);
});
