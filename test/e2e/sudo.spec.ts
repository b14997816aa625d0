// sudo's password in the guarded dialog: a console on a remote reached as a user who is not root (the real sshd and sudo in front of a
// sim, test/helpers/sim-remote.ts; root only). The password is asked for once, in the dialog, after the plan was confirmed and
// before any step; declining runs nothing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { startSimRemote, type SimRemote } from '../helpers/sim-remote.js';
import { SUDO_TEST_USER } from '../helpers/test-user.js';
import { actionDialog as dialog, openAction, openView, startConsole } from './console.js';

const PASSWORD = 'e2e pass: sudo';
const ROOT = process.getuid?.() === 0;

// Every read goes over ssh to stand-in tools that start a Node process per call: on a loaded 2-core machine, with other specs running
// beside it, this test is slow; it is sized for that, not for the default limits.
test.describe.configure({ mode: 'serial', timeout: 300_000 });
test.skip(!ROOT, 'needs root: a throwaway user, a sudoers rule and a mount namespace');

let remote: SimRemote;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  remote = await startSimRemote('seed-qemu', { kind: 'password', password: PASSWORD });
});
test.afterAll(async () => {
  await remote?.stop();
});

test('the dialog asks for sudo\'s password once; declining runs nothing, the password runs the plan', async ({ page }) => {
  const c = await startConsole('seed-qemu', ['--host', remote.spec, '--ssh-config', remote.sshd.clientConfig]);
  const slow = { timeout: 60_000 };
  try {
    await openView(page, c.url, 'regions');
    await openAction(page, 'namespace0.0', 'namespace.reconfigure');
    await dialog(page).getByTestId('confirm-name').fill('namespace0.0');
    await dialog(page).getByTestId('run').click();
    await expect(dialog(page).getByTestId('sudo-password')).toBeVisible(slow);
    await expect(dialog(page).getByRole('form', { name: 'sudo password' })).toContainText(`sudo password for ${SUDO_TEST_USER} on 127.0.0.1`);
    await dialog(page).getByTestId('sudo-password-decline').click();
    await expect(dialog(page).getByTestId('dialog-error')).toContainText('none was given; nothing ran', slow);
    expect(remote.calls.root).toEqual([]);
    await dialog(page).getByRole('button', { name: 'Close' }).click();

    await openAction(page, 'namespace0.0', 'namespace.reconfigure');
    await dialog(page).getByTestId('confirm-name').fill('namespace0.0');
    await dialog(page).getByTestId('run').click();
    await expect(dialog(page).getByTestId('sudo-password')).toBeVisible(slow);
    await dialog(page).getByTestId('sudo-password').fill(PASSWORD);
    await dialog(page).getByTestId('sudo-password-send').click();
    await expect(dialog(page).getByTestId('run-message')).toContainText('matches the prediction', slow);
    await expect(dialog(page).getByTestId('sudo-password')).toHaveCount(0);
    expect(remote.calls.root).toEqual([expect.stringMatching(/^ndctl create-namespace .*namespace0\.0/)]);
    await dialog(page).getByRole('button', { name: 'Close' }).click();
    await expect(page.locator('tr[data-object="namespace0.0"] [data-testid="ns-mode"]')).toHaveText('devdax', slow);
    expect(c.log()).not.toContain(PASSWORD);
    const journal = join(c.dir, 'journal');
    for (const f of readdirSync(journal, { recursive: true, encoding: 'utf8' })) {
      if (statSync(join(journal, f)).isFile()) expect(readFileSync(join(journal, f), 'utf8')).not.toContain(PASSWORD);
    }
  } catch (e) {
    console.error(`the console's log:\n${c.log()}`);
    throw e;
  } finally {
    await c.stop();
  }
});
