// A remote reached as a user who is not root and has no sudo there (Debian's real sshd on 127.0.0.1, a throwaway user made for the
// test): the console reads the machine, and a change is refused before anything runs, in sudo's words, not at the first write.
// (sudo that lets the user through: ssh-sudo.test.ts.)
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../electron/api/session.js';
import { main } from '../../electron/cli/main.js';
import { SshHost } from '../../electron/host/ssh/index.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { privateStateDir } from '../actions/cli-helpers.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { canMakeUsers, makeTestUser, TEST_USER } from '../helpers/test-user.js';

const USER = TEST_USER;
/** Making a user takes root; CI runs the tests as root. */
const ROOT = canMakeUsers();
let sshd: TestSshd;
let removeUser = () => {};

beforeAll(async () => {
  if (!ROOT) return;
  privateStateDir();
  removeUser = makeTestUser();
  sshd = await startSshd({ user: USER });
}, 60_000);

afterAll(async () => {
  await sshd?.stop();
  removeUser();
});

describe.skipIf(!ROOT)('an ssh host reached as a user who is not root (needs root to make the user)', { timeout: 180_000 }, () => {
  const spec = () => `ssh://${USER}@127.0.0.1:${sshd.port}`;

  it('reads the machine, and knows from connecting that changes there would go through sudo', async () => {
    const host = new SshHost({ user: USER, host: '127.0.0.1', port: sshd.port }, { configFile: sshd.clientConfig });
    try {
      expect(host.actsAsRoot()).toBeNull();
      const t = await snapshot(host);
      expect(t.memory.blocks.length).toBeGreaterThan(0);
      expect(host.actsAsRoot()).toBe(false);
      expect(host.sudo()).not.toBeNull();
      const session = new ConsoleSession({ spec: spec(), host });
      await session.view();
      expect(session.info().canAct).toBe(true);
    } finally {
      await host.close();
    }
  });

  it('apply is refused before anything runs, with sudo\'s reason in one line', async () => {
    let err = '';
    const before = execFileSync('cat', ['/sys/kernel/mm/numa/demotion_enabled']).toString();
    const code = await main(['apply', 'tiering.set', '--demotion', 'yes', '--host', spec(), '--ssh-config', sshd.clientConfig, '--yes'], { out: () => {}, err: (s) => void (err += s) });
    expect(code).toBe(3);
    expect(err).toMatch(new RegExp(`^pmem-console: .*: Sorry, user ${USER} may not run sudo on .*; nothing ran\\n$`));
    expect(execFileSync('cat', ['/sys/kernel/mm/numa/demotion_enabled']).toString()).toBe(before);
  });
});
