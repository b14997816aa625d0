// What the kernel (drivers/cxl/core/region.c, Linux 6.1) does when cxl creates, commits, enables, disables and tears down a region,
// and how a pmem region becomes an nd region (cxl_pmem) on the CXL nd bus.
import { allDaxDevices, blocksOf, ensureNamespaceSeed, Errno, hotAdd, KernelError, refreshSeeds } from './kernel.js';
import { cxlPort, decoderName, dportsOf, findDecoder, mapsMemdev, memdevOfDecoder, parentOf, type SimCxl, type SimCxlDecoder, type SimCxlMemdev, type SimCxlRegion } from './cxl-state.js';
import type { SimDaxDevice, SimHmemRegion, SimRegion, SimState } from './state.js';

const MiB = 1024 * 1024;

/** Interleave granularities an HDM decoder can encode (256 B to 16 KiB, powers of two). */
export const isValidGranularity = (g: number) => Number.isInteger(g) && g >= 256 && g <= 16384 && (g & (g - 1)) === 0;

/** The lowest free address range of a size in a root decoder's window, 256 MiB aligned (alloc_hpa: alloc_free_mem_region), or null;
 *  the size must be a whole number of 256 MiB per way. */
export function allocHpa(cxl: SimCxl, root: SimCxlDecoder, size: number, ways: number): number | null {
  if (size % (256 * MiB * ways)) return null;
  const align = 256 * MiB;
  const used = cxl.regions.filter((r) => r.decoder === decoderName(root) && r.size > 0).sort((a, b) => a.start - b.start);
  let at = Math.ceil(root.start / align) * align;
  for (const r of used) {
    if (at + size <= r.start) break;
    at = Math.max(at, Math.ceil((r.start + r.size) / align) * align);
  }
  return at + size <= root.start + root.size ? at : null;
}

/** Sets an endpoint decoder's DPA size (dpa_size_store): from the start of its partition, after what other decoders hold there. */
export function setDpaSize(cxl: SimCxl, d: SimCxlDecoder, size: number): void {
  const m = memdevOfDecoder(cxl, d)!;
  if (size === 0) {
    d.dpaSize = 0;
    d.dpaResource = null;
    return;
  }
  if (d.mode !== 'pmem' && d.mode !== 'ram') throw new KernelError(Errno.EINVAL);
  const others = cxl.decoders.filter((x) => x.port === d.port && x !== d && x.dpaSize > 0);
  const base = d.mode === 'ram' ? 0 : m.ramSize;
  const end = others.reduce((e, x) => Math.max(e, (x.dpaResource ?? 0) + x.dpaSize), base);
  const capacity = d.mode === 'ram' ? m.ramSize : m.ramSize + m.pmemSize;
  if (end + size > capacity) throw new KernelError(Errno.ENOSPC);
  d.dpaResource = end;
  d.dpaSize = size;
}

/** The ports between a memdev's endpoint and the root, nearest the root first, each with the dport the path goes through. */
function pathOf(cxl: SimCxl, m: SimCxlMemdev): { port: number; dport: number }[] {
  const out: { port: number; dport: number }[] = [];
  for (let at: number | null = m.port; at !== null && cxlPort(cxl, at)?.kind === 'port'; at = parentOf(cxl, at)) {
    const dport = dportsOf(cxl, at).find((d) => mapsMemdev(d, m))!;
    out.unshift({ port: at, dport: dport.id });
  }
  return out;
}

/** Commits a region's decode (commit_store "1"): every switch decoder on the way and every endpoint decoder takes the region's range. */
export function commitRegion(cxl: SimCxl, r: SimCxlRegion): void {
  const members = r.targets.map((name) => findDecoder(cxl, name)!);
  const byPort = new Map<number, number[]>();
  members.forEach((d) => {
    for (const hop of pathOf(cxl, memdevOfDecoder(cxl, d)!)) {
      const list = byPort.get(hop.port) ?? [];
      if (!list.includes(hop.dport)) list.push(hop.dport);
      byPort.set(hop.port, list);
    }
  });
  for (const [port, targets] of byPort) {
    const d = cxl.decoders.filter((x) => x.port === port).sort((a, b) => a.id - b.id).find((x) => x.region === null || x.region === `region${r.id}`);
    if (!d) throw new KernelError(Errno.ENXIO);
    Object.assign(d, { start: r.start, size: r.size, ways: targets.length, granularity: r.granularity, targets, region: `region${r.id}` });
  }
  for (const d of members) Object.assign(d, { start: r.start, size: r.size, ways: r.ways, granularity: r.granularity, region: `region${r.id}` });
  r.committed = true;
}

