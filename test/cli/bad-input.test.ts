// Bad input to the built pmem-console command, as whole processes: each case exits 2 with one clear line, and none hangs
// (every run is bounded; a run that has to be killed fails the test).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = new URL('../../out/cli/pmem-console.cjs', import.meta.url).pathname;
/** Longer than any of these should take on a loaded machine; a run past it is a hang. */
const BOUND_MS = 30_000;

let dir: string;
let busy: Server;
let busyPort: number;

/** Runs the built CLI; resolves with its exit code and output, or with code null when it had to be killed. */
function run(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: BOUND_MS, killSignal: 'SIGKILL', env: { ...process.env, PMEM_CONSOLE_STATE_DIR: join(dir, 'state') } }, (error, stdout, stderr) => {
      const e = error as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
      resolve({ code: e ? (e.killed ? null : typeof e.code === 'number' ? e.code : 1) : 0, out: stdout, err: stderr });
    });
  });
}

function expectOneLine(r: { code: number | null; err: string }, pattern: RegExp): void {
  expect(r.code, `exit code (null: it hung and was killed); stderr: ${r.err}`).toBe(2);
  expect(r.err.trimEnd().split('\n'), r.err).toHaveLength(1);
  expect(r.err).toMatch(/^pmem-console: /);
  expect(r.err).toMatch(pattern);
  expect(r.err).not.toMatch(/internal error|\bat .*\.(ts|mjs|js):\d+/);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pmc-bad-input-'));
  execFile('mkfifo', [join(dir, 'fifo')]);
  await new Promise((resolve) => execFile('mkfifo', [join(dir, 'fifo2')], resolve));
  mkdirSync(join(dir, 'a-directory'));
  writeFileSync(join(dir, 'deep-invalid.json'), JSON.stringify({ version: 1, preset: 'x', buses: [null], nodes: [], memory: { blocks: [] } }));
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});

afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

