// Surviving reboots and tiering: daxctl.conf.d entries written and parsed back in daxctl's format, what applies them at boot,
// the helper's allowlist for them, and tiering settings.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { confFileFor, formatDaxctlConf, parseDaxctlConf } from '../../shared/actions/index.js';
import { refuseOp } from '../../electron/actions/elevation/allowlist.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { DAXCTL_PACKAGE_FILES } from '../../electron/host/sim/presets.js';
import { bootProblem } from '../../electron/system/persistence.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { cli, privateStateDir, tmp } from './cli-helpers.js';

beforeAll(() => void privateStateDir());

const UUID = '2e59cbe5-29b7-4d08-9f2f-5b9b1241f92f';

describe('daxctl.conf.d format', () => {
  it('writes one reconfigure-device section with nvdimm.uuid, mode, online and movable, and parses it back', () => {
    const text = formatDaxctlConf({ name: `pmem-console-${UUID}`, uuid: UUID, mode: 'system-ram', online: true, movable: false });
    const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines).toEqual([`[reconfigure-device pmem-console-${UUID}]`, `nvdimm.uuid = ${UUID}`, 'mode = system-ram', 'online = true', 'movable = false']);
    expect(parseDaxctlConf('/x.conf', text)).toEqual({ path: '/x.conf', problems: [], sections: [{ name: `pmem-console-${UUID}`, uuid: UUID, mode: 'system-ram', online: true, movable: false }] });
  });

  it("reads daxctl's own example (all commented) as no entries, and reports what daxctl would reject", () => {
    expect(parseDaxctlConf('/e', DAXCTL_PACKAGE_FILES['/etc/daxctl.conf.d/daxctl.example.conf']!)).toEqual({ path: '/e', sections: [], problems: [] });
    const bad = parseDaxctlConf('/b', '[reconfigure-device foo]\nnvdimm.uuid=not-a-uuid\nmode = fast\nonline = maybe\nwhat\n[reconfigure-device]\n');
    expect(bad.sections).toEqual([]);
    expect(bad.problems).toEqual([
      'line 2: nvdimm.uuid "not-a-uuid" is not a UUID', 'line 3: mode "fast" is not system-ram or devdax', 'line 4: online "maybe" is not true or false',
      'line 5: not "key = value": what', 'line 1: [reconfigure-device foo] has no nvdimm.uuid', 'line 6: a reconfigure-device section needs a name',
    ]);
    expect(parseDaxctlConf('/u', `[reconfigure-device a]\nnvdimm.uuid=${UUID}\n`).sections[0]).toMatchObject({ mode: 'system-ram', online: true, movable: true });
  });
});

