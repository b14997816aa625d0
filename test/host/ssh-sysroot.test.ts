// A big remote read through a real sshd on 127.0.0.1: a 65,536-block sysfs tree on the remote, read with --sysroot there.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main.js';
import { LocalHost } from '../../electron/host/local/index.js';
import { SshHost } from '../../electron/host/ssh/index.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { writeMemoryTree } from '../helpers/sysfs-tree.js';
import { sysfsFacts, writeSimTree } from '../helpers/sim-tree.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { sharedDir } from '../helpers/shared-dir.js';

const SHAPE = { blocks: 65_536, nodes: 16, blockSize: 128 * 2 ** 20 };
let sshd: TestSshd;
let root: string;

beforeAll(async () => {
  sshd = await startSshd();
  // On tmpfs where there is one: 200,000 small files are written and removed again.
  root = sharedDir('pmc-ssh-sysroot-');
  writeMemoryTree(root, SHAPE);
  mkdirSync(join(root, 'proc/sys/kernel'), { recursive: true });
  writeFileSync(join(root, 'proc/meminfo'), 'MemTotal:       8589934592 kB\nMemFree:        4294967296 kB\n');
  writeFileSync(join(root, 'proc/sys/kernel/osrelease'), '6.1.0-56-amd64\n');
}, 600_000);

afterAll(async () => {
  await sshd?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
}, 300_000);

describe('ssh host with --sysroot on the remote (real sshd)', () => {
  it('reads a 65,536-block tree whole in one round trip (connecting included), as the local host reads it', async () => {
    const host = new SshHost({ user: sshd.user, host: '127.0.0.1', port: sshd.port }, { configFile: sshd.clientConfig, sysroot: root });
    try {
      // The limit is on silence, not on the whole read: a short one still lets a big read finish while the remote keeps answering.
      const remote = await snapshot(host);
      expect(host.roundTrips).toBe(1);
      const local = await snapshot(new LocalHost(root));
      expect(remote.memory.blocks).toHaveLength(SHAPE.blocks);
      expect(remote.host.label).toMatch(/\(sysroot .*pmc-ssh-sysroot-/);
      const strip = (t: typeof local) => ({ ...t, host: null, takenAt: null, notes: [] }); // notes name where the tools were not run
      expect(strip(remote)).toEqual(strip(local));
      expect(remote.notes.join(' ')).toMatch(/ndctl is not run on a --sysroot view \(it would read the remote machine, not .*\): buses/);
    } finally {
      await host.close();
    }
  }, 600_000);

  it('reads an NVDIMM machine from its files alone (the sim written out) in one round trip: nothing falls outside the gathered read', async () => {
    const tree = mkdtempSync(join(tmpdir(), 'pmc-ssh-simtree-'));
    const host = new SshHost({ user: sshd.user, host: '127.0.0.1', port: sshd.port }, { configFile: sshd.clientConfig, sysroot: tree });
    try {
      const sim = new SimHost({ preset: 'optane-2s' });
      await writeSimTree(sim, tree);
      const remote = await snapshot(host);
      expect(host.roundTrips).toBe(1);
      expect(sysfsFacts(remote)).toEqual(sysfsFacts(await snapshot(new LocalHost(tree))));
      expect(sysfsFacts(remote)).toEqual(sysfsFacts(await snapshot(sim)));
      expect(remote.regions.length * remote.daxDevices.length).toBeGreaterThan(0);
    } finally {
      await host.close();
      rmSync(tree, { recursive: true, force: true });
    }
  }, 120_000);

  it('reads the memory-side caches of a Memory Mode machine (memside written out) in the same one round trip', async () => {
    const tree = mkdtempSync(join(tmpdir(), 'pmc-ssh-memside-'));
    const host = new SshHost({ user: sshd.user, host: '127.0.0.1', port: sshd.port }, { configFile: sshd.clientConfig, sysroot: tree });
    try {
      await writeSimTree(new SimHost({ preset: 'memside' }), tree);
      const remote = await snapshot(host);
      expect(host.roundTrips).toBe(1);
      expect(remote.nodes.map((n) => n.memorySideCache)).toEqual([[], [{ level: 1, size: 256 * 2 ** 20, lineSize: 64, indexing: 'direct-mapped', writePolicy: 'write-back' }], []]);
    } finally {
      await host.close();
      rmSync(tree, { recursive: true, force: true });
    }
  }, 120_000);

  it('says in one line when the remote has no such directory, and refuses to change a --sysroot view', async () => {
    let err = '';
    const code = await main(['snapshot', '--host', `ssh://${sshd.user}@127.0.0.1:${sshd.port}`, '--ssh-config', sshd.clientConfig, '--sysroot', '/nonexistent-pmc'], { out: () => {}, err: (s) => void (err += s) });
    expect(code).toBe(2); // a directory the person named that is not there: bad input, as for a local --sysroot
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err).toMatch(/--sysroot \/nonexistent-pmc is not a directory on the remote machine/);
    const host = new SshHost({ user: sshd.user, host: '127.0.0.1', port: sshd.port }, { configFile: sshd.clientConfig, sysroot: root });
    try {
      await expect(host.writeFile('/sys/devices/system/memory/memory0/state', 'offline')).rejects.toMatchObject({ code: 'EACCES', message: expect.stringMatching(/read-only/) });
      await expect(host.exec(['ndctl', 'list'])).rejects.toMatchObject({ code: 'ENOTOOL' });
    } finally {
      await host.close();
    }
  }, 120_000);
});