describe('bad input exits 2 with one line, and never hangs', () => {
  it.each([
    ['--state in a folder that does not exist', () => ['snapshot', '--host', 'sim:seed-qemu', '--state', join(dir, 'nowhere/state.json')], /the folder of --state .*nowhere\/state\.json does not exist/],
    ['--state that is a directory', () => ['snapshot', '--host', 'sim:seed-qemu', '--state', join(dir, 'a-directory')], /--state .* is a directory; name a file/],
    ['a sim state that is valid JSON but not a state', () => ['snapshot', '--host', 'sim:seed-qemu', '--state', join(dir, 'deep-invalid.json')], /deep-invalid\.json is not a valid pmem-console sim state: /],
    ['--state on a FIFO', () => ['snapshot', '--host', 'sim:seed-qemu', '--state', join(dir, 'fifo')], /--state .*fifo is not a regular file/],
    ['--state /dev/zero', () => ['snapshot', '--host', 'sim:seed-qemu', '--state', '/dev/zero'], /--state \/dev\/zero is not a regular file/],
    ['replay: on a FIFO', () => ['snapshot', '--host', `replay:${join(dir, 'fifo2')}`], /cannot read capture bundle .*fifo2: it is not a regular file/],
    ['replay: /dev/zero', () => ['snapshot', '--host', 'replay:/dev/zero'], /cannot read capture bundle \/dev\/zero: it is not a regular file/],
    ['sim:twin: on /dev/zero', () => ['snapshot', '--host', 'sim:twin:/dev/zero'], /cannot read twin \/dev\/zero: it is not a regular file/],
    ['capture -o to a directory', () => ['capture', '--host', 'sim:seed-qemu', '-o', join(dir, 'a-directory')], /-o .*a-directory is a directory; name a file/],
    ['capture -o into a folder that does not exist', () => ['capture', '--host', 'sim:seed-qemu', '-o', join(dir, 'nowhere/cap.json')], /the folder of -o .*nowhere\/cap\.json does not exist/],
    ['capture -o /dev/full', () => ['capture', '--host', 'sim:seed-qemu', '-o', '/dev/full'], /-o \/dev\/full is not a regular file/],
    ['serve --port that is in use', () => ['serve', '--host', 'sim:seed-qemu', '--port', String(busyPort)], /port \d+ on 127\.0\.0\.1 is in use; pick another with --port/],
    ['--sysroot that does not exist', () => ['snapshot', '--host', 'local', '--sysroot', '/nonexistent'], /--sysroot \/nonexistent does not exist/],
    ['--sysroot that is a file', () => ['snapshot', '--host', 'local', '--sysroot', '/etc/hostname'], /--sysroot \/etc\/hostname is not a directory/],
    ['--timeout beyond a day', () => ['snapshot', '--host', 'sim:seed-qemu', '--timeout', '99999999999'], /--timeout takes milliseconds \(1-86400000\), not "99999999999"/],
    ['--timeout 0', () => ['snapshot', '--host', 'sim:seed-qemu', '--timeout', '0'], /--timeout takes milliseconds/],
    ['--port beyond 65535', () => ['serve', '--port', '70000'], /--port takes a port number \(0-65535\)/],
    ['--ssh-config on a FIFO', () => ['snapshot', '--host', 'ssh://localhost', '--ssh-config', join(dir, 'fifo')], /--ssh-config .*fifo is not a regular file/],
    ['--demo with a real machine', () => ['serve', '--demo', '--host', 'local'], /--demo runs on the simulator only/],
    ['an option the command does not take', () => ['journal', '--yes'], /unknown option "--yes" for journal/],
    ['a flag given a value', () => ['snapshot', '--json=yes', '--host', 'sim:seed-qemu'], /--json takes no value/],
    ['an unknown command', () => ['frobnicate'], /unknown command "frobnicate"/],
    ['monitor --interval 0', () => ['monitor', '--host', 'sim:seed-qemu', '--interval', '0'], /--interval takes seconds \(1-86400\), not "0"/],
    ['monitor --count that is not a number', () => ['monitor', '--host', 'sim:seed-qemu', '--count', 'x'], /--count takes a number of reads/],
    ['monitor with an option it does not take', () => ['monitor', '--yes'], /unknown option "--yes" for monitor/],
    ['plan with a key handle that is not one', () => ['plan', 'dimm.passphrase-setup', '--dimm', 'nmem0', '--kek', 'nvdimm-master', '--host', 'sim:optane-2s'], /--kek "nvdimm-master" is not a key handle like trusted:nvdimm-master/],
  ])('%s', async (_what, args, pattern) => {
    expectOneLine(await run(...args()), pattern);
  }, BOUND_MS + 10_000);

  it('--sysroot never runs this machine\'s tools: the tree is read from its files alone, and the snapshot says so', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'sys/devices/system/memory'), { recursive: true });
    writeFileSync(join(tree, 'sys/devices/system/memory/block_size_bytes'), '8000000\n');
    const r = await run('snapshot', '--host', 'local', '--sysroot', tree, '--json');
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out) as { tools: { ndctl: string | null; daxctl: string | null }; notes: string[] };
    expect(t.tools).toEqual({ ndctl: null, daxctl: null, cxl: null });
    expect(t.notes.join('\n')).toMatch(/^ndctl is not run on a --sysroot view \(it would read this machine, not .*tree\): buses, DIMMs, regions and namespaces were read from sysfs/m);
  }, BOUND_MS);

  it('plan and apply refuse a --sysroot tree before anything runs: a copied tree is looked at, not changed (neither it nor this machine)', async () => {
    const tree = join(dir, 'tree-ro');
    const demotion = join(tree, 'sys/kernel/mm/numa/demotion_enabled');
    mkdirSync(join(tree, 'sys/kernel/mm/numa'), { recursive: true });
    writeFileSync(demotion, 'false\n');
    const real = existsSync('/sys/kernel/mm/numa/demotion_enabled') ? readFileSync('/sys/kernel/mm/numa/demotion_enabled', 'utf8') : null;
    for (const command of ['plan', 'apply']) {
      const r = await run(command, 'tiering.set', '--demotion', 'yes', '--yes', '--host', 'local', '--sysroot', tree);
      expectOneLine(r, new RegExp(`--sysroot .*tree-ro is a read-only view of a copied tree: ${command} is for a machine that can be changed`));
    }
    expect(readFileSync(demotion, 'utf8')).toBe('false\n');
    if (real !== null) expect(readFileSync('/sys/kernel/mm/numa/demotion_enabled', 'utf8')).toBe(real);
  }, 2 * BOUND_MS);

  it('--version and --help answer at once, with exit 0', async () => {
    expect(await run('--version')).toMatchObject({ code: 0, out: expect.stringMatching(/^pmem-console \d+\.\d+\.\d+\n$/) });
    expect(await run('--help')).toMatchObject({ code: 0, out: expect.stringMatching(/^usage: pmem-console/) });
    expect(await run()).toMatchObject({ code: 2, out: expect.stringMatching(/^usage: pmem-console/) });
  }, BOUND_MS);
});
