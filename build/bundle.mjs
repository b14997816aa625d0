// Builds the command line and the privileged helper ahead of time, so nothing is compiled when they run:
//   out/cli/pmem-console.cjs   the pmem-console command's entry: the arguments, the usage text and the errors, nothing more
//   out/cli/{read,change,journal,gui}.cjs   one file per group of commands, loaded only when one of them runs
//   out/helper/pmem-console-helper.cjs      the privileged helper, one self-contained file with no imports but Node's own
// CommonJS on purpose: a short-lived command starts faster through require() than through Node's ES-module loader.
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

/** The files main.ts imports when needed become require()s of their own built files beside the entry. */
const separateFiles = {
  name: 'separate-files',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/(read|monitor|change|journal|gui)\.js$/ }, (args) => (args.kind === 'dynamic-import' ? { path: `./${/commands\/(\w+)\.js/.exec(args.path)[1]}.cjs`, external: true } : undefined));
  },
};

const common = {
  absWorkingDir: root, bundle: true, minify: !process.env.NO_MINIFY, platform: 'node', target, format: 'cjs', outExtension: { '.js': '.cjs' },
  legalComments: 'none', logLevel: 'warning', charset: 'utf8', metafile: true,
  // import() of a built file becomes require(): through import() Node would hand a CommonJS file to its ES-module loader,
  // which scans it (cjs-module-lexer) before running it, a third of a short command's start-up.
  supported: { 'dynamic-import': false },
  // gui.ts finds the built renderer beside itself; in a CommonJS file import.meta.url is the file's own URL.
  define: { 'import.meta.url': '__pmcModuleUrl' },
  banner: { js: 'var __pmcModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
};

rmSync(`${root}/out/cli`, { recursive: true, force: true });
rmSync(`${root}/out/helper`, { recursive: true, force: true });

const [cli, helper] = await Promise.all([
  build({
    ...common,
    entryPoints: {
      'pmem-console': 'electron/cli/entry.ts',
      read: 'electron/cli/commands/read.ts',
      monitor: 'electron/cli/commands/monitor.ts',
      change: 'electron/cli/commands/change.ts',
      journal: 'electron/cli/commands/journal.ts',
      gui: 'electron/cli/commands/gui.ts',
    },
    outdir: 'out/cli',
    // ws loads these optional native speed-ups when present and does without them otherwise.
    external: ['bufferutil', 'utf-8-validate'],
    plugins: [zodEnglishOnly, separateFiles],
  }),
  build({
    ...common,
    entryPoints: { 'pmem-console-helper': 'electron/actions/elevation/helper-main.ts' },
    outdir: 'out/helper',
    plugins: [zodEnglishOnly],
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
