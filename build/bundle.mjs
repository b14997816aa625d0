// Builds the command line and the privileged helper ahead of time, so nothing is compiled when they run:
//   out/cli/pmem-console.mjs (+ chunks)   the pmem-console command; each command's code is a chunk loaded only when it runs
//   out/helper/pmem-console-helper.cjs    the privileged helper, one self-contained file with no imports but Node's own
// The Electron main process, its preload and the renderer are built by electron-vite (electron.vite.config.ts).
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Debian 12's nodejs is 18.19; the .deb runs on it. */
const target = 'node18.19';
/** zod re-exports every one of its ~40 message languages as z.locales; the console speaks English only, so only that one is bundled. */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (args.importer.includes('/node_modules/zod/') ? { path: 'zod-locales', namespace: 'zod-english-only', pluginData: args.resolveDir } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({ contents: "export { default as en } from '../locales/en.js';", resolveDir: args.pluginData, loader: 'js' }));
  },
};
const common = { absWorkingDir: root, bundle: true, minify: process.env.NO_MINIFY ? false : true, platform: 'node', target, legalComments: 'none', logLevel: 'warning', charset: 'utf8', plugins: [zodEnglishOnly] };

rmSync(`${root}/out/cli`, { recursive: true, force: true });
rmSync(`${root}/out/helper`, { recursive: true, force: true });

const [cli, helper] = await Promise.all([
  build({
    ...common,
    entryPoints: { 'pmem-console': 'electron/cli/entry.ts' },
    outdir: 'out/cli',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    splitting: true,
    metafile: true,
    chunkNames: '[name]-[hash]',
    // ws loads these optional native speed-ups when present and does without them otherwise.
    external: ['bufferutil', 'utf-8-validate'],
    // Bundled CommonJS packages (ws) call require() for Node's modules; an ES module has no require of its own.
    banner: { js: "import { createRequire as __pmcRequire } from 'node:module'; const require = __pmcRequire(import.meta.url);" },
  }),
  build({
    ...common,
    entryPoints: { 'pmem-console-helper': 'electron/actions/elevation/helper-main.ts' },
    outdir: 'out/helper',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    metafile: true,
  }),
]);

/** The packages bundled into each program, with their versions and licenses (the Debian package's copyright file lists them). */
function bundled(metafile) {
  const names = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) names.add(m[1]);
  }
  return [...names].sort().map((name) => {
    const pkg = JSON.parse(readFileSync(`${root}/node_modules/${name}/package.json`, 'utf8'));
    return { name, version: pkg.version, license: typeof pkg.license === 'string' ? pkg.license : 'see the package' };
  });
}
writeFileSync(`${root}/out/cli/bundled-packages.json`, JSON.stringify(bundled(cli.metafile), null, 2) + '\n');
writeFileSync(`${root}/out/helper/bundled-packages.json`, JSON.stringify(bundled(helper.metafile), null, 2) + '\n');