describe('what applies daxctl.conf.d at boot', () => {
  it.each([
    [null, null, /is not installed/],
    [{ path: '/lib/udev/rules.d/90-daxctl-device.rules', command: '/usr/bin/daxctl -C $env{DEVNAME}' }, null, /daxctl rejects \(Unknown option: -C/],
    [{ path: '/usr/lib/udev/rules.d/90-daxctl-device.rules', command: 'systemd: daxdev-reconfigure@$result.service' }, null, /daxdev-reconfigure@\.service, which is not installed/],
    [{ path: '/usr/lib/udev/rules.d/90-daxctl-device.rules', command: 'systemd: daxdev-reconfigure@$result.service' }, '/usr/lib/systemd/system/daxdev-reconfigure@.service', null],
    [{ path: '/etc/udev/rules.d/90-daxctl-device.rules', command: '/usr/bin/daxctl reconfigure-device -C $env{DEVNAME}' }, null, null],
  ])('rule %j, service %j', (rule, service, expected) => {
    const said = bootProblem(rule, service);
    if (expected === null) expect(said).toBeNull();
    else expect(said).toMatch(expected);
  });
});

describe('persistence.write and persistence.remove on the sim', () => {
  it('writes the entry for the namespace UUID, which the snapshot and daxctl format read back; removing it leaves nothing', async () => {
    const state = join(tmp(), 'state.json');
    const on = ['--host', 'sim:qemu-nvdimm', '--state', state];
    expect((await cli('apply', 'namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--confirm', 'namespace0.0', ...on)).code).toBe(0);
    const uuid = (await snapshot(new SimHost({ stateFile: state }))).namespaces.find((n) => n.dev === 'namespace0.0')!.uuid!;
    const written = await cli('apply', 'persistence.write', '--device', 'dax0.0', '--zone', 'movable', '--online', 'yes', '--yes', ...on);
    expect(written.code, written.err).toBe(0);
    expect(written.out).toMatch(/will not take effect at boot: .*daxctl -C/);
    const host = new SimHost({ stateFile: state });
    const file = confFileFor(uuid);
    expect(parseDaxctlConf(file, await host.readFile(file))).toEqual({ path: file, problems: [], sections: [{ name: `pmem-console-${uuid}`, uuid, mode: 'system-ram', online: true, movable: true }] });
    expect((await snapshot(host)).persistence.confFiles.find((f) => f.path === file)?.sections).toHaveLength(1);
    const removed = await cli('apply', 'persistence.remove', '--device', 'dax0.0', '--yes', ...on);
    expect(removed.code, removed.err).toBe(0);
    expect((await snapshot(new SimHost({ stateFile: state }))).persistence.confFiles.map((f) => f.path)).toEqual(['/etc/daxctl.conf.d/daxctl.example.conf']);
    const again = await cli('plan', 'persistence.remove', '--device', 'dax0.0', ...on);
    expect(again.code).toBe(3);
    expect(again.out).toMatch(/there is no entry for dax0.0/);
  });

  it('refuses a CXL device: daxctl.conf.d is keyed by namespace UUIDs', async () => {
    const r = await cli('plan', 'persistence.write', '--device', 'dax0.0', '--host', 'sim:cxl-expander');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/not on an NVDIMM namespace/);
  });
});

describe('tiering.set on the sim', () => {
  it('turns on demotion and the tiering mode of NUMA balancing, and says when nothing would change', async () => {
    const state = join(tmp(), 'state.json');
    const on = ['--host', 'sim:optane-2s', '--state', state];
    const r = await cli('apply', 'tiering.set', '--demotion', 'no', '--balancing', 'tiering', '--yes', ...on);
    expect(r.code, r.err).toBe(0);
    const t = await snapshot(new SimHost({ stateFile: state }));
    expect(t.demotionEnabled).toBe(false);
    expect(t.numaBalancing).toBe(2);
    const same = await cli('plan', 'tiering.set', '--balancing', 'tiering', ...on);
    expect(same.code).toBe(3);
    expect(same.out).toMatch(/nothing to change/);
  });
});

describe('the helper allowlist for configuration files', () => {
  const content = formatDaxctlConf({ name: 'x', uuid: UUID, mode: 'system-ram', online: true, movable: true });
  it.each([
    [{ kind: 'put', path: confFileFor(UUID), content }, null],
    [{ kind: 'remove', path: confFileFor(UUID) }, null],
    [{ kind: 'put', path: '/etc/passwd', content }, /not allowed/],
    [{ kind: 'put', path: '/etc/daxctl.conf.d/../passwd', content }, /not allowed/],
    [{ kind: 'remove', path: '/etc/daxctl.conf.d/daxctl.example.conf' }, /not allowed/],
    [{ kind: 'put', path: confFileFor(UUID), content: content + content }, /exactly one reconfigure-device section/],
    [{ kind: 'put', path: confFileFor(UUID), content: content.replaceAll(UUID, '11111111-2222-4333-8444-555555555555') }, /exactly one/],
    [{ kind: 'put', path: confFileFor(UUID), content: 'rm -rf /\n' }, /exactly one/],
    [{ kind: 'write', path: '/proc/sys/kernel/numa_balancing', value: '2' }, null],
    [{ kind: 'write', path: '/proc/sys/kernel/numa_balancing', value: '9' }, /not a value/],
  ] as const)('%j', (op, expected) => {
    const said = refuseOp(op as never);
    if (expected === null) expect(said).toBeNull();
    else expect(said).toMatch(expected);
  });
});
