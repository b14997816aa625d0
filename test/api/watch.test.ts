// Watching a machine for changes made outside the console: a polled host (ssh) is read whole only when its cheap change stamp
// moves; a --sysroot tree and a replay, which cannot change, are not polled at all.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../electron/api/session.js';
import type { ExecOptions, Host } from '../../electron/host/host.js';
import { LocalHost } from '../../electron/host/local/index.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { changedBy } from '../../electron/host/watch.js';
import { changeStamp } from '../../electron/system/stamp.js';

/** A sim that says it is an ssh host (so it is polled), counting the tool runs and the file reads that reach it. */
function polledSim(stateFile: string) {
  const sim = new SimHost({ stateFile, preset: 'seed-qemu' });
  const calls = { exec: 0, readFiles: 0 };
  const host: Host = {
    info: { kind: 'ssh', label: 'ssh://test@polled', preset: null },
    exec: (argv: readonly string[], opts?: ExecOptions) => (calls.exec++, sim.exec(argv, opts)),
    readFile: (p) => sim.readFile(p), readFiles: (p) => (calls.readFiles++, sim.readFiles(p)), readDir: (p) => sim.readDir(p), readLink: (p) => sim.readLink(p),
    writeFile: (p, v) => sim.writeFile(p, v), putFile: (p, c) => sim.putFile(p, c), removeFile: (p) => sim.removeFile(p), close: () => sim.close(),
  };
  return { host, calls };
}

describe('watching for outside changes', () => {
  it('a polled host is read whole only when its change stamp moves', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'pmc-watch-')), 'sim.json');
    const { host, calls } = polledSim(stateFile);
    const session = new ConsoleSession({ spec: 'ssh://test@polled', host, pollMs: 100 });
    try {
      const views: number[] = [];
      session.subscribe((event, payload) => { if (event === 'view') views.push((payload as { version: number }).version); });
      await session.view();
      // The first poll reads the machine whole (there is no stamp yet; a full read runs ndctl and daxctl). Once that is over,
      // polls only stamp it: batches of files, no tool run.
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      for (let tries = 0; tries < 40; tries++) {
        const before = calls.exec;
        await sleep(500);
        if (calls.exec === before && calls.exec > 0) break;
      }
      const quiet = { ...calls };
      await sleep(1000);
      expect(calls.exec).toBe(quiet.exec);
      expect(calls.readFiles).toBeGreaterThan(quiet.readFiles);
      // Something changes out of band: the next poll sees the stamp move, reads the machine and sends a new view.
      const seen = views.length;
      await new SimHost({ stateFile }).exec(['ndctl', 'create-namespace', '-f', '-e', 'namespace0.0', '-m', 'devdax', '-a', '2M']);
      await expect.poll(() => views.length, { timeout: 10_000 }).toBeGreaterThan(seen);
      expect((await session.view()).topology.daxDevices.map((d) => d.dev)).toEqual(['dax0.0']);
    } finally {
      await session.close();
    }
  }, 30_000);

  it('a simulator kept in the state directory is watched through its file: another process\'s change shows up', async () => {
    const simStateDir = join(mkdtempSync(join(tmpdir(), 'pmc-watch-')), 'sim');
    const session = new ConsoleSession({ spec: 'sim:seed-qemu', simStateDir });
    try {
      expect(session.info()).toMatchObject({ watch: 'state-file', simStateFile: join(simStateDir, 'seed-qemu.json') });
      const before = await session.view();
      expect(before.topology.namespaces.find((n) => n.dev === 'namespace0.0')?.mode).toBe('fsdax');
      const seen = new Promise<string | undefined>((resolve) => session.subscribe((event, payload) => {
        if (event === 'view') resolve((payload as typeof before).topology.namespaces.find((n) => n.dev === 'namespace0.0')?.mode);
      }));
      // As a CLI command would: the same preset's file, another SimHost.
      await new SimHost({ stateFile: join(simStateDir, 'seed-qemu.json'), preset: 'seed-qemu' }).exec(['ndctl', 'create-namespace', '-f', '-e', 'namespace0.0', '-m', 'devdax']);
      expect(await seen).toBe('devdax');
    } finally {
      await session.close();
    }
  });

  it('a --sysroot tree is not polled: it cannot change', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pmc-watch-tree-'));
    const session = new ConsoleSession({ spec: 'local', host: new LocalHost(root), sysroot: root });
    try {
      expect(session.info()).toMatchObject({ watch: 'none', pollMs: null });
    } finally {
      await session.close();
    }
  });
});

describe('the change stamp of a polled host', () => {
  it('moves when memory is hot-added offline (no MemTotal change): the block count and the device\'s driver say it', async () => {
    const sim = new SimHost({ preset: 'seed-qemu' });
    await sim.exec(['ndctl', 'create-namespace', '-f', '-e', 'namespace0.0', '-m', 'devdax', '-a', '2M']);
    const before = JSON.parse(await changeStamp(sim)) as unknown[];
    const r = await sim.exec(['daxctl', 'reconfigure-device', '--no-online', '-m', 'system-ram', 'dax0.0']);
    expect(r.exitCode, r.stderr).toBe(0);
    const after = JSON.parse(await changeStamp(sim)) as unknown[];
    expect(after[5]).toBe(before[5]); // MemTotal did not move
    expect(after[4]).toBeGreaterThan(before[4] as number);
    expect(after[2]).toEqual(['kmem']);
    expect(before[2]).toEqual(['device_dax']);
  });
});

describe('what uevents name', () => {
  it('reads memory blocks and dax devices from udevadm monitor lines, and nothing from others', () => {
    const lines = [
      'monitor will print the received events for:',
      'KERNEL - the kernel uevent',
      '',
      'KERNEL[8123.456789] add      /devices/system/memory/memory42 (memory)',
      'KERNEL[8123.456790] online   /devices/system/memory/memory43 (memory)',
      'KERNEL[8123.456791] bind     /devices/platform/ACPI0012:00/ndbus0/region0/dax0.1/dax0.0 (dax)',
      'KERNEL[8123.456792] change   /devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00/ndbus0/region0/namespace0.0 (nd)',
      'KERNEL[8123.456793] online   /devices/system/node/node1 (node)',
    ].join('\n');
    expect(changedBy(lines)).toEqual({ blocks: [42, 43], devices: ['dax0.0'] });
  });
});
