// Parsers over every real ndctl/daxctl/meminfo output in test/fixtures/real.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDaxctlList, parseMeminfo, parseNdctlList, ToolOutputError } from '../../electron/system/parse/tooljson.js';
import { loadSteps } from '../fidelity/replay.js';

const dir = new URL('../fixtures/real/', import.meta.url).pathname;
const steps = readdirSync(dir).filter((f) => /\.jsonl?$/.test(f)).flatMap((f) => loadSteps(dir + f).map((s, i) => ({ ...s, label: `${f}#${i} ${s.cmd}` })));
// A pipeline's output is another program's (jq), not the tool's.
const toolOutput = (s: { cmd: string; exit: number; stdout: string }, re: RegExp) => s.exit === 0 && re.test(s.cmd) && !s.cmd.includes(' | ') && s.stdout.trim();
const ndctlJson = steps.filter((s) => toolOutput(s, /^ndctl (list|create-namespace)/));
const daxctlJson = steps.filter((s) => toolOutput(s, /^daxctl (list|reconfigure-device)/));
const meminfo = steps.filter((s) => s.exit === 0 && /^cat \/proc\/meminfo$/.test(s.cmd));

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

describe('ndctl JSON from the real transcripts', () => {
  it('covers a real number of outputs', () => expect(ndctlJson.length).toBeGreaterThan(25));
  it.each(ndctlJson.map((s) => [s.label, s] as const))('%s', (_label, s) => {
    const buses = parseNdctlList(s.stdout);
    const namespaces = buses.flatMap((b) => [...(b.namespaces ?? []), ...(b.regions ?? []).flatMap((r) => r.namespaces ?? [])]);
    const regions = buses.flatMap((b) => b.regions ?? []);
    const dimms = buses.flatMap((b) => b.dimms ?? []);
    expect(namespaces.length).toBe(count(s.stdout, /"dev":"namespace/g));
    expect(regions.length).toBe(count(s.stdout, /"dev":"region/g));
    expect(dimms.length).toBe(count(s.stdout, /"dev":"nmem/g));
    for (const n of namespaces) expect(Number.isInteger(n.size)).toBe(true);
    // nfit_test's regions are 4 to 64 MiB; with -u a size is rounded ("2.94 GiB"), so only its sign is sure.
    for (const r of regions) expect(r.size).toBeGreaterThan(0);
  });
});

describe('daxctl JSON from the real transcripts', () => {
  it.each(daxctlJson.map((s) => [s.label, s] as const))('%s', (_label, s) => {
    const devices = parseDaxctlList(s.stdout).flatMap((r) => r.devices ?? []);
    expect(devices.length).toBe(count(s.stdout, /"chardev"/g));
    for (const d of devices) {
      expect(d.size).toBeGreaterThan(0);
      for (const m of d.mappings ?? []) expect(m.end - m.start + 1).toBe(m.size);
    }
  });
});

describe('meminfo from the real transcripts', () => {
  it.each(meminfo.map((s) => [s.label, s] as const))('%s', (_label, s) => {
    const m = parseMeminfo(s.stdout);
    expect(m.MemTotal).toBe(Number(/MemTotal:\s+(\d+)/.exec(s.stdout)![1]) * 1024);
    expect(m.HugePages_Total).toBe(0);
  });
});

describe('malformed tool output', () => {
  it.each(['{not json', '"a string"'])('refuses %j with a ToolOutputError', (text) => {
    expect(() => parseNdctlList(text)).toThrow(ToolOutputError);
  });
  it('leaves out what does not fit, and names it', () => {
    const notes: string[] = [];
    expect(parseNdctlList('[{"dev": 5}]', notes)).toMatchObject([{ provider: '', dev: '', dimms: [] }]);
    expect(notes).toEqual([expect.stringMatching(/^ndctl list: .*dev: 5 is not valid: .*; \[0\] is left out$/)]);
  });
  it('treats empty output as nothing', () => expect(parseDaxctlList('')).toEqual([]));
});
