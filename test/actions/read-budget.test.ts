// Plans and runs read the machine whole at most once: afterwards only what a plan touches is read again (a scoped read), on the
// machine and on its simulated twin. Counted on sim:large (65,536 blocks), where a whole read is what makes a plan slow.
import { beforeAll, describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../electron/api/session.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { snapshot, snapshotCounts } from '../../electron/system/snapshot.js';
import { cli, privateStateDir } from './cli-helpers.js';

/** Runs f and returns how many whole and scoped snapshots it took. */
async function counted(f: () => Promise<unknown>): Promise<{ full: number; scoped: number }> {
  const before = { ...snapshotCounts };
  await f();
  return { full: snapshotCounts.full - before.full, scoped: snapshotCounts.scoped - before.scoped };
}

/** A system-ram device of sim:large and eight of its blocks. */
const DEVICE = 'dax15.0';
let blocks: string;

beforeAll(async () => {
  privateStateDir();
  const t = await snapshot(new SimHost({ preset: 'large' }));
  const first = t.daxDevices.find((d) => d.dev === DEVICE)!.memoryBlocks[0]!;
  blocks = `${first}-${first + 7}`;
});

describe('reads a plan makes on sim:large', () => {
  it('plan of an 8-block offline: one whole read; the twin is read back scoped', async () => {
    let r = { code: -1, out: '', err: '' };
    const reads = await counted(async () => { r = await cli('plan', 'memory.offline', '--blocks', blocks, '--host', 'sim:large', '--json'); });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).prediction.changes).toContainEqual({ what: 'online memory blocks', before: 65536, after: 65528 });
    expect(reads).toEqual({ full: 1, scoped: 1 });
  });

  it('apply of an 8-block offline: one whole read; the twin and the result are read back scoped', async () => {
    let r = { code: -1, out: '', err: '' };
    const reads = await counted(async () => { r = await cli('apply', 'memory.offline', '--blocks', blocks, '--host', 'sim:large', '--confirm', `memory${blocks}`, '--json'); });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.outcome).toBe('done');
    expect(report.verification).toEqual([]);
    expect(report.changes).toContainEqual({ what: 'online memory blocks', before: 65536, after: 65528 });
    expect(reads.full).toBe(1);
    expect(reads.scoped).toBe(2);
  });

  it('in the console: the view is read whole once; planning and running a give-back read only the device; the view then equals a whole read', async () => {
    const session = new ConsoleSession({ spec: 'sim:large' });
    try {
      expect(await counted(() => session.view())).toEqual({ full: 1, scoped: 0 });
      let made: Awaited<ReturnType<ConsoleSession['plan']>> | null = null;
      expect(await counted(async () => { made = await session.plan({ action: 'dax.devdax', params: { device: DEVICE } }); })).toEqual({ full: 0, scoped: 2 });
      const plan = made!.plan;
      expect(plan.prediction?.changes).toContainEqual({ what: 'online memory blocks', before: 65536, after: 63521 });
      let outcome = '';
      const reads = await counted(async () => { outcome = (await session.run({ planId: made!.planId, yes: true, typedName: DEVICE })).outcome; });
      expect(outcome).toBe('done');
      // The check before the run (the machine, and its twin's prediction again) and the read after it.
      expect(reads).toEqual({ full: 0, scoped: 3 });
      // What the console shows after the run is what a whole read of the machine shows.
      const view = await session.view();
      const whole = await counted(() => session.refresh());
      expect(whole).toEqual({ full: 1, scoped: 0 });
      const fresh = await session.view();
      expect(fresh.topology).toEqual({ ...view.topology, takenAt: fresh.topology.takenAt });
      expect(fresh.topology.meminfo.memTotal).toBe(plan.prediction!.after.memTotal);
    } finally {
      await session.close();
    }
  });

  it('a change that uevents name (memory blocks) is read back scoped, and the view shows it', async () => {
    const host = new SimHost({ preset: 'large' });
    const session = new ConsoleSession({ spec: 'sim:large', host });
    try {
      const before = await session.view();
      const first = Number(blocks.split('-')[0]);
      await host.writeFile(`/sys/devices/system/memory/memory${first}/state`, 'offline'); // as another tool would
      const reads = await counted(() => session.refresh({ blocks: [first], devices: [] }));
      expect(reads).toEqual({ full: 0, scoped: 1 });
      const after = await session.view();
      expect(after.topology.meminfo.memTotal).toBe(before.topology.meminfo.memTotal - after.topology.memory.blockSize);
      expect(after.topology.memory.blockRuns.find((r) => first >= r.first && first < r.first + r.count)?.state).toBe('offline');
    } finally {
      await session.close();
    }
  });

  it('a device that vanished between plan and run is still caught by the scoped read', async () => {
    const host = new SimHost({ preset: 'large' });
    const session = new ConsoleSession({ spec: 'sim:large', host });
    try {
      await session.view();
      const made = await session.plan({ action: 'memory.offline', params: { device: 'dax14.0' } });
      host.mutate((s) => s.faults.push({ kind: 'device-vanishes', device: 'dax14.0' }));
      await expect(session.run({ planId: made.planId, typedName: 'dax14.0' })).rejects.toThrow(/the machine changed since the plan was made: dax14\.0 does not exist/);
    } finally {
      await session.close();
    }
  });
});
