// Builds the three parts: the Electron main process, the sandboxed preload (CommonJS), and the Svelte renderer (also served by browser mode).
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';

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
