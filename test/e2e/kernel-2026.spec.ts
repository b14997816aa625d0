// The kernel interfaces of 2025-2026 through the UI on sim:future-7x: memory tiers with their abstract distances, weighted interleave
// (auto, by hand, back), a dax device onlined whole through its state file, and the doctor's default online type.
import { test, expect } from '@playwright/test';
import { SimHost } from '../../electron/host/sim/index.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { actionDialog, closeDialog, openAction, openView, runInDialog, startConsole, type Served } from './console.js';

const GiB = 2 ** 30;
const read = (c: Served) => snapshot(new SimHost({ stateFile: c.stateFile }));

test('tiers and weighted interleave: the kernel\'s weights from bandwidth, kept by hand, then auto again', async ({ page }) => {
  const c = await startConsole('future-7x');
  try {
    await openView(page, c.url, 'numa');
    await expect(page.locator('[data-testid="tiers"] tbody tr')).toHaveCount(2);
    // 64 GiB online, each 2 GiB block keeping its own 32 MiB memmap (memmap_on_memory): MemTotal counts 63 GiB of it.
    await expect(page.locator('[data-testid="tiers"] tbody tr').nth(1)).toContainText('memory_tier6768–895node 163 GiB');
    await expect(page.getByTestId('numa-demotion')).toHaveText('enabled');
    await expect(page.getByTestId('interleave-mode')).toHaveText('set by the kernel from bandwidth (auto)');
    // 256 and 64 GB/s: 32 x 256/320 and 32 x 64/320, reduced as the kernel does; node 2 has no memory yet.
    for (const [node, weight] of [[0, '25'], [1, '6'], [2, '1']] as const) await expect(page.getByTestId(`weight-${node}`)).toHaveText(weight);

    // The weights from bandwidth, written by hand: auto goes off, the weights stay.
    await page.locator('button[data-object="weighted-interleave"]', { hasText: 'Set the weights from bandwidth by hand' }).click();
    await expect(actionDialog(page).locator('ol.steps code').first()).toHaveText('echo 25 > /sys/kernel/mm/mempolicy/weighted_interleave/node0');
    expect(await runInDialog(page)).toMatch(/matches the prediction/);
    await closeDialog(page);
    await expect(page.getByTestId('interleave-mode')).toHaveText('set by hand');
    expect((await read(c)).weightedInterleave).toEqual({ auto: false, weights: [{ node: 0, weight: 25 }, { node: 1, weight: 6 }, { node: 2, weight: 1 }] });

    await page.locator('button[data-object="weighted-interleave"]', { hasText: 'Weights from bandwidth (auto)' }).click();
    await expect(actionDialog(page).locator('ol.steps code').first()).toHaveText('echo true > /sys/kernel/mm/mempolicy/weighted_interleave/auto');
    expect(await runInDialog(page)).toMatch(/matches the prediction/);
    await closeDialog(page);
    await expect(page.getByTestId('interleave-mode')).toHaveText('set by the kernel from bandwidth (auto)');
  } finally {
    await c.stop();
  }
});

test('an unplugged dax device is onlined whole through its state file, as predicted; the doctor names the default online type', async ({ page }) => {
  const c = await startConsole('future-7x');
  try {
    await c.cli('snapshot'); // creates the state file
    const start = (await read(c)).meminfo.memTotal;
    await openView(page, c.url, 'overview');
    await expect(page.getByTestId('finding').filter({ hasText: 'The kernel onlines new memory automatically (online_movable)' })).toContainText('It comes from the kernel\'s build: CONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE.');

    await openView(page, c.url, 'dax');
    await expect(page.locator('tr[data-object="dax1.0"] [data-testid="dax-hotplug-state"]')).toHaveText('unplugged');
    await openAction(page, 'dax1.0', 'memory.online');
    await expect(actionDialog(page).locator('ol.steps code').first()).toHaveText('echo online_movable > /sys/bus/dax/devices/dax1.0/state');
    expect(await runInDialog(page)).toMatch(/matches the prediction/);
    await closeDialog(page);
    await expect(page.locator('tr[data-object="dax1.0"] [data-testid="dax-hotplug-state"]')).toHaveText('online_movable');
    const t = await read(c);
    // 32 blocks of 2 GiB, each keeping its own 32 MiB memmap, which the kernel does not count.
    expect(t.meminfo.memTotal - start).toBe(64 * GiB - 32 * 32 * 2 ** 20);
    expect(t.daxDevices.find((d) => d.dev === 'dax1.0')).toMatchObject({ hotplugState: 'online_movable', onlineMemblocks: 32, totalMemblocks: 32, movable: true });
    // Node 2 has memory now: it joins its tier.
    expect(t.tiers.map((x) => [x.id, x.nodes])).toEqual([[4, [0]], [6, [1]], [7, [2]]]);
  } finally {
    await c.stop();
  }
});
