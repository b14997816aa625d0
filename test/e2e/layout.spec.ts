// Layout at 1280 x 800, light and dark, on every preset and every view: nothing is wider than the window (no sideways scroll, no
// clipped buttons), the page fits the window's height when it has little to show, no text is smaller than 11 px (SVG text as drawn,
// after its scaling), and the view's title is not hidden under the header, also after a dialog closes.
import { test, expect, type Page } from '@playwright/test';
import { openAction, openView, startConsole } from './console.js';

const PRESETS = ['seed-qemu', 'qemu-nvdimm', 'memside', 'optane-2s', 'optane-2s-mixed', 'cxl-expander', 'cxl-plain-ram', 'cxl-pmem-2x', 'nfit-test', 'future-7x', 'large'];
const VIEWS = ['overview', 'use-as-ram', 'give-back', 'topology', 'regions', 'dax', 'dimms', 'cxl', 'health', 'memory', 'numa', 'journal'];
const MIN_TEXT_PX = 11;

/** What is wrong with the page's layout now: wider than the window, and text drawn smaller than the minimum (at most a few of each). */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate((minPx) => {
    const out: string[] = [];
    const width = document.documentElement.clientWidth;
    const scroll = document.documentElement.scrollWidth;
    if (scroll > width) out.push(`the page is ${scroll} px wide in a ${width} px window`);
    // Elements that stick out of the window on the right (the widest few).
    const wide: string[] = [];
    // Inside a frame that scrolls (the topology picture), what lies beyond the frame is reached by scrolling it, not the page.
    const inFrame = (el: Element) => {
      for (let a = el.parentElement; a; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX;
        if ((o === 'auto' || o === 'scroll' || o === 'hidden') && a.getBoundingClientRect().right <= width + 1) return true;
      }
      return false;
    };
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1 && getComputedStyle(el).position !== 'fixed' && !inFrame(el)) wide.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} ends at ${Math.round(r.right)} px`);
    }
    out.push(...wide.slice(0, 3));
    // Text as drawn: HTML text by its computed size; SVG text by its size times the scale the SVG is drawn at.
    const small: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentNode as Element | null;
      if (!el || !n.textContent?.trim()) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.closest('.sr-only, [aria-hidden="true"]')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      let px = parseFloat(style.fontSize);
      if (el instanceof SVGElement) {
        const ctm = (el as unknown as SVGGraphicsElement).getScreenCTM?.();
        if (ctm) px *= Math.hypot(ctm.a, ctm.b);
      }
      if (px < minPx - 0.01) small.push(`"${n.textContent.trim().slice(0, 30)}" at ${px.toFixed(1)} px`);
    }
    if (small.length) out.push(`${small.length} texts under ${minPx} px, e.g. ${small.slice(0, 3).join('; ')}`);
    return out;
  }, MIN_TEXT_PX);
}

for (const preset of PRESETS) {
  test(`${preset} at 1280 x 800, light and dark: no view wider than the window, no text under ${MIN_TEXT_PX} px`, async ({ page }) => {
    test.setTimeout(180_000);
    const c = await startConsole(preset);
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      const problems: string[] = [];
      for (const theme of ['light', 'dark']) {
        await openView(page, c.url, 'overview');
        await page.getByLabel('Theme').selectOption(theme);
        for (const view of VIEWS) {
          await openView(page, c.url, view);
          await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
          for (const p of await layoutProblems(page)) problems.push(`${theme} #${view}: ${p}`);
        }
      }
      expect(problems).toEqual([]);
    } finally {
      await c.stop();
    }
  });
}

test('the simulation banner stays on one line at 1280 px, and a short view fits 800 px without scrolling', async ({ page }) => {
  const c = await startConsole('seed-qemu');
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openView(page, c.url, 'journal');
    const banner = page.getByRole('status', { name: 'Simulation' });
    // One line: as tall as the preset switch in it, no more (two lines of text would be about 20 px more).
    const [box, select] = [await banner.boundingBox(), await banner.getByRole('combobox').boundingBox()];
    expect(box!.height).toBeLessThanOrEqual(select!.height + 12);
    await expect(page.getByTestId('sim-state-file')).toBeAttached();
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(800);
  } finally {
    await c.stop();
  }
});

test('after a dialog closes, the page is where it was and the view title is not under the header', async ({ page }) => {
  const c = await startConsole('seed-qemu');
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openView(page, c.url, 'regions');
    const before = await page.evaluate(() => window.scrollY);
    await openAction(page, 'namespace0.0', 'namespace.reconfigure');
    await page.getByTestId('action-dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('action-dialog')).toBeHidden();
    expect(await page.evaluate(() => window.scrollY)).toBe(before);
    const title = await page.locator('#view-title').boundingBox();
    const header = await page.locator('header').first().boundingBox();
    expect(title!.y).toBeGreaterThanOrEqual(header!.y + header!.height - 1);
  } finally {
    await c.stop();
  }
});

test('the Overview\'s counts break between phrases, never inside one ("2 dax / devices")', async ({ page }) => {
  const c = await startConsole('large');
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openView(page, c.url, 'overview');
    const broken = await page.getByTestId('objects').evaluate((el) => [...el.querySelectorAll('.nowrap')].filter((x) => {
      const range = document.createRange();
      range.selectNodeContents(x);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
    }).map((x) => x.textContent));
    expect(broken).toEqual([]);
    await expect(page.getByTestId('objects').locator('.nowrap')).toHaveCount(4);
  } finally {
    await c.stop();
  }
});

test('the CXL topology is readable at any size: drawn at its own size in a frame that pans, zoomed out without words, cut to one chain', async ({ page }) => {
  const c = await startConsole('cxl-pmem-2x');
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openView(page, c.url, 'topology');
    const boxes = page.locator('[data-item]');
    const all = await boxes.count();
    expect(all).toBeGreaterThan(6);
    // At its own size the words are 11 px or more, and the frame scrolls sideways instead of shrinking them.
    expect(await layoutProblems(page)).toEqual([]);
    const frame = page.getByRole('region', { name: /Topology picture/ });
    expect(await frame.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await page.getByTestId('topology-zoom-out').click();
    await expect(page.getByTestId('topology-zoom')).toHaveText('80%');
    await expect(page.getByTestId('topology-words-hidden')).toBeVisible();
    expect(await page.locator('svg[aria-label="Topology picture"] text').count()).toBe(0);
    await page.getByTestId('topology-zoom-in').click();
    await expect(page.getByTestId('topology-zoom')).toHaveText('100%');
    // One box's chain only: what it comes from and what it goes to.
    await boxes.first().click();
    await page.getByTestId('topology-linked-only').check();
    const chain = await boxes.count();
    expect(chain).toBeGreaterThan(0);
    expect(chain).toBeLessThan(all);
  } finally {
    await c.stop();
  }
});

test('the CXL view sets its headings apart from the tables above, and keeps an address range whole', async ({ page }) => {
  const c = await startConsole('cxl-pmem-2x');
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openView(page, c.url, 'cxl');
    const gap = await page.locator('#cxl-regions-title').evaluate((h) => h.getBoundingClientRect().top - h.closest('section')!.previousElementSibling!.getBoundingClientRect().bottom);
    expect(gap).toBeGreaterThanOrEqual(24);
    const ranges = await page.locator('td.addr').evaluateAll((cells) => cells.map((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    }));
    expect(ranges.length).toBeGreaterThan(0);
    expect(new Set(ranges)).toEqual(new Set([1]));
  } finally {
    await c.stop();
  }
});
