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
    await expect(page.getByTestId('cap-ramOffline')).toHaveText('0 B');
    await expect(page.getByTestId('cap-unaligned')).toHaveText(formatBytes(lost));
    await expect(page.getByText('PMem lost to block alignment', { exact: false }).first()).toBeVisible();
  } finally {
    await c.stop();
  }
});
