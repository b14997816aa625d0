// Bad input never reaches a tool: refused with exit 2 and one clear line; no host opened, no step run.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { refuseOp } from '../../electron/actions/elevation/allowlist.js';
import { makePlan } from '../../electron/actions/plan.js';
import type { ExecOptions, Host } from '../../electron/host/host.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { twinFromTopology } from '../../electron/host/sim/twin.js';
import { cli, privateStateDir, tmp } from './cli-helpers.js';

beforeAll(() => privateStateDir());

function expectOneLine(r: { code: number; err: string }, pattern: RegExp) {
  expect(r.code).toBe(2);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(pattern);
}

describe('bad parameters are refused before any machine is opened', () => {
  it.each([
    [['namespace.destroy', '--namespace', 'namespace0.0;rm -rf /'], /is not a namespace name/],
    [['namespace.destroy', '--namespace', '$(reboot)'], /is not a namespace name/],
    [['dax.system-ram', '--device', 'dax0.0 --force'], /is not a dax device name/],
    [['dax.system-ram', '--device', '`id`'], /is not a dax device name/],
    [['region.disable', '--region', '../../../etc/passwd'], /is not a region name/],
    [['memory.offline', '--blocks', '1/../../../../etc/shadow'], /is not a memory block or range/],
    [['memory.offline', '--blocks', '9-3'], /ends before it starts/],
    [['namespace.create', '--region', 'region0', '--mode', 'devdax', '--size', '1.5X'], /"1\.5X" is not a size|unit/],
    [['namespace.create', '--region', 'region0', '--mode', 'devdax', '--size', '-1G'], /negative/],
    [['namespace.create', '--region', 'region0', '--mode', 'devdax', '--size', '0'], /zero/],
    [['namespace.create', '--region', 'region0', '--mode', 'devdax; reboot'], /is not one of raw, sector, fsdax, devdax/],
    [['namespace.create', '--region', 'region0', '--mode', 'fsdax', '--name', 'a b'], /may use only letters/],
    [['namespace.create', '--region', 'region0'], /needs --mode/],
    [['namespace.create', '--region', 'region0', '--mode', 'fsdax', '--device', 'dax0.0'], /takes no --device/],
    [['memory.online', '--device', 'dax0.0', '--blocks', '3'], /either --device or --blocks, not both/],
    [['no.such-action'], /unknown action "no\.such-action"/],
    [['dimm.sanitize', '--dimm', 'nmem0;reboot'], /is not a DIMM name like nmem0/],
    [['dimm.sanitize', '--dimm', 'nmem0', '--method', 'shred'], /is not one of crypto-erase, overwrite/],
    [['dimm.sanitize'], /needs --dimm/],
    [['bus.scrub', '--bus', 'bus0'], /is not a bus name like ndbus0/],
    [['namespace.clear-errors', '--namespace', 'namespace0.0', '--scrub', 'maybe'], /is not one of yes, no/],
  ])('%j', async (args, pattern) => {
    const state = join(tmp(), 'never.json');
    for (const command of ['plan', 'apply']) {
      const r = await cli(command, ...args, '--host', 'sim:optane-2s', '--state', state, '--confirm', 'x');
      expectOneLine(r, pattern);
      expect(existsSync(state)).toBe(false); // the machine was never opened
    }
  });
});

/** A host that counts what reaches the machine. */
function counting(inner: Host) {
  const calls: string[] = [];
  const host: Host = {
    info: inner.info,
    exec: (argv: readonly string[], opts?: ExecOptions) => (calls.push(argv.join(' ')), inner.exec(argv, opts)),
    readFile: (p) => inner.readFile(p), readFiles: (p) => inner.readFiles(p), readDir: (p) => inner.readDir(p), readLink: (p) => inner.readLink(p),
    writeFile: (p, v) => (calls.push(`write ${p}`), inner.writeFile(p, v)),
    putFile: (p, c) => (calls.push(`put ${p}`), inner.putFile(p, c)),
    removeFile: (p) => (calls.push(`remove ${p}`), inner.removeFile(p)),
    close: () => inner.close(),
  };
  return { host, calls };
}

