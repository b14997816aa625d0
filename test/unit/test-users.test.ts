// The throwaway users of the ssh tests belong to one test process each: two npm test runs side by side never share one (or its
// sudoers rule), and a run killed before its cleanup leaves nothing the next run trips over.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUSYBOX_TEST_USER, canMakeUsers, makeTestUser, SUDO_TEST_USER, TEST_USER } from '../helpers/test-user.js';

const ROOT = join(import.meta.dirname, '../..');
const exists = (name: string) => spawnSync('id', ['-u', name], { stdio: 'ignore' }).status === 0;

describe('the ssh tests\' users', () => {
  it('are named after the test process, so another run beside this one has others', () => {
    expect([TEST_USER, SUDO_TEST_USER, BUSYBOX_TEST_USER]).toEqual([`pmc-ssh-${process.pid}`, `pmc-sudo-${process.pid}`, `pmc-bb-${process.pid}`]);
    const other = execFileSync(process.execPath, ['--import', 'tsx', '-e', "import('./test/helpers/test-user.ts').then((m) => console.log(m.SUDO_TEST_USER))"], { cwd: ROOT, encoding: 'utf8' }).trim();
    expect(other).toMatch(/^pmc-sudo-\d+$/);
    expect(other).not.toBe(SUDO_TEST_USER);
    for (const name of [TEST_USER, SUDO_TEST_USER, BUSYBOX_TEST_USER, other]) expect(name.length).toBeLessThanOrEqual(32);
  });

  it.skipIf(!canMakeUsers())('are removed with their sudoers rule when the process that made them is gone; a live run\'s are kept', () => {
    // A process that has ended: its pid is free (until reused, which the sweep would then take as alive and leave alone).
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const leftover = `pmc-sudo-${gone}`;
    const live = `pmc-ssh-${process.ppid}`;
    execFileSync('useradd', ['--no-create-home', '--home-dir', '/tmp', '--shell', '/bin/sh', '--password', '*', leftover]);
    writeFileSync(`/etc/sudoers.d/${leftover}`, `${leftover} ALL=(root) NOPASSWD: /bin/true\n`, { mode: 0o440 });
    const liveMade = !exists(live);
    if (liveMade) execFileSync('useradd', ['--no-create-home', '--home-dir', '/tmp', '--shell', '/bin/sh', '--password', '*', live]);
    try {
      const remove = makeTestUser(TEST_USER);
      try {
        expect(exists(leftover)).toBe(false);
        expect(existsSync(`/etc/sudoers.d/${leftover}`)).toBe(false);
        expect(exists(live)).toBe(true);
        expect(exists(TEST_USER)).toBe(true);
      } finally {
        remove();
      }
      expect(exists(TEST_USER)).toBe(false);
    } finally {
      if (exists(leftover)) execFileSync('userdel', [leftover]);
      if (liveMade) execFileSync('userdel', [live]);
    }
  });
});
