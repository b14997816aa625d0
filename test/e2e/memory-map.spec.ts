// The memory map of a big machine: its canvas is only as tall as the window and stays in view while the page scrolls past the map,
// showing the rows scrolled to; a block picked on a scrolled map is the one under the pointer.
import { test, expect } from '@playwright/test';
import { openView, startConsole } from './console.js';

test('large: the map scrolled to its end shows, and picks, the last blocks', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const c = await startConsole('large');
  try {
    await openView(page, c.url, 'memory');
    const map = page.getByTestId('memory-map');
    await expect(page.getByTestId('memory-map-summary')).toContainText('65536 memory blocks');
    expect((await map.boundingBox())!.height).toBeLessThanOrEqual(800);
    // At the top, the first rows: a pick near the canvas's top-left corner is one of the first blocks.
    await map.click({ position: { x: 6, y: 30 } });
    const first = Number(/memory(\d+)/.exec((await page.getByTestId('block-details').textContent())!)![1]);
    expect(first).toBeLessThan(2048);
    // Scrolled to the end of the page: the canvas stays in view and shows the map's last rows.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(async () => (await map.boundingBox())!.y).toBeLessThan(10);
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: 6, y: box.height - 12 } });
    await expect(page.getByTestId('block-details')).not.toContainText(`memory${first}:`);
    const last = Number(/memory(\d+)/.exec((await page.getByTestId('block-details').textContent())!)![1]);
    expect(last).toBeGreaterThan(60000);
  } finally {
    await c.stop();
  }
});
