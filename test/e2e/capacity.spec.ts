// Capacity as an admin reads it: the part of a system-RAM device that is smaller than a memory block can never become RAM; it is
// shown as lost to block alignment, not as offline RAM to go looking for. The figures are checked against what the machine reports.
import { test, expect } from '@playwright/test';
import { formatBytes } from '../../shared/units/index.js';
import { openView, startConsole } from './console.js';

interface Snap { memory: { blockSize: number }; daxDevices: { dev: string; mode: string; size: number; totalMemblocks: number; onlineMemblocks: number }[] }

test('qemu-nvdimm after the wizard: a system-RAM device all online shows no offline RAM, and its remainder as lost to block alignment', async ({ page }) => {
  const c = await startConsole('qemu-nvdimm');
  try {
    // As the wizard leaves it: the namespace as devdax, given to the kernel as system RAM, all online.
    expect((await c.cli('apply', 'namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--confirm', 'namespace0.0')).code).toBe(0);
    expect((await c.cli('apply', 'dax.system-ram', '--device', 'dax0.0', '--yes')).code).toBe(0);
    const snap = JSON.parse((await c.cli('snapshot', '--json')).stdout) as Snap;
    const ram = snap.daxDevices.filter((d) => d.mode === 'system-ram');
    expect(ram.length).toBeGreaterThan(0);
    expect(ram.every((d) => d.onlineMemblocks === d.totalMemblocks)).toBe(true);
    const lost = ram.reduce((n, d) => n + d.size - d.totalMemblocks * snap.memory.blockSize, 0);
    const online = ram.reduce((n, d) => n + d.onlineMemblocks * snap.memory.blockSize, 0);
    expect(lost).toBeGreaterThan(0);
    await openView(page, c.url, 'overview');
    await expect(page.getByTestId('cap-ramOnline')).toHaveText(formatBytes(online));
    // A use the machine does not have is not listed: no "0 B" of offline RAM to wonder about.
    await expect(page.getByTestId('cap-ramOffline')).toHaveCount(0);
    await expect(page.getByTestId('cap-unaligned')).toHaveText(formatBytes(lost));
    await expect(page.getByText('PMem lost to block alignment', { exact: false }).first()).toBeVisible();
  } finally {
    await c.stop();
  }
});

test('optane-2s: every byte of the media is in a use, and the table says what "per node" means', async ({ page }) => {
  const c = await startConsole('optane-2s');
  try {
    await openView(page, c.url, 'overview');
    await expect(page.getByTestId('cap-media')).toHaveText(/PMem media: 1\.5 TiB in 2 regions, every byte of it in the PMem uses above\./);
    await expect(page.getByTestId('cap-pageMaps')).toHaveText('16 GiB');
    await expect(page.getByRole('table').first().locator('caption')).toContainText('PMem and CXL memory on their target node');
    const node2 = page.getByRole('row', { name: /^node 2/ });
    await expect(node2).toContainText('512 GiB');
  } finally {
    await c.stop();
  }
});

test('cxl-plain-ram: the CXL window\'s System RAM is CXL memory, as the doctor on the same page says, not DRAM', async ({ page }) => {
  const c = await startConsole('cxl-plain-ram');
  try {
    await openView(page, c.url, 'overview');
    await expect(page.getByTestId('cap-cxl')).toHaveText('128 GiB');
    await expect(page.getByTestId('finding').filter({ hasText: 'CXL Window 0 is already plain System RAM' })).toBeVisible();
    // The table's first use column is DRAM: node 1's is none, its CXL column the 128 GiB.
    await expect(page.getByRole('columnheader').nth(1)).toHaveText('DRAM');
    await expect(page.getByRole('columnheader').nth(2)).toHaveText('CXL');
    const node1 = page.getByRole('row', { name: /^node 1/ }).locator('td');
    await expect(node1.nth(0)).toHaveText('—');
    await expect(node1.nth(1)).toHaveText('128 GiB');
  } finally {
    await c.stop();
  }
});
