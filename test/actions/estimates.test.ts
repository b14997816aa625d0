// A step's "usually under" is sized to the work left when it starts, and says what it is based on: giving back a device offlines its
// blocks once (the step after has none left to offline), a big device does not read as hours, a scrub as the media it reads.
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../electron/actions/plan.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { simTwin } from '../../electron/host/twin-factory.js';
import { formatDuration } from '../../shared/actions/index.js';

async function planOn(preset: string, action: string, params: Record<string, string>, prepare: string[][] = []) {
  const host = new SimHost({ preset });
  for (const argv of prepare) expect((await host.exec(argv)).exitCode).toBe(0);
  return makePlan({ host, twin: simTwin }, { action, params });
}

describe('step estimates', () => {
  it('offline the blocks once when giving back: the second step has none left, and says so', async () => {
    const plan = await planOn('optane-2s', 'dax.devdax', { device: 'dax0.0' }, [['daxctl', 'reconfigure-device', '--mode=system-ram', 'dax0.0']]);
    expect(plan.steps).toHaveLength(2);
    expect(plan.limitBasis).toEqual(['125 blocks (250 GiB) to offline, moving what is on them at 1 GiB/s or more', 'no block to offline: the earlier steps offlined them']);
    expect(plan.limitsMs[1]).toBeLessThan(plan.limitsMs[0]!);
    expect(formatDuration(plan.limitsMs[0]!)).toBe('5 min 10 s');
  });

  it('keeps a large device\'s give-back in minutes, not hours (2,015 blocks of 128 MiB)', async () => {
    const plan = await planOn('large', 'dax.devdax', { device: 'dax0.0' });
    expect(plan.limitBasis![0]).toMatch(/^2015 blocks \(252 GiB\) to offline/);
    expect(plan.limitsMs[0]).toBeLessThan(10 * 60_000);
  });

  it('sizes a scrub by the media the platform reads', async () => {
    const plan = await planOn('optane-2s', 'bus.scrub', { bus: 'ndbus0' });
    expect(plan.limitBasis).toEqual(['one command', '1.5 TiB of media for the platform to read, at 512 MiB/s or more']);
  });
});
