// Every view renders for every preset, shows what the CLI reads from the same sim, and axe finds no serious or critical violation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test, expect, type Page } from '@playwright/test';
import { formatBytes } from '../../shared/units/index.js';
import { openView, startConsole } from './console.js';

const PRESETS = ['seed-qemu', 'qemu-nvdimm', 'memside', 'optane-2s', 'optane-2s-mixed', 'cxl-expander', 'cxl-plain-ram', 'cxl-pmem-2x', 'nfit-test', 'future-7x', 'large'];
const VIEWS = ['overview', 'use-as-ram', 'give-back', 'topology', 'regions', 'dax', 'dimms', 'cxl', 'health', 'memory', 'numa', 'journal'];
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** Runs axe on the page (through the debugger, so the page's CSP stays as it is) and returns serious and critical violations. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

function watchCsp(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) seen.push(m.text()); });
  page.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
  return seen;
}

for (const preset of PRESETS) {
  test(`${preset}: every view renders what the machine has, with no serious accessibility violation`, async ({ page }) => {
    const c = await startConsole(preset);
    try {
      const problems = watchCsp(page);
      const snap = JSON.parse((await c.cli('snapshot', '--json')).stdout) as { cxl: { memdevs: unknown[] } | null; meminfo: { memTotal: number }; regions: unknown[]; namespaces: { size: number }[]; daxDevices: unknown[]; dimms: unknown[]; nodes: { id: number; memTotal: number; memorySideCache?: { size: number }[] }[]; memory: { blocks: unknown[] } };
      const cached = snap.nodes.filter((n) => n.memorySideCache?.length);
      for (const view of VIEWS) {
        await openView(page, c.url, view);
        switch (view) {
          case 'overview':
            await expect(page.getByTestId('memtotal')).toHaveText(formatBytes(snap.meminfo.memTotal));
            if (preset === 'nfit-test') await expect(page.getByTestId('finding').filter({ hasText: "nmem4's firmware reports save_fail" })).toContainText('it will not save its data at the next power loss');
            // The doctor's answer to "why is my memory plain RAM?" on the preset made for it.
            if (preset === 'cxl-plain-ram') {
              await expect(page.getByTestId('finding').filter({ hasText: 'Soft-reserved memory was made plain RAM at boot (efi=nosoftreserve)' })).toHaveCount(1);
              await expect(page.getByTestId('finding').filter({ hasText: 'CXL Window 0 is already plain System RAM' })).toContainText('CXL Window 0 (0x1080000000-0x307fffffff, 128 GiB) holds System RAM');
            }
            // Memory behind a memory-side cache is its own use, and the doctor says what it means.
            // A use the machine does not have is not listed.
            if (cached.length) await expect(page.getByTestId('cap-memoryMode')).toHaveText(formatBytes(cached.reduce((s, n) => s + n.memTotal, 0)));
            else await expect(page.getByTestId('cap-memoryMode')).toHaveCount(0);
            for (const n of cached) await expect(page.getByTestId('finding').filter({ hasText: `Node ${n.id}'s ${formatBytes(n.memTotal)} is RAM behind a memory-side cache` })).toContainText('kmem) is for App Direct or CXL capacity');
            break;
          case 'use-as-ram':
            await expect(page.getByRole('heading', { name: 'Which capacity?' })).toBeVisible();
            break;
          case 'give-back':
            await expect(page.getByRole('heading', { name: 'Which device?' })).toBeVisible();
            break;
          case 'topology':
            await expect(page.locator('[data-item^="node:"]')).toHaveCount(snap.nodes.length);
            await page.locator('[data-item^="node:"]').first().focus();
            await page.keyboard.press('Enter');
            await expect(page.locator('#details-title')).toHaveText(/^node \d+$/);
            break;
          case 'regions':
            if (snap.regions.length) await expect(page.locator('[data-testid="regions"] tbody tr')).toHaveCount(snap.regions.length);
            else await expect(page.getByText('No NVDIMM regions')).toBeVisible();
            await expect(page.locator('[data-testid="namespaces"] tbody tr')).toHaveCount(snap.namespaces.filter((n) => n.size > 0).length);
            break;
          case 'dax':
            await expect(page.locator('[data-testid="dax-devices"] tbody tr')).toHaveCount(snap.daxDevices.length);
            break;
          case 'dimms':
            await expect(page.locator('[data-testid="dimms"] tbody tr')).toHaveCount(snap.dimms.length);
            // QEMU's NVDIMM has the label commands only: the view says why it shows no health.
            if (preset === 'qemu-nvdimm') await expect(page.getByTestId('no-health')).toHaveText('the firmware has no health command (its commands: get_size, get_data, set_data, cmd_call)');
            break;
          case 'cxl':
            if (snap.cxl?.memdevs.length) await expect(page.locator('[data-testid="cxl-memdevs"] tbody tr')).toHaveCount(snap.cxl.memdevs.length);
            else await expect(page.getByTestId('no-cxl')).toBeVisible();
            break;
          case 'health':
            if (snap.dimms.length) await expect(page.locator('[data-testid="health-dimms"] tbody tr')).toHaveCount(snap.dimms.length);
            else await expect(page.getByText('No NVDIMMs on this machine.')).toBeVisible();
            // The kernel's test DIMMs: nfit_test.1's report lost saves and an unmapped DIMM (NFIT flags), nfit_test.0's share thresholds.
            if (preset === 'nfit-test') {
              await expect(page.locator('[data-dimm="nmem4"] [data-testid="dimm-nfit-flag"]')).toHaveText(['save_fail', 'restore_fail', 'flush_fail', 'not_armed', 'smart_event']);
              await expect(page.locator('[data-dimm="nmem5"] [data-testid="dimm-nfit-flag"]')).toHaveText(['map_fail']);
              await expect(page.getByTestId('thresholds')).toContainText('40 °C');
            }
            break;
          case 'memory':
            await expect(page.getByTestId('memory-map-summary')).toContainText(`${snap.memory.blocks.length} memory blocks`);
            expect((await page.getByTestId('memory-map').boundingBox())!.height).toBeGreaterThan(20);
            break;
          case 'numa':
            await expect(page.locator('[data-testid="numa-nodes"] tbody tr')).toHaveCount(snap.nodes.length);
            await expect(page.locator('[data-testid="numa-distances"] tbody tr')).toHaveCount(snap.nodes.length);
            if (cached.length) {
              await expect(page.locator('[data-testid="memory-side-caches"] tbody tr')).toHaveCount(cached.reduce((s, n) => s + n.memorySideCache!.length, 0));
              for (const n of cached) await expect(page.getByTestId(`node-cache-${n.id}`)).toContainText(formatBytes(n.memorySideCache![0]!.size));
            } else await expect(page.getByTestId('memory-side-caches')).toHaveCount(0);
            break;
          case 'journal':
            await expect(page.getByText('No plan has run yet')).toBeVisible();
            break;
        }
        expect(await seriousViolations(page), `axe on ${preset} #${view}`).toEqual([]);
      }
      expect(problems, 'no CSP violations or page errors').toEqual([]);
    } finally {
      await c.stop();
    }
  });
}

