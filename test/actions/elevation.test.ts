// Elevation: one helper process per plan, checking the whole plan first, then running each step when asked.
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { ElevatedRunner, HELPER_PATH } from '../../electron/actions/elevation/runner.js';
import { serveHelper } from '../../electron/actions/elevation/helper.js';
import { runPlan } from '../../electron/actions/execute.js';
import { makePlan } from '../../electron/actions/plan.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { twinFromTopology } from '../../electron/host/sim/twin.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { existsSync, readFileSync } from 'node:fs';
import { privateStateDir, tmp } from './cli-helpers.js';

beforeAll(() => privateStateDir());
const twin = (t: Parameters<typeof twinFromTopology>[0]) => new SimHost({ state: twinFromTopology(t, 'prediction') });
const helperArgv = (state: string) => [process.execPath, '--import', 'tsx', new URL('../helpers/sim-helper.ts', import.meta.url).pathname, state];

/** Talks to serveHelper in-process and returns its answers. */
async function converse(host: SimHost, requests: unknown[]): Promise<unknown[]> {
  const input = new PassThrough();
  const output = new PassThrough();
  const answers: unknown[] = [];
  output.on('data', (d: Buffer) => answers.push(...d.toString().trim().split('\n').map((l) => JSON.parse(l))));
  const served = serveHelper(input, output, host);
  for (const r of requests) input.write(JSON.stringify(r) + '\n');
  input.end();
  await served;
  return answers;
}

describe('the privileged helper', () => {
  it('checks the whole plan before running anything, and refuses it all if one step is not allowed', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    const before = JSON.stringify(host.snapshotState());
    const answers = await converse(host, [{ steps: [{ kind: 'exec', argv: ['ndctl', 'disable-region', 'region0'] }, { kind: 'exec', argv: ['rm', '-rf', '/'] }] }, { run: 0 }]);
    expect(answers).toEqual([{ refused: '"rm -rf" is not an allowed command' }]);
    expect(JSON.stringify(host.snapshotState())).toBe(before);
  });

  it('runs steps in order, once each', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    const answers = await converse(host, [{ steps: [{ kind: 'exec', argv: ['ndctl', 'disable-region', 'region0'] }] }, { run: 0 }, { run: 0 }]);
    expect(answers[0]).toEqual({ ready: true });
    expect(answers[1]).toMatchObject({ ok: true, exitCode: 0 });
    expect(answers[2]).toEqual({ refused: 'steps run in order, once each; expected {"run": 1}' });
  });

  it('ships as a program pkexec can start', () => {
    expect(existsSync(HELPER_PATH)).toBe(true);
    const policy = readFileSync(new URL('../../build/polkit/org.pmem-console.helper.policy', import.meta.url), 'utf8');
    expect(policy).toMatch(/<action id="org\.pmem-console\.run-plan">/);
    expect(policy).toMatch(/auth_admin/);
  });
});

describe('the elevated runner', () => {
  it('runs a whole plan through one helper process, step by step, and the result is verified as usual', async () => {
    const state = join(tmp(), 'seed.json');
    const host = new SimHost({ stateFile: state, preset: 'seed-qemu' });
    const ctx = { host, twin };
    const plan = await makePlan(ctx, { action: 'namespace.reconfigure', params: { namespace: 'namespace0.0', mode: 'devdax' } });
    const report = await runPlan(ctx, plan, { typedName: 'namespace0.0' }, new ElevatedRunner(helperArgv(state)));
    expect(report.message).toMatch(/^done/);
    expect(report.verification).toEqual([]);
    expect((await snapshot(new SimHost({ stateFile: state }))).daxDevices.map((d) => d.dev)).toEqual(['dax0.0']);
  }, 30_000);

  it('reports a helper that cannot start (authentication refused) as a failure before any step', async () => {
    const state = join(tmp(), 'seed.json');
    const host = new SimHost({ stateFile: state, preset: 'seed-qemu' });
    const ctx = { host, twin };
    const plan = await makePlan(ctx, { action: 'region.disable', params: { region: 'region0' } });
    const report = await runPlan(ctx, plan, { typedName: 'region0' }, new ElevatedRunner([process.execPath, '-e', 'process.exit(126)']));
    expect(report.outcome).toBe('failed');
    expect(report.message).toMatch(/failed at step 1 of 1 .*authentication was refused or cancelled/);
    expect(report.message).toMatch(/No step changed the machine/);
  }, 30_000);
});
