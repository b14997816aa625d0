// The simulator's scrub, clear-errors, freeze-security, sanitize-dimm and wait-overwrite: ndctl 76.1's words and exit codes, the kernel's
// files while they run, and what they leave behind.
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../electron/host/sim/index.js';

const GiB = 2 ** 30;
const run = (host: SimHost, line: string) => host.exec(line.split(' '));

/** optane-2s with a scrub that takes `ms`. */
function optane(ms = 60): SimHost {
  const host = new SimHost({ preset: 'optane-2s' });
  host.mutate((s) => {
    s.buses[0]!.scrub!.durationMs = ms;
    for (const d of s.buses[0]!.dimms) d.overwriteMs = ms;
  });
  return host;
}

describe('address range scrub', () => {
  it('start-scrub prints the bus; nfit/scrub shows "+" while it runs; wait-scrub returns when it ends, with the poison it found listed', async () => {
    const host = optane(400);
    expect(await host.readFile('/sys/bus/nd/devices/ndbus0/nfit/scrub')).toBe('1\n');
    const start = await run(host, 'ndctl start-scrub ndbus0');
    // "active" while nfit/scrub shows "1+" (libndctl's scrub state); start-scrub prints firmware too, and these DIMMs update firmware
    // with no live activation on the bus: "reset" (json.c util_bus_to_json with UTIL_JSON_FIRMWARE).
    expect(start).toEqual({ exitCode: 0, stdout: '[\n  {\n    "provider":"ACPI.NFIT",\n    "dev":"ndbus0",\n    "scrub_state":"active",\n    "firmware":{\n      "activate_method":"reset"\n    }\n  }\n]\n', stderr: '' });
    expect(await host.readFile('/sys/bus/nd/devices/ndbus0/nfit/scrub')).toBe('1+\n');
    expect(await host.readFile('/sys/bus/nd/devices/region0/badblocks')).toBe('134217728 8\n');
    const t0 = Date.now();
    expect((await run(host, 'ndctl wait-scrub ndbus0')).exitCode).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300); // it waited for the scrub (a lower bound only: no upper one on a busy machine)
    expect(await host.readFile('/sys/bus/nd/devices/ndbus0/nfit/scrub')).toBe('2\n');
    expect(await host.readFile('/sys/bus/nd/devices/region0/badblocks')).toBe(`134217728 8\n${(600 * GiB) / 512} 16\n`);
  });

  it('a bus that cannot scrub: no nfit/scrub file (ENOENT, exit 254); not an NFIT bus (EOPNOTSUPP)', async () => {
    const qemu = new SimHost({ preset: 'qemu-nvdimm' });
    expect(await run(qemu, 'ndctl start-scrub')).toEqual({ exitCode: 254, stdout: '', stderr: 'error starting scrub: No such file or directory\n' });
    expect(await run(qemu, 'ndctl wait-scrub')).toEqual({ exitCode: 254, stdout: '', stderr: 'error waiting for scrub completion: No such file or directory\n' });
    const e820 = new SimHost({ preset: 'seed-qemu' });
    expect(await run(e820, 'ndctl start-scrub')).toEqual({ exitCode: 161, stdout: '', stderr: 'error starting scrub: Operation not supported\n' });
  });
});

describe('clear-errors', () => {
  it('clears the poison inside a devdax namespace\'s data and prints it with what is left', async () => {
    const host = optane();
    const r = await run(host, 'ndctl clear-errors namespace0.0');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('cleared 1 namespace\n');
    expect(JSON.parse(r.stdout)).toMatchObject({ dev: 'namespace0.0', mode: 'devdax', chardev: 'dax0.0' });
    expect(JSON.parse(r.stdout).badblocks).toBeUndefined();
    expect(await host.readFile('/sys/bus/nd/devices/region0/badblocks')).toBe('');
  });

  it('--scrub first finds the latent poison, then clears only what lies wholly in the namespace\'s data', async () => {
    const host = optane();
    host.mutate((s) => {
      // A run across the end of namespace0.0 (into free space), and the latent run at 600 GiB (free space) for the scrub to find.
      s.buses[0]!.regions[0]!.badblocks.push({ offset: (256 * GiB) / 512 - 4, length: 8 });
    });
    const r = await run(host, 'ndctl clear-errors --scrub namespace0.0');
    expect(r.exitCode).toBe(0);
    expect(await host.readFile('/sys/bus/nd/devices/ndbus0/nfit/scrub')).toBe('2\n');
    expect(await host.readFile('/sys/bus/nd/devices/region0/badblocks')).toBe(`${(256 * GiB) / 512 - 4} 8\n${(600 * GiB) / 512} 16\n`);
  });

  it('refuses a mounted namespace, skips a sector one, and says which namespace is missing', async () => {
    const host = optane();
    expect(await run(host, 'ndctl clear-errors namespace1.0')).toEqual({ exitCode: 240, stdout: '', stderr: '  Error: pfn1.0: unable to disable namespace: Device or resource busy\n\nerror clearing namespaces: Device or resource busy\ncleared 0 namespaces\n' });
    expect((await run(host, 'ndctl clear-errors namespace9.9')).exitCode).toBe(250);
    const sector = new SimHost({ preset: 'seed-qemu' });
    expect((await run(sector, 'ndctl create-namespace -f -e namespace0.0 -m sector')).exitCode).toBe(0);
    // ndctl skips a BTT namespace before it asks for the scrub state: nothing cleared, no error said, exit 1.
    expect(await run(sector, 'ndctl clear-errors namespace0.0')).toEqual({ exitCode: 1, stdout: '', stderr: 'cleared 0 namespaces\n' });
  });
});

