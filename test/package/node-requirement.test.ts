// One Node requirement per part, the same wherever it is written, and an install on that Node with nothing to wonder about:
// no package npm installs there asks for a newer Node, and every install script is decided.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; optionalDependencies: Record<string, string>; allowScripts: Record<string, boolean> };
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { optional?: boolean; devOptional?: boolean; engines?: { node?: string } | string[]; hasInstallScript?: boolean }> };
const oldestNode = semver.minVersion(pkg.engines.node)!.version;
const nameOf = (path: string) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('the Node requirement', () => {
  it('is Node 20.19 for the checkout, and npm refuses an older Node rather than warn', () => {
    expect(pkg.engines.node).toBe('>=20.19');
    expect(read('.npmrc')).toMatch(/^engine-strict=true$/m);
  });

  it(`installs nothing on Node ${oldestNode} that asks for a newer Node; what does is optional, so npm leaves it out there`, () => {
    const wants = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && !p.optional && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.satisfies(oldestNode, (p.engines as { node: string }).node))
      .map(([path, p]) => `${nameOf(path)} asks for Node ${(p.engines as { node: string }).node}`);
    expect(wants).toEqual([]);
    expect(Object.keys(pkg.optionalDependencies).sort()).toEqual(['electron', 'electron-builder']);
  });

  it('has every install script of what npm installs decided in allowScripts', () => {
    const undecided = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript && !p.optional)
      .map(([path]) => nameOf(path))
      .filter((name) => !(name in pkg.allowScripts));
    expect(undecided).toEqual([]);
  });

  it('says the same in the README, the Debian package and the bundle it runs', () => {
    const readme = read('README.md');
    expect(readme).toMatch(/\| the checkout: [^|]+\| Node 20\.19 or later \|/);
    expect(readme).toMatch(/\| the Electron window [^|]+\| Node 22\.12 or later \|/);
    const debNode = /Depends: nodejs \(>= ([\d.]+)\)/.exec(read('build/deb/control'))![1]!;
    expect(read('build/bundle.mjs')).toContain(`const target = 'node${debNode}';`);
    expect(readme).toMatch(new RegExp(`\\| the installed Debian package \\| Debian's \`nodejs\` ${debNode.replace('.', '\\.')} or later \\|`));
    expect(read('electron/cli/gui.ts')).toContain("export const ELECTRON_NODE = '22.12';");
  });
});
