// The journal keeps bounded output and survives a damaged line; locks let one plan at a time act on an object.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { appendJournal, bound, JOURNAL_OUTPUT_LIMIT, readJournal, stateDir } from '../../electron/actions/journal.js';
import { acquireLock, LockedError } from '../../electron/actions/locks.js';
import { cli, privateStateDir } from './cli-helpers.js';

beforeEach(() => privateStateDir());

describe('journal', () => {
  it('bounds what it keeps of a step\'s output and says how much it left out', () => {
    const long = 'x'.repeat(JOURNAL_OUTPUT_LIMIT + 10);
    expect(bound(long)).toBe(`${'x'.repeat(JOURNAL_OUTPUT_LIMIT)}\n[... 10 more characters]`);
    expect(bound('short')).toBe('short');
  });

  it('skips a damaged line and reports it', async () => {
    appendJournal({ id: 'a', time: '2026-11-24T00:00:00Z', host: 'sim:seed-qemu', user: 'root', action: 'region.disable', params: { region: 'region0' }, object: 'region0', risk: 'disruptive', outcome: 'done', reason: null, steps: [], planned: [], rollback: null, changes: [], verification: [] });
    appendFileSync(join(stateDir(), 'journal.jsonl'), '{"torn": \n');
    expect(readJournal()).toMatchObject({ skipped: 1, entries: [{ id: 'a' }] });
    const r = await cli('journal', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toHaveLength(1);
    expect(r.err).toMatch(/1 damaged line in .*journal\.jsonl was skipped/);
  });

  it('--host shows the runs on that host only, and says when there are none', async () => {
    const entry = (id: string, host: string) => ({ id, time: '2026-11-24T00:00:00Z', host, user: 'root', action: 'region.disable', params: { region: 'region0' }, object: 'region0', risk: 'disruptive' as const, outcome: 'done' as const, reason: null, steps: [], planned: [], rollback: null, changes: [], verification: [] });
    appendJournal(entry('a', 'sim:seed-qemu'));
    appendJournal(entry('b', 'ssh://admin@pmem-server'));
    appendJournal(entry('c', 'sim:seed-qemu'));
    expect((JSON.parse((await cli('journal', '--json', '--host', 'sim:seed-qemu')).out) as { id: string }[]).map((e) => e.id)).toEqual(['a', 'c']);
    const remote = (await cli('journal', '--host', 'ssh://admin@pmem-server')).out;
    expect(remote.trimEnd().split('\n')).toHaveLength(1);
    expect(remote).toContain('ssh://admin@pmem-server');
    expect((await cli('journal', '--host', 'sim:large')).out).toBe('The journal has no plan run on sim:large.\n');
  });

  it('says when it is empty', async () => {
    expect((await cli('journal')).out).toBe('The journal is empty: no plan has been run.\n');
  });
});

describe('locks', () => {
  it('lets one plan at a time hold an object, and frees it on release', () => {
    const release = acquireLock('sim:seed-qemu', 'dax0.0');
    expect(() => acquireLock('sim:seed-qemu', 'dax0.0')).toThrow(LockedError);
    expect(() => acquireLock('sim:seed-qemu', 'dax0.1')()).not.toThrow();
    release();
    acquireLock('sim:seed-qemu', 'dax0.0')();
  });

  it('takes over a lock left by a process that is gone', () => {
    mkdirSync(join(stateDir(), 'locks'), { recursive: true });
    writeFileSync(join(stateDir(), 'locks', 'sim_seed-qemu__dax0.0.lock'), '999999999');
    const release = acquireLock('sim:seed-qemu', 'dax0.0');
    release();
  });
});
