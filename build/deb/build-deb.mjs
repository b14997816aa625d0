// npm run package:deb: the Debian package of everything but the window, built with dpkg-deb from what npm run build made:
//   /usr/bin/pmem-console                         the command (CLI and browser mode), run by Debian's nodejs
//   /usr/lib/pmem-console/{cli,renderer}/         the built CLI and the console page browser mode serves
//   /usr/lib/pmem-console/pmem-console-helper     the privileged helper pkexec starts (and its bundle in helper/)
//   /usr/share/polkit-1/actions/                  the polkit action that names it
//   /usr/share/man/man1/pmem-console.1.gz, /usr/share/bash-completion/completions/pmem-console, /usr/share/doc/pmem-console/
// Every file is root's (dpkg-deb --root-owner-group); nothing the package holds can be changed by another user.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = pkg.version;
/** Where the .deb goes: dist/, or the folder given as the first argument (the tests build into a temporary one). */
const dist = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');
const stage = join(dist, 'deb-root');
const deb = join(dist, `pmem-console_${version}_all.deb`);

for (const built of ['out/cli/pmem-console.cjs', 'out/helper/pmem-console-helper.cjs', 'out/renderer/index.html']) {
  if (!existsSync(join(root, built))) {
    process.stderr.write(`package:deb: ${built} is missing: run npm run build first\n`);
    process.exit(1);
  }
}

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true, mode: 0o755 });

/** Copies a file into the package with a mode; folders on the way are 0755. */
function put(from, to, mode) {
  const dest = join(stage, to);
  mkdirSync(dirname(dest), { recursive: true, mode: 0o755 });
  cpSync(join(root, from), dest);
  chmodSync(dest, mode);
}

/** Writes content into the package with a mode. */
function write(to, content, mode = 0o644) {
  const dest = join(stage, to);
  mkdirSync(dirname(dest), { recursive: true, mode: 0o755 });
  writeFileSync(dest, content);
  chmodSync(dest, mode);
}

/** Copies a built folder, files 0644. */
function putTree(from, to) {
  for (const entry of readdirSync(join(root, from), { recursive: true })) {
    const src = join(from, String(entry));
    if (statSync(join(root, src)).isFile()) put(src, join(to, String(entry)), 0o644);
  }
}

put('build/deb/pmem-console', 'usr/bin/pmem-console', 0o755);
putTree('out/cli', 'usr/lib/pmem-console/cli');
putTree('out/renderer', 'usr/lib/pmem-console/renderer');
put('out/helper/pmem-console-helper.cjs', 'usr/lib/pmem-console/helper/pmem-console-helper.cjs', 0o644);
put('build/linux/pmem-console-helper', 'usr/lib/pmem-console/pmem-console-helper', 0o755);
put('build/polkit/org.pmem-console.helper.policy', 'usr/share/polkit-1/actions/org.pmem-console.helper.policy', 0o644);
write('usr/share/man/man1/pmem-console.1.gz', gzipSync(readFileSync(join(root, 'build/deb/pmem-console.1')), { level: 9 }));
put('build/deb/pmem-console.bash-completion', 'usr/share/bash-completion/completions/pmem-console', 0o644);

// The copyright file lists every package bundled into the CLI and the helper, with its license.
const bundledList = [...new Map([...JSON.parse(readFileSync(join(root, 'out/cli/bundled-packages.json'), 'utf8')), ...JSON.parse(readFileSync(join(root, 'out/helper/bundled-packages.json'), 'utf8'))].map((p) => [p.name, p])).values()]
  .sort((a, b) => a.name.localeCompare(b.name));
const copyright = readFileSync(join(root, 'build/deb/copyright'), 'utf8')
  .replace('@BUNDLED@', bundledList.map((p) => ` ${p.name} ${p.version}: ${p.license}`).join('\n'));
write('usr/share/doc/pmem-console/copyright', copyright);
write('usr/share/doc/pmem-console/changelog.Debian.gz', gzipSync(Buffer.from(`pmem-console (${version}) unstable; urgency=medium\n\n  * Built from the pmem-console sources (npm run package:deb).\n\n -- pmem-console authors <pmem-console@users.noreply.github.com>  ${new Date().toUTCString().replace('GMT', '+0000')}\n`), { level: 9 }));

// Installed-Size is in KiB; md5sums lists every file dpkg installs.
const files = [];
let bytes = 0;
for (const entry of readdirSync(stage, { recursive: true })) {
  const full = join(stage, String(entry));
  if (statSync(full).isFile()) {
    files.push(relative(stage, full));
    bytes += statSync(full).size;
  }
}
files.sort();
write('DEBIAN/md5sums', files.map((f) => `${createHash('md5').update(readFileSync(join(stage, f))).digest('hex')}  ${f}\n`).join(''));
put('build/deb/postrm', 'DEBIAN/postrm', 0o755);
write('DEBIAN/control', readFileSync(join(root, 'build/deb/control'), 'utf8').replace('@VERSION@', version).replace('@SIZE@', String(Math.ceil(bytes / 1024))));

mkdirSync(dist, { recursive: true });
rmSync(deb, { force: true });
execFileSync('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', stage, deb], { stdio: ['ignore', 'ignore', 'inherit'] });
process.stdout.write(`package:deb: ${deb.startsWith(root) ? relative(root, deb) : deb} (${files.length} files, ${Math.ceil(bytes / 1024)} KiB installed)\n`);
