// A scrub is run to find poison the kernel does not know yet, which no twin can predict: what it finds is the change it made, named in
// the report, not a difference from the prediction (the kernel's nfit_test recorded a scrub finding injected poison).
import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithPrediction } from '../../shared/actions/index.js';
import { DirectRunner } from '../../electron/actions/elevation/runner.js';
import { runPlan } from '../../electron/actions/execute.js';
import { makePlan } from '../../electron/actions/plan.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { twinFromTopology } from '../../electron/host/sim/twin.js';
import { privateStateDir } from './cli-helpers.js';

beforeAll(() => privateStateDir());

const twin = (t: Parameters<typeof twinFromTopology>[0]) => new SimHost({ state: twinFromTopology(t, 'prediction') });

describe('bus.scrub that finds poison', () => {
  it('is done as predicted, and says what it found', async () => {
    const host = new SimHost({ preset: 'nfit-test' });
    // As ndctl's own test does: poison the platform keeps quiet about until a scrub.
    expect((await host.exec(['ndctl', 'inject-error', '--block=42', '--count=8', '--no-notify', 'namespace1.0'])).exitCode).toBe(0);
    host.mutate((s) => {
      for (const b of s.buses) if (b.scrub) b.scrub.durationMs = 50;
    });
    const ctx = { host, twin };
    const plan = await makePlan(ctx, { action: 'bus.scrub', params: { bus: 'ndbus0' } });
    const report = await runPlan(ctx, plan, { yes: true, typedName: 'ndbus0' }, new DirectRunner(host));
    expect(report.outcome).toBe('done');
    expect(report.verification).toEqual([]);
    expect(report.changes.filter((c) => /poison/.test(c.what))).toEqual([{ what: 'known poison (bytes) of region1', before: 0, after: 4096 }]);
    // Said as what it is and where: 8 sectors at block 42 of namespace1.0, after its info block.
    expect(report.found).toEqual([expect.stringMatching(/^4 KiB in region1 at \+\S+ \S+ \(namespace1\.0\)$/)]);
    expect(report.message).toMatch(/^done: 2 steps ran and the result matches the prediction; the scrub found new poison: 4 KiB in region1 at \+/);
  });

  it('still says where poison went the other way, or grew where no scrub ran', () => {
    const predicted = { memTotal: 1, nodes: {}, namespaces: {}, daxDevices: {}, onlineBlocks: 0, poison: { region0: 4096, region2: 0 }, poisonFound: ['region0'] };
    expect(compareWithPrediction(predicted, { ...predicted, poisonFound: undefined, poison: { region0: 8192, region2: 0 } })).toEqual([]);
    expect(compareWithPrediction(predicted, { ...predicted, poisonFound: undefined, poison: { region0: 0, region2: 0 } })).toEqual(['known poison (bytes) of region0: predicted 4096, got 0']);
    expect(compareWithPrediction(predicted, { ...predicted, poisonFound: undefined, poison: { region0: 4096, region2: 512 } })).toEqual(['known poison (bytes) of region2: predicted 0, got 512']);
  });
});