describe('freeze-security and sanitize-dimm', () => {
  it('freeze: only a DIMM with a passphrase freezes (the firmware refuses the others); the frozen file says 1, ndctl lists security_frozen, and nothing changes its security until a power cycle', async () => {
    const host = optane();
    expect(await run(host, 'ndctl freeze-security nmem0')).toEqual({ exitCode: 1, stdout: '', stderr: '  Error: Failed to freeze security for nmem0\n\nsecurity froze 0 nmem.\n' });
    expect(await run(host, 'ndctl freeze-security nmem7')).toEqual({ exitCode: 0, stdout: '', stderr: 'security froze 1 nmem.\n' });
    expect(await host.readFile('/sys/bus/nd/devices/nmem7/frozen')).toBe('1\n');
    expect(JSON.parse((await run(host, 'ndctl list -D -d nmem7')).stdout)[0]).toMatchObject({ security: 'unlocked', security_frozen: true });
    expect(await run(host, 'ndctl remove-passphrase nmem7')).toEqual({ exitCode: 1, stdout: '', stderr: 'Failed remove passphrase for nmem7\npassphrase removed for 0 nmem.\n' });
  });

  it('sanitize: refused while a region on the DIMM is enabled; the user key is needed where a passphrase is set', async () => {
    const host = optane();
    expect(await run(host, 'ndctl sanitize-dimm --crypto-erase --zero-key nmem0')).toEqual({ exitCode: 1, stdout: '', stderr: 'Failed crypto erase for nmem0\nsanitized 0 nmem.\n' });
    // ndctl loads a key only while no region on the DIMM is enabled (keys.c dimm_load_key).
    expect(await run(host, 'ndctl sanitize-dimm --crypto-erase nmem0')).toEqual({ exitCode: 1, stdout: '', stderr: 'regions active on nmem0, op failed\nUnable to load key\nsanitized 0 nmem.\n' });
    expect(await run(host, 'ndctl sanitize-dimm --overwrite --master-passphrase nmem0')).toMatchObject({ exitCode: 1, stderr: '  Error: nmem0: overwrite does not support master passphrase\n\noverwrite issued for 0 nmem.\n' });
    expect((await run(host, 'ndctl sanitize-dimm nmem0 bogus')).stderr).toMatch(/^'bogus' is not a valid dimm name\n/);
  });

  it('sanitize of a DIMM in a disabled interleaved region: the region comes back with no namespaces and all its space free', async () => {
    const host = optane();
    expect((await run(host, 'ndctl disable-region region0')).exitCode).toBe(0);
    expect(await run(host, 'ndctl sanitize-dimm --crypto-erase --zero-key nmem2')).toEqual({ exitCode: 0, stdout: '', stderr: 'sanitized 1 nmem.\n' });
    expect((await run(host, 'ndctl enable-region region0')).exitCode).toBe(0);
    const [region] = JSON.parse((await run(host, 'ndctl list -R -N -r region0')).stdout) as { available_size: number; size: number; namespaces?: unknown[] }[];
    expect(region!.namespaces).toBeUndefined();
    expect(region!.available_size).toBe(region!.size);
    // A crypto erase changes the key; the poison stays where it was on the media.
    expect(await host.readFile('/sys/bus/nd/devices/region0/badblocks')).toBe('134217728 8\n');
  });

  it('overwrite: security reads "overwrite" until it ends, then what it was before (as nfit_test recorded); wait-overwrite returns then; the poison is gone with the data', async () => {
    const host = optane(300);
    host.mutate((s) => {
      s.buses[0]!.regions[1]!.namespaces[0]!.mountpoint = null; // pmem-db unmounted
    });
    expect((await run(host, 'ndctl disable-region region1')).exitCode).toBe(0);
    expect(await run(host, 'ndctl sanitize-dimm --overwrite nmem7')).toEqual({ exitCode: 0, stdout: '', stderr: 'overwrite issued for 1 nmem.\n' });
    expect(await host.readFile('/sys/bus/nd/devices/nmem7/security')).toBe('overwrite\n');
    expect(await run(host, 'ndctl wait-overwrite nmem7')).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    expect(await host.readFile('/sys/bus/nd/devices/nmem7/security')).toBe('unlocked\n');
    expect(await host.readFile("/sys/bus/nd/devices/region1/badblocks")).toBe("209715200 1\n"); // that run lies on nmem10, not on nmem7
  });
});

