// Planners for CXL: regions carved from a window (root decoder) across memory devices, and the devices themselves. The traps
// fixtures/real/qemu-cxl-pmem.json recorded are guarded here: cxl disable-region exits 0 under memory that is online as RAM (which then
// cannot be removed until reboot), and cxl disable-memdev needs -f for every memdev, in a region or not.
import type { Guard, Params } from '../../../shared/actions/index.js';
import { daxInRegion, endpointDecoders, ndRegionOf, portsAbove, type CxlDecoder, type CxlMemdev, type CxlRegion, type DaxDevice, type Namespace, type Region, type Topology } from '../../../shared/model/index.js';
import { formatBytes } from '../../../shared/units/index.js';
import { block, impossible, run, warn, type Draft, type PlanInput } from './draft.js';
import { namespaceInUse } from './guards.js';

const MiB = 2 ** 20;
const hex = (n: number) => `0x${n.toString(16)}`;

/** The CXL listing, or a refusal saying why there is none. */
function cxlOf(t: Topology, guards: Guard[]): NonNullable<Topology['cxl']> | null {
  if (!t.tools.cxl) guards.push(block('no-cxl', 'the cxl tool is not installed (on Debian it comes with the ndctl package); the console needs it to change CXL regions and devices'));
  else if (!t.cxl) guards.push(impossible('no-cxl', 'this machine shows no CXL devices (cxl list is empty)'));
  return t.tools.cxl ? t.cxl ?? null : null;
}

/** "6.1.0-56-amd64" -> [6, 1]; "76.1" -> [76, 1]. */
const version = (v: string | null | undefined) => (v ?? '').split(/[.-]/).slice(0, 2).map((x) => Number.parseInt(x, 10) || 0);
const atLeast = (v: string | null | undefined, major: number, minor = 0) => {
  const [a = 0, b = 0] = version(v);
  return a > major || (a === major && b >= minor);
};

/** What lives on a CXL region now: its nd region (pmem) with namespaces, and the dax devices in its range. */
export function cxlRegionContents(t: Topology, r: CxlRegion): { nd: Region | null; namespaces: Namespace[]; dax: DaxDevice[] } {
  const nd = ndRegionOf(t, r);
  const namespaces = nd ? t.namespaces.filter((n) => n.region === nd.dev && n.size > 0) : [];
  return { nd, namespaces, dax: daxInRegion(t.daxDevices, r) };
}

/** The trap: memory of the region online as system RAM. Disabling or destroying the region then exits 0, its devices vanish and the
 *  memory cannot be removed until the next reboot ("cannot be hotremoved until the next reboot"). */
function systemRamGuards(t: Topology, r: CxlRegion, verb: string, guards: Guard[]): void {
  for (const d of daxInRegion(t.daxDevices, r)) {
    if (d.mode !== 'system-ram') continue;
    const online = d.onlineMemblocks;
    if (!online) {
      guards.push(warn('system-ram-offline', `${d.dev} on ${r.name} is system RAM with none of its memory online: it goes with the region, and its offline memory is removed`));
      continue;
    }
    guards.push({
      ...block('system-ram', `${d.dev} on ${r.name} is system RAM with ${online} memory blocks online: cxl ${verb}-region would exit 0 and take ${d.dev} away under the memory, which could then not be removed until the next reboot; give it back first`),
      fix: { action: 'dax.devdax', params: { device: d.dev } },
    });
  }
}

function findCxlRegion(c: NonNullable<Topology['cxl']>, name: string, guards: Guard[]): CxlRegion | null {
  const r = c.regions.find((x) => x.name === name) ?? null;
  if (!r) guards.push(impossible('missing', `${name} is no CXL region on this machine (CXL regions: ${c.regions.map((x) => x.name).join(', ') || 'none'})`));
  return r;
}

function findMemdev(c: NonNullable<Topology['cxl']>, name: string, guards: Guard[]): CxlMemdev | null {
  const m = c.memdevs.find((x) => x.name === name) ?? null;
  if (!m) guards.push(impossible('missing', `${name} is no CXL memory device on this machine (memdevs: ${c.memdevs.map((x) => x.name).join(', ') || 'none'})`));
  return m;
}

const decodersOf = endpointDecoders;
/** Whether a memdev's endpoint hangs below a root port (the window's bus). */
const below = (c: NonNullable<Topology['cxl']>, m: CxlMemdev, root: string) => portsAbove(c, m).includes(root);

/** The next region id the kernel gives (the lowest free one). */
function nextRegion(c: NonNullable<Topology['cxl']>): string {
  let id = 0;
  while (c.regions.some((r) => r.name === `region${id}`)) id++;
  return `region${id}`;
}

