// A remote whose login shell is BusyBox's sh and whose PATH puts BusyBox's applets first (Debian's busybox-static, installed with
// `busybox --install -s DIR`), as on Alpine and other BusyBox-based images and the harness's guest: there `timeout`, `env`, `sleep`,
// `find` and `grep` are BusyBox's. BusyBox's timeout reads a limit of 0 as one second and truncates fractions, so a plan step (no
// limit) must run with no timeout(1) at all, and a limit must be whole seconds. Real sshd on 127.0.0.1, a throwaway user (root only).
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStep } from '../../electron/actions/run-step.js';
import { LocalHost } from '../../electron/host/local/index.js';
import { SshHost } from '../../electron/host/ssh/index.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { BUSYBOX_TEST_USER as USER, canMakeUsers, makeTestUser } from '../helpers/test-user.js';
import { sharedDir } from '../helpers/shared-dir.js';

const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
/** Making a user takes root; CI runs the tests as root and installs busybox-static. */
const ROOT = canMakeUsers();
if (ROOT && !BUSYBOX) throw new Error('busybox is not installed: this test needs Debian\'s busybox-static (apt-get install busybox-static)');

let sshd: TestSshd;
let host: SshHost;
let applets = '';
let removeUser = () => {};
const local = new LocalHost();

beforeAll(async () => {
  if (!ROOT) return;
  applets = sharedDir('pmc-busybox-');
  execFileSync(BUSYBOX!, ['--install', '-s', applets]);
  if (!existsSync(join(applets, 'sh'))) symlinkSync(BUSYBOX!, join(applets, 'sh'));
  removeUser = makeTestUser(USER, join(applets, 'sh'));
  sshd = await startSshd({ user: USER, config: [`SetEnv PATH=${applets}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`] });
  host = new SshHost({ user: USER, host: '127.0.0.1', port: sshd.port }, { configFile: sshd.clientConfig });
}, 60_000);

afterAll(async () => {
  await host?.close();
  await sshd?.stop();
  removeUser();
  if (applets) rmSync(applets, { recursive: true, force: true });
});

describe.skipIf(!ROOT)('an ssh host whose shell and tools are BusyBox\'s (needs root to make the user)', { timeout: 180_000 }, () => {
  it('is a BusyBox remote: its login shell is BusyBox ash, its PATH starts with the applets, and the console knows its timeout(1) is BusyBox\'s', async () => {
    const r = await host.exec(['sh', '-c', 'echo "$PATH"; readlink /proc/$$/exe; env --help 2>&1 | head -n 1']);
    const [path, shell, env] = r.stdout.split('\n');
    expect(path!.startsWith(`${applets}:`)).toBe(true);
    expect(shell).toMatch(/\/busybox$/);
    expect(env).toMatch(/^BusyBox v/);
    expect(host.timeoutKind()).toBe('busybox');
    expect((await host.exec(['sh', '-c', 'timeout --help 2>&1 | head -n 1'])).stdout).toMatch(/^BusyBox v/);
  });

  it('runs a plan step that takes several seconds to its end: with no limit there is no timeout(1) to stop it after one second', async () => {
    const r = await runStep(host, { kind: 'exec', argv: ['sh', '-c', 'sleep 3; echo finished'] });
    expect(r).toMatchObject({ ok: true, exitCode: 0, stdout: 'finished', error: null });
    expect(r.durationMs).toBeGreaterThanOrEqual(3000);
  });

  it('runs a read with a limit in whole seconds, as BusyBox reads them (1.5 s is 2 s, never 1)', async () => {
    const r = await host.exec(['sh', '-c', 'sleep 1.2; echo in-time'], { timeoutMs: 1500 });
    expect(r).toEqual({ exitCode: 0, stdout: 'in-time', stderr: '' });
  });

  it('stops a command past its limit and says BusyBox\'s timeout(1) stopped it (it exits 143, not GNU\'s 124)', async () => {
    await expect(host.exec(['sleep', '20'], { timeoutMs: 1000 })).rejects.toMatchObject({ code: 'ETIMEDOUT', timedOut: true, message: expect.stringMatching(/stopped by the remote's timeout\(1\) \(BusyBox\)/) });
  });

  it('passes a tool\'s own exit codes through, and a missing tool is named', async () => {
    expect((await host.exec(['sh', '-c', 'exit 143'])).exitCode).toBe(143);
    await expect(host.exec(['no-such-tool-pmc'])).rejects.toMatchObject({ code: 'ENOTOOL' });
  });

  it('takes the same snapshot as the local host (its find, grep and read are BusyBox\'s)', async () => {
    const [viaSsh, here] = [await snapshot(host), await snapshot(local)];
    // The user is not root there: root's key ring is unknown to it, where the local read (as root) sees it.
    const strip = (t: typeof here) => ({ ...t, host: null, takenAt: null, meminfo: null, keys: null, nodes: t.nodes.map((n) => ({ ...n, memFree: 0 })) });
    expect(strip(viaSsh)).toEqual(strip(here));
    expect(viaSsh.memory.blocks.length).toBeGreaterThan(0);
  }, 120_000);
});
