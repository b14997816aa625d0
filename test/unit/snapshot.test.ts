// snapshot() over the sim: the same code path the console uses on a real machine.
import { describe, expect, it } from 'vitest';
import { Topology } from '../../shared/model/index.js';
import { PRESET_NAMES, SimHost } from '../../electron/host/sim/index.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { doctor } from '../../electron/system/doctor.js';

describe('snapshot', () => {
  it.each(PRESET_NAMES.filter((p) => p !== 'large'))('gives a valid topology for sim:%s', async (preset) => {
    const t = await snapshot(new SimHost({ preset }));
    expect(Topology.safeParse(t).success).toBe(true);
    expect(t.meminfo.memTotal).toBeGreaterThan(0);
    expect(t.nodes.length).toBeGreaterThan(0);
  });

  it('lists DIMMs, regions, namespaces and dax devices in natural order, whatever order the tools print them in', async () => {
    const natural = (names: string[]) => [...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    const t = await snapshot(new SimHost({ preset: 'large' }));
    expect(t.daxDevices.length).toBeGreaterThan(10); // dax10.0 and up: a plain string sort would put them before dax2.0
    for (const list of [t.dimms.map((d) => d.dev), t.regions.map((r) => r.dev), t.namespaces.map((n) => n.dev), t.daxDevices.map((d) => d.dev)]) expect(list).toEqual(natural(list));
  });

  it('reads the seed machine: a 512 MiB legacy region holding one fsdax (map=mem) namespace', async () => {
    const t = await snapshot(new SimHost({ preset: 'seed-qemu' }));
    expect(t.regions).toMatchObject([{ dev: 'region0', size: 512 * 2 ** 20, labelled: false, availableSize: 0, resource: 0x80000000 }]);
    expect(t.namespaces.filter((n) => n.size > 0)).toMatchObject([{ dev: 'namespace0.0', mode: 'fsdax', map: 'mem', blockdev: 'pmem0', legacy: true }]);
    expect(t.memory.blockSize).toBe(128 * 2 ** 20);
  });

  it('follows the seed flow: devdax then system-ram adds exactly 3 blocks to MemTotal and node 0, and back', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    const before = await snapshot(host);
    expect((await host.exec(['ndctl', 'create-namespace', '-f', '-e', 'namespace0.0', '-m', 'devdax', '-a', '2M'])).exitCode).toBe(0);
    expect((await host.exec(['daxctl', 'reconfigure-device', '--mode=system-ram', 'dax0.0'])).exitCode).toBe(0);
    const after = await snapshot(host);
    expect(after.meminfo.memTotal - before.meminfo.memTotal).toBe(3 * 128 * 2 ** 20);
    expect(after.nodes[0]!.memTotal - before.nodes[0]!.memTotal).toBe(3 * 128 * 2 ** 20);
    const dax = after.daxDevices.find((d) => d.dev === 'dax0.0')!;
    expect(dax).toMatchObject({ mode: 'system-ram', size: 526385152, onlineMemblocks: 3, totalMemblocks: 3, movable: true, namespace: 'namespace0.0', memoryBlocks: [17, 18, 19] });
    expect(after.memory.blocks.filter((b) => b.daxDevice === 'dax0.0').map((b) => b.validZones)).toEqual([['Movable'], ['Movable'], ['Movable']]);
    expect((await host.exec(['daxctl', 'reconfigure-device', '--mode=devdax', '-f', 'dax0.0'])).exitCode).toBe(0);
    const back = await snapshot(host);
    expect(back.meminfo.memTotal).toBe(before.meminfo.memTotal);
    expect(back.memory.blocks.length).toBe(before.memory.blocks.length);
  });

  it('sees the CXL expander as an offline system-ram device on a CPU-less node in a slower tier', async () => {
    const t = await snapshot(new SimHost({ preset: 'cxl-expander' }));
    expect(t.regions).toEqual([]);
    const dax = t.daxDevices[0]!;
    expect(dax).toMatchObject({ dev: 'dax0.0', mode: 'system-ram', targetNode: 1, onlineMemblocks: 0, totalMemblocks: 64, movable: null });
    expect(t.nodes.find((n) => n.id === 1)).toMatchObject({ cpuCount: 0, memTotal: 0 });
  });

  it('works sysfs-only when ndctl and daxctl are absent, and says so', async () => {
    const host = new SimHost({ preset: 'optane-2s' });
    const full = await snapshot(host);
    host.mutate((s) => {
      s.tools = { ndctl: null, daxctl: null };
    });
    const t = await snapshot(host);
    expect(t.tools).toEqual({ ndctl: null, daxctl: null, cxl: null });
    expect(t.notes.join(' ')).toMatch(/ndctl is not installed.*sysfs/);
    expect(t.regions.map((r) => [r.dev, r.size, r.availableSize, r.targetNode, r.labelled])).toEqual(full.regions.map((r) => [r.dev, r.size, r.availableSize, r.targetNode, r.labelled]));
    expect(t.namespaces.map((n) => [n.dev, n.mode, n.size])).toEqual(full.namespaces.filter((n) => n.size > 0).map((n) => [n.dev, n.mode, n.size]));
    expect(t.daxDevices.map((d) => [d.dev, d.mode, d.size])).toEqual(full.daxDevices.map((d) => [d.dev, d.mode, d.size]));
  });

  it('reads a DIMM\'s firmware commands, with ndctl and from sysfs alone: QEMU\'s label DSMs only; none where the kernel shows none', async () => {
    const host = new SimHost({ preset: 'qemu-nvdimm' });
    const qemu = { family: 0, mask: 0x70, commands: ['get_size', 'get_data', 'set_data', 'cmd_call'] };
    expect((await snapshot(host)).dimms.map((d) => d.dsm)).toEqual([qemu]);
    host.mutate((s) => {
      s.tools = { ndctl: null, daxctl: null };
    });
    expect((await snapshot(host)).dimms.map((d) => d.dsm)).toEqual([qemu]);
    // A DIMM whose sysfs shows no commands file (not an NFIT DIMM) reads as null.
    const bare = new SimHost({ preset: 'optane-2s' });
    bare.mutate((s) => {
      for (const d of s.buses[0]!.dimms) delete d.dsm;
    });
    expect((await snapshot(bare)).dimms.every((d) => d.dsm === null)).toBe(true);
  });

  it('gives a valid, empty topology on a machine without NVDIMMs', async () => {
    const host = new SimHost({ preset: 'qemu-nvdimm' });
    host.mutate((s) => {
      s.buses = [];
      s.modules = [];
    });
    const t = await snapshot(host);
    expect(t.regions).toEqual([]);
    expect(t.daxDevices).toEqual([]);
    expect(t.notes).toContain('This machine has no persistent memory regions or dax devices.');
  });
});