describe('requests this machine cannot honour are bad input too, found from the snapshot alone', () => {
  it.each([
    [{ action: 'namespace.create', params: { region: 'region0', mode: 'devdax', size: '1T' } }, /larger than region0 itself/],
    [{ action: 'namespace.create', params: { region: 'region0', mode: 'devdax', size: '1000M' } }, /not a multiple of region0's alignment/],
    [{ action: 'namespace.create', params: { region: 'region7', mode: 'devdax' } }, /region7 does not exist/],
    [{ action: 'namespace.create', params: { region: 'region0', mode: 'raw', align: '2M' } }, /applies to fsdax and devdax only/],
    [{ action: 'dax.system-ram', params: { device: 'dax9.9' } }, /dax9\.9 does not exist/],
    [{ action: 'memory.offline', params: { blocks: '900000-900001' } }, /memory900000 does not exist/],
    [{ action: 'dimm.sanitize', params: { dimm: 'nmem99' } }, /nmem99 does not exist on this machine \(DIMMs: nmem0, /],
    [{ action: 'dimm.freeze-security', params: { dimm: 'nmem12' } }, /nmem12 does not exist/],
    [{ action: 'bus.scrub', params: { bus: 'ndbus4' } }, /ndbus4 does not exist on this machine \(buses: ndbus0\)/],
    [{ action: 'namespace.clear-errors', params: { namespace: 'namespace7.0' } }, /namespace7\.0 does not exist/],
    [{ action: 'dimm.passphrase-setup', params: { dimm: 'nmem99', kek: 'user:nvdimm-master' } }, /nmem99 does not exist/],
  ])('%j', async (request, pattern) => {
    const sim = new SimHost({ preset: 'optane-2s' });
    const before = JSON.stringify(sim.snapshotState());
    const { host, calls } = counting(sim);
    const plan = await makePlan({ host, twin: (t) => new SimHost({ state: twinFromTopology(t, 'x') }) }, request);
    const bad = plan.guards.filter((g) => g.blocking && g.badInput);
    expect(bad.map((g) => g.message).join('\n')).toMatch(pattern);
    expect(plan.prediction).toBeNull(); // not even the twin ran it
    expect(calls.filter((c) => !/^(ndctl|daxctl|cxl) (list|--version)\b/.test(c))).toEqual([]);
    expect(JSON.stringify(sim.snapshotState())).toBe(before);
  });

  it('exits 2 from the CLI, and 3 for a guard that refuses a possible request', async () => {
    const state = join(tmp(), 'optane.json');
    const big = await cli('apply', 'namespace.create', '--region', 'region0', '--mode', 'devdax', '--size', '1T', '--host', 'sim:optane-2s', '--state', state, '--yes');
    expect(big.code).toBe(2);
    expect(big.err).toMatch(/larger than region0 itself/);
    const full = await cli('apply', 'namespace.create', '--region', 'region1', '--mode', 'devdax', '--size', '16G', '--host', 'sim:optane-2s', '--state', state, '--yes');
    expect(full.code).toBe(3);
    expect(full.err).toMatch(/does not fit|no free space/);
    // A method the machine does not have is refused, not bad input: QEMU's NVDIMM can neither scrub nor sanitize (one line says why).
    const qemu = join(tmp(), 'qemu.json');
    const scrub = await cli('apply', 'bus.scrub', '--bus', 'ndbus0', '--host', 'sim:qemu-nvdimm', '--state', qemu);
    expect(scrub.code).toBe(3);
    expect(scrub.err).toMatch(/ndbus0 \(ACPI\.NFIT\) has no address range scrub \(its commands: cmd_call\)/);
    const erase = await cli('apply', 'dimm.sanitize', '--dimm', 'nmem0', '--host', 'sim:qemu-nvdimm', '--state', qemu, '--confirm', 'nmem0');
    expect(erase.code).toBe(3);
    expect(erase.err).toMatch(/nmem0's firmware has no security commands/);
    // A key-encryption key root's key ring does not have: refused, with the keys it has.
    const keyless = join(tmp(), 'keyless.json');
    expect((await cli('apply', 'region.disable', '--region', 'region0', '--host', 'sim:optane-2s', '--state', keyless, '--confirm', 'region0')).code).toBe(0);
    const kek = await cli('apply', 'dimm.passphrase-setup', '--dimm', 'nmem0', '--kek', 'trusted:nvdimm-master', '--host', 'sim:optane-2s', '--state', keyless, '--confirm', 'nmem0');
    expect(kek.code).toBe(3);
    expect(kek.err).toMatch(/trusted:nvdimm-master is not in root's key ring \(its keys: user:nvdimm-master\)/);
    // A passphrase whose key is gone cannot be removed: refused with where ndctl would look for it.
    const lost = join(tmp(), 'lost-key.json');
    const sim = new SimHost({ preset: 'optane-2s', stateFile: lost });
    sim.mutate((s) => {
      s.keyring = ['user:nvdimm-master'];
      for (const f of Object.keys(s.files)) if (f.endsWith('.blob')) delete s.files[f];
    });
    const remove = await cli('apply', 'dimm.passphrase-remove', '--dimm', 'nmem7', '--host', 'sim:optane-2s', '--state', lost, '--confirm', 'nmem7');
    expect(remove.code).toBe(3);
    expect(remove.err).toMatch(/\/etc\/ndctl\/keys\/nvdimm_8089-a2-1837-00002a11_pmem-server\.blob is not there and the key ring shows no key for nmem7/);
    // Nothing was created: the machine in the state file still has the preset's namespaces.
    const now = new SimHost({ stateFile: state }).snapshotState();
    const fresh = new SimHost({ preset: 'optane-2s' }).snapshotState();
    expect(JSON.stringify(now.buses)).toBe(JSON.stringify(fresh.buses));
  });
});

describe('the privileged helper runs only allowlisted operations', () => {
  it.each([
    [{ kind: 'write', path: '/sys/devices/system/memory/memory1/../../../../etc/passwd', value: 'offline' }, /not allowed/],
    [{ kind: 'write', path: '/sys/devices/system/memory/memory1/state', value: 'online; reboot' }, /not a value/],
    [{ kind: 'write', path: '/proc/sys/kernel/core_pattern', value: '|/tmp/x' }, /not allowed/],
    [{ kind: 'exec', argv: ['sh', '-c', 'reboot'] }, /not an allowed command/],
    [{ kind: 'exec', argv: ['ndctl', 'destroy-namespace', '-f', 'namespace0.0;reboot'] }, /not a device name/],
    [{ kind: 'exec', argv: ['ndctl', 'destroy-namespace', '-f', 'all'] }, /not a device name/],
    [{ kind: 'exec', argv: ['ndctl', 'create-namespace', '-r', 'region0', '-s', '1G'] }, /-s "1G" is not allowed/],
    [{ kind: 'exec', argv: ['daxctl', 'reconfigure-device', '--mode=system-ram', '--region=0', 'dax0.0'] }, /option "--region=0" is not allowed/],
    [{ kind: 'exec', argv: ['ndctl', 'sanitize-dimm', '--master-passphrase', 'nmem0'] }, /option "--master-passphrase" is not allowed/],
    [{ kind: 'exec', argv: ['ndctl', 'sanitize-dimm', '--overwrite', 'all'] }, /not a device name/],
    [{ kind: 'exec', argv: ['ndctl', 'start-scrub', 'nmem0'] }, /not a device name/],
    [{ kind: 'exec', argv: ['ndctl', 'inject-error', 'namespace0.0'] }, /not an allowed command/],
  ] as const)('refuses %j', (op, pattern) => {
    expect(refuseOp(op as never)).toMatch(pattern);
  });

  it('accepts the steps the planners make', () => {
    expect(refuseOp({ kind: 'exec', argv: ['ndctl', 'create-namespace', '-f', '-e', 'namespace0.0', '-m', 'devdax', '-a', '2097152'] })).toBeNull();
    expect(refuseOp({ kind: 'exec', argv: ['daxctl', 'reconfigure-device', '--mode=system-ram', '--no-movable', 'dax0.0'] })).toBeNull();
    expect(refuseOp({ kind: 'write', path: '/sys/devices/system/memory/memory40/state', value: 'online_movable' })).toBeNull();
  });
});
