// Renders the application icon (pmem-console.svg) to the PNG sizes electron-builder's Linux targets take, in Debian's Chromium.
// A development script: the PNGs are committed, so packaging never runs this. Usage: node build/icons/render.mjs
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const svg = readFileSync(`${here}/pmem-console.svg`, 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const size of [16, 32, 48, 64, 128, 256, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('width="256" height="256"', `width="${size}" height="${size}"`)}</body></html>`);
    await page.screenshot({ path: `${here}/${size}x${size}.png`, omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