for (const width of [1024, 1280]) {
  test(`light and dark at ${width} px: every view, no serious accessibility violation (contrast included)`, async ({ page }) => {
    const c = await startConsole('seed-qemu');
    try {
      await page.setViewportSize({ width, height: 800 });
      for (const theme of ['light', 'dark']) {
        await openView(page, c.url, 'overview');
        await page.getByLabel('Theme').selectOption(theme);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        for (const view of VIEWS) {
          await openView(page, c.url, view);
          await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
          expect(await seriousViolations(page), `axe on ${theme} #${view} at ${width} px`).toEqual([]);
        }
      }
    } finally {
      await c.stop();
    }
  });
}

/** How many lines an element's text takes. */
async function lines(page: Page, selector: string): Promise<number[]> {
  return page.locator(selector).evaluateAll((els) => els.map((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  }));
}

for (const width of [1024, 1280]) {
  test(`at ${width} px the header and the state words stay on one line`, async ({ page }) => {
    const c = await startConsole('large');
    try {
      await page.setViewportSize({ width, height: 800 });
      await openView(page, c.url, 'dax');
      await expect(page.getByTestId('dax-mode').first()).toHaveText('system-ram');
      expect(await lines(page, 'header .brand')).toEqual([1]);
      expect(new Set(await lines(page, '[data-testid="dax-mode"]'))).toEqual(new Set([1]));
      await openView(page, c.url, 'regions');
      expect(new Set(await lines(page, '[data-testid="ns-mode"], td .badge'))).toEqual(new Set([1]));
    } finally {
      await c.stop();
    }
  });
}
