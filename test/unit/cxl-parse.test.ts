// `cxl list` in every shape cxl 76.1 printed it on a real 6.1 kernel (fixtures/real/qemu-cxl-pmem.json), as flat lists.
import { describe, expect, it } from 'vitest';
import { parseCxlList } from '../../electron/system/parse/cxljson.js';
import { CXL_LIST } from '../../electron/system/cxl.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { SimHost } from '../../electron/host/sim/index.js';
import type { Host } from '../../electron/host/host.js';
import { formatSummary } from '../../electron/cli/summary.js';
import { loadSteps } from '../fidelity/replay.js';
import { sysfsFacts } from '../helpers/sim-tree.js';

const GiB = 2 ** 30;
const steps = loadSteps(new URL('../fixtures/real/qemu-cxl-pmem.json', import.meta.url).pathname);
const lists = steps.map((s, i) => ({ ...s, index: i })).filter((s) => /^cxl list\b/.test(s.cmd) && s.exit === 0);
const at = (i: number, cmd: string) => {
  const s = steps[i]!;
  expect(s.cmd).toBe(cmd);
  return parseCxlList(s.stdout);
};

describe('cxl list, every output of the transcript', () => {
  it('covers them all', () => expect(lists.length).toBeGreaterThan(40));
  it.each(lists.map((s) => [`#${s.index} ${s.cmd}`, s] as const))('%s parses, and names only what it printed', (_label, s) => {
    const c = parseCxlList(s.stdout);
    for (const name of [...c.buses, ...c.ports, ...c.memdevs, ...c.decoders, ...c.regions].map((x) => x.name)) expect(s.stdout).toContain(`"${name}"`);
    // Every memdev object printed (it has a serial) is read, and every decoder object (it has interleave_ways).
    expect(c.memdevs.length).toBe(new Set([...s.stdout.matchAll(/"memdev":"(mem\d+)",\s*"(?:ram_size|pmem_size)"/g)].map((m) => m[1])).size);
    expect(c.decoders.length).toBe(new Set([...s.stdout.matchAll(/"decoder":"(decoder[\d.]+)",\s*"(?:resource|interleave_ways)"/g)].map((m) => m[1])).size);
    expect(c.regions.length).toBe(new Set([...s.stdout.matchAll(/"region":"(region\d+)",\s*"resource"/g)].map((m) => m[1])).size);
  });
});

describe('cxl list, what each shape says', () => {
  it('-BMPDERT at boot: the bus, host bridge, two endpoints with their memdevs, and the 4 GiB window', () => {
    const c = at(46, 'cxl list -BMPDERT');
    expect(c.buses).toEqual([{ name: 'root0', provider: 'ACPI.CXL' }]);
    expect(c.ports.map((p) => [p.name, p.kind, p.parent, p.host])).toEqual([['endpoint2', 'endpoint', 'port1', 'mem0'], ['endpoint3', 'endpoint', 'port1', 'mem1'], ['port1', 'port', 'root0', 'ACPI0016:00'], ['root0', 'root', null, null]]);
    expect(c.ports.find((p) => p.name === 'port1')!.dports).toEqual([{ dport: '0000:0c:00.0', alias: null, id: 0 }, { dport: '0000:0c:01.0', alias: null, id: 1 }]);
    expect(c.memdevs).toEqual([
      { name: 'mem0', serial: 2, host: '0000:0e:00.0', ramSize: 0, pmemSize: GiB, numaNode: null, endpoint: 'endpoint2', state: 'enabled' },
      { name: 'mem1', serial: 1, host: '0000:0d:00.0', ramSize: 0, pmemSize: GiB, numaNode: null, endpoint: 'endpoint3', state: 'enabled' },
    ]);
    expect(c.decoders).toEqual([{
      name: 'decoder0.0', kind: 'root', port: 'root0', resource: 0x590000000, size: 4 * GiB, interleaveWays: 1, interleaveGranularity: null, maxAvailableExtent: 4 * GiB,
      capabilities: { pmem: true, volatile: true, accelmem: true }, targets: [{ target: 'ACPI0016:00', alias: 'pci0000:0c', position: 0, id: 12 }],
      region: null, mode: null, dpaResource: null, dpaSize: null, state: 'enabled',
    }]);
    expect(c.regions).toEqual([]);
  });

  it('-BMPDERTu after a 1-way region: the region in its window, the decoders down to mem0\'s DPA; -u sizes read exactly', () => {
    const c = at(79, 'cxl list -BMPDERTu');
    expect(c.regions).toEqual([{ name: 'region0', type: 'pmem', resource: 0x590000000, size: GiB, interleaveWays: 1, interleaveGranularity: 256, decodeState: 'commit', mappings: [{ position: 0, memdev: 'mem0', decoder: 'decoder2.0' }], rootDecoder: 'decoder0.0', state: 'enabled' }]);
    expect(c.decoders.map((d) => [d.name, d.kind, d.port, d.region, d.mode, d.dpaResource, d.dpaSize, d.maxAvailableExtent])).toEqual([
      ['decoder0.0', 'root', 'root0', null, null, null, null, 3 * GiB],
      ['decoder1.0', 'switch', 'port1', 'region0', null, null, null, null],
      ['decoder2.0', 'endpoint', 'endpoint2', 'region0', 'pmem', 0, GiB, null],
    ]);
    expect(c.memdevs.map((m) => [m.name, m.serial])).toEqual([['mem0', 2], ['mem1', 1]]);
  });

  it('-M -i and -BMu -i after disable-memdev: the disabled one is an "anon memdev"', () => {
    for (const [i, cmd] of [[139, 'cxl list -M -i'], [140, 'cxl list -BMu -i']] as const) {
      expect(at(i, cmd).memdevs.map((m) => [m.name, m.state, m.endpoint])).toEqual([['mem0', 'enabled', null], ['mem1', 'disabled', null]]);
    }
  });

  it('-EDT -i: uncommitted endpoint decoders, and root and port decoders under their own keys', () => {
    const c = at(145, 'cxl list -EDT -i');
    expect(c.decoders.map((d) => [d.name, d.kind, d.state, d.mode])).toEqual([['decoder0.0', 'root', 'enabled', null], ['decoder1.0', 'switch', 'enabled', null], ['decoder2.0', 'endpoint', 'disabled', 'pmem'], ['decoder3.0', 'endpoint', 'disabled', null]]);
  });

  it('-RTu of a 2-way region: one object unwrapped from its array, mappings in position order', () => {
    const c = at(148, 'cxl list -RTu');
    expect(c.regions.map((r) => [r.name, r.size, r.interleaveWays, r.mappings])).toEqual([['region0', 2 * GiB, 2, [{ position: 0, memdev: 'mem0', decoder: 'decoder2.0' }, { position: 1, memdev: 'mem1', decoder: 'decoder3.0' }]]]);
  });

  it('nothing matched ("[\\n]", with a warning on stderr) is empty; what is not JSON is an error', () => {
    expect(at(34, 'cxl list -R')).toEqual({ buses: [], ports: [], memdevs: [], decoders: [], regions: [] });
    expect(at(56, 'cxl list -m nosuch').memdevs).toEqual([]);
    expect(() => parseCxlList('{"bus":')).toThrow(/cxl printed unexpected output: not JSON/);
  });
});

