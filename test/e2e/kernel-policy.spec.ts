// A kernel policy in the way: auto_online_blocks set to online the new memory into ZONE_NORMAL. The refusal offers the fix as a plan
// (Overview's doctor, the dialog, the wizard's preflight); run, it changes the sim's auto_online_blocks, and the blocked plan runs.
import { test, expect } from '@playwright/test';
import { SimHost } from '../../electron/host/sim/index.js';
import { actionDialog, closeDialog, openView, runInDialog, startConsole, type Served } from './console.js';

const AUTO_ONLINE = '/sys/devices/system/memory/auto_online_blocks';
const policy = async (c: Served) => (await new SimHost({ stateFile: c.stateFile }).readFile(AUTO_ONLINE)).trim();

test('auto_online_blocks=online_kernel: the blocked system-RAM plan offers the fix; run, the plan runs', async ({ page }) => {
  const c = await startConsole('qemu-nvdimm');
  try {
    expect((await c.cli('apply', 'namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--confirm', 'namespace0.0')).code).toBe(0);
    c.editState((s) => { (s.memory as { autoOnline: string }).autoOnline = 'online_kernel'; });
    expect(await policy(c)).toBe('online_kernel');

    // The doctor names it and offers the fix.
    await openView(page, c.url, 'overview');
    const finding = page.getByTestId('finding').filter({ hasText: 'onlines new memory automatically' });
    await expect(finding.getByTestId('finding-fix')).toHaveText(/memory\.auto-online --policy offline/);

    // The wizard says why the device cannot be used now, with the fix beside it.
    await openView(page, c.url, 'use-as-ram');
    await expect(page.getByTestId('source-unavailable-dax:dax0.0')).toContainText('auto_online_blocks is "online_kernel"');
    await expect(page.getByTestId('source-fix-dax:dax0.0')).toHaveText(/memory\.auto-online --policy offline/);

    // The dialog of the blocked plan: the fix first, then back to the plan, which now runs.
    await openView(page, c.url, 'dax');
    const ram = page.locator('button[data-object="dax0.0"][data-action="dax.system-ram"]');
    await expect(ram).toHaveAttribute('aria-disabled', 'true');
    await ram.focus();
    await page.keyboard.press('Enter');
    const d = actionDialog(page);
    await expect(d.getByTestId('blocking-guard')).toContainText('auto_online_blocks is "online_kernel"');
    await expect(d.getByTestId('run')).toBeDisabled();
    await d.getByTestId('guard-fix').click();
    await expect(d).toContainText('Set auto_online_blocks to offline (until the next boot)');
    await expect(d.locator('ol.steps code').first()).toHaveText(`echo offline > ${AUTO_ONLINE}`);
    await expect(d).toContainText('until the next boot');
    expect(await runInDialog(page)).toContain('done');
    expect(await policy(c)).toBe('offline');
    // Closing the fix's result comes back to dax.system-ram, planned again: nothing blocks it now.
    await d.getByRole('button', { name: 'Close' }).click();
    await expect(d).toBeVisible();
    await expect(d.getByTestId('blocking-guard')).toHaveCount(0);
    await expect(d.locator('ol.steps code').first()).toContainText('daxctl reconfigure-device --mode=system-ram dax0.0');
    expect(await runInDialog(page)).toContain('matches the prediction');
    await closeDialog(page);
    await expect(page.locator('tr[data-object="dax0.0"] [data-testid="dax-mode"]')).toHaveText('system-ram');
    // Fixed, the doctor no longer finds it.
    await openView(page, c.url, 'overview');
    await expect(page.getByTestId('finding-fix')).toHaveCount(0);
  } finally {
    await c.stop();
  }
});