/** Resets a region's decode and detaches its targets, as destroy-region does (commit "0", then target0..N ""). Linux 6.1 clears a switch
 *  decoder's range when the first target detaches only while another endpoint of the region is still below it: with one endpoint below
 *  the port, the port's region reference is gone by then, and the decoder keeps its old range (qemu-cxl-pmem.json shows both). */
export function resetAndDetach(cxl: SimCxl, r: SimCxlRegion): void {
  const name = `region${r.id}`;
  const members = r.targets.map((t) => findDecoder(cxl, t)).filter((d): d is SimCxlDecoder => d !== null);
  const paths = members.map((d) => pathOf(cxl, memdevOfDecoder(cxl, d)!));
  const first = paths[0] ?? [];
  for (const path of paths) {
    for (const hop of path) {
      const stillBelow = paths.slice(1).some((p) => p.some((h) => h.port === hop.port)) || !first.some((h) => h.port === hop.port);
      const d = cxl.decoders.find((x) => x.port === hop.port && x.region === name);
      if (d && stillBelow) Object.assign(d, { start: 0, size: 0 });
    }
  }
  for (const d of cxl.decoders) if (d.region === name) d.region = null;
  for (const d of members) {
    Object.assign(d, { start: 0, size: 0 });
    setDpaSize(cxl, d, 0);
  }
  r.committed = false;
  r.targets = [];
}

/** Fletcher-64 over 32-bit words (nd_fletcher64): cxl_pmem makes the interleave set cookie of (DPA offset, serial) per position. */
function fletcher64(words: number[]): bigint {
  let lo = 0n;
  let hi = 0n;
  for (const w of words) {
    lo = (lo + BigInt(w >>> 0)) & 0xffffffffn;
    hi = (hi + lo) & 0xffffffffn;
  }
  return (hi << 32n) | lo;
}

/** The nd region cxl_pmem registers for a pmem region: on the CXL nd bus, one mapping per target (nmem, DPA offset, length). */
function ndRegionOf(state: SimState, cxl: SimCxl, r: SimCxlRegion): SimRegion {
  const ids = new Set(state.buses.flatMap((b) => b.regions.map((x) => x.id)));
  let id = 0;
  while (ids.has(id)) id++;
  const members = r.targets.map((t) => findDecoder(cxl, t)!);
  const words: number[] = [];
  const mappings = members.map((d, position) => {
    const m = memdevOfDecoder(cxl, d)!;
    const offset = d.dpaResource ?? 0;
    words.push(offset % 2 ** 32, Math.floor(offset / 2 ** 32), m.serial % 2 ** 32, Math.floor(m.serial / 2 ** 32));
    return { dimm: m.nmem!, offset, length: d.dpaSize, position };
  });
  const cookie = `0x${fletcher64(words).toString(16)}`;
  const nd: SimRegion = {
    id, start: r.start, size: r.size, align: 16 * MiB, numaNode: 0, targetNode: cxl.windowNodes[r.decoder] ?? 0, persistenceDomain: 'memory_controller', enabled: true, pagemap: false,
    mappings, setCookie: cookie, labelCookie: cookie, badblocks: [], namespaces: [], seeds: { namespace: 0, btt: 0, pfn: 0, dax: 0 },
  };
  ensureNamespaceSeed(nd);
  refreshSeeds(nd);
  return nd;
}

/** Binds the region driver: a committed pmem region gets its nd region (and, through labels, its namespaces) back. */
export function enableRegion(state: SimState, cxl: SimCxl, r: SimCxlRegion): void {
  if (r.enabled) return;
  if (!r.committed) throw new KernelError(Errno.ENXIO);
  r.enabled = true;
  if (r.type === 'ram') return enableRamRegion(state, cxl, r);
  if (cxl.ndBus === null) return;
  const bus = state.buses.find((b) => b.id === cxl.ndBus)!;
  const key = `region${r.id}`;
  const nd = cxl.parked[key] ?? ndRegionOf(state, cxl, r);
  delete cxl.parked[key];
  // Probed again, the region finds its namespaces in the labels: the idle ones it had are gone, and one seed is made anew.
  nd.namespaces = nd.namespaces.filter((ns) => ns.size > 0);
  ensureNamespaceSeed(nd);
  refreshSeeds(nd);
  bus.regions.push(nd);
}

