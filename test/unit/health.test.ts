// DIMM health, firmware and security, media errors and scrub state: parsed from the real refusals of QEMU's NVDIMM and from the
// simulator's ndctl 76.1 output, read into the model, and placed where they hit.
import { describe, expect, it } from 'vitest';
import { badSectors, busScrub, firmwareFrom, healthFrom, mediaErrorsFrom, parseBadblocksFile, parseProcKeys, statusUid } from '../../electron/system/health.js';
import { parseNdctlList } from '../../electron/system/parse/tooljson.js';
import { NDCTL_LIST } from '../../electron/system/read-request.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { HostError, type Host } from '../../electron/host/host.js';
import { namespacePoisonBytes, poisonSites } from '../../shared/model/index.js';
import { loadSteps } from '../fidelity/replay.js';

const GiB = 2 ** 30;
const faq = loadSteps(new URL('../fixtures/real/qemu-faq-refusals.json', import.meta.url).pathname);
const step = (cmd: string) => {
  const s = faq.find((x) => x.cmd === cmd);
  if (!s) throw new Error(`${cmd} is not in the transcript`);
  return s;
};
const run = async (host: SimHost, line: string) => host.exec(line.split(' '));

describe('the real answers of QEMU\'s NVDIMM (qemu-faq-refusals.json)', () => {
  it('ndctl list -DH and -D -F: no health and no firmware object; the model says none, not "ok"', () => {
    for (const cmd of ['ndctl list -DH', 'ndctl list -D -F', 'ndctl list -D --health --firmware -v']) {
      const dimms = parseNdctlList(step(cmd).stdout).flatMap((b) => b.dimms ?? []);
      expect(dimms.map((d) => d.dev)).toEqual(['nmem0']);
      expect(dimms[0]!.health).toBeUndefined();
      expect(dimms[0]!.firmware).toBeUndefined();
    }
  });

  it('ndctl list -R/-N --media-errors: no badblocks lists; the region\'s badblocks file is empty', () => {
    const regions = parseNdctlList(step('ndctl list -R --media-errors').stdout).flatMap((b) => b.regions ?? []);
    expect(regions.map((r) => [r.dev, r.badblock_count, r.badblocks])).toEqual([['region0', undefined, undefined]]);
    const namespaces = parseNdctlList(step('ndctl list -N --media-errors').stdout).flatMap((b) => b.namespaces ?? []);
    expect(namespaces.every((n) => n.badblocks === undefined)).toBe(true);
    expect(parseBadblocksFile(step('cat /sys/bus/nd/devices/region*/badblocks').stdout)).toEqual([]);
  });

  it('the bus\'s nfit files: no scrub file (no ARS), hw_error_scrub 0, commands cmd_call only', () => {
    const s = step('cat /sys/bus/nd/devices/ndbus0/nfit/scrub /sys/bus/nd/devices/ndbus0/nfit/hw_error_scrub /sys/bus/nd/devices/ndbus0/nfit/dsm_mask /sys/bus/nd/devices/nmem0/nfit/dsm_mask /sys/bus/nd/devices/nmem0/nfit/family /sys/bus/nd/devices/nmem0/commands /sys/bus/nd/devices/ndbus0/commands');
    const [hw, , , , , busCommands] = s.stdout.split('\n');
    expect(s.stderr).toMatch(/ndbus0\/nfit\/scrub': No such file/);
    expect(busScrub({ scrub: undefined, hwErrorScrub: hw, commands: busCommands })).toEqual({ scrubCount: null, running: null, hwErrorScrub: false, commands: ['cmd_call'] });
  });

  it('a snapshot of its twin in the simulator says the same: no health, firmware, scrub or poison', async () => {
    const t = await snapshot(new SimHost({ preset: 'qemu-nvdimm' }));
    expect(t.dimms.map((d) => [d.health, d.firmware, d.security, d.securityFrozen])).toEqual([[null, null, null, false]]);
    expect(t.buses.map((b) => [b.scrubState, b.scrubCount, b.hwErrorScrub, b.commands])).toEqual([[null, null, false, ['cmd_call']]]);
    expect(t.regions.map((r) => [r.badblockCount, r.mediaErrors])).toEqual([[0, []]]);
  });
});

describe('the simulator\'s ndctl 76.1 output, parsed', () => {
  it('ndctl list -DHF: health with alarms and thresholds, firmware in hex, plain and with -u', async () => {
    const host = new SimHost({ preset: 'optane-2s' });
    for (const line of ['ndctl list -DHF -d nmem4', 'ndctl list -DHFu -d nmem4']) {
      const [d] = parseNdctlList((await run(host, line)).stdout).flatMap((b) => b.dimms ?? []);
      expect(healthFrom(d!.health!)).toEqual({
        healthState: 'non-critical', temperatureCelsius: 34, controllerTemperatureCelsius: 40, sparesPercent: 12, lifeUsedPercent: 91, shutdownState: 'clean', shutdownCount: 4,
        alarms: { temperature: false, controllerTemperature: false, spares: true }, thresholds: { temperature: 82, controllerTemperature: 98, spares: 50 },
      });
      expect(firmwareFrom(d!.firmware!)).toEqual({ currentVersion: '0x10200005435', nextVersion: null, canUpdate: true, needPowercycle: false });
    }
  });

  it('firmware ndctl could not read (-1) is null, not a version', () => {
    expect(firmwareFrom({ current_version: -1 }).currentVersion).toBeNull();
    expect(firmwareFrom({ current_version: '0xffffffffffffffff' }).currentVersion).toBeNull();
    expect(firmwareFrom({ current_version: 258, next_version: 259, need_powercycle: true })).toEqual({ currentVersion: '0x102', nextVersion: '0x103', canUpdate: null, needPowercycle: true });
  });

  it('ndctl list -RN -M: the region\'s runs in sectors with their DIMMs; a devdax namespace\'s from the start of its data', async () => {
    const host = new SimHost({ preset: 'optane-2s' });
    const [region] = parseNdctlList((await run(host, 'ndctl list -R -M -r region0')).stdout).flatMap((b) => b.regions ?? []);
    expect(region!.badblock_count).toBe(8);
    expect(mediaErrorsFrom(region!.badblocks!)).toEqual([{ offset: 64 * GiB, length: 4096, dimms: ['nmem4'] }]);
    const namespaces = parseNdctlList((await run(host, 'ndctl list -N -M')).stdout).flatMap((b) => b.namespaces ?? []);
    const kmem = namespaces.find((n) => n.dev === 'namespace0.0')!;
    const dataOffset = new SimHost({ preset: 'optane-2s' }).snapshotState().buses[0]!.regions[0]!.namespaces[0]!.claim!;
    expect(dataOffset.kind).toBe('dax');
    expect(mediaErrorsFrom(kmem.badblocks!)).toEqual([{ offset: 64 * GiB - (dataOffset as { dataOffset: number }).dataOffset, length: 4096, dimms: ['nmem4'] }]);
    // Without -M ndctl gives the count alone.
    const plain = parseNdctlList((await run(host, 'ndctl list -N')).stdout).flatMap((b) => b.namespaces ?? []);
    expect(plain.find((n) => n.dev === 'namespace0.0')).toMatchObject({ badblock_count: 8 });
    expect(plain.find((n) => n.dev === 'namespace0.0')!.badblocks).toBeUndefined();
  });

  it('the kernel\'s badblocks file reads the same runs as ndctl\'s list, and counts the same sectors', () => {
    expect(parseBadblocksFile('134217728 8\n1258291200 16\nnot a line\n')).toEqual([{ offset: 64 * GiB, length: 4096 }, { offset: 600 * GiB, length: 8192 }]);
    expect(badSectors(parseBadblocksFile('134217728 8\n1258291200 16\n'))).toBe(24);
  });

  it('nfit/scrub: the count, and a "+" while a scrub runs', () => {
    expect(busScrub({ scrub: '3\n', hwErrorScrub: '1', commands: 'ars_cap ars_start ars_status clear_error cmd_call ' })).toMatchObject({ scrubCount: 3, running: false, hwErrorScrub: true });
    expect(busScrub({ scrub: '3+' }).running).toBe(true);
    expect(busScrub({ scrub: 'garbage' })).toMatchObject({ scrubCount: null, running: null });
  });
});

describe('the model, from ndctl and from sysfs alone', () => {
  it('optane-2s: health, firmware, security and poison as the preset has them; sysfs alone gives the same poison without the DIMMs', async () => {
    const host = new SimHost({ preset: 'optane-2s' });
    const t = await snapshot(host);
    expect(t.buses).toEqual([{ dev: 'ndbus0', provider: 'ACPI.NFIT', scrubState: 'idle', scrubCount: 1, hwErrorScrub: false, commands: ['ars_cap', 'ars_start', 'ars_status', 'clear_error', 'cmd_call'] }]);
    expect(t.dimms.find((d) => d.dev === 'nmem7')).toMatchObject({ security: 'unlocked', securityFrozen: false });
    expect(t.dimms.find((d) => d.dev === 'nmem4')!.health).toMatchObject({ healthState: 'non-critical', sparesPercent: 12, lifeUsedPercent: 91 });
    expect(t.regions.map((r) => [r.dev, r.badblockCount, r.mediaErrors])).toEqual([
      ['region0', 8, [{ offset: 64 * GiB, length: 4096, dimms: ['nmem4'] }]],
      ['region1', 1, [{ offset: 100 * GiB, length: 512, dimms: ['nmem10'] }]],
    ]);
    host.mutate((s) => {
      s.tools = { ndctl: null, daxctl: null };
    });
    const bare = await snapshot(host);
    expect(bare.regions.map((r) => [r.dev, r.badblockCount, r.mediaErrors])).toEqual([['region0', 8, [{ offset: 64 * GiB, length: 4096 }]], ['region1', 1, [{ offset: 100 * GiB, length: 512 }]]]);
    expect(bare.buses[0]).toMatchObject({ scrubState: 'idle', scrubCount: 1 });
    expect(bare.dimms.find((d) => d.dev === 'nmem7')).toMatchObject({ security: 'unlocked', securityFrozen: false, health: null });
  });

  it('/proc/keys as Linux prints it: keyrings left out, a key\'s description up to its summary', () => {
    expect(parseProcKeys([
      '0d5a8ab5 I------     1 perm 1f030000     0     0 keyring   .dns_resolver: empty',
      '19b2df1b I--Q---     1 perm 0c030000     0 65534 keyring   .user_reg: 4',
      '2a6e43c9 I--Q---     1 perm 3f010000     0     0 trusted   nvdimm-master: 32',
      '2a6e43ca I--Q---     1 perm 3f010000     0     0 encrypted nvdimm:8089-a2-1837-00002a11: default trusted:nvdimm-master 32',
      '2a6e43cb I--Q---     1 perm 3f010000  1000  1000 user      someone-elses: 16',
      'not a key line',
    ].join('\n'))).toEqual(['trusted:nvdimm-master', 'encrypted:nvdimm:8089-a2-1837-00002a11']);
    expect(statusUid('Name:\tnode\nUmask:\t0022\nState:\tR\nUid:\t1000\t1000\t1000\t1000\n')).toBe(1000);
    expect(statusUid('')).toBeNull();
  });

  it('where the passphrases are kept: the key ring the console can read, and the blobs in /etc/ndctl/keys', async () => {
    const t = await snapshot(new SimHost({ preset: 'optane-2s' }));
    expect(t.hostname).toBe('pmem-server');
    expect(t.keys).toEqual({ keyring: ['user:nvdimm-master', 'encrypted:nvdimm:8089-a2-1837-00002a11'], blobs: ['nvdimm_8089-a2-1837-00002a11_pmem-server.blob'] });
    // Read by a user who is not root, /proc/keys shows none of root's keys: the ring is unknown, not empty.
    const notRoot = new SimHost({ preset: 'optane-2s' });
    notRoot.mutate((s) => {
      s.files['/proc/self/status'] = 'Name:\tnode\nUid:\t1000\t1000\t1000\t1000\n';
    });
    expect((await snapshot(notRoot)).keys).toEqual({ keyring: null, blobs: ['nvdimm_8089-a2-1837-00002a11_pmem-server.blob'] });
  });

  it('a capture made before media errors were read (no `ndctl list … -F -M`) is read with its older listing', async () => {
    const sim = new SimHost({ preset: 'optane-2s' });
    const old: Host = Object.assign(Object.create(sim) as Host, {
      exec: (argv: readonly string[]) => (argv.join(' ') === NDCTL_LIST.join(' ') ? Promise.reject(new HostError('ENOTOOL', 'not recorded in this capture', { argv })) : sim.exec(argv)),
    });
    const t = await snapshot(old);
    expect(t.regions.map((r) => r.badblockCount)).toEqual([8, 1]);
    expect(t.regions[0]!.mediaErrors).toEqual([{ offset: 64 * GiB, length: 4096 }]); // from the badblocks file
    expect(t.dimms[0]!.firmware).toBeNull();
    // Read with ndctl all the same (sysfs alone has no health).
    expect(t.dimms.find((d) => d.dev === 'nmem4')!.health?.healthState).toBe('non-critical');
    expect(t.notes.join(' ')).not.toMatch(/failed|sysfs/);
  });
});

describe('what known poison hits', () => {
  it('optane-2s: the run in region0 lies in namespace0.0 and its devdax device, not in RAM', async () => {
    const t = await snapshot(new SimHost({ preset: 'optane-2s' }));
    const [site] = poisonSites(t).filter((s) => s.region === 'region0');
    expect(site).toMatchObject({ namespace: 'namespace0.0', namespaceOffset: 64 * GiB, daxDevice: 'dax0.0', systemRam: false, memoryBlocks: [], dimms: ['nmem4'] });
    expect(namespacePoisonBytes(t, 'namespace0.0')).toBe(4096);
    expect(poisonSites(t).find((s) => s.region === 'region1')).toMatchObject({ namespace: 'namespace1.0', daxDevice: null });
  });

  it('large: poison in system RAM names the memory blocks it lies in', async () => {
    const t = await snapshot(new SimHost({ preset: 'large' }));
    const sites = poisonSites(t).filter((s) => s.systemRam);
    expect(sites.map((s) => s.daxDevice)).toEqual(['dax3.0', 'dax9.0', 'dax9.0']);
    for (const s of sites) {
      expect(s.memoryBlocks).toEqual([Math.floor(s.address! / t.memory.blockSize)]);
      expect(t.memory.blocks.find((b) => b.index === s.memoryBlocks[0])?.daxDevice).toBe(s.daxDevice);
    }
  });
});
