// tiering.set says what numa_balancing 2 stops where normal balancing was on (a 2-socket machine): 3 keeps both.
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../electron/actions/plan.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { simTwin } from '../../electron/host/twin-factory.js';

describe('tiering.set', () => {
  it('warns that tiering alone stops normal balancing on optane-2s, and not when both are kept', async () => {
    const ctx = { host: new SimHost({ preset: 'optane-2s' }), twin: simTwin };
    const alone = await makePlan(ctx, { action: 'tiering.set', params: { balancing: 'tiering' } });
    expect(alone.guards.find((g) => g.id === 'normal-stops')?.message).toMatch(/^numa_balancing 1 \(normal\) includes the normal mode, .* across this machine's 2 CPU nodes; tiering alone \(2\) stops it: --balancing both \(3\) keeps it/);
    const both = await makePlan(ctx, { action: 'tiering.set', params: { balancing: 'both' } });
    expect(both.guards.map((g) => g.id)).not.toContain('normal-stops');
  });
});
