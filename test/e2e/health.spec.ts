// The Health view and the FAQ's actions through the UI: the preset's numbers, a scrub with progress, a sanitize refused and then run, and
// the poison warning on the way to system RAM.
import { test, expect, type Page } from '@playwright/test';
import { actionDialog, closeDialog, openAction, openView, runInDialog, startConsole } from './console.js';

const dialog = actionDialog;

/** Opens an action whose button says it cannot run now (aria-disabled: a click is not taken, a keyboard press is). */
async function openBlocked(page: Page, object: string, action: string): Promise<void> {
  const button = page.locator(`button[data-object="${object}"][data-action="${action}"]`);
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(dialog(page)).toBeVisible();
  await expect(dialog(page).getByText('Planning…')).toHaveCount(0);
}

test('optane-2s: the Health view shows the preset\'s health, security, poison and scrub state; the Overview and Topology flag them', async ({ page }) => {
  const c = await startConsole('optane-2s');
  try {
    await openView(page, c.url, 'health');
    await expect(page.locator('[data-testid="health-dimms"] tbody tr')).toHaveCount(12);
    const worn = page.locator('tr[data-dimm="nmem4"]');
    await expect(worn.getByTestId('dimm-health')).toHaveText('non-critical; alarm: spares');
    await expect(worn.getByTestId('dimm-spares')).toHaveText('12%');
    await expect(page.getByTestId('thresholds')).toHaveText('Alarm thresholds of every DIMM: media 82 °C, controller 98 °C, spares below 50%.');
    await expect(worn.getByTestId('dimm-life')).toHaveText('91%');
    await expect(page.locator('tr[data-dimm="nmem0"]').getByTestId('dimm-health')).toHaveText('ok');
    await expect(page.locator('tr[data-dimm="nmem7"]').getByTestId('dimm-security')).toHaveText('locks at power loss');
    await expect(page.locator('tr[data-dimm="nmem0"]').getByTestId('dimm-security')).toHaveText('no passphrase');
    await expect(page.getByTestId('key-dir')).toContainText('(1 blob there now)');
    const poison = page.locator('[data-testid="poison"] tbody tr');
    await expect(poison).toHaveCount(2);
    await expect(poison.nth(0)).toContainText('region0');
    await expect(poison.nth(0)).toContainText('namespace0.0 (+64 GiB)');
    await expect(poison.nth(0).getByTestId('poison-hits')).toHaveText('stored data (unreadable)');
    await expect(poison.nth(1)).toContainText('namespace1.0 (+100 GiB)');
    await expect(page.getByTestId('scrub-ndbus0').getByTestId('scrub-state')).toHaveText('idle; 1 completed since boot');

    await openView(page, c.url, 'overview');
    await expect(page.getByTestId('health-badge')).toHaveText('attention');
    await expect(page.getByTestId('health-summary')).toContainText('nmem4 non-critical; alarm: spares');
    await expect(page.getByTestId('health-summary')).toContainText('2 runs of known poison (4.5 KiB)');
    await openView(page, c.url, 'topology');
    await expect(page.locator('[data-item="region:region0"] [data-testid="topology-alert"]')).toHaveCount(1);
    await expect(page.locator('[data-item="dax:dax0.0"] [data-testid="topology-alert"]')).toHaveCount(1);
  } finally {
    await c.stop();
  }
});

test('QEMU\'s NVDIMM: health unknown (no health command), no scrub, no security; never "ok"', async ({ page }) => {
  const c = await startConsole('qemu-nvdimm');
  try {
    await openView(page, c.url, 'health');
    await expect(page.getByTestId('dimm-health-unknown')).toHaveText('unknown: the firmware has no health command (its commands: get_size, get_data, set_data, cmd_call)');
    await expect(page.getByTestId('dimm-security')).toHaveText('none');
    await expect(page.getByTestId('dimm-security')).toHaveAttribute('title', 'no security commands: data stays readable after power loss');
    await expect(page.getByTestId('scrub-ndbus0').getByTestId('scrub-state')).toHaveText('no address range scrub (the platform\'s commands: cmd_call)');
    await openView(page, c.url, 'overview');
    await expect(page.getByTestId('health-badge')).toHaveText('partly unknown');
  } finally {
    await c.stop();
  }
});

test('a scrub shows its progress while it runs, and the poison it found joins the list', async ({ page }) => {
  const c = await startConsole('optane-2s');
  try {
    await openView(page, c.url, 'health');
    // Long enough for the step's two-second poll to report at least once, whatever the machine's load.
    c.editState((s) => {
      ((s.buses as { scrub: { durationMs: number } }[])[0]!).scrub.durationMs = 12_000;
    });
    await openAction(page, 'ndbus0', 'bus.scrub');
    await expect(dialog(page).getByTestId('risk').first()).toHaveText('safe');
    await dialog(page).getByTestId('run').click();
    await expect(dialog(page).getByTestId('step-detail-1')).toContainText('address range scrub running (1 completed since boot)', { timeout: 20_000 });
    await expect(dialog(page).getByTestId('run-message')).toContainText('done', { timeout: 30_000 });
    await closeDialog(page);
    await expect(page.getByTestId('scrub-ndbus0').getByTestId('scrub-state')).toHaveText('idle; 2 completed since boot');
    await expect(page.locator('[data-testid="poison"] tbody tr')).toHaveCount(3);
    await expect(page.locator('[data-testid="poison"] tbody tr').nth(1)).toContainText('free space');
  } finally {
    await c.stop();
  }
});

