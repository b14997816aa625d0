// Each command loads only its own built file: --help only the entry, the read commands not the web server, serve and start
// the web server. The command runs from JavaScript built ahead of time, never through a TypeScript loader.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'out/cli/pmem-console.cjs');
const HOOK = join(ROOT, 'test/helpers/load-log.cjs');

/** Runs the built CLI and returns the names of the files it loaded (the preloaded hook itself aside). */
function loads(...args: string[]): Promise<string[]> {
  const log = join(mkdtempSync(join(tmpdir(), 'pmc-loads-')), 'loaded.txt');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--require', HOOK, CLI, ...args], { env: { ...process.env, PMC_LOAD_LOG: log, PMEM_CONSOLE_STATE_DIR: join(log, '..', 'state') }, timeout: 60_000 }, (error) => {
      if (error && typeof (error as { code?: unknown }).code !== 'number') return reject(error);
      resolve(readFileSync(log, 'utf8').trim().split('\n').filter((f) => f !== HOOK).map((f) => (f.startsWith(join(ROOT, 'out/cli')) ? basename(f) : f)));
    });
  });
}

describe('what each command loads', () => {
  it('--help, --version and a command\'s --help: the entry alone', async () => {
    expect(await loads('--help')).toEqual(['pmem-console.cjs']);
    expect(await loads('--version')).toEqual(['pmem-console.cjs']);
    expect(await loads('snapshot', '--help')).toEqual(['pmem-console.cjs']);
  });

  it('an action\'s help: the catalog\'s file (the actions command\'s), nothing that reads a machine', async () => {
    expect(await loads('plan', 'memory.online', '--help')).toEqual(['pmem-console.cjs', 'journal.cjs']);
  });

  it('snapshot and doctor of a simulator: their own file, not execa, not the web server', async () => {
    expect(await loads('snapshot', '--host', 'sim:qemu-nvdimm')).toEqual(['pmem-console.cjs', 'read.cjs']);
    expect(await loads('doctor', '--host', 'sim:seed-qemu')).toEqual(['pmem-console.cjs', 'read.cjs']);
  });

  it('this machine: its own file too; its tools run through child_process, not a library to load', async () => {
    expect(await loads('snapshot', '--host', 'local')).toEqual(['pmem-console.cjs', 'read.cjs']);
  });

  it('plan, journal and actions: their own files', async () => {
    expect(await loads('plan', 'region.disable', '--region', 'region0', '--host', 'sim:seed-qemu')).toEqual(['pmem-console.cjs', 'change.cjs']);
    expect(await loads('journal')).toEqual(['pmem-console.cjs', 'journal.cjs']);
    expect(await loads('actions')).toEqual(['pmem-console.cjs', 'journal.cjs']);
  });

  it('serve: the web server\'s file (it fails fast here on a port that is taken)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      expect(await loads('serve', '--host', 'sim:seed-qemu', '--port', String((taken.address() as { port: number }).port))).toEqual(['pmem-console.cjs', 'gui.cjs']);
    } finally {
      taken.close();
    }
  });

  it('no built file holds a TypeScript loader, and the read commands hold no web server', () => {
    for (const f of ['pmem-console.cjs', 'read.cjs', 'change.cjs', 'journal.cjs', 'gui.cjs']) expect(readFileSync(join(ROOT, 'out/cli', f), 'utf8'), f).not.toMatch(/tsx\/esm|esbuild-register|ts-node/);
    for (const f of ['pmem-console.cjs', 'read.cjs', 'change.cjs', 'journal.cjs']) expect(readFileSync(join(ROOT, 'out/cli', f), 'utf8'), f).not.toContain('WebSocketServer');
  });
});

describe('exiting', () => {
  it('writes out everything it printed before it exits, however much (a 65,536-block snapshot through a pipe)', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [CLI, 'snapshot', '--host', 'sim:large', '--json'], { maxBuffer: 1 << 30, timeout: 120_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });
    expect((JSON.parse(out) as { memory: { blocks: unknown[] } }).memory.blocks).toHaveLength(65_536);
  }, 150_000);
});