/** cxl.region-create: cxl create-region over the memdevs, in the order given, in the window. */
export function planCxlRegionCreate(input: PlanInput, p: Params): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const c = cxlOf(t, guards);
  const type = p.type ?? 'pmem';
  const names = p.memdevs ?? [];
  const ways = names.length;
  let size = p.size ?? 0;
  let root: CxlDecoder | null = null;
  if (c) {
    root = c.decoders.find((d) => d.name === p.decoder && d.kind === 'root') ?? null;
    if (!root) guards.push(impossible('missing', `${p.decoder} is no CXL window (root decoder) on this machine (windows: ${c.decoders.filter((d) => d.kind === 'root').map((d) => d.name).join(', ') || 'none'})`));
    const memdevs = names.map((n) => findMemdev(c, n, guards)).filter((m): m is CxlMemdev => m !== null);
    if (root) {
      const caps = root.capabilities;
      if (type === 'pmem' && caps && !caps.pmem) guards.push(impossible('window-type', `${root.name} cannot hold persistent memory (it is not pmem capable)`));
      if (type === 'ram' && caps && !caps.volatile) guards.push(impossible('window-type', `${root.name} cannot hold volatile memory (it is not volatile capable)`));
      if (type === 'ram' && !atLeast(t.tools.cxl, 77)) guards.push(block('ram-unsupported', `cxl ${t.tools.cxl} cannot create ram regions ("region type 'ram' not supported yet", and it would exit 0 saying "created 0 regions"); ndctl v77's cxl can`));
      if (type === 'ram' && !atLeast(t.kernel, 6, 3)) guards.push(block('ram-unsupported', `Linux ${t.kernel ?? '(unknown)'} cannot create ram regions (they came with 6.3): the firmware must set such memory up at boot`));
      if (p.granularity && (root.interleaveWays ?? 1) > 1 && Number(p.granularity) !== root.interleaveGranularity) {
        guards.push(impossible('granularity', `${root.name} interleaves ${root.interleaveWays} ways at ${root.interleaveGranularity} bytes: a region in it must use that granularity`));
      }
    }
    const free: number[] = [];
    for (const m of memdevs) {
      const cap = type === 'pmem' ? m.pmemSize : m.ramSize;
      if (m.state === 'disabled' || !m.endpoint) {
        guards.push({ ...block('memdev-disabled', `${m.name} is disabled: enable it first`), fix: { action: 'cxl.memdev-enable', params: { memdev: m.name } } });
        continue;
      }
      if (root?.port && !below(c, m, root.port)) guards.push(impossible('not-below', `${m.name} is not below ${root.name}'s ${root.port}: that window cannot reach it`));
      if (!cap) guards.push(impossible('no-capacity', `${m.name} has no ${type === 'pmem' ? 'persistent' : 'volatile'} capacity`));
      const decoders = decodersOf(c, m);
      const idle = decoders.find((d) => !d.size);
      if (!idle) guards.push(block('no-decoder', `every decoder of ${m.name} is in use (${decoders.map((d) => `${d.name}${d.region ? `: ${d.region}` : ''}`).join(', ') || 'none listed'})`));
      free.push(cap - decoders.reduce((s, d) => s + (d.dpaSize ?? 0), 0));
    }
    if (!size && free.length) size = Math.min(...free) * ways;
    const step = 256 * MiB * Math.max(1, ways);
    if (size && size % step) guards.push(impossible('size', `${formatBytes(size)} is not a whole number of ${formatBytes(step)} (256 MiB per memdev), as a region's size must be`));
    if (free.length && size / Math.max(1, ways) > Math.min(...free)) guards.push(impossible('size', `${formatBytes(size / ways)} per memdev is more than the ${formatBytes(Math.min(...free))} free on the smallest of them`));
    if (root && size > (root.maxAvailableExtent ?? 0)) guards.push(impossible('size', `${root.name} has ${formatBytes(root.maxAvailableExtent ?? 0)} free in one piece; ${formatBytes(size)} does not fit`));
    guards.push(warn('exit-zero', 'cxl create-region exits 0 even when the kernel refuses ("created 0 regions"): the console reads what it says, not only its exit code'));
  }
  const region = c ? nextRegion(c) : 'region0';
  const argv = ['cxl', 'create-region', '-m', '-t', type, '-d', p.decoder!, '-w', String(ways), ...(p.granularity ? ['-g', p.granularity] : []), ...(p.size ? ['-s', String(p.size)] : []), ...names];
  const window = root?.resource != null ? ` (${hex(root.resource)}, ${formatBytes(root.size ?? 0)})` : '';
  return {
    object: region, summary: `Create ${region}: ${size ? `${formatBytes(size)} of ` : ''}${type === 'pmem' ? 'persistent' : 'volatile'} memory interleaved ${ways} way${ways === 1 ? '' : 's'} over ${names.join(', ')} in ${p.decoder}${window}`,
    risk: 'reversible', guards,
    steps: [run(argv, `${region} is carved from ${p.decoder}, the memdevs' decoders are programmed and committed, and ${type === 'pmem' ? `an nd region appears on the CXL bus (namespaces go on it next)` : 'a dax region with a dax device appears'}`)],
    rollback: { action: 'cxl.region-destroy', params: { region } }, noRollbackBecause: null,
  };
}

