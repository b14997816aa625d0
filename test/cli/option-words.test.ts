// Options that must mean what they say, or be refused in one line: --fresh changes nothing a plan does not, and only a simulator's
// machine; plan says that --yes runs nothing; `help help` is help; a CXL memdev's serial is hex, as cxl lists it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli as run, privateStateDir, tmp } from '../actions/cli-helpers.js';

beforeAll(() => privateStateDir());

describe('option words', () => {
  it('plan --fresh plans on the preset as it starts and leaves the kept machine as it was', async () => {
    const state = join(tmp('pmc-fresh-'), 'sim.json');
    expect((await run('apply', 'namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--confirm', 'namespace0.0', '--host', 'sim:seed-qemu', '--state', state)).code).toBe(0);
    const kept = readFileSync(state, 'utf8');
    const r = await run('plan', 'namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--host', 'sim:seed-qemu', '--state', state, '--fresh');
    expect(r.code).toBe(0);
    // On the kept machine namespace0.0 is devdax already; on the preset as it starts it is fsdax, so there is a step to plan.
    expect(r.out).toMatch(/^Plan: Turn namespace0\.0 \(fsdax/);
    expect(r.err).toMatch(/lives in memory for this command only/);
    expect(readFileSync(state, 'utf8')).toBe(kept);
  });

  it('--fresh with a machine that is not a simulator is one line, exit 2', async () => {
    for (const host of ['local', 'ssh://root@127.0.0.1:1']) {
      expect(await run('snapshot', '--host', host, '--fresh')).toEqual({ code: 2, out: '', err: 'pmem-console: --fresh only goes with a sim host (--host sim:PRESET): it starts the simulated machine anew\n' });
    }
  });

  it('plan --yes and plan --confirm say that a plan runs nothing', async () => {
    const r = await run('plan', 'region.disable', '--region', 'region0', '--host', 'sim:seed-qemu', '--yes');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^pmem-console: plan runs nothing: --yes and --confirm are for apply \(the same line with apply runs it\)$/m);
    const j = await run('plan', 'region.disable', '--region', 'region0', '--host', 'sim:seed-qemu', '--confirm', 'region0', '--json');
    expect(j.err.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { event: string }).event)).toContain('plan.only');
  });

  it('help help is the help', async () => {
    const r = await run('help', 'help');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^usage: pmem-console <command>/);
  });

  it('a CXL memdev serial is hex in the CLI, as cxl lists it and the console shows it', async () => {
    const r = await run('snapshot', '--host', 'sim:cxl-pmem-2x', '--fresh');
    expect(r.out).toMatch(/^mem0\s+0x[0-9a-f]+\s/m);
  });
});
