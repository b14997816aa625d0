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
import { consoleCli } from './console-cli.js';

const [flow, host] = process.argv.slice(2);
if ((flow !== 'seed' && flow !== 'cxl') || !host) {
  process.stderr.write('usage: flows.ts seed|cxl HOST\n');
  process.exit(2);
}

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

const { read: readAny, apply: applyOne } = consoleCli(host, 'pmc-flows-');
const read = () => readAny<Topo>();

/** Applies one action and counts it failed where it did not run or the machine after it differs from its prediction. */
function apply(action: string, params: Record<string, string>): void {
  const r = applyOne(action, params);
  if (!r.ok) failures++;
  rows.push(`${r.ok ? 'ok  ' : 'FAIL'} ${r.line}`);
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
