// CXL through the UI on sim:cxl-pmem-2x: the CXL view (windows, regions, memdevs, decoders) with its guarded actions, the topology's
// memdev-to-region path, and the system-RAM wizard from the memory devices: region, namespace, system RAM, back, and the region destroyed.
import { test, expect, type Page } from '@playwright/test';
import { formatBytes } from '../../shared/units/index.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { actionDialog, closeDialog, openAction, openView, runInDialog, startConsole, type Served } from './console.js';

const GiB = 2 ** 30;
const read = (c: Served) => snapshot(new SimHost({ stateFile: c.stateFile }));

async function next(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('button', { name }).click();
}

test('the CXL view: windows with their free space, memdevs and decoders; a region created from a window, and the traps shown', async ({ page }) => {
  const c = await startConsole('cxl-pmem-2x');
  try {
    await openView(page, c.url, 'cxl');
    await expect(page.locator('[data-testid="cxl-windows"] tbody tr')).toHaveCount(1);
    await expect(page.getByTestId('window-free')).toHaveText('4 GiB');
    await expect(page.locator('[data-testid="cxl-memdevs"] tbody tr')).toHaveCount(2);
    await expect(page.locator('[data-testid="cxl-memdevs"] tr[data-object="cxl:mem0"]')).toContainText('endpoint2 → port1 → root0 (via 0000:0c:01.0)');
    await expect(page.locator('[data-testid="cxl-decoders"] tbody tr')).toHaveCount(4);
    await expect(page.getByTestId('no-cxl-regions')).toBeVisible();

    await openAction(page, 'cxl:decoder0.0', 'cxl.region-create');
    await expect(actionDialog(page).locator('ol.steps code').first()).toHaveText('cxl create-region -m -t pmem -d decoder0.0 -w 2 mem0 mem1');
    expect(await runInDialog(page)).toMatch(/matches the prediction/);
    await closeDialog(page);
    await expect(page.locator('[data-testid="cxl-regions"] tbody tr')).toHaveCount(1);
    await expect(page.getByTestId('cxl-region-holds')).toHaveText('region0, no namespace yet');
    await expect(page.getByTestId('window-free')).toHaveText('2 GiB');
    // A memdev in a region cannot be disabled: the button says why.
    await expect(page.locator('button[data-object="cxl:mem1"][data-action="cxl.memdev-disable"]')).toHaveAttribute('title', 'mem1 is part of region0 (decoder3.0): disabling it would take region0 down under whatever uses it; destroy region0 first');
    expect((await read(c)).cxl!.regions.map((r) => [r.name, r.size, r.state])).toEqual([['region0', 2 * GiB, 'enabled']]);

    // The topology draws the path: memdev, the port above it, the window targeting the port, the region in the window, the nd region.
    await openView(page, c.url, 'topology');
    for (const m of ['mem0', 'mem1']) {
      await expect(page.locator(`path[data-from="memdev:${m}"][data-to="cxlport:port1"]`)).toHaveCount(1);
      await expect(page.locator(`path[data-from="memdev:${m}"][data-to="cxlregion:region0"]`)).toHaveCount(1);
    }
    await expect(page.locator('path[data-from="cxlport:port1"][data-to="window:decoder0.0"]')).toHaveCount(1);
    await expect(page.locator('path[data-from="window:decoder0.0"][data-to="cxlregion:region0"]')).toHaveCount(1);
    await expect(page.locator('path[data-from="cxlregion:region0"][data-to="region:region0"]')).toHaveCount(1);
    await page.locator('[data-item="memdev:mem0"]').focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.details')).toContainText('decoder2.0 → region0 (pmem, 1 GiB at DPA 0x0)');
  } finally {
    await c.stop();
  }
});

test('the wizard from the memory devices: a CXL region, a devdax namespace, system RAM as predicted; then back, and the region destroyed', async ({ page }) => {
  const c = await startConsole('cxl-pmem-2x');
  try {
    await c.cli('snapshot'); // creates the state file
    const start = (await read(c)).meminfo.memTotal;
    await openView(page, c.url, 'use-as-ram');
    await page.getByLabel(/mem0, mem1: a new CXL region in decoder0\.0, then a devdax namespace in it/).check();
    await next(page, /Next: preflight/);
    await expect(page.getByTestId('preflight-guards')).toContainText('cxl create-region exits 0 even when the kernel refuses');
    await next(page, /Next: choices/);
    await next(page, /Next: the plan/);
    await page.getByTestId('wizard-prepare').click();
    await expect(actionDialog(page).locator('ol.steps code').first()).toHaveText('cxl create-region -m -t pmem -d decoder0.0 -w 2 mem0 mem1');
    expect(await runInDialog(page)).toMatch(/^done/);
    // Closed, the dialog comes back at once with the next plan: a devdax namespace in the nd region the CXL region became.
    await actionDialog(page).getByRole('button', { name: 'Close' }).click();
    await expect(actionDialog(page).locator('ol.steps code').first()).toContainText('ndctl create-namespace -r region0 -m devdax');
    expect(await runInDialog(page)).toMatch(/^done/);
    await closeDialog(page);
    await expect(page.getByTestId('prepared')).toContainText('dax0.0');

    await page.getByTestId('wizard-ram').click();
    expect(await runInDialog(page)).toMatch(/matches the prediction/);
    await closeDialog(page);
    const t = await read(c);
    // 15 whole 128 MiB blocks of the 2 GiB region's devdax device (as on the real machine).
    expect(t.meminfo.memTotal - start).toBe(15 * 128 * 2 ** 20);
    await expect(page.locator('[data-testid="verify-row"][data-now="bad"]')).toHaveCount(0);
    await expect(page.getByTestId('verify-memtotal')).toContainText(`MemTotal is now ${formatBytes(t.meminfo.memTotal)} (was ${formatBytes(start)})`);

    // Now the region cannot be disabled or destroyed: its memory is online as RAM.
    await openView(page, c.url, 'cxl');
    await expect(page.locator('button[data-object="cxl:region0"][data-action="cxl.region-destroy"]')).toHaveAttribute('title', /dax0\.0 on region0 is system RAM with 15 memory blocks online: cxl destroy-region would exit 0/);

    // Back: the memory, then the namespace, then the region.
    await openView(page, c.url, 'give-back');
    await page.getByRole('radio', { name: /^dax0\.0/ }).check();
    await next(page, /Next: what can go back/);
    await next(page, /Next: give back/);
    await page.getByTestId('wizard-giveback').click();
    expect(await runInDialog(page)).toMatch(/^done/);
    await closeDialog(page);
    expect((await read(c)).meminfo.memTotal).toBe(start);
    await openView(page, c.url, 'regions');
    await openAction(page, 'namespace0.0', 'namespace.destroy');
    expect(await runInDialog(page)).toMatch(/^done/);
    await closeDialog(page);
    await openView(page, c.url, 'cxl');
    await openAction(page, 'cxl:region0', 'cxl.region-destroy');
    expect(await runInDialog(page)).toMatch(/^done/);
    await closeDialog(page);
    await expect(page.getByTestId('no-cxl-regions')).toBeVisible();
    await expect(page.getByTestId('window-free')).toHaveText('4 GiB');
    expect((await read(c)).cxl!.regions).toEqual([]);
  } finally {
    await c.stop();
  }
});
