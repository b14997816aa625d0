// Two tabs on one console: a host switch in one is announced in the other, whose open dialog (planned for the host it showed) is closed
// with the reason; and a simulated machine switched away from and back to is as it was left.
import { test, expect } from '@playwright/test';
import { actionDialog, openAction, openView, runInDialog, closeDialog, startConsole } from './console.js';

test('a preset switch in one tab closes the other tab\'s dialog with the reason; switching back finds the machine as it was left', async ({ context }) => {
  const c = await startConsole('seed-qemu');
  try {
    const a = await context.newPage();
    const b = await context.newPage();
    // A change on seed-qemu, made in tab A: namespace0.0 becomes devdax.
    await openView(a, c.url, 'regions');
    await openAction(a, 'namespace0.0', 'namespace.reconfigure');
    expect(await runInDialog(a)).toMatch(/^done/);
    await closeDialog(a);
    await expect(a.locator('tr[data-object="namespace0.0"] [data-testid="ns-mode"]')).toHaveText('devdax');

    // Tab B arms a destroy of namespace0.0 on seed-qemu.
    await openView(b, c.url, 'regions');
    await openAction(b, 'namespace0.0', 'namespace.destroy');
    await expect(actionDialog(b)).toContainText('namespace0.0');

    // Tab A switches the console to optane-2s: tab B is told, and its dialog is gone.
    await a.getByLabel('Switch preset').selectOption('optane-2s');
    await expect(a.getByTestId('host-label')).toHaveText('sim:optane-2s');
    await expect(a.getByTestId('notice')).toHaveCount(0);
    await expect(b.getByTestId('host-label')).toHaveText('sim:optane-2s');
    await expect(actionDialog(b)).toBeHidden();
    await expect(b.getByTestId('notice')).toContainText('Another window or tab switched the console to sim:optane-2s (this one showed sim:seed-qemu)');
    await expect(b.getByTestId('notice')).toContainText('The namespace.destroy dialog was closed');
    await b.getByTestId('notice').getByRole('button', { name: 'Dismiss' }).click();
    await expect(b.getByTestId('notice')).toHaveCount(0);

    // A change on optane-2s, then away to seed-qemu and back: each machine is as it was left (not a fresh simulator).
    await openView(a, c.url, 'regions');
    await openAction(a, 'namespace0.0', 'namespace.reconfigure');
    await actionDialog(a).locator('form.params label:has-text("mode") select').selectOption('sector');
    await actionDialog(a).getByRole('button', { name: 'Update plan' }).click();
    expect(await runInDialog(a)).toMatch(/^done/);
    await closeDialog(a);
    await expect(a.locator('tr[data-object="namespace0.0"] [data-testid="ns-mode"]')).toHaveText('sector');
    await a.getByLabel('Switch preset').selectOption('seed-qemu');
    await expect(a.getByTestId('host-label')).toHaveText('sim:seed-qemu');
    await expect(a.locator('tr[data-object="namespace0.0"] [data-testid="ns-mode"]')).toHaveText('devdax');
    await a.getByLabel('Switch preset').selectOption('optane-2s');
    await expect(a.getByTestId('host-label')).toHaveText('sim:optane-2s');
    await expect(a.locator('tr[data-object="namespace0.0"] [data-testid="ns-mode"]')).toHaveText('sector');
  } finally {
    await c.stop();
  }
});
