// Topology on big machines: DIMMs grouped by interleave set (one box and one link per region made of them), boot memory told apart per
// node, and a selected object's actions in its details.
import { test, expect } from '@playwright/test';
import { openView, startConsole } from './console.js';

interface Snap { dimms: { dev: string }[]; regions: { dev: string; mappings: { dimm: string }[] }[]; nodes: { id: number }[] }

test('large: 48 DIMMs are one box per interleave set; boot memory per node; a region\'s details offer its actions', async ({ page }) => {
  const c = await startConsole('large');
  try {
    const snap = JSON.parse((await c.cli('snapshot', '--json')).stdout) as Snap;
    expect(snap.dimms).toHaveLength(48);
    const interleaved = snap.regions.filter((r) => r.mappings.length > 1);
    await openView(page, c.url, 'topology');
    await expect(page.locator('[data-item^="dimms:"]')).toHaveCount(interleaved.length);
    await expect(page.locator('[data-item^="dimm:"]')).toHaveCount(48 - interleaved.reduce((n, r) => n + r.mappings.length, 0));
    // One link from each DIMM box to each region made of it, not one per DIMM.
    await expect(page.locator('path.link[data-from^="dimms:"]')).toHaveCount(interleaved.length);
    const titles = await page.locator('[data-item^="blocks:boot@"] .title').allTextContents();
    expect(titles.length).toBeGreaterThan(1);
    expect(new Set(titles).size).toBe(titles.length);
    const r0 = interleaved[0]!;
    const dimms = r0.mappings.map((m) => m.dimm).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    await page.locator(`[data-item="dimms:${dimms.join(' ')}"]`).click();
    await expect(page.locator('.details')).toContainText(dimms[0]!);
    await page.locator(`[data-item="region:${r0.dev}"]`).click();
    await expect(page.locator('.details')).toContainText(`DIMMs${dimms.join(', ')}`);
    await expect(page.locator(`.details button[data-object="${r0.dev}"]`).first()).toBeVisible();
    const disable = page.locator(`.details button[data-object="${r0.dev}"][data-action="region.disable"]`);
    await disable.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('action-dialog')).toBeVisible();
    await expect(page.getByTestId('action-dialog')).toContainText(r0.dev);
  } finally {
    await c.stop();
  }
});

test('optane-2s: two interleave sets of 6 DIMMs, each linked to its region once', async ({ page }) => {
  const c = await startConsole('optane-2s');
  try {
    await openView(page, c.url, 'topology');
    await expect(page.locator('[data-item^="dimms:"]')).toHaveCount(2);
    await expect(page.locator('[data-item^="dimms:"] .sub').first()).toHaveText(/^6 interleaved · /);
    await expect(page.locator('path.link[data-from^="dimms:"]')).toHaveCount(2);
    await expect(page.locator('path.link[data-from^="dimm:"]')).toHaveCount(0);
  } finally {
    await c.stop();
  }
});
