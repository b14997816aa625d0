// Builds the three parts: the Electron main process, the sandboxed preload (CommonJS), and the Svelte renderer (also served by browser mode).
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// electron-vite targets the Node and Chrome of the Electron major it finds installed; on Node 20 npm leaves Electron out
// (README "Node"), so the major comes from the version package.json asks for: the build is the same either way.
const wanted = /\d+/.exec(JSON.parse(readFileSync('package.json', 'utf8')).optionalDependencies.electron)?.[0];
if (!wanted) throw new Error('package.json names no Electron version in optionalDependencies');
process.env.ELECTRON_MAJOR_VER ??= wanted;

export default defineConfig({
  main: {
    build: { outDir: 'out/main', rollupOptions: { input: { index: resolve('electron/main.ts') } } },
  },
  preload: {
    build: { outDir: 'out/preload', rollupOptions: { input: { index: resolve('electron/preload.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } } },
  },
  renderer: {
    root: resolve('renderer'),
    base: './',
    plugins: [svelte()],
    build: { outDir: resolve('out/renderer'), emptyOutDir: true, rollupOptions: { input: resolve('renderer/index.html') }, chunkSizeWarningLimit: 2000, minify: true },
  },
});
