// Surviving reboots and tiering: daxctl.conf.d entries written and parsed back in daxctl's format, what applies them at boot,
// the helper's allowlist for them, and tiering settings.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_UDEV_RULE, confFileFor, daxctlBool, formatDaxctlConf, parseDaxctlConf, sectionNameFor } from '../../shared/actions/index.js';
import { refuseOp } from '../../electron/actions/elevation/allowlist.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { DAXCTL_PACKAGE_FILES } from '../../electron/host/sim/presets.js';
import { bootProblem } from '../../electron/system/persistence.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { cli, privateStateDir, tmp } from './cli-helpers.js';

beforeAll(() => void privateStateDir());

const UUID = '2e59cbe5-29b7-4d08-9f2f-5b9b1241f92f';
const OTHER = '11111111-2222-4333-8444-555555555555';
/** Passes a line-by-line reader as one section for UUID; iniparser lowercases section names, so daxctl also sees OTHER's section. */
const CASE_TRICK = `${formatDaxctlConf({ name: `pmem-console-${UUID}`, uuid: UUID, mode: 'system-ram', online: true, movable: true })}[Reconfigure-Device other]\nnvdimm.uuid = ${OTHER}\nmode = system-ram\nmovable = false\n`;
/** Passes a line-by-line reader as UUID, movable; iniparser joins each "# \\" with the next line, so daxctl reads OTHER, not movable. */
const CONTINUATION_TRICK = `[reconfigure-device pmem-console-${UUID}]\nnvdimm.uuid = ${OTHER}\nmovable = false\nmode = system-ram\nonline = true\n# \\\nnvdimm.uuid = ${UUID}\n# \\\nmovable = true\n`;

