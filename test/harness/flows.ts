// The seed and CXL flows on a real kernel, through the console's own command, over ssh: every step's prediction checked against the
// machine after it, and MemTotal back to the byte at the end. Not part of npm test: it needs a machine with NVDIMMs or CXL memory (the
// QEMU harness's guest, reached through its ssh look-alike, takes minutes under software emulation).
//
//   npm run build
//   PATH=/path/to/ssh-shim:$PATH PMEMVM_TOPO=public node --import tsx test/harness/flows.ts seed ssh://root@127.0.0.1:2222
//   ... flows.ts cxl ssh://root@127.0.0.1:2222
//
// It prints one line per step (the action, exit code, seconds, whether the machine after equals the prediction) and exits 1 if any step
// failed or differed, or MemTotal did not come back.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = new URL('../../out/cli/pmem-console.cjs', import.meta.url).pathname;
const [flow, host] = process.argv.slice(2);
if ((flow !== 'seed' && flow !== 'cxl') || !host) {
  process.stderr.write('usage: flows.ts seed|cxl HOST\n');
  process.exit(2);
}
const env = { ...process.env, PMEM_CONSOLE_STATE_DIR: mkdtempSync(join(tmpdir(), 'pmc-flows-')) };

interface Topo {
  meminfo: { memTotal: number };
  regions: { dev: string; labelled: boolean; size: number; availableSize: number; state: string; mappings: { dimm: string }[] }[];
  dimms: { dev: string; labelled: boolean }[];
  namespaces: { dev: string; region: string; mode: string; size: number; chardev: string | null; legacy: boolean }[];
  daxDevices: { dev: string; namespace: string | null; mode: string; totalMemblocks: number; onlineMemblocks: number }[];
  cxl: { regions: { name: string }[]; decoders: { name: string; kind: string }[]; memdevs: { name: string; pmemSize: number }[] } | null;
  notes: string[];
}

let failures = 0;
const rows: string[] = [];

function cli(...args: string[]): { code: number; out: string; err: string; seconds: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args, '--host', host!, '--timeout', '600000'], { env, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr, seconds: (Date.now() - t0) / 1000 };
}

function read(): Topo {
  const r = cli('snapshot', '--json');
  if (r.code !== 0) throw new Error(`snapshot failed: ${r.err}`);
  return JSON.parse(r.out) as Topo;
}

/** Applies one action, confirmed as its plan asks (a yes, or the object's name), and checks the machine after it against the plan's
 *  prediction (the report's verification). */
function apply(action: string, params: Record<string, string>): void {
  const words = Object.entries(params).flatMap(([k, v]) => [`--${k}`, v]);
  const planned = cli('plan', action, ...words, '--json');
  const confirmation = planned.code === 0 ? (JSON.parse(planned.out) as { confirmation: { kind: string; name?: string } }).confirmation : { kind: 'yes' };
  const args = ['apply', action, ...words, ...(confirmation.kind === 'type-name' ? ['--confirm', confirmation.name!] : ['--yes']), '--json'];
  const r = cli(...args);
  let report: { outcome?: string; verification?: string[]; message?: string } = {};
  try {
    report = JSON.parse(r.out) as typeof report;
  } catch {
    report = { message: r.err.trim().split('\n').pop() };
  }
  const ok = r.code === 0 && report.outcome === 'done' && (report.verification ?? []).length === 0;
  if (!ok) failures++;
  const verdict = report.outcome !== 'done' ? `${report.outcome ?? 'refused'}: ${report.message ?? r.err.trim()}` : report.verification?.length === 0 ? 'machine after = prediction' : `differs: ${(report.verification ?? []).join('; ')}`;
  rows.push(`${ok ? 'ok  ' : 'FAIL'} ${action} ${Object.values(params).join(' ')}: exit ${r.code}, ${r.seconds.toFixed(1)} s, ${verdict}`);
  process.stdout.write(rows.at(-1)! + '\n');
}

const start = read();
process.stdout.write(`${host}: MemTotal ${start.meminfo.memTotal} bytes before\n`);
if (flow === 'seed') {
  for (const region of start.regions.filter((r) => r.state === 'enabled')) {
    let t = read();
    const ns = t.namespaces.find((n) => n.region === region.dev && n.size > 0);
    // A region on DIMMs with a label area takes labels (a fresh one shows a raw, label-less namespace until then).
    const labelArea = region.mappings.some((m) => t.dimms.find((d) => d.dev === m.dimm)?.labelled);
    if (region.labelled || labelArea) {
      // A labelled DIMM: labels first (a fresh label area shows one raw namespace), then a devdax namespace over the whole region.
      if (!region.labelled) apply('labels.init', { region: region.dev });
      apply('namespace.create', { region: region.dev, mode: 'devdax' });
    } else if (ns) apply('namespace.reconfigure', { namespace: ns.dev, mode: 'devdax' });
    t = read();
    const made = t.namespaces.find((n) => n.region === region.dev && n.mode === 'devdax');
    const dax = t.daxDevices.find((d) => d.namespace === made?.dev);
    if (!made || !dax) {
      failures++;
      rows.push(`FAIL ${region.dev}: no devdax device was made`);
      continue;
    }
    apply('dax.system-ram', { device: dax.dev });
    const ram = read();
    process.stdout.write(`     MemTotal ${ram.meminfo.memTotal} bytes with ${dax.dev} as system RAM (+${ram.meminfo.memTotal - start.meminfo.memTotal})\n`);
    apply('dax.devdax', { device: dax.dev });
    if (made.legacy) apply('namespace.reconfigure', { namespace: made.dev, mode: ns?.mode === 'devdax' ? 'raw' : ns?.mode ?? 'raw' });
    else apply('namespace.destroy', { namespace: made.dev });
  }
} else {
  const window = start.cxl?.decoders.find((d) => d.kind === 'root');
  const memdevs = start.cxl?.memdevs.filter((m) => m.pmemSize > 0).map((m) => m.name) ?? [];
  if (!window || memdevs.length === 0) throw new Error('no CXL window or memdevs with persistent memory');
  const regionsBefore = new Set(read().regions.map((r) => r.dev));
  apply('cxl.region-create', { decoder: window.name, memdevs: memdevs.join(','), type: 'pmem' });
  const t = read();
  const cxlRegion = t.cxl!.regions.at(-1)!.name;
  const nd = t.regions.find((r) => !regionsBefore.has(r.dev));
  if (!nd) throw new Error('the CXL region became no nd region');
  apply('namespace.create', { region: nd.dev, mode: 'devdax' });
  const made = read().namespaces.find((n) => n.region === nd.dev && n.mode === 'devdax')!;
  apply('dax.system-ram', { device: made.chardev! });
  process.stdout.write(`     MemTotal ${read().meminfo.memTotal} bytes with ${made.chardev} as system RAM (+${read().meminfo.memTotal - start.meminfo.memTotal})\n`);
  apply('dax.devdax', { device: made.chardev! });
  apply('namespace.destroy', { namespace: made.dev });
  apply('cxl.region-destroy', { region: cxlRegion });
}
const end = read();
const back = end.meminfo.memTotal === start.meminfo.memTotal;
if (!back) failures++;
process.stdout.write(`${host}: MemTotal ${end.meminfo.memTotal} bytes after: ${back ? 'back to the byte' : `DIFFERS by ${end.meminfo.memTotal - start.meminfo.memTotal}`}\n`);
process.stdout.write(`${failures ? 'FAILED' : 'ok'}: ${rows.length} steps, ${failures} failed or differed\n`);
process.exit(failures ? 1 : 0);
