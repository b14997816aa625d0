// npm start where there is no Electron runtime or no display: it says so and serves browser mode, printing the URL.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronNotInstalled, electronRuntime, noDisplay } from '../../electron/cli/gui.js';

const BIN = join(import.meta.dirname, '../../bin/pmem-console.cjs');

describe('start', () => {
  it('knows when there is no display', () => {
    expect(noDisplay({}, 'linux')).toMatch(/no display/);
    expect(noDisplay({ DISPLAY: ':0' }, 'linux')).toBeNull();
    expect(noDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBeNull();
    expect(noDisplay({}, 'darwin')).toBeNull();
  });

  it('finds no Electron runtime in an install without its binary, without triggering its download', () => {
    const r = electronRuntime({ ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent/electron-dist' });
    expect(r).toEqual({ missing: 'the Electron runtime is missing (/nonexistent/electron-dist/electron)' });
  });

  it('says why the electron package is missing: Electron 45 needs Node 22.12, and npm install leaves it out on an older Node', () => {
    expect(electronNotInstalled('20.20.2')).toBe('the electron package is not installed: Electron 45 needs Node 22.12 or later and this is Node 20.20.2, so npm install left it out');
    expect(electronNotInstalled('22.11.0')).toMatch(/needs Node 22\.12 or later and this is Node 22\.11\.0/);
    expect(electronNotInstalled('22.12.0')).toBe('the electron package is not installed (in a checkout, npm install installs it)');
    expect(electronNotInstalled('24.1.0')).toBe('the electron package is not installed (in a checkout, npm install installs it)');
  });

  it('says in one line how to get the runtime the electron package never downloaded: its own install step', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmc-electron-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{"name":"electron"}');
      expect(electronRuntime({}, dir)).toEqual({ missing: `the Electron runtime was never downloaded (node ${join(dir, 'install.js')} downloads it)` });
      writeFileSync(join(dir, 'path.txt'), 'electron');
      expect(electronRuntime({}, dir)).toEqual({ missing: `the Electron runtime is missing (${join(dir, 'dist/electron')}; node ${join(dir, 'install.js')} downloads it)` });
      mkdirSync(join(dir, 'dist'));
      writeFileSync(join(dir, 'dist/electron'), '');
      expect(electronRuntime({}, dir)).toEqual({ path: join(dir, 'dist/electron') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to browser mode, prints the URL, serves it, and stops cleanly on SIGTERM', async () => {
    const env = { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' };
    const child = spawn(process.execPath, [BIN, 'start', '--host', 'sim:qemu-nvdimm'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    expect(err).toMatch(/^pmem-console: no Electron window: .*; serving browser mode instead$/m);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
