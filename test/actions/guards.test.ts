// Guards: each unsafe situation blocks (or warns about) the plans it concerns, with a sentence saying what to do.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../shared/actions/index.js';
import { makePlan } from '../../electron/actions/plan.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { twinFromTopology } from '../../electron/host/sim/twin.js';

const twin = (t: Parameters<typeof twinFromTopology>[0]) => new SimHost({ state: twinFromTopology(t, 'prediction') });

async function plan(host: SimHost, action: string, params: Record<string, string>): Promise<Plan> {
  return makePlan({ host, twin }, { action, params });
}
const blocking = (p: Plan) => p.guards.filter((g) => g.blocking).map((g) => `${g.id}: ${g.message}`).join('\n');
const warnings = (p: Plan) => p.guards.filter((g) => !g.blocking).map((g) => `${g.id}: ${g.message}`).join('\n');

async function seedWithDevdax(): Promise<SimHost> {
  const host = new SimHost({ preset: 'seed-qemu' });
  await host.exec(['ndctl', 'create-namespace', '-f', '-e', 'namespace0.0', '-m', 'devdax', '-a', '2M']);
  return host;
}

describe('guards', () => {
  it('a mounted namespace cannot be destroyed, reconfigured or disabled', async () => {
    const host = new SimHost({ preset: 'optane-2s' });
    for (const [action, extra] of [['namespace.destroy', {}], ['namespace.reconfigure', { mode: 'devdax' }], ['namespace.disable', {}]] as const) {
      expect(blocking(await plan(host, action, { namespace: 'namespace1.0', ...extra }))).toMatch(/in-use: \/dev\/pmem1 is mounted at \/mnt\/pmem1 \(ext4\); unmount it/);
    }
    expect(blocking(await plan(host, 'region.disable', { region: 'region1' }))).toMatch(/mounted at \/mnt\/pmem1/);
  });

  it('a devdax device that a process maps cannot become system RAM, nor can its namespace go', async () => {
    const host = await seedWithDevdax();
    host.mutate((s) => {
      s.files['/proc/4242/comm'] = 'redis-server\n';
      s.files['/proc/4242/maps'] = '7f0000000000-7f0040000000 rw-s 00000000 00:06 123 /dev/dax0.0\n';
      s.files['/proc/4243/maps'] = '00400000-00452000 r-xp 00000000 08:02 173521 /usr/bin/dbus-daemon\n';
    });
    expect(blocking(await plan(host, 'dax.system-ram', { device: 'dax0.0' }))).toMatch(/in-use: \/dev\/dax0\.0 is mapped by 4242 \(redis-server\); its data would vanish/);
    expect(blocking(await plan(host, 'namespace.reconfigure', { namespace: 'namespace0.0', mode: 'fsdax' }))).toMatch(/mapped by 4242 \(redis-server\)/);
  });

  it('a namespace whose memory is system RAM cannot lose its device', async () => {
    const host = await seedWithDevdax();
    await host.exec(['daxctl', 'reconfigure-device', '--mode=system-ram', 'dax0.0']);
    expect(blocking(await plan(host, 'namespace.destroy', { namespace: 'namespace0.0' }))).toMatch(/carries dax0\.0, which is system RAM now; give the memory back first \(dax\.devdax --device dax0\.0\)/);
  });

  it('auto-online into ZONE_NORMAL blocks a movable system-ram plan and only warns for a normal one', async () => {
    const host = await seedWithDevdax();
    await host.writeFile('/sys/devices/system/memory/auto_online_blocks', 'online');
    const movable = await plan(host, 'dax.system-ram', { device: 'dax0.0' });
    expect(blocking(movable)).toMatch(/auto-online: auto_online_blocks is "online".*Set it to offline first \(memory\.auto-online --policy offline, until the next boot\)/);
    // The refusal offers the fix as a plan: one sysfs write, undone by setting the policy back; with it run, the guard is gone.
    const fix = movable.guards.find((g) => g.id === 'auto-online')!.fix!;
    expect(fix).toEqual({ action: 'memory.auto-online', params: { policy: 'offline' } });
    const fixPlan = await plan(host, fix.action, fix.params);
    expect(fixPlan.steps.map((x) => x.op)).toEqual([{ kind: 'write', path: '/sys/devices/system/memory/auto_online_blocks', value: 'offline' }]);
    expect(fixPlan.rollback).toEqual({ action: 'memory.auto-online', params: { policy: 'online' } });
    expect(fixPlan.guards.map((g) => g.message).join('\n')).toMatch(/until the next boot.*memhp_default_state=/);
    await host.writeFile('/sys/devices/system/memory/auto_online_blocks', 'offline');
    expect(blocking(await plan(host, 'dax.system-ram', { device: 'dax0.0' }))).toBe('');
    await host.writeFile('/sys/devices/system/memory/auto_online_blocks', 'online');
    const normal = await plan(host, 'dax.system-ram', { device: 'dax0.0', zone: 'normal' });
    expect(blocking(normal)).toBe('');
    expect(warnings(normal)).toMatch(/auto-online/);
    expect(normal.risk).toBe('disruptive');
  });

  it('a udev rule that onlines memory blocks a movable system-ram plan', async () => {
    const host = await seedWithDevdax();
    await host.writeFile('/etc/udev/rules.d/40-memory.rules', 'SUBSYSTEM=="memory", ACTION=="add", ATTR{state}=="offline", ATTR{state}="online"\n');
    expect(blocking(await plan(host, 'dax.system-ram', { device: 'dax0.0' }))).toMatch(/udev-online: .*40-memory\.rules/);
  });

  it('a device smaller than one memory block cannot become system RAM', async () => {
    const host = new SimHost({ preset: 'qemu-nvdimm' });
    for (const argv of [['ndctl', 'disable-region', 'all'], ['ndctl', 'init-labels', 'all'], ['ndctl', 'enable-region', 'all'], ['ndctl', 'create-namespace', '-r', 'region0', '-m', 'devdax', '-s', '128M', '-a', '2M']]) await host.exec(argv);
    expect(blocking(await plan(host, 'dax.system-ram', { device: 'dax0.0' }))).toMatch(/too-small: dax0\.0 \(.*\) does not cover one whole 128 MiB memory block/);
  });

  it('a dax device without a target node is refused; one on a CPU node gets a warning', async () => {
    const host = await seedWithDevdax();
    expect(warnings(await plan(host, 'dax.system-ram', { device: 'dax0.0' }))).toMatch(/target-node: dax0\.0 targets node 0, which has CPUs/);
    host.mutate((s) => {
      const ns = s.buses[0]!.regions[0]!.namespaces[0]!;
      if (ns.claim?.kind === 'dax') ns.claim.device.targetNode = -1;
    });
    expect(blocking(await plan(host, 'dax.system-ram', { device: 'dax0.0' }))).toMatch(/target-node: dax0\.0 has no target node.*kmem driver refuses it/);
  });

  it('the kmem driver must be loaded', async () => {
    const host = await seedWithDevdax();
    host.mutate((s) => {
      s.modules = s.modules.filter((m) => m !== 'kmem');
    });
    expect(blocking(await plan(host, 'dax.system-ram', { device: 'dax0.0' }))).toMatch(/kmem: the kmem driver is not loaded/);
  });

  it('a disabled region, a label-less region and a full region refuse new namespaces', async () => {
    const optane = new SimHost({ preset: 'optane-2s' });
    await optane.exec(['ndctl', 'disable-region', 'region0']);
    expect(blocking(await plan(optane, 'namespace.create', { region: 'region0', mode: 'fsdax', size: '16G' }))).toMatch(/region-disabled: region0 is disabled; enable it first/);
    expect(blocking(await plan(optane, 'namespace.create', { region: 'region1', mode: 'fsdax', size: '16G' }))).toMatch(/no-space: region1 has no free space left|does not fit/);
    const seed = new SimHost({ preset: 'seed-qemu' });
    expect(blocking(await plan(seed, 'namespace.create', { region: 'region0', mode: 'devdax' }))).toMatch(/label-less: region0 has no namespace labels.*namespace\.reconfigure/);
  });

  it('giving back memory in a kernel zone warns that offlining may fail (the seed\'s range at 2 GiB is in ZONE_DMA32)', async () => {
    const host = await seedWithDevdax();
    await host.exec(['daxctl', 'reconfigure-device', '--mode=system-ram', '--no-movable', 'dax0.0']);
    const p = await plan(host, 'dax.devdax', { device: 'dax0.0' });
    expect(warnings(p)).toMatch(/zone-normal: 3 of these blocks are in ZONE_DMA32 .*Device or resource busy/);
    expect(p.rollback).toEqual({ action: 'dax.system-ram', params: { device: 'dax0.0', zone: 'normal' } });
  });

  it('boot memory is not the console\'s to offline', async () => {
    const host = new SimHost({ preset: 'seed-qemu' });
    expect(blocking(await plan(host, 'memory.offline', { blocks: '4-5' }))).toMatch(/boot-memory: memory4 and 1 more are boot memory/);
  });

  it('a step that fails on the simulated twin blocks the plan before anything runs', async () => {
    const host = await seedWithDevdax();
    const failingTwin = (t: Parameters<typeof twinFromTopology>[0]) => {
      const sim = twin(t);
      sim.injectFault({ kind: 'command-fails', match: 'reconfigure-device', exitCode: 1, stderr: 'libdaxctl: daxctl_dev_enable: dax0.0: failed to enable\n' });
      return sim;
    };
    const p = await makePlan({ host, twin: failingTwin }, { action: 'dax.system-ram', params: { device: 'dax0.0' } });
    expect(blocking(p)).toMatch(/predicted-failure: on a simulated twin of this machine, step 1 fails: daxctl reconfigure-device failed \(exit 1\): libdaxctl: daxctl_dev_enable: dax0\.0: failed to enable/);
    expect(p.prediction?.failedStep?.index).toBe(0);
  });

  it('memory that is not system RAM cannot be offlined as such', async () => {
    const host = await seedWithDevdax();
    expect(blocking(await plan(host, 'memory.offline', { device: 'dax0.0' }))).toMatch(/not-ram: dax0\.0 is devdax/);
  });
});