/** The nd region a pmem region made: on the CXL nd bus at the region's range (there only while the region is enabled). */
export function ndRegionOfCxl(state: SimState, cxl: SimCxl, r: SimCxlRegion): SimRegion | null {
  if (r.type !== 'pmem' || cxl.ndBus === null) return null;
  const bus = state.buses.find((b) => b.id === cxl.ndBus);
  return bus?.regions.find((x) => x.start === r.start && x.size === r.size) ?? null;
}

/** Unbinds the region driver. Its nd region and dax device go at once; memory the dax device had hot-added that is still online cannot
 *  be removed and stays as it is, owned by no device, until the next reboot (dmesg: "cannot be hotremoved until the next reboot"). */
export function disableRegion(state: SimState, cxl: SimCxl, r: SimCxlRegion): void {
  if (!r.enabled) return;
  r.enabled = false;
  if (r.type === 'ram') {
    // cxl_dax_region goes with the region: its dax devices vanish.
    const inside = ramDaxOf(state, r);
    for (const h of inside) strand(state, cxl, h.device);
    state.hmem = state.hmem.filter((h) => !inside.includes(h));
    (cxl.parkedDax ??= {})[`region${r.id}`] = inside;
    return;
  }
  const nd = ndRegionOfCxl(state, cxl, r);
  if (!nd) return;
  const bus = state.buses.find((b) => b.id === cxl.ndBus)!;
  bus.regions = bus.regions.filter((x) => x !== nd);
  for (const ns of nd.namespaces) if (ns.claim?.kind === 'dax') strand(state, cxl, ns.claim.device);
  cxl.parked[`region${r.id}`] = nd;
}

/** A dax device taken away under its memory: blocks still online stay, owned by no device, until reboot; offline ones are removed. */
function strand(state: SimState, cxl: SimCxl, dev: SimDaxDevice): void {
  const owned = blocksOf(state, dev.name);
  if (owned.some((b) => b.state === 'online')) {
    for (const b of owned) b.owner = null;
    const bs = state.memory.blockSize;
    cxl.stranded.push({ name: dev.name, start: owned[0]!.index * bs, size: owned.length * bs });
  } else state.memory.blocks = state.memory.blocks.filter((b) => b.owner !== dev.name);
  dev.mode = 'devdax';
  delete dev.hotplugState;
}

/** The dax regions made of a ram region (their device lies in its range). */
export function ramDaxOf(state: SimState, r: SimCxlRegion): SimHmemRegion[] {
  return state.hmem.filter((h) => h.device.start >= r.start && h.device.start < r.start + r.size);
}

/** A ram region's dax region comes back (or, made anew, one device over the whole region); the kernel gives ram regions to kmem. */
function enableRamRegion(state: SimState, cxl: SimCxl, r: SimCxlRegion): void {
  const key = `region${r.id}`;
  const back = cxl.parkedDax?.[key];
  if (back) {
    delete cxl.parkedDax![key];
    state.hmem.push(...back);
    // Probed again, each device goes to kmem, as a new ram region's would; memory still stranded under it cannot be added twice.
    for (const h of back) {
      h.device.mode = 'system-ram';
      if (!cxl.stranded.some((m) => m.name === h.device.name)) hotAdd(state, h.device);
    }
    return;
  }
  const used = new Set(allDaxDevices(state).map((d) => d.regionId));
  let id = 0;
  while (used.has(id)) id++;
  const device: SimDaxDevice = { name: `dax${id}.0`, start: r.start, size: r.size, align: 2 * MiB, targetNode: cxl.windowNodes[r.decoder] ?? 0, numaNode: 0, mode: 'system-ram', enabled: true };
  state.hmem.push({ id, path: `/sys/devices/platform/ACPI0017:00/root0/${r.decoder}/${key}/dax_region${id}`, align: 2 * MiB, device });
  hotAdd(state, device);
}

/** Deletes a region (delete_region): what a disabled region had parked goes with it. */
export function deleteRegion(cxl: SimCxl, r: SimCxlRegion): void {
  cxl.regions = cxl.regions.filter((x) => x !== r);
  delete cxl.parked[`region${r.id}`];
  if (cxl.parkedDax) delete cxl.parkedDax[`region${r.id}`];
}