describe('doctor', () => {
  it('warns when the kernel would auto-online new memory into ZONE_NORMAL', async () => {
    const host = new SimHost({ preset: 'qemu-nvdimm' });
    await host.writeFile('/sys/devices/system/memory/auto_online_blocks', 'online');
    const f = await doctor(host, await snapshot(host));
    expect(f.find((x) => x.id === 'auto-online')).toMatchObject({ severity: 'warning' });
  });
  it('finds a udev rule that onlines memory', async () => {
    const host = new SimHost({ preset: 'qemu-nvdimm' });
    await host.writeFile('/etc/udev/rules.d/40-redhat.rules', 'SUBSYSTEM=="memory", ACTION=="add", ATTR{state}=="offline", ATTR{state}="online"\n');
    const f = await doctor(host, await snapshot(host));
    expect(f.find((x) => x.id === 'udev-online')?.detail).toMatch(/40-redhat\.rules/);
  });
  it('says memory can be given back when system-ram blocks are movable, and warns when they are in a kernel zone (ZONE_DMA32 at 2 GiB)', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    await host.exec(['ndctl', 'create-namespace', '-f', '-e', 'namespace0.0', '-m', 'devdax', '-a', '2M']);
    await host.exec(['daxctl', 'reconfigure-device', '--mode=system-ram', 'dax0.0']);
    expect((await doctor(host, await snapshot(host))).find((x) => x.id === 'hot-remove')).toMatchObject({ severity: 'ok', detail: expect.stringMatching(/1 system-ram device is all in ZONE_MOVABLE/) });
    await host.exec(['daxctl', 'reconfigure-device', '--mode=devdax', '-f', 'dax0.0']);
    await host.exec(['daxctl', 'reconfigure-device', '--mode=system-ram', '--no-movable', 'dax0.0']);
    expect((await doctor(host, await snapshot(host))).find((x) => x.id === 'hot-remove')).toMatchObject({ severity: 'warning', detail: expect.stringMatching(/^dax0\.0: 3 of 3 online blocks are in ZONE_DMA32/) });
  });
  it('warns when the kernel cannot hot-remove memory at all (no valid_zones)', async () => {
    const host = new SimHost({ preset: 'qemu-nvdimm' });
    const t = await snapshot(host);
    t.memory.blocks = t.memory.blocks.map((b) => ({ ...b, validZones: [] }));
    expect((await doctor(host, t)).find((x) => x.id === 'hot-remove')).toMatchObject({ severity: 'warning', title: expect.stringMatching(/not built into this kernel/) });
  });
  it('reports a missing kmem driver', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    host.mutate((s) => {
      s.modules = s.modules.filter((m) => m !== 'kmem');
    });
    const f = await doctor(host, await snapshot(host));
    expect(f.find((x) => x.id === 'driver-kmem')).toMatchObject({ severity: 'warning' });
  });
});

describe('sim sysfs paths', () => {
  it('follows a symlink before "..", as the kernel does', async () => {
    const host = new SimHost({ preset: 'qemu-nvdimm' });
    await host.exec(['ndctl', 'disable-region', 'all']);
    await host.exec(['ndctl', 'init-labels', 'all']);
    await host.exec(['ndctl', 'enable-region', 'all']);
    await host.exec(['ndctl', 'create-namespace', '-m', 'devdax', '-s', '1G', '-a', '2M']);
    expect((await host.readFile('/sys/bus/dax/devices/dax0.0/../dax_region/size')).trim()).toBe('1054867456');
    expect((await host.readFile('/sys/bus/dax/devices/dax0.0/size')).trim()).toBe('1054867456');
  });
});
