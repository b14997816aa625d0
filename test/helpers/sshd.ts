// Starts Debian's real sshd on 127.0.0.1 for a test, with throwaway host and user keys; no mock.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** A running sshd and an ssh_config that reaches it as the current user. */
export interface TestSshd {
  port: number;
  user: string;
  /** ssh_config with the user key, the known host key and BatchMode-friendly settings. */
  clientConfig: string;
  dir: string;
  stop(): Promise<void>;
}

const SSHD = ['/usr/sbin/sshd', '/usr/bin/sshd'].find((p) => existsSync(p));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once sshd greets on the port (its banner starts with "SSH-"). */
async function waitForBanner(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${stderr()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ port, host: '127.0.0.1' });
      s.once('data', (d) => { s.destroy(); resolve(d.toString().startsWith('SSH-')); });
      s.once('error', () => resolve(false));
      s.setTimeout(1000, () => { s.destroy(); resolve(false); });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sshd did not answer on port ${port}: ${stderr()}`);
}

/** Starts sshd in the foreground on a free port, for the current user or another one (root only: sshd reads that user's key file as
 *  that user, so the throwaway directory is made readable), optionally in a mount namespace with files bound over others (root only);
 *  fails loudly when openssh-server is not installed. */
export async function startSshd(opts: { user?: string; binds?: readonly (readonly [string, string])[]; config?: readonly string[] } = {}): Promise<TestSshd> {
  if (!SSHD) throw new Error('sshd is not installed: the ssh host test needs Debian\'s openssh-server (apt-get install openssh-server)');
  const dir = mkdtempSync(join(tmpdir(), 'pmc-sshd-'));
  const user = opts.user ?? userInfo().username;
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'user_key')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'user_key.pub')));
  if (opts.user) {
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'authorized_keys'), 0o644);
  }
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // privilege separation directory
  // A free port can be taken by another test run between the check and sshd's bind: sshd then exits, and another port is tried.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const started = await startOn(port, dir, opts);
    if ('child' in started) return serving(port, user, dir, started.child);
    if (attempt >= 5 || !/Address already in use|Bind to port/.test(started.error)) throw new Error(started.error);
  }
}

/** Writes the configuration for one port and starts sshd on it: the running child, or why it did not come up. */
async function startOn(port: number, dir: string, opts: { binds?: readonly (readonly [string, string])[]; config?: readonly string[] }): Promise<{ child: ChildProcess } | { error: string }> {
  writeFileSync(join(dir, 'sshd_config'), [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`, `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'StrictModes no', 'UsePAM no', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes', 'PermitRootLogin prohibit-password',
    'MaxSessions 100', 'MaxStartups 100', 'LogLevel ERROR', ...(opts.config ?? []), '',
  ].join('\n'));
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${readFileSync(join(dir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
  writeFileSync(join(dir, 'ssh_config'), [
    'Host *', `  IdentityFile ${join(dir, 'user_key')}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
    '  StrictHostKeyChecking yes', '  GlobalKnownHostsFile /dev/null', '',
  ].join('\n'));
  const sshd = [SSHD!, '-D', '-e', '-f', join(dir, 'sshd_config')];
  // With binds (root only), sshd runs in a mount namespace of its own where each source is bound over its target: the sessions it
  // starts see those files instead of this machine's, and nothing outside the namespace changes.
  const binds = opts.binds ?? [];
  const script = `${binds.map((_, i) => `mount --bind "\${${2 * i + 1}}" "\${${2 * i + 2}}" || exit 1`).join('\n')}\nshift ${2 * binds.length}\nexec "$@"`;
  const child = binds.length === 0
    ? spawn(sshd[0]!, sshd.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', ...binds.flat(), ...sshd], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
  try {
    await waitForBanner(port, child, () => err);
    return { child };
  } catch (e) {
    if (child.exitCode === null) child.kill('SIGKILL');
    return { error: (e as Error).message };
  }
}

/** The sshd that came up, and how to stop it (its folder goes with it). */
function serving(port: number, user: string, dir: string, child: ChildProcess): TestSshd {
  return {
    port, user, clientConfig: join(dir, 'ssh_config'), dir,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