describe('daxctl.conf.d format', () => {
  it('writes one reconfigure-device section with nvdimm.uuid, mode, online and movable, and parses it back', () => {
    const text = formatDaxctlConf({ name: `pmem-console-${UUID}`, uuid: UUID, mode: 'system-ram', online: true, movable: false });
    const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines).toEqual([`[reconfigure-device pmem-console-${UUID}]`, `nvdimm.uuid = ${UUID}`, 'mode = system-ram', 'online = true', 'movable = false']);
    expect(parseDaxctlConf('/x.conf', text)).toEqual({ path: '/x.conf', problems: [], sections: [{ name: `pmem-console-${UUID}`, uuid: UUID, mode: 'system-ram', online: true, movable: false }] });
  });

  it("reads daxctl's own example (all commented) as no entries, and reports what daxctl would reject", () => {
    expect(parseDaxctlConf('/e', DAXCTL_PACKAGE_FILES['/etc/daxctl.conf.d/daxctl.example.conf']!)).toEqual({ path: '/e', sections: [], problems: [] });
    const bad = parseDaxctlConf('/b', '[reconfigure-device foo]\nnvdimm.uuid=not-a-uuid\n[reconfigure-device bar]\nnvdimm.uuid=' + UUID + '\nmode = fast\n[reconfigure-device baz]\nnvdimm.uuid=' + OTHER + '\nonline = maybe\nspeed = 3\n[reconfigure-device]\n');
    expect(bad.sections).toEqual([{ name: 'baz', uuid: OTHER, mode: 'system-ram', online: true, movable: true }]);
    expect(bad.problems).toEqual([
      'line 1: [reconfigure-device foo]: nvdimm.uuid "not-a-uuid" is not a UUID as ndctl prints it (lower-case), so daxctl never matches it',
      'line 3: [reconfigure-device bar]: mode "fast" is not system-ram or devdax',
      'line 6: [reconfigure-device baz]: daxctl does not know the key speed',
      'line 6: [reconfigure-device baz]: online "maybe" is not true or false (daxctl reads the first letter only: t, y or 1; f, n or 0), so daxctl ignores it and uses true',
      'line 10: [reconfigure-device] has no nvdimm.uuid',
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
    // The device is devdax now: the entry makes it system RAM at the next boot, which the plan says, and the run reports the entry as
    // read back from the machine.
    expect(written.out).toMatch(/warning {2}dax0\.0 is devdax now: this entry makes it system RAM at the next boot/);
    expect(written.out).toMatch(new RegExp(`The machine now \\(read again after the run\\):\\n  setting boot entry for uuid ${uuid}: absent -> system-ram, online movable \\(/etc/daxctl\\.conf\\.d/pmem-console-${uuid}\\.conf\\)`));
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

describe('persistence.boot-rule on the sim', () => {
  it('puts the console\'s copy of daxctl\'s rule where udev prefers it, so entries apply at boot; removes it again; never touches a file not its own', async () => {
    const state = join(tmp(), 'state.json');
    const on = ['--host', 'sim:seed-qemu', '--state', state];
    expect((await snapshot(new SimHost({ stateFile: state, preset: 'seed-qemu' }))).persistence.bootProblem).toMatch(/daxctl rejects/);
    const fixed = await cli('apply', 'persistence.boot-rule', '--rule', 'fixed', '--yes', '--json', ...on);
    expect(fixed.code, fixed.err).toBe(0);
    expect(JSON.parse(fixed.out).plan.rollback).toEqual({ action: 'persistence.boot-rule', params: { rule: 'package' } });
    let p = (await snapshot(new SimHost({ stateFile: state }))).persistence;
    expect([p.udevRule, p.bootProblem]).toEqual([{ path: CONSOLE_UDEV_RULE.path, command: '/usr/bin/daxctl reconfigure-device -C $env{DEVNAME}', byConsole: true }, null]);
    expect((await cli('plan', 'persistence.boot-rule', '--rule', 'fixed', ...on)).out).toMatch(/is the console's copy already/);
    expect((await cli('apply', 'persistence.boot-rule', '--rule', 'package', '--yes', ...on)).code).toBe(0);
    p = (await snapshot(new SimHost({ stateFile: state }))).persistence;
    expect(p.udevRule?.path).toBe('/lib/udev/rules.d/90-daxctl-device.rules');
    // An admin's own file at that path is left alone, either way.
    await new SimHost({ stateFile: state }).putFile(CONSOLE_UDEV_RULE.path, 'ACTION=="add", SUBSYSTEM=="dax", RUN+="/usr/local/bin/mine"\n');
    for (const rule of ['fixed', 'package']) {
      const r = await cli('plan', 'persistence.boot-rule', '--rule', rule, ...on);
      expect(r.code).toBe(3);
      expect(r.out).toMatch(/is not the console's/);
    }
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
  const content = formatDaxctlConf({ name: sectionNameFor(UUID), uuid: UUID, mode: 'system-ram', online: true, movable: true });
  const onlyOurs = /may only hold the console's own entry for namespace .*, byte for byte as it writes it/;
  it.each([
    [{ kind: 'put', path: confFileFor(UUID), content }, null],
    [{ kind: 'put', path: confFileFor(UUID), content: formatDaxctlConf({ name: sectionNameFor(UUID), uuid: UUID, mode: 'system-ram', online: false, movable: false }) }, null],
    [{ kind: 'remove', path: confFileFor(UUID) }, null],
    [{ kind: 'put', path: '/etc/passwd', content }, /not allowed/],
    [{ kind: 'put', path: '/etc/daxctl.conf.d/../passwd', content }, /not allowed/],
    [{ kind: 'remove', path: '/etc/daxctl.conf.d/daxctl.example.conf' }, /not allowed/],
    [{ kind: 'put', path: confFileFor(UUID), content: content + content }, onlyOurs],
    [{ kind: 'put', path: confFileFor(UUID), content: content.replaceAll(UUID, OTHER) }, onlyOurs],
    [{ kind: 'put', path: confFileFor(UUID), content: content.replace('[reconfigure-device pmem', '[reconfigure-device x') }, onlyOurs],
    [{ kind: 'put', path: confFileFor(UUID), content: 'rm -rf /\n' }, onlyOurs],
    [{ kind: 'put', path: confFileFor(UUID), content: CASE_TRICK }, onlyOurs],
    [{ kind: 'put', path: confFileFor(UUID), content: CONTINUATION_TRICK }, onlyOurs],
    [{ kind: 'put', path: CONSOLE_UDEV_RULE.path, content: CONSOLE_UDEV_RULE.content }, null],
    [{ kind: 'remove', path: CONSOLE_UDEV_RULE.path }, null],
    [{ kind: 'put', path: CONSOLE_UDEV_RULE.path, content: 'ACTION=="add", RUN+="/bin/sh -c id"\n' }, /only hold the console's copy of daxctl's udev rule/],
    [{ kind: 'put', path: '/etc/udev/rules.d/99-other.rules', content: CONSOLE_UDEV_RULE.content }, /not allowed/],
    [{ kind: 'write', path: '/proc/sys/kernel/numa_balancing', value: '2' }, null],
    [{ kind: 'write', path: '/proc/sys/kernel/numa_balancing', value: '9' }, /not a value/],
  ] as const)('%j', (op, expected) => {
    const said = refuseOp(op as never);
    if (expected === null) expect(said).toBeNull();
    else expect(said).toMatch(expected);
  });
});

describe('crafted daxctl.conf.d files read as daxctl reads them (iniparser)', () => {
  it('sees a section whose name is in another case: iniparser lowercases section names', () => {
    const conf = parseDaxctlConf('/c', CASE_TRICK);
    expect(conf.sections.map((s) => [s.uuid, s.movable])).toEqual([[UUID, true], [OTHER, false]]);
  });

  it('joins a line ending in a backslash with the next one, comments included', () => {
    // Read line by line, this is one section for UUID, movable; daxctl reads another device's UUID, not movable.
    expect(parseDaxctlConf('/c', CONTINUATION_TRICK).sections).toEqual([{ name: `pmem-console-${UUID}`, uuid: OTHER, mode: 'system-ram', online: true, movable: false }]);
  });

  it('loses the whole file to one syntax error or an over-long line, as daxctl does', () => {
    expect(parseDaxctlConf('/c', `${formatDaxctlConf({ name: 'a', uuid: UUID, mode: 'system-ram', online: true, movable: true })}what\n`)).toMatchObject({ sections: [], problems: [expect.stringMatching(/^line 8: "what" is not a section.*iniparser refuses the whole file/)] });
    expect(parseDaxctlConf('/c', `[reconfigure-device a]\nnvdimm.uuid = ${UUID}\n# ${'x'.repeat(1100)}\n`).problems).toEqual([expect.stringMatching(/^line 3 is longer than iniparser's 1024 bytes/)]);
  });

  it('reads values as iniparser does: inline comments, quotes, the last of two equal keys, booleans by their first letter', () => {
    const text = `[reconfigure-device a]\nNVDIMM.UUID = "${UUID}"\nmode = system-ram ; a comment\nonline = no # off\nmovable = yes\nmovable = 0\n`;
    expect(parseDaxctlConf('/c', text).sections).toEqual([{ name: 'a', uuid: UUID, mode: 'system-ram', online: false, movable: false }]);
    expect(daxctlBool('on')).toBeNull();
    expect(daxctlBool('nonsense')).toBe(false);
    expect(daxctlBool('Yes')).toBe(true);
  });

  it('keeps only the first section for a UUID within one file', () => {
    const two = `[reconfigure-device a]\nnvdimm.uuid = ${UUID}\nmovable = true\n[reconfigure-device b]\nnvdimm.uuid = ${UUID}\nmovable = false\n`;
    expect(parseDaxctlConf('/c', two)).toMatchObject({ sections: [{ name: 'a', movable: true }], problems: [expect.stringMatching(/daxctl uses the first one only/)] });
  });
});
