// What runs as root: only the installed helper, and nothing it loads comes from the caller's TMPDIR, HOME, environment or checkout.
// The tsx compile-cache attack is replayed against the program the elevated runner starts; the same harness catches it on a program
// run through tsx (the shape the helper used to have), so the test can fail.
import { execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELPER_PATH } from '../../electron/actions/elevation/installed.js';
import { ElevatedRunner } from '../../electron/actions/elevation/runner.js';
import { pkexecStandin } from '../helpers/pkexec-standin.js';

const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const BUNDLE = join(ROOT, 'out/helper/pmem-console-helper.cjs');
const CLI = join(ROOT, 'out/cli/pmem-console.cjs');

/** What the packages install at HELPER_PATH (build/linux/pmem-console-helper), pointed at this checkout's node and bundle. */
function installedHelperStandIn(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pmc-installed-')), 'pmem-console-helper');
  const installed = readFileSync(join(ROOT, 'build/linux/pmem-console-helper'), 'utf8');
  expect(installed).toContain('/usr/bin/node --disallow-code-generation-from-strings');
  writeFileSync(file, installed.replaceAll('/usr/bin/node', process.execPath).replaceAll('/usr/lib/pmem-console/helper/pmem-console-helper.cjs', BUNDLE), { mode: 0o755 });
  return file;
}

function runWith(program: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve) => {
    const child = execFile(program[0]!, program.slice(1), { env, cwd: ROOT, timeout: 60_000 }, () => resolve());
    child.stdin?.end();
  });
}

/** Runs a program twice as pkexec would start it, with an attacker's TMPDIR and HOME: after the first run, every tsx cache entry
 *  found in TMPDIR is rewritten to plant code. Says whether the planted code ran, and what the program left in TMPDIR and HOME. */
async function tsxCacheAttack(program: readonly string[]): Promise<{ planted: boolean; leftInTmp: string[]; leftInHome: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'pmc-attack-'));
  const tmp = join(dir, 'tmp');
  const home = join(dir, 'home');
  mkdirSync(tmp);
  mkdirSync(home);
  const marker = join(dir, 'planted-code-ran');
  const poison = join(dir, 'poison.cjs');
  writeFileSync(poison, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'NODE_OPTIONS');\n`);
  const env = { PATH: process.env.PATH, TMPDIR: tmp, HOME: home, NODE_OPTIONS: `--require ${poison}`, NODE_PATH: tmp };
  await runWith(program, env);
  // The attacker has learnt the cache keys; each entry now runs their code first.
  for (const sub of readdirSync(tmp).filter((n) => n.startsWith('tsx-'))) {
    for (const entry of readdirSync(join(tmp, sub))) {
      const file = join(tmp, sub, entry);
      try {
        const cached = JSON.parse(readFileSync(file, 'utf8')) as { code: string };
        cached.code = `process.getBuiltinModule('node:fs').writeFileSync(${JSON.stringify(marker)}, 'tsx cache');\n${cached.code}`;
        writeFileSync(file, JSON.stringify(cached));
      } catch {
        // not a cache entry
      }
    }
  }
  await runWith(program, env);
  return { planted: existsSync(marker), leftInTmp: readdirSync(tmp), leftInHome: readdirSync(home) };
}

describe('what pkexec is asked to run', () => {
  it('is the installed helper\'s fixed path, never under the checkout, HOME or TMPDIR, and never a runtime plus a script', () => {
    const argv = new ElevatedRunner().argv;
    expect(argv).toEqual(['pkexec', HELPER_PATH]);
    expect(HELPER_PATH).toBe('/usr/lib/pmem-console/pmem-console-helper');
    for (const place of [ROOT, process.env.HOME ?? '/root', tmpdir()]) expect(HELPER_PATH.startsWith(`${place}/`), place).toBe(false);
  });

  it('the installed helper loads nothing from TMPDIR, HOME, NODE_OPTIONS or NODE_PATH: the tsx cache attack does not work on it', async () => {
    const program = new ElevatedRunner().argv.slice(1).map((w) => (w === HELPER_PATH ? installedHelperStandIn() : w));
    const r = await tsxCacheAttack(program);
    expect(r).toEqual({ planted: false, leftInTmp: [], leftInHome: [] });
  }, 120_000);

  it('the same attack works on a program run through tsx, as the helper used to be (so this test can fail)', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'pmc-attack-state-')), 'sim.json');
    const r = await tsxCacheAttack([process.execPath, '--import', 'tsx', join(ROOT, 'test/helpers/sim-helper.ts'), state]);
    expect(r.planted).toBe(true);
    expect(r.leftInTmp.some((n) => n.startsWith('tsx-'))).toBe(true);
  }, 120_000);
});

/** A tiering plan this machine can take: the opposite of what its demotion or numa_balancing setting is now; null when it has neither. */
function localTieringArgs(): string[] | null {
  const read = (p: string) => { try { return readFileSync(p, 'utf8').trim(); } catch { return null; } };
  const demotion = read('/sys/kernel/mm/numa/demotion_enabled');
  if (demotion !== null) return ['--demotion', demotion === 'true' ? 'no' : 'yes'];
  const balancing = read('/proc/sys/kernel/numa_balancing');
  if (balancing !== null) return ['--balancing', balancing === '0' ? 'normal' : 'off'];
  return null;
}

describe('a plan applied on this machine by a user who is not root', () => {
  it('goes to pkexec with the installed helper\'s path, or is refused in one line when it is not installed; nothing else runs as root', async (ctx) => {
    const tiering = localTieringArgs();
    if (!tiering) {
      ctx.skip('this kernel has neither demotion_enabled nor numa_balancing: no local plan to apply');
      return;
    }
    const standin = pkexecStandin(); // records its argv, then cancels like a dismissed password dialog
    const dir = mkdtempSync(join(tmpdir(), 'pmc-nonroot-'));
    const home = join(dir, 'home');
    const state = join(dir, 'state');
    mkdirSync(home);
    mkdirSync(state);
    const asRoot = process.getuid?.() === 0;
    const nobody = 65534;
    if (asRoot) for (const d of [dir, home, state]) chownSync(d, nobody, nobody);
    // What to expect is decided before the run: another job on the machine may install or remove the package meanwhile, and then
    // either of the two exact outcomes is right, nothing else.
    const isInstalled = () => existsSync(HELPER_PATH) && statSync(HELPER_PATH).uid === 0;
    const installedBefore = isInstalled();
    const child = spawn(process.execPath, [CLI, 'apply', 'tiering.set', ...tiering, '--yes', '--host', 'local'], {
      env: { PATH: `${standin.dir}:/usr/sbin:/usr/bin:/sbin:/bin`, HOME: home, TMPDIR: dir, PMEM_CONSOLE_STATE_DIR: state, LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: nobody, gid: nobody } : {}),
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const recorded = standin.recorded();
    const installed = installedBefore === isInstalled() ? installedBefore : recorded !== null;
    if (!installed) {
      expect(code, `${out}\n${err}`).toBe(3);
      expect(err.trimEnd().split('\n')).toEqual([`pmem-console: the privileged helper is not installed at ${HELPER_PATH}: install the pmem-console package (npm run package:deb, then apt install ./dist/pmem-console_*.deb), or run pmem-console as root`]);
      expect(recorded).toBeNull();
    } else {
      expect(recorded).toEqual([HELPER_PATH]);
      expect(code).toBe(1);
      expect(out).toMatch(/authentication was refused or cancelled/);
    }
  }, 60_000);
});
