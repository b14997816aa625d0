// What cannot be changed is refused before anything runs, in one line, exit 2: a recorded capture, the machine's own root named as a
// sysroot; files the console writes are written as named, never through a link; a kept machine of another preset is not opened as this one.
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli as run, privateStateDir, tmp } from '../actions/cli-helpers.js';

beforeAll(() => privateStateDir());

describe('read-only hosts and the files the console writes', () => {
  it('apply on a recorded capture is refused first; a plan on it is made', async () => {
    const dir = tmp('pmc-ro-');
    const bundle = join(dir, 'cap.json');
    expect((await run('capture', '-o', bundle, '--host', 'sim:seed-qemu', '--fresh')).code).toBe(0);
    const r = await run('apply', 'region.disable', '--region', 'region0', '--yes', '--host', `replay:${bundle}`);
    expect(r).toEqual({ code: 2, out: '', err: `pmem-console: replay:${bundle} is a recorded capture: nothing is run on it or written to it: apply changes a machine (plan shows what it would do)\n` });
    expect((await run('plan', 'region.disable', '--region', 'region0', '--host', `replay:${bundle}`)).code).toBe(0);
  });

  it('--sysroot / is this machine\'s own root: refused, not read as a copied tree while tools run', async () => {
    for (const root of ['/', '//', '/tmp/..', '/.']) {
      expect(await run('snapshot', '--host', 'local', '--sysroot', root)).toEqual({ code: 2, out: '', err: 'pmem-console: --sysroot / is the machine\'s own root: leave --sysroot out to read the machine itself\n' });
    }
  });

  it('capture -o and --state never write through a symbolic link (a loop included)', async () => {
    const dir = tmp('pmc-ro-');
    const target = join(dir, 'target');
    writeFileSync(target, 'keep me\n');
    const link = join(dir, 'link.json');
    symlinkSync(target, link);
    expect(await run('capture', '-o', link, '--host', 'sim:seed-qemu')).toEqual({ code: 2, out: '', err: `pmem-console: -o ${link} is a symbolic link; name the file itself\n` });
    const loop = join(dir, 'loop.json');
    symlinkSync(loop, loop);
    expect(await run('snapshot', '--host', 'sim:seed-qemu', '--state', loop)).toEqual({ code: 2, out: '', err: `pmem-console: --state ${loop} is a symbolic link; name the file itself\n` });
    expect(readFileSync(target, 'utf8')).toBe('keep me\n');
  });

  it('a --state file of another preset is named, not opened as the preset asked for', async () => {
    const state = join(tmp('pmc-ro-'), 'sim.json');
    expect((await run('snapshot', '--host', 'sim:optane-2s', '--state', state)).code).toBe(0);
    const r = await run('snapshot', '--host', 'sim:seed-qemu', '--state', state);
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toBe(`pmem-console: ${state} holds the machine of sim:optane-2s, not sim:seed-qemu: name --host sim:optane-2s, or add --fresh to start it anew as sim:seed-qemu\n`);
    expect((await run('snapshot', '--host', 'sim:seed-qemu', '--state', state, '--fresh')).code).toBe(0);
  });
});
