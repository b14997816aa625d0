// Packaging, checked where it cannot be run: the electron-builder configuration against electron-builder's own schema (its
// validator, the one it runs before building), the fuses it sets, the package scripts; and the Debian package, built here.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, CATALOG } from '../../shared/actions/index.js';
import { VERSION } from '../../shared/version.js';
import { COMMANDS } from '../../electron/cli/args.js';
import { USAGE } from '../../electron/cli/help.js';
import { HELPER_PATH, POLKIT_ACTION } from '../../electron/actions/elevation/installed.js';
import { PRESET_NAMES } from '../../electron/host/sim/index.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The configuration as electron-builder reads it (YAML, js-yaml 4 as its loader uses). */
function builderConfig(): Record<string, unknown> {
  return yaml.load(read('build/electron-builder.yml')) as Record<string, unknown>;
}

/** electron-builder's schema check as app-builder-lib 26.17's schemaValidator runs it: ajv 8 with these options, against its scheme.json. */
const validateBuilderConfig = new Ajv({ allErrors: true, verbose: true, coerceTypes: true, strict: false }).compile(JSON.parse(read('test/fixtures/electron-builder/scheme.json')) as object);

describe('the desktop packages (electron-builder)', () => {
  it('are configured as electron-builder\'s own schema requires (its scheme.json of the version the lockfile pins)', () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version: string }> };
    expect(lock.packages['node_modules/electron-builder']?.version).toBe('26.17.0');
    expect(lock.packages['node_modules/app-builder-lib']?.version).toBe('26.17.0');
    expect(validateBuilderConfig(builderConfig()), JSON.stringify(validateBuilderConfig.errors)).toBe(true);
    // The same validator refuses a mistake, so the check above can fail.
    expect(validateBuilderConfig({ ...builderConfig(), linux: { target: ['deb'], bogus: true } })).toBe(false);
    expect(validateBuilderConfig({ ...builderConfig(), electronFuses: { runAsNod: false } })).toBe(false);
  });

  it('build deb, rpm and an AppImage, with the helper, the polkit policy, the AppStream file, a desktop entry and icons', () => {
    const c = builderConfig() as { linux: { target: string[]; icon: string; desktop: { entry: Record<string, string> }; executableName: string }; extraResources: { from: string; to: string }[]; deb: { afterInstall: string; depends: string[] } };
    expect(c.linux.target).toEqual(['deb', 'rpm', 'AppImage']);
    expect(c.extraResources.map((r) => r.from)).toEqual(['out/helper/pmem-console-helper.cjs', 'build/linux/pmem-console-helper', 'build/polkit/org.pmem-console.helper.policy', 'build/linux/org.pmem_console.Console.metainfo.xml']);
    expect(c.linux.desktop.entry).toMatchObject({ Name: 'pmem-console', Categories: expect.stringContaining('System;') });
    expect(c.deb.depends).toContain('nodejs (>= 18.19)');
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(readFileSync(join(ROOT, c.linux.icon, `${size}x${size}.png`)).subarray(1, 4).toString()).toBe('PNG');
    const metainfo = read('build/linux/org.pmem_console.Console.metainfo.xml');
    expect(metainfo).toContain(`<launchable type="desktop-id">${c.linux.executableName}.desktop</launchable>`);
    expect(metainfo).toContain(`<release version="${VERSION}"`);
  });

  it('set the Electron fuses: no RunAsNode, no NODE_OPTIONS, no --inspect; cookies encrypted; the app only from a checked asar', () => {
    expect(builderConfig().electronFuses).toEqual({
      runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true, grantFileProtocolExtraPrivileges: false, loadBrowserProcessSpecificV8Snapshot: false,
    });
    expect(builderConfig().asar).toBe(true);
  });

  it('install scripts are valid bash, use only the macros electron-builder fills in, and install the helper root-owned at its path', async () => {
    for (const script of ['build/linux/after-install.sh', 'build/linux/after-remove.sh']) {
      const text = read(script);
      const macros = [...text.matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1]);
      expect(new Set(macros), script).toEqual(new Set(['sanitizedProductName', 'executable']));
      await promisify(execFile)('bash', ['-n', join(ROOT, script)]);
    }
    expect(read('build/linux/after-install.sh')).toContain(`install -o root -g root -m 0755 "$RES/helper/pmem-console-helper" ${HELPER_PATH}`);
  });
});

describe('the polkit action', () => {
  it('lets an active admin (authenticated) start exactly the helper', () => {
    const policy = read('build/polkit/org.pmem-console.helper.policy');
    expect(policy).toContain(`<action id="${POLKIT_ACTION}">`);
    expect(policy).toContain(`<annotate key="org.freedesktop.policykit.exec.path">${HELPER_PATH}</annotate>`);
    expect(policy).toMatch(/<allow_any>no<\/allow_any>\s*<allow_inactive>no<\/allow_inactive>\s*<allow_active>auth_admin<\/allow_active>/);
  });
});