/** cxl.region-destroy: disable it if needed, then destroy it (its decoders reset, the memdevs' capacity freed). */
export function planCxlRegionDestroy(input: PlanInput, p: Params): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const c = cxlOf(t, guards);
  const r = c ? findCxlRegion(c, p.region!, guards) : null;
  if (r) {
    systemRamGuards(t, r, 'destroy', guards);
    const { namespaces } = cxlRegionContents(t, r);
    for (const ns of namespaces) namespaceInUse(input, ns, guards);
    if (namespaces.length) {
      guards.push({ ...block('namespaces', `${r.name} still holds ${namespaces.map((n) => `${n.dev} (${n.mode}, ${formatBytes(n.size)})`).join(', ')}: destroy ${namespaces.length === 1 ? 'it' : 'them'} first, so nothing is lost by accident`), fix: { action: 'namespace.destroy', params: { namespace: namespaces[0]!.dev } } });
    }
  }
  const steps = [];
  if (r?.state === 'enabled') steps.push(run(['cxl', 'disable-region', p.region!], `${p.region} is disabled: its ${r.type === 'ram' ? 'dax region' : 'nd region'} goes away`));
  steps.push(run(['cxl', 'destroy-region', p.region!], `${p.region}'s decoders are reset and it is deleted: its range of the window and the memdevs' capacity are free again`));
  return {
    object: p.region!, summary: `Destroy CXL region ${p.region}${r?.size ? ` (${formatBytes(r.size)})` : ''}`, risk: 'destructive', guards, steps,
    rollback: null, noRollbackBecause: 'a new region can be created over the same memdevs, but not this one back',
  };
}

/** cxl.region-enable / cxl.region-disable. */
export function planCxlRegionToggle(input: PlanInput, p: Params, enable: boolean): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const c = cxlOf(t, guards);
  const r = c ? findCxlRegion(c, p.region!, guards) : null;
  if (r && enable) {
    if (r.state === 'enabled') guards.push(impossible('already', `${r.name} is enabled already`));
    if (r.decodeState === 'reset') guards.push(block('reset', `${r.name}'s decode is reset: it cannot be enabled; destroy it and create it again`));
  }
  if (r && !enable) {
    if (r.state === 'disabled') guards.push(impossible('already', `${r.name} is disabled already`));
    systemRamGuards(t, r, 'disable', guards);
    const { namespaces } = cxlRegionContents(t, r);
    for (const ns of namespaces) namespaceInUse(input, ns, guards);
    if (namespaces.length) guards.push(warn('namespaces', `${namespaces.map((n) => n.dev).join(', ')} go${namespaces.length === 1 ? 'es' : ''} away with it until it is enabled again (their labels keep them)`));
  }
  const verb = enable ? 'enable' : 'disable';
  return {
    object: p.region!, summary: `${enable ? 'Enable' : 'Disable'} CXL region ${p.region}`, risk: enable ? 'reversible' : 'disruptive', guards,
    steps: [run(['cxl', `${verb}-region`, p.region!], enable ? `${p.region}'s nd region (pmem) or dax region (ram) comes back, with its namespaces` : `${p.region}'s nd region or dax region, and all on it, goes away`)],
    rollback: { action: enable ? 'cxl.region-disable' : 'cxl.region-enable', params: { region: p.region! } }, noRollbackBecause: null,
  };
}

/** cxl.memdev-enable / cxl.memdev-disable. */
export function planCxlMemdevToggle(input: PlanInput, p: Params, enable: boolean): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const c = cxlOf(t, guards);
  const m = c ? findMemdev(c, p.memdev!, guards) : null;
  if (m && c) {
    if (enable && m.state === 'enabled') guards.push(impossible('already', `${m.name} is enabled already`));
    if (!enable && m.state === 'disabled') guards.push(impossible('already', `${m.name} is disabled already`));
    const inRegion = enable ? [] : decodersOf(c, m).filter((d) => d.region);
    for (const d of inRegion) {
      guards.push({ ...block('in-region', `${m.name} is part of ${d.region} (${d.name}): disabling it would take ${d.region} down under whatever uses it; destroy ${d.region} first`), fix: { action: 'cxl.region-destroy', params: { region: d.region! } } });
    }
  }
  const argv = enable ? ['cxl', 'enable-memdev', p.memdev!] : ['cxl', 'disable-memdev', '-f', p.memdev!];
  return {
    object: p.memdev!, summary: `${enable ? 'Enable' : 'Disable'} CXL memory device ${p.memdev}`, risk: 'reversible', guards,
    steps: [run(argv, enable ? `${p.memdev}'s endpoint and its decoders come back` : `${p.memdev}'s endpoint and decoders go; -f because cxl 76.1 refuses any enabled memdev without it ("is part of an active region", whether or not it is), and the console checked it is in none`)],
    rollback: { action: enable ? 'cxl.memdev-disable' : 'cxl.memdev-enable', params: { memdev: p.memdev! } }, noRollbackBecause: null,
  };
}
