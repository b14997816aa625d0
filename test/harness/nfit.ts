// The console against the kernel's own NVDIMM test devices (nfit_test) on a real kernel, through its own command over ssh: the read,
// the Health view, monitor, and every health, poison and security action, with values injected by hand in the guest (inject-smart,
// inject-error) as ndctl's own test suite does; each plan's prediction is checked against the machine after it. Not part of npm test:
// it needs the QEMU harness's nfit-test guest and minutes under software emulation.
//
//   npm run build
//   PMEMVM_DIR=/var/tmp/pmemvm-nfit tools/vm/agent-up.sh nfit-test
//   PATH=/path/to/ssh-shim:$PATH PMEMVM_TOPO=nfit-test node --import tsx test/harness/nfit.ts ssh://root@127.0.0.1:2222
//
// It prints one line per check and exits 1 if any failed.
import { spawn, spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { CLI, consoleCli } from './console-cli.js';

const host = process.argv[2];
const url = host ? /^ssh:\/\/(?:([^@]+)@)?([^:/]+)(?::(\d+))?$/.exec(host) : null;
if (!host || !url) {
  process.stderr.write('usage: nfit.ts ssh://[user@]host[:port]\n');
  process.exit(2);
}
let failures = 0;

/** One line of the report; a failed check counts. */
function check(ok: boolean, what: string, detail = ''): void {
  if (!ok) failures++;
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}\n`);
}

/** Runs a shell line in the guest (the harness's hands, not the console's). */
function guest(line: string): string {
  const r = spawnSync('ssh', ['-p', url![3] ?? '22', `${url![1] ?? 'root'}@${url![2]}`, line], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`guest: ${line}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

interface Topo {
  regions: { dev: string; resource: number | null; size: number; state: string; badblockCount: number }[];
  dimms: { dev: string; security: string | null; securityFrozen?: boolean; nfitFlags?: string[] | null; health: { healthState: string; temperatureCelsius: number | null; sparesPercent: number | null; shutdownCount?: number | null; thresholds?: { temperature: number | null; spares: number | null } | null } | null }[];
  namespaces: { dev: string; region: string; mode: string; size: number }[];
  buses: { dev: string; scrubCount?: number | null }[];
  notes: string[];
}

const { env, cli, read: readAny, apply: applyOne } = consoleCli(host, 'pmc-nfit-');
const read = () => readAny<Topo>();

/** Applies one action and checks the machine after it against the plan's prediction. */
function apply(action: string, params: Record<string, string>): void {
  const r = applyOne(action, params);
  check(r.ok, r.line);
}

// The test module loaded afresh (a freeze lasts until it is reloaded, as until a power cycle), no DIMM keys left from a run before, and the
// key-encryption key the passphrases are sealed by (as ndctl's security test makes it).
guest('ndctl disable-region all >/dev/null 2>&1; modprobe -r nfit_test 2>/dev/null; modprobe nfit_test; hostname nfit-guest; mkdir -p /etc/ndctl/keys; rm -f /etc/ndctl/keys/nvdimm*_*.blob; for k in $(keyctl rlist @u); do keyctl unlink $k @u >/dev/null; done; dd if=/dev/urandom bs=1 count=32 2>/dev/null | keyctl padd user nvdimm-master @u >/dev/null; keyctl pipe $(keyctl search @u user nvdimm-master) > /etc/ndctl/keys/nvdimm-master.blob; ndctl wait-scrub >/dev/null');

// 1. The read: the whole machine, the region above 2^53 exact, health as ndctl lists it.
let t = read();
const r3 = t.regions.find((r) => r.dev === 'region3');
const resource = guest('cat /sys/bus/nd/devices/region3/resource').trim();
check(t.dimms.length === 6 && t.regions.length === 4, 'snapshot reads both buses', `${t.dimms.length} DIMMs, ${t.regions.length} regions, ${t.namespaces.length} namespaces, notes: ${t.notes.length ? t.notes.join(' | ') : 'none'}`);
check(r3?.resource !== null && r3?.resource !== undefined && BigInt(r3.resource) === BigInt(resource), 'region3 at its address above 2^53, exactly', `${resource} = ${r3?.resource !== null && r3?.resource !== undefined ? `0x${BigInt(r3.resource).toString(16)}` : 'unknown'}`);
const listed = JSON.parse(guest('ndctl list -DH -d nmem0')) as { health: { temperature_celsius: number; spares_percentage: number; temperature_threshold: number; spares_threshold: number; shutdown_count: number } }[];
const nmem0 = t.dimms.find((d) => d.dev === 'nmem0')!;
check(nmem0.health?.temperatureCelsius === listed[0]!.health.temperature_celsius && nmem0.health.sparesPercent === listed[0]!.health.spares_percentage && nmem0.health.thresholds?.temperature === listed[0]!.health.temperature_threshold && nmem0.health.thresholds?.spares === listed[0]!.health.spares_threshold,
  'nmem0 health as ndctl lists it', `${nmem0.health?.healthState}, ${nmem0.health?.temperatureCelsius} °C (alarm at ${nmem0.health?.thresholds?.temperature}), ${nmem0.health?.sparesPercent}% spares (alarm below ${nmem0.health?.thresholds?.spares}), ${nmem0.health?.shutdownCount} dirty shutdowns`);
check(JSON.stringify(t.dimms.find((d) => d.dev === 'nmem4')?.nfitFlags) === JSON.stringify(guest('cat /sys/bus/nd/devices/nmem4/nfit/flags').trim().split(/\s+/)), 'nmem4 NFIT flags as the kernel shows them', (t.dimms.find((d) => d.dev === 'nmem4')?.nfitFlags ?? []).join(' '));
const doctor = cli('doctor', '--json');
const findings = (JSON.parse(doctor.out) as { findings?: { id: string; severity: string; title: string }[] }).findings ?? (JSON.parse(doctor.out) as { id: string; severity: string; title: string }[]);
check(findings.some((f) => f.id === 'nfit-flags-nmem4' && f.severity === 'error') && findings.some((f) => f.id === 'nfit-flags-nmem5'), 'doctor: the DIMMs that lost data or are unmapped', findings.filter((f) => f.id.startsWith('nfit-flags')).map((f) => f.title).join('; '));

// 2. The Health view, served over the same ssh read, in Chromium.
async function healthView(): Promise<void> {
  const serve = spawn(process.execPath, [CLI, 'serve', '--host', host!, '--timeout', '600000'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const page0 = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`serve printed no URL: ${out}`)), 300_000);
      serve.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${page0}#health`);
      await page.locator('[data-testid="health-dimms"] tbody tr').first().waitFor({ timeout: 300_000 });
      const rows = await page.locator('[data-testid="health-dimms"] tbody tr').allInnerTexts();
      const flags = await page.locator('[data-dimm="nmem4"] [data-testid="dimm-nfit-flag"]').allInnerTexts();
      const thresholds = await page.getByTestId('thresholds').innerText().catch(() => '');
      check(rows.length === 6 && flags.join(' ') === 'save_fail restore_fail flush_fail not_armed smart_event', 'Health view', `${rows.length} DIMMs; nmem0: ${rows[0]!.replace(/\s+/g, ' ').slice(0, 90)}; nmem4 flags: ${flags.join(' ')}; ${thresholds}`);
    } finally {
      await browser.close();
    }
  } finally {
    serve.kill('SIGTERM');
  }
}
await healthView();

