// The pmem-console command: outputs and, for bad input, one clear line and a non-zero exit.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { defaultHost } from '../../electron/host/spec.js';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'pmem-console-test-'));

function expectOneLineError(r: { code: number; err: string }, code: number, pattern: RegExp) {
  expect(r.code).toBe(code);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(pattern);
  expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
}

describe('pmem-console snapshot', () => {
  it('prints a readable summary of a preset', async () => {
    const r = await run('snapshot', '--host', 'sim:qemu-nvdimm');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/region0\s+4 GiB/);
    expect(r.out).toMatch(/NUMA nodes/);
  });
  it('prints JSON with --json', async () => {
    const r = await run('snapshot', '--host', 'sim:seed-qemu', '--json');
    expect(JSON.parse(r.out).regions[0].dev).toBe('region0');
  });
  it('keeps sim state in --state across runs', async () => {
    const state = join(tmp(), 'state.json');
    expect((await run('snapshot', '--host', 'sim:seed-qemu', '--state', state)).code).toBe(0);
    const host = new SimHost({ stateFile: state });
    await host.exec(['ndctl', 'create-namespace', '-f', '-e', 'namespace0.0', '-m', 'devdax', '-a', '2M']);
    const r = await run('snapshot', '--host', 'sim:seed-qemu', '--state', state, '--json');
    expect(JSON.parse(r.out).daxDevices[0].dev).toBe('dax0.0');
  });
});

/** On a machine without the devices (this one, CI's) the console falls back to the simulator; a capture must not pass it off as the machine. */
const fallsBack = (await defaultHost()).host.info.kind === 'sim';

describe('capture and replay', () => {
  it('replays a capture to the same topology', async () => {
    const file = join(tmp(), 'cap.json');
    expect((await run('capture', '--host', 'sim:optane-2s', '-o', file)).code).toBe(0);
    const live = JSON.parse((await run('snapshot', '--host', 'sim:optane-2s', '--json')).out);
    const replayed = JSON.parse((await run('snapshot', '--host', `replay:${file}`, '--json')).out);
    for (const k of ['regions', 'namespaces', 'daxDevices', 'nodes', 'tiers', 'meminfo', 'dimms']) expect(replayed[k]).toEqual(live[k]);
    expect(replayed.memory.blocks).toEqual(live.memory.blocks);
  });

  it.runIf(fallsBack)('refuses to capture the simulator it falls back to, unless it is named; nothing is written', async () => {
    const file = join(tmp(), 'cap.json');
    expectOneLineError(await run('capture', '-o', file), 2, /this machine has no NVDIMM, dax or CXL memory devices, so there is nothing of it to capture; to record a simulated machine, name it: --host sim:PRESET/);
    expect(existsSync(file)).toBe(false);
    const named = await run('capture', '--host', 'sim:seed-qemu', '-o', file);
    expect(named.code).toBe(0);
    expect(named.err).toContain('(a simulated machine, as asked; not this one)');
  });
});

describe('bad input', () => {
  it('unknown host spec', async () => expectOneLineError(await run('snapshot', '--host', 'floppy:0'), 2, /unknown host "floppy:0"/));
  it('unknown preset', async () => expectOneLineError(await run('snapshot', '--host', 'sim:nope'), 2, /unknown sim preset "nope"/));
  it('missing bundle', async () => expectOneLineError(await run('snapshot', '--host', 'replay:/nonexistent/cap.json'), 2, /cannot read capture bundle .*no such file/));
  it('corrupt bundle', async () => {
    const file = join(tmp(), 'bad.json');
    writeFileSync(file, '{"format": "something else"');
    expectOneLineError(await run('snapshot', '--host', `replay:${file}`), 2, /is not a capture bundle/);
    writeFileSync(file, '{"format": "something else"}');
    expectOneLineError(await run('snapshot', '--host', `replay:${file}`), 2, /is not a pmem-console capture bundle/);
  });
  it('malformed tool JSON: the machine is read from sysfs instead, and the note says why', async () => {
    const state = join(tmp(), 'state.json');
    const host = new SimHost({ stateFile: state, preset: 'qemu-nvdimm' });
    host.injectFault({ kind: 'command-fails', match: 'ndctl list', exitCode: 0, stdout: '[{"dev": 17', stderr: '' });
    const r = await run('snapshot', '--host', 'sim:qemu-nvdimm', '--state', state, '--json');
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out) as { regions: { dev: string }[]; notes: string[] };
    expect(t.regions.map((x) => x.dev)).toEqual(['region0']);
    expect(t.notes).toContainEqual(expect.stringMatching(/^`ndctl list -B -D -R -N -H -F -M -i -v` printed something the console cannot read \(not JSON .*\): buses, DIMMs, regions and namespaces were read from sysfs\.$/));
  });
  it('a tool that hangs is stopped at the timeout', async () => {
    const state = join(tmp(), 'state.json');
    new SimHost({ stateFile: state, preset: 'qemu-nvdimm' }).injectFault({ kind: 'command-hangs', match: 'daxctl list' });
    expectOneLineError(await run('snapshot', '--host', 'sim:qemu-nvdimm', '--state', state, '--timeout', '200'), 1, /daxctl did not finish within 200 ms/);
  });
  it('absent tools: snapshot still works from sysfs and says so', async () => {
    const state = join(tmp(), 'state.json');
    new SimHost({ stateFile: state, preset: 'seed-qemu' }).mutate((s) => {
      s.tools = { ndctl: null, daxctl: null };
    });
    const r = await run('snapshot', '--host', 'sim:seed-qemu', '--state', state);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ndctl not installed/);
    expect(r.out).toMatch(/Note: ndctl is not installed/);
  });
  it('corrupt sim state file', async () => {
    const state = join(tmp(), 'state.json');
    writeFileSync(state, 'nope');
    expectOneLineError(await run('snapshot', '--host', 'sim:seed-qemu', '--state', state), 2, /is not valid JSON/);
    expect(readFileSync(state, 'utf8')).toBe('nope');
  });
  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['snapshot', '--hots', 'local'], /unknown option "--hots"/],
    [['snapshot', '--host'], /--host needs a value/],
    [['capture'], /capture needs -o FILE/],
    [['snapshot', '--timeout', 'soon'], /--timeout takes milliseconds/],
    [['snapshot', '--host', 'ssh://bad host'], /not a valid ssh host/],
  ])('%j', async (argv, pattern) => expectOneLineError(await run(...argv), 2, pattern));
});
