// A throwaway local user for ssh tests and the ssh bench (root only): a plain /bin/sh login, no home, no password, not locked; named
// after the test process, so test runs side by side each have their own.
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

/** A user name of this test process's own ("pmc-sudo-4242"): two test runs side by side (two npm test) never share a user. */
const ownName = (kind: string) => `pmc-${kind}-${process.pid}`;
const OWN_NAME = /^pmc-(ssh|sudo|bb)-(\d+)$/;

/** The user of the plain ssh tests and the ssh bench. */
export const TEST_USER = ownName('ssh');
/** The user of the sudo tests (test files run side by side, each with its own user). */
export const SUDO_TEST_USER = ownName('sudo');
/** The user of the BusyBox remote test: its login shell is BusyBox's sh. */
export const BUSYBOX_TEST_USER = ownName('bb');

/** Whether this process may make users. */
export const canMakeUsers = () => process.getuid?.() === 0;

/** Ends the user's processes (an ssh session a shared connection kept open, a sudo), then removes the user. */
function removeUser(name: string): void {
  for (let tries = 0; ; tries++) {
    spawnSync('pkill', ['-KILL', '-u', name]);
    if (spawnSync('pgrep', ['-u', name]).status !== 0) break; // none left
    if (tries >= 50) throw new Error(`${name} still has processes after 5 s: ${spawnSync('pgrep', ['-a', '-u', name]).stdout}`);
    execFileSync('sleep', ['0.1']);
  }
  execFileSync('userdel', [name]);
}

/** Removes the users test processes that are gone left behind (a run killed before its cleanup), and their sudoers rules. */
function removeLeftovers(): void {
  const passwd = spawnSync('getent', ['passwd'], { encoding: 'utf8' }).stdout ?? '';
  for (const line of passwd.split('\n')) {
    const name = line.split(':')[0] ?? '';
    const m = OWN_NAME.exec(name);
    if (!m || Number(m[2]) === process.pid || processAlive(Number(m[2]))) continue;
    try {
      removeUser(name);
      rmSync(`/etc/sudoers.d/${name}`, { force: true });
    } catch {
      // Another run removing it at the same moment: it is gone either way.
    }
  }
}

/** Whether a process is running. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Makes the user unless it exists, with that login shell; returns the function that removes it again (a no-op when it was there before). */
export function makeTestUser(name = TEST_USER, shell = '/bin/sh'): () => void {
  removeLeftovers();
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
    execFileSync('usermod', ['--shell', shell, name]);
    return () => {};
  } catch {
    // Password '*': no password login, but not a locked account (sshd without PAM refuses locked ones, keys too).
    execFileSync('useradd', ['--no-create-home', '--home-dir', '/tmp', '--shell', shell, '--password', '*', name]);
    return () => removeUser(name);
  }
}
