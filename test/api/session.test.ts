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
      for (const spec of ['local', 'ssh://root@server', 'replay:/tmp/capture.json']) {
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