// 3. monitor: a dirty shutdown and a media temperature past its threshold, injected between two reads, are two events.
async function monitor(): Promise<void> {
  const child = spawn(process.execPath, [CLI, 'monitor', '--host', host!, '--json', '--interval', '30', '--count', '2', '--timeout', '600000'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (!out.includes('"kind":"start"')) return;
      clearInterval(poll);
      resolve();
    }, 200);
  });
  guest('ndctl inject-smart nmem0 -U >/dev/null; ndctl inject-smart nmem0 -m 45 >/dev/null');
  await new Promise((resolve) => child.once('exit', resolve));
  const events = out.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; object: string; message: string });
  const seen = events.filter((e) => e.object === 'nmem0' && (e.kind === 'shutdown' || e.kind === 'threshold'));
  check(seen.length === 2, 'monitor: the injected shutdown and temperature', seen.map((e) => e.message).join(' | '));
  guest('ndctl inject-smart nmem0 -N >/dev/null 2>&1');
}
await monitor();

// 4. Poison: injected with no notification (so only a scrub finds it), found by bus.scrub, cleared by namespace.clear-errors.
t = read();
const ns = t.namespaces.find((n) => n.region === 'region1' && n.size > 0)!;
guest(`ndctl inject-error --block=42 --count=8 --no-notify ${ns.dev} >/dev/null`);
apply('bus.scrub', { bus: 'ndbus0' });
t = read();
check((t.regions.find((r) => r.dev === 'region1')?.badblockCount ?? 0) === 8, 'the scrub found the injected poison', `region1: ${t.regions.find((r) => r.dev === 'region1')?.badblockCount} bad sectors`);
apply('namespace.clear-errors', { namespace: ns.dev });
t = read();
check((t.regions.find((r) => r.dev === 'region1')?.badblockCount ?? -1) === 0, 'clear-errors cleared it', `region1: ${t.regions.find((r) => r.dev === 'region1')?.badblockCount} bad sectors`);

// 5. Security: every passphrase action, a crypto erase, an overwrite, and a freeze last (it stops every other change until a reboot).
for (const r of t.regions.filter((x) => x.state === 'enabled' && (x.dev === 'region0' || x.dev === 'region1'))) apply('region.disable', { region: r.dev });
apply('dimm.passphrase-setup', { dimm: 'nmem0', kek: 'user:nvdimm-master' });
apply('dimm.passphrase-update', { dimm: 'nmem0' });
apply('dimm.passphrase-remove', { dimm: 'nmem0' });
apply('dimm.passphrase-setup', { dimm: 'nmem0', kek: 'user:nvdimm-master' });
apply('dimm.sanitize', { dimm: 'nmem0', method: 'crypto-erase' });
apply('dimm.passphrase-setup', { dimm: 'nmem0', kek: 'user:nvdimm-master' });
apply('dimm.sanitize', { dimm: 'nmem0', method: 'overwrite' });
apply('dimm.freeze-security', { dimm: 'nmem0' });
t = read();
const frozen = t.dimms.find((d) => d.dev === 'nmem0')!;
check(frozen.security === 'unlocked' && frozen.securityFrozen === true, 'nmem0 ends unlocked and frozen', `${frozen.security}${frozen.securityFrozen ? ', frozen' : ''}`);

process.stdout.write(`${failures === 0 ? 'all checks passed' : `${failures} check(s) failed`}\n`);
process.exit(failures === 0 ? 0 : 1);
