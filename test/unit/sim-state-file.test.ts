// A sim state file keeps memory blocks as runs: it reads back as the same state, a file with a plain block list still reads, and a
// damaged run is one clear error.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SimHost, validateSimState } from '../../electron/host/sim/index.js';
import { savedSimState } from '../../electron/host/sim/state-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'pmc-simstate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a sim state file', () => {
  it('keeps a 65,536-block machine in a few runs and reads back the same state', async () => {
    const file = join(dir, 'large.json');
    const host = new SimHost({ preset: 'large', stateFile: file });
    await host.writeFile('/sys/devices/system/memory/memory40000/state', 'offline').catch(() => {});
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { memory: { blocks?: unknown; blockRuns: unknown[] } };
    expect(saved.memory.blocks).toBeUndefined();
    expect(saved.memory.blockRuns.length).toBeLessThan(100);
    expect(readFileSync(file).length).toBeLessThan(200_000);
    expect(new SimHost({ stateFile: file }).snapshotState()).toEqual(host.snapshotState());
  });

  it('still reads a file with a plain block list (as earlier versions wrote it)', () => {
    const state = new SimHost({ preset: 'seed-qemu' }).snapshotState();
    const file = join(dir, 'plain.json');
    writeFileSync(file, JSON.stringify(state));
    expect(new SimHost({ stateFile: file }).snapshotState()).toEqual(state);
  });

  it('keeps an address above 2^63 exactly (nfit_test.1 maps a region at a kernel virtual address) and every state the kernel\'s test devices go through', async () => {
    const file = join(dir, 'nfit.json');
    const host = new SimHost({ preset: 'nfit-test', stateFile: file });
    await host.exec(['ndctl', 'inject-smart', 'nmem0', '--unsafe-shutdown']);
    await host.exec(['ndctl', 'update-firmware', '-f', '/etc/ndctl/keys/keys.readme', 'nmem1']).catch(() => null);
    const again = new SimHost({ stateFile: file });
    expect(again.snapshotState()).toEqual(host.snapshotState());
    expect(BigInt(again.snapshotState().buses[1]!.regions[1]!.start)).toBe(0xff817aa0d47d6000n);
  });

  it('refuses a damaged run in one line', () => {
    const saved = savedSimState(new SimHost({ preset: 'seed-qemu' }).snapshotState()) as { memory: { blockRuns: { count: number }[] } };
    saved.memory.blockRuns[0]!.count = -3;
    expect(() => validateSimState(saved, 'x.json')).toThrow(/^x\.json is not a valid pmem-console sim state: memory\.blockRuns\.0\.count: /);
  });
});