test('sanitize: refused with what it would destroy while the interleaved region is enabled; after disabling it runs with the typed name and the region comes back empty', async ({ page }) => {
  const c = await startConsole('optane-2s');
  try {
    await openView(page, c.url, 'health');
    await openBlocked(page, 'nmem2', 'dimm.sanitize');
    await expect(dialog(page).getByTestId('risk').first()).toHaveText('destructive');
    await expect(dialog(page).getByTestId('blocking-guard')).toContainText('region0 is enabled; the kernel refuses to erase an active DIMM');
    await expect(dialog(page).getByTestId('warning-guard').first()).toContainText('region0 (interleaved with nmem0, nmem1, nmem3, nmem4, nmem5): namespace0.0 (devdax, 252 GiB, "kmem-pool")');
    await expect(dialog(page).getByTestId('run')).toBeDisabled();
    await page.keyboard.press('Escape');

    expect((await c.cli('apply', 'region.disable', '--region', 'region0', '--confirm', 'region0')).code).toBe(0);
    await openView(page, c.url, 'health');
    await openAction(page, 'nmem2', 'dimm.sanitize');
    await expect(dialog(page).getByTestId('blocking-guard')).toHaveCount(0);
    await dialog(page).getByTestId('confirm-name').fill('nmem0');
    await expect(dialog(page).getByTestId('run')).toBeDisabled();
    expect(await runInDialog(page)).toContain('done');
    await closeDialog(page);
    expect((await c.cli('apply', 'region.enable', '--region', 'region0', '--yes')).code).toBe(0);
    await openView(page, c.url, 'regions');
    await expect(page.locator('[data-testid="namespaces"] tbody tr[data-object^="namespace0."]')).toHaveCount(0);
    await expect(page.locator('[data-testid="namespaces"] tbody tr[data-object="namespace1.0"]')).toHaveCount(1);
  } finally {
    await c.stop();
  }
});

test('dax.system-ram on a device with known poison warns, and offers the clear-errors plan; the wizard says so before the hand-off', async ({ page }) => {
  const c = await startConsole('optane-2s');
  try {
    await openView(page, c.url, 'dax');
    await openAction(page, 'dax0.0', 'dax.system-ram');
    await expect(dialog(page).getByTestId('warning-guard').filter({ hasText: 'known poison' })).toContainText('dax0.0 holds 4 KiB of known poison (60 GiB into it, on nmem4) in namespace0.0');
    await dialog(page).getByTestId('warning-fix').first().click();
    await expect(dialog(page).locator('ol.steps code').first()).toHaveText('ndctl clear-errors namespace0.0');
    expect(await runInDialog(page)).toContain('done');
    await dialog(page).getByRole('button', { name: 'Close' }).click();
    // Back to the plan it came from, now without the warning.
    await expect(dialog(page).locator('ol.steps code').first()).toContainText('daxctl reconfigure-device --mode=system-ram');
    await expect(dialog(page).getByTestId('warning-guard').filter({ hasText: 'known poison' })).toHaveCount(0);
    await page.keyboard.press('Escape');

    await openView(page, c.url, 'use-as-ram');
    await page.getByLabel(/dax0\.0/).check();
    await page.getByRole('button', { name: 'Next: preflight' }).click();
    await expect(page.getByTestId('handoff-unlocked')).toContainText('nmem0, nmem1, nmem2, nmem3, nmem4, nmem5 have no passphrase');
    await expect(page.getByTestId('handoff-no-poison')).toBeVisible();
  } finally {
    await c.stop();
  }
});

test('a threshold crossed while the console is open puts a badge on Health until the view is seen', async ({ page }) => {
  const c = await startConsole('optane-2s');
  try {
    await openView(page, c.url, 'overview');
    await expect(page.getByTestId('health-alerts')).toHaveCount(0);
    c.editState((s) => {
      const dimm = (s.buses as { dimms: { health: { spares: number } }[] }[])[0]!.dimms[0]!;
      dimm.health.spares = 20; // below the 50% threshold
    });
    await expect(page.getByTestId('health-alerts')).toHaveText(/^1/);
    await expect(page.getByTestId('health-alerts')).toHaveAttribute('title', 'nmem0 is past its spares threshold (20% spare blocks left)');
    await page.getByRole('link', { name: /^Health/ }).click();
    await expect(page.getByTestId('health-alerts')).toHaveCount(0);
    await expect(page.locator('tr[data-dimm="nmem0"]').getByTestId('dimm-spares')).toHaveText('20%');
  } finally {
    await c.stop();
  }
});