describe('the snapshot reads CXL with one cxl list', () => {
  const withCxl = (answer: (argv: string) => { exitCode: number; stdout: string; stderr: string } | null) => {
    const sim = new SimHost({ preset: 'cxl-expander' });
    return Object.assign(Object.create(sim) as Host, {
      exec: (argv: readonly string[]) => {
        const a = answer(argv.join(' '));
        return a ? Promise.resolve(a) : sim.exec(argv);
      },
    });
  };

  it('where cxl is installed: its memdevs, ports, decoders and regions, the dport each memdev sits below, and its version', async () => {
    // The recorded machine's twin: its cxl answers the snapshot's -BMPDERT -i as the real one answered -vv (the same flags) at boot.
    const t = await snapshot(new SimHost({ preset: 'cxl-pmem-2x' }));
    expect(t.tools.cxl).toBe('76.1');
    const listed = parseCxlList(steps[43]!.stdout);
    // From /sys/bus/cxl/devices/memN's path: mem0 is below root port 0000:0c:01.0, mem1 below 0000:0c:00.0 (the transcript's links).
    const dport: Record<string, string> = { mem0: '0000:0c:01.0', mem1: '0000:0c:00.0' };
    expect(t.cxl).toEqual({ ...listed, memdevs: listed.memdevs.map((m) => ({ ...m, dport: dport[m.name] })) });
    expect(t.cxl!.memdevs.map((m) => m.name)).toEqual(['mem0', 'mem1']);
    // And `pmem-console snapshot` prints them, with the window and its room.
    const text = formatSummary(t);
    expect(text).toMatch(/cxl 76\.1/);
    expect(text).toMatch(/^mem0 +0x2 +0000:0e:00\.0 +0 B +1 GiB +endpoint2 +enabled$/m);
    expect(text).toMatch(/^decoder0\.0 +0x590000000 +4 GiB +4 GiB +ram, pmem$/m);
  });

  it('a cxl list that fails is a note, not a failed read', async () => {
    const t = await snapshot(withCxl((line) => (line === 'cxl --version' ? { exitCode: 0, stdout: '76.1\n', stderr: '' } : line === CXL_LIST.join(' ') ? { exitCode: 1, stdout: '', stderr: 'cxl list: no such bus\n' } : null)));
    expect(t.cxl).toBeNull();
    expect(t.notes).toContain(`\`${CXL_LIST.join(' ')}\` failed (exit 1): cxl list: no such bus`);
  });

  it('without cxl: nothing on a machine with no CXL devices; /sys/bus/cxl where the kernel has some, with a note saying so', async () => {
    const none = await snapshot(new SimHost({ preset: 'cxl-plain-ram' }));
    expect([none.tools.cxl, none.cxl]).toEqual([null, null]);
    expect(none.notes.join(' ')).not.toMatch(/cxl/);
    // The recorded machine with a 2-way region and mem1 disabled under it (the region down with it), read with cxl, then without.
    const sim = new SimHost({ preset: 'cxl-pmem-2x' });
    for (const line of ['cxl create-region -m -t pmem -d decoder0.0 -w 2 mem0 mem1', 'cxl disable-memdev -f mem1']) expect((await sim.exec(line.split(' '))).exitCode).toBe(0);
    const withTool = await snapshot(sim);
    sim.mutate((s) => void (s.tools.cxl = null));
    const t = await snapshot(sim);
    expect(t.tools.cxl).toBeNull();
    expect(t.notes.join(' ')).toMatch(/cxl is not installed on sim:cxl-pmem-2x: CXL devices were read from \/sys\/bus\/cxl\/devices \(changing them needs the cxl tool/);
    expect(sysfsFacts(t).cxl).toEqual(sysfsFacts(withTool).cxl);
    expect(t.cxl!.regions).toMatchObject([{ name: 'region0', state: 'disabled', decodeState: 'commit', mappings: [{ position: 0, memdev: 'mem0', decoder: 'decoder2.0' }] }]);
    expect(t.cxl!.memdevs.map((m) => [m.name, m.state, m.endpoint])).toEqual([['mem0', 'enabled', 'endpoint2'], ['mem1', 'disabled', null]]);
  });
});