describe('the manual page and the bash completion', () => {
  const man = read('build/deb/pmem-console.1');
  const completion = read('build/deb/pmem-console.bash-completion');
  const roff = (s: string) => s.replace(/-/g, '\\-');

  it('name every command, action, parameter, option and preset the command has', () => {
    for (const c of COMMANDS) {
      expect(man, c).toMatch(new RegExp(`^\\.B(I)? "?${roff(c)}`, 'm'));
      expect(completion, c).toContain(c);
    }
    for (const a of ACTION_NAMES) {
      expect(man, a).toContain(roff(a));
      expect(completion, a).toContain(a);
      for (const p of Object.keys(CATALOG[a].params)) {
        expect(man, `${a} --${p}`).toContain(`\\-\\-${p}`);
        expect(completion, `${a} --${p}`).toContain(`--${p}`);
      }
    }
    for (const o of USAGE.match(/--[a-z-]+/g)!) {
      expect(man, o).toContain(roff(o));
      if (!['--help', '--version', '--param', '--yes', '--confirm'].includes(o)) expect(completion, o).toContain(o);
    }
    for (const p of PRESET_NAMES) {
      expect(man, p).toContain(roff(p));
      expect(completion, p).toContain(p);
    }
    expect(man).toContain(`"pmem-console ${VERSION}"`);
  });

  it('read without warnings (man) and load in bash', async () => {
    const r = spawnSync('man', ['--warnings', '-l', '-Tutf8', join(ROOT, 'build/deb/pmem-console.1')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^PMEM-CONSOLE\(1\)/);
    expect(r.stderr).toBe('');
    await promisify(execFile)('bash', ['-n', join(ROOT, 'build/deb/pmem-console.bash-completion')]);
  });

  it('complete as the command means: plan offers no --yes or --confirm; device names are the named machine\'s, none for a simulator', () => {
    const tree = mkdtempSync(join(tmpdir(), 'pmc-complete-'));
    mkdirSync(join(tree, 'sys/bus/nd/devices/region7'), { recursive: true });
    mkdirSync(join(tree, 'sys/bus/dax/devices'), { recursive: true });
    /** The completions bash would offer for a command line whose last word is being typed (bash-completion's helpers stubbed). */
    const complete = (line: string[]) => {
      const script = `
        _init_completion() { words=("\${COMP_WORDS[@]}"); cword=$COMP_CWORD; cur=\${COMP_WORDS[COMP_CWORD]}; prev=\${COMP_WORDS[COMP_CWORD-1]}; }
        _filedir() { :; }; compopt() { :; }
        . ${join(ROOT, 'build/deb/pmem-console.bash-completion')}
        COMP_WORDS=(${line.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))
        _pmem_console; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return r.stdout.split('\n').filter(Boolean);
    };
    try {
      expect(complete(['pmem-console', 'plan', 'region.disable', '--'])).not.toContain('--yes');
      expect(complete(['pmem-console', 'plan', 'region.disable', '--'])).not.toContain('--confirm');
      expect(complete(['pmem-console', 'apply', 'region.disable', '--'])).toEqual(expect.arrayContaining(['--yes', '--confirm']));
      expect(complete(['pmem-console', 'apply', 'region.disable', '--host', 'local', '--sysroot', tree, '--region', ''])).toEqual(['region7']);
      expect(complete(['pmem-console', 'apply', 'region.disable', '--host', 'sim:optane-2s', '--region', ''])).toEqual([]);
      expect(complete(['pmem-console', 'plan', 'region.disable', '--state', '/tmp/x.json', '--region', ''])).toEqual([]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});

describe('the Debian package (npm run package:deb)', () => {
  it('builds with dpkg-deb: every file root\'s own, the helper and the command executable, nodejs as its runtime', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pmc-deb-'));
    await promisify(execFile)(process.execPath, [join(ROOT, 'build/deb/build-deb.mjs'), out], { timeout: 120_000 });
    const deb = join(out, `pmem-console_${VERSION}_all.deb`);
    const field = (f: string) => execFileSync('dpkg-deb', ['-f', deb, f], { encoding: 'utf8' }).trim();
    expect(field('Package')).toBe('pmem-console');
    expect(field('Version')).toBe(VERSION);
    expect(field('Architecture')).toBe('all');
    expect(field('Depends')).toBe('nodejs (>= 18.19)');
    // The completion file is loaded by bash-completion: recommended, so that a default install brings it.
    expect(field('Recommends').split(/,\s*/)).toContain('bash-completion');
    const listing = execFileSync('dpkg-deb', ['--contents', deb], { encoding: 'utf8' }).trim().split('\n').map((l) => l.split(/\s+/));
    const entries = new Map(listing.map((cols) => [cols[5]!.replace(/^\./, ''), { mode: cols[0]!, owner: cols[1]! }]));
    for (const [path, e] of entries) expect(e.owner, path).toBe('root/root');
    for (const [path, e] of entries) expect(e.mode, path).not.toMatch(/^.{5}w|^.{8}w/); // nothing group- or world-writable
    expect(entries.get(HELPER_PATH)).toEqual({ mode: '-rwxr-xr-x', owner: 'root/root' });
    expect(entries.get('/usr/bin/pmem-console')).toEqual({ mode: '-rwxr-xr-x', owner: 'root/root' });
    for (const path of ['/usr/lib/pmem-console/helper/pmem-console-helper.cjs', '/usr/lib/pmem-console/cli/pmem-console.cjs', '/usr/lib/pmem-console/renderer/index.html',
      '/usr/share/polkit-1/actions/org.pmem-console.helper.policy', '/usr/share/man/man1/pmem-console.1.gz', '/usr/share/bash-completion/completions/pmem-console', '/usr/share/doc/pmem-console/copyright']) {
      expect(entries.has(path), path).toBe(true);
    }
    const copyright = execFileSync('sh', ['-c', `dpkg-deb --fsys-tarfile '${deb}' | tar -xOf - ./usr/share/doc/pmem-console/copyright`], { encoding: 'utf8' });
    expect(copyright).toMatch(/^ zod 4\.\d+\.\d+: MIT$/m);
    expect(copyright).toMatch(/^ execa \d+\.\d+\.\d+: MIT$/m);
  }, 180_000);
});

describe('versions', () => {
  it('agree: package.json, the command, the manual page', () => {
    expect(JSON.parse(read('package.json')).version).toBe(VERSION);
  });
});
