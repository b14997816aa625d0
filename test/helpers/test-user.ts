// A throwaway local user for ssh tests and the ssh bench (root only): a plain /bin/sh login, no home, no password, not locked.
import { execFileSync, spawnSync } from 'node:child_process';

/** The user's name; reused when it is already there (a run that died before removing it). */
export const TEST_USER = 'pmc-ssh-test';
/** The user of the sudo tests (test files run side by side, each with its own user). */
export const SUDO_TEST_USER = 'pmc-sudo-test';

/** The user of the BusyBox remote test: its login shell is BusyBox's sh. */
export const BUSYBOX_TEST_USER = 'pmc-bb-test';

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

/** Makes the user unless it exists, with that login shell; returns the function that removes it again (a no-op when it was there before). */
export function makeTestUser(name = TEST_USER, shell = '/bin/sh'): () => void {
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
