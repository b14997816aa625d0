// Moving a session from the simulator to a real machine is a deliberate act, and a --demo session never leaves the simulator.
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch.js';
import { ConsoleSession } from '../../electron/api/session.js';

const quiet = () => {};

describe('switching hosts', () => {
  it('asks before leaving the simulator for this machine or a server, and switches once confirmed', async () => {
    const session = new ConsoleSession({ spec: 'sim:seed-qemu' });
    try {
      for (const spec of ['local', 'ssh://admin@pmem-server']) {
        const r = await dispatch(session, 'session.open', { spec }, quiet);
        expect(r).toMatchObject({ ok: false, error: { kind: 'not-confirmed', message: expect.stringMatching(/is a real machine, not a simulation: actions there change it for real/) } });
        expect(session.info().spec).toBe('sim:seed-qemu');
      }
      // Between simulators nothing is asked.
      expect(await dispatch(session, 'session.open', { spec: 'sim:optane-2s' }, quiet)).toMatchObject({ ok: true });
      const confirmed = await dispatch(session, 'session.open', { spec: 'local', confirmRealMachine: true }, quiet);
      expect(confirmed).toMatchObject({ ok: true, result: { spec: 'local', host: { kind: 'local' } } });
    } finally {
      await session.close();
    }
  }, 60_000);

  it('never leaves the simulator in a --demo session, confirmed or not', async () => {
    const session = new ConsoleSession({ spec: 'sim:qemu-nvdimm', demo: true });
    try {
      expect(session.info().demo).toBe(true);
      for (const spec of ['local', 'ssh://root@server', 'replay:/tmp/capture.json', 'sim:twin:/etc/shadow', 'sim:twin:/nonexistent']) {
        const r = await dispatch(session, 'session.open', { spec, confirmRealMachine: true }, quiet);
        expect(r).toMatchObject({ ok: false, error: { kind: 'refused', message: expect.stringMatching(/started with --demo: it stays on the simulator/) } });
      }
      expect(await dispatch(session, 'session.open', { spec: 'sim:large' }, quiet)).toMatchObject({ ok: true });
      expect(session.info().spec).toBe('sim:large');
    } finally {
      await session.close();
    }
  }, 60_000);
});

describe('a plan running in the console', () => {
  it('is waited for, with its progress, until the person stops waiting: the step is left to finish and the report says so', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { SimHost } = await import('../../electron/host/sim/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'pmc-session-run-'));
    process.env.PMEM_CONSOLE_STATE_DIR = join(dir, 'journal');
    const stateFile = join(dir, 'sim.json');
    new SimHost({ stateFile, preset: 'seed-qemu' }).injectFault({ kind: 'command-hangs', match: 'create-namespace', times: 1 });
    const session = new ConsoleSession({ spec: 'sim:seed-qemu', stateFile });
    try {
      const events: { status: string; planId: string }[] = [];
      session.subscribe((event, payload) => { if (event === 'run.step') events.push(payload as never); });
      const made = await dispatch(session, 'plan.make', { action: 'namespace.reconfigure', params: { namespace: 'namespace0.0', mode: 'devdax' } }, quiet) as { ok: true; result: { planId: string } };
      const planId = made.result.planId;
      const running = dispatch(session, 'plan.run', { planId, typedName: 'namespace0.0' }, quiet);
      await expect.poll(() => events.some((e) => e.status === 'running')).toBe(true);
      expect(await dispatch(session, 'plan.stopWaiting', { planId }, quiet)).toEqual({ ok: true, result: { stopped: true } });
      const report = await running;
      expect(report).toMatchObject({ ok: true, result: { outcome: 'detached', message: expect.stringMatching(/^stopped waiting: the console stopped waiting for step 1 \(ndctl create-namespace/) } });
      expect(await dispatch(session, 'plan.stopWaiting', { planId }, quiet)).toEqual({ ok: true, result: { stopped: false } });
    } finally {
      await session.close();
    }
  }, 60_000);
});