describe('passphrases (ndctl/keys.c)', () => {
  it('setup seals a passphrase with the kek into /etc/ndctl/keys and the key ring; /proc/keys lists it', async () => {
    const host = optane();
    expect(await run(host, 'ndctl setup-passphrase nmem0 -k user:nvdimm-master')).toEqual({ exitCode: 1, stdout: '', stderr: 'regions active on nmem0, op failed\npassphrase enabled for 0 nmem.\n' });
    expect((await run(host, 'ndctl disable-region region0')).exitCode).toBe(0);
    expect(await run(host, 'ndctl setup-passphrase nmem0 -k trusted:nvdimm-master')).toEqual({ exitCode: 1, stdout: '', stderr: 'No key encryption key found\npassphrase enabled for 0 nmem.\n' });
    // ndctl 76.1 prints this one without a newline (keys.c verify_kek).
    expect((await run(host, 'ndctl setup-passphrase nmem0 -k tpm:x')).stderr).toBe('No such key type: tpmpassphrase enabled for 0 nmem.\n');
    expect(await run(host, 'ndctl setup-passphrase nmem0 -k user:nvdimm-master')).toEqual({ exitCode: 0, stdout: '', stderr: 'passphrase enabled for 1 nmem.\n' });
    expect(await host.readFile('/sys/bus/nd/devices/nmem0/security')).toBe('unlocked\n');
    expect((await host.readDir('/etc/ndctl/keys')).sort()).toEqual(['keys.readme', 'nvdimm_8089-a2-1837-00002a00_pmem-server.blob', 'nvdimm_8089-a2-1837-00002a11_pmem-server.blob']);
    expect(await host.readFile('/proc/keys')).toMatch(/ encrypted nvdimm:8089-a2-1837-00002a00: default user:nvdimm-master 32\n/);
    expect(await run(host, 'ndctl setup-passphrase nmem0 -k user:nvdimm-master')).toMatchObject({ exitCode: 1, stderr: 'Error: key already present in user keyring\npassphrase enabled for 0 nmem.\n' });
  });

  it('update replaces it; remove disables security and deletes the key and its blob; without the key it cannot', async () => {
    const host = optane();
    const blob = '/etc/ndctl/keys/nvdimm_8089-a2-1837-00002a11_pmem-server.blob';
    host.mutate((s) => {
      s.buses[0]!.regions[1]!.namespaces[0]!.mountpoint = null;
    });
    expect((await run(host, 'ndctl disable-region region1')).exitCode).toBe(0);
    expect(await run(host, 'ndctl update-passphrase nmem7')).toEqual({ exitCode: 0, stdout: '', stderr: 'passphrase updated for 1 nmem.\n' });
    expect(await run(host, 'ndctl remove-passphrase nmem7')).toEqual({ exitCode: 0, stdout: '', stderr: 'passphrase removed for 1 nmem.\n' });
    expect(await host.readFile('/sys/bus/nd/devices/nmem7/security')).toBe('disabled\n');
    await expect(host.readFile(blob)).rejects.toThrow(/No such file/);
    expect(await run(host, 'ndctl remove-passphrase nmem7')).toEqual({ exitCode: 1, stdout: '', stderr: `failed to open file ${blob}: No such file or directory\nUnable to load key\npassphrase removed for 0 nmem.\n` });
  });

  it('an overwrite needs no region on the DIMM enabled, not the DIMM disabled (Linux 6.1 security.c; nfit_test recorded it); a DIMM with no passphrase is overwritten without a key', async () => {
    const host = optane();
    expect(await run(host, 'ndctl disable-dimm nmem0')).toEqual({ exitCode: 1, stdout: '', stderr: 'nmem0 is active, skipping...\ndisabled 0 nmem\n' });
    expect(await run(host, 'ndctl sanitize-dimm --overwrite nmem0')).toEqual({ exitCode: 1, stdout: '', stderr: 'regions active on nmem0, op failed\nFailed overwrite for nmem0\noverwrite issued for 0 nmem.\n' });
    expect((await run(host, 'ndctl disable-region region0')).exitCode).toBe(0);
    const blob = '/etc/ndctl/keys/nvdimm_8089-a2-1837-00002a00_pmem-server.blob';
    expect(await run(host, 'ndctl sanitize-dimm --overwrite nmem0')).toEqual({ exitCode: 0, stdout: '', stderr: `failed to open file ${blob}: No such file or directory\noverwrite issued for 1 nmem.\n` });
    expect((await run(host, 'ndctl wait-overwrite nmem0')).exitCode).toBe(0);
    expect(await host.readFile('/sys/bus/nd/devices/nmem0/security')).toBe('disabled\n');
  });
});
