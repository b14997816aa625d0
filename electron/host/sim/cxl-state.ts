// The emulated CXL topology (drivers/cxl): buses, ports, memdevs with their endpoints, HDM decoders and regions, and how libcxl relates them.
import type { SimHmemRegion, SimRegion, SimState } from './state.js';

/** A downstream port of a bus (a host bridge) or of a port (a root or switch port); `path` is what libcxl matches memdevs against. */
export interface SimCxlDport {
  id: number;
  name: string;
  /** The dport's physical node ("pci0000:0c" for an ACPI0016 host bridge), shown as its alias; null where it has none. */
  alias: string | null;
  /** Its device path under /sys/devices (the physical node's, where it has one): a memdev below it has a host path that contains it. */
  path: string;
}

/** A CXL root (rootN, cxl_acpi's ACPI0017 device) and its host bridges. Its port id is `id`. */
export interface SimCxlBus {
  id: number;
  provider: string;
  /** The platform device the root hangs off, e.g. "ACPI0017:00". */
  host: string;
  dports: SimCxlDport[];
}

/** A port below the root (a host bridge's or a switch's): portN. */
export interface SimCxlPort {
  id: number;
  /** The device it stands for, e.g. "ACPI0016:00" (a host bridge). */
  host: string;
  /** Port id of its parent (a bus's root port id, or another port). */
  parent: number;
  dports: SimCxlDport[];
  /** Its directory under /sys/devices (the parent's, then portN). */
  path: string;
}

/** A CXL type-3 memory device (memN) and, while its driver is bound, its endpoint port. */
export interface SimCxlMemdev {
  id: number;
  serial: number;
  /** Its PCI device ("0000:0e:00.0") and that device's path under /sys/devices. */
  host: string;
  hostPath: string;
  /** The port whose dport it sits below. */
  port: number;
  ramSize: number;
  pmemSize: number;
  /** numa_node of the PCI device, -1 where the firmware gives none (QEMU). */
  numaNode: number;
  enabled: boolean;
  /** Port id of its endpoint port while enabled (endpointN); null while disabled. */
  endpoint: number | null;
  /** The HDM decoders its endpoint has (QEMU's type-3 device: 1). */
  hdmDecoders: number;
  /** The nvdimm (nmemN) the cxl_pmem driver made of it on the CXL nd bus; null without pmem. nmemN need not match memN. */
  nmem: string | null;
  labelSize: number;
  firmware: string;
}

/** An HDM decoder: a root decoder (a CFMWS window), a switch decoder or an endpoint decoder, named decoder<port>.<id>. */
export interface SimCxlDecoder {
  port: number;
  id: number;
  /** The host physical range it decodes; size 0: not committed ("disabled"). */
  start: number;
  size: number;
  ways: number;
  granularity: number;
  /** Root and switch decoders: the dport ids of target_list, in position order. */
  targets: number[];
  /** The region it is part of (switch and endpoint decoders). */
  region: string | null;
  /** Root decoders: what the window may hold. */
  caps: { pmem: boolean; ram: boolean; type2: boolean; type3: boolean } | null;
  /** Endpoint decoders: the partition it maps (none until set), and its device physical address range. */
  mode: 'none' | 'ram' | 'pmem' | null;
  dpaResource: number | null;
  dpaSize: number;
}

/** A CXL region (regionN under a root decoder). */
export interface SimCxlRegion {
  id: number;
  /** The root decoder it was created under ("decoder0.0"). */
  decoder: string;
  type: 'pmem' | 'ram';
  start: number;
  size: number;
  ways: number;
  granularity: number;
  uuid: string;
  /** Endpoint decoder names by position (target0..N). */
  targets: string[];
  committed: boolean;
  enabled: boolean;
}

/** The CXL side of a machine. */
export interface SimCxl {
  buses: SimCxlBus[];
  ports: SimCxlPort[];
  memdevs: SimCxlMemdev[];
  decoders: SimCxlDecoder[];
  regions: SimCxlRegion[];
  /** The nd bus (ndbusN) cxl_pmem's nvdimm bridge made, where a pmem region's nd region appears; null without one. */
  ndBus: number | null;
  /** The target_node (proximity domain of the CFMWS) a region under each root decoder gets: decoder name -> node. */
  windowNodes: Record<string, number>;
  /** The nd region of each disabled pmem region ("region0"), to come back as it was when the region is enabled again (its namespaces
   *  live in the memdevs' label areas). */
  parked: Record<string, SimRegion>;
  /** The dax regions (and devices) of each disabled ram region, to come back when it is enabled again. */
  parkedDax?: Record<string, SimHmemRegion[]>;
  /** Memory a dax device hot-added that stayed online when its region was disabled under it: the kernel cannot remove it until the next
   *  reboot, and /proc/iomem still shows it as that device's "System RAM (kmem)". */
  stranded: { name: string; start: number; size: number }[];
  /** /proc/iomem's lines before the CXL windows and after them (the platform's, which the console does not change). */
  iomem: { head: string[]; tail: string[] };
}

/** What kind of port a port id is. */
export type CxlPortKind = 'root' | 'port' | 'endpoint';

/** The port's kind and name (root0, port1, endpoint2), or null for an id that is no port now. */
export function cxlPort(cxl: SimCxl, id: number): { kind: CxlPortKind; name: string } | null {
  if (cxl.buses.some((b) => b.id === id)) return { kind: 'root', name: `root${id}` };
  if (cxl.ports.some((p) => p.id === id)) return { kind: 'port', name: `port${id}` };
  if (cxl.memdevs.some((m) => m.endpoint === id)) return { kind: 'endpoint', name: `endpoint${id}` };
  return null;
}

/** A decoder's name. */
export const decoderName = (d: SimCxlDecoder) => `decoder${d.port}.${d.id}`;

/** The decoder of a name, among those whose port exists now. */
export function findDecoder(cxl: SimCxl, name: string): SimCxlDecoder | null {
  return liveDecoders(cxl).find((d) => decoderName(d) === name) ?? null;
}

/** The decoders whose port exists now (an endpoint's go with it). */
export function liveDecoders(cxl: SimCxl): SimCxlDecoder[] {
  return cxl.decoders.filter((d) => cxlPort(cxl, d.port) !== null);
}

/** The parent port id of a port (null for a root), the dports of a port, and the bus a port belongs to. */
export function parentOf(cxl: SimCxl, id: number): number | null {
  const port = cxl.ports.find((p) => p.id === id);
  if (port) return port.parent;
  const memdev = cxl.memdevs.find((m) => m.endpoint === id);
  return memdev ? memdev.port : null;
}

/** The dports of a root or a port (an endpoint has none). */
export function dportsOf(cxl: SimCxl, id: number): SimCxlDport[] {
  return cxl.buses.find((b) => b.id === id)?.dports ?? cxl.ports.find((p) => p.id === id)?.dports ?? [];
}

/** The id of the root above a port. */
export function rootOf(cxl: SimCxl, id: number): number {
  let at = id;
  for (let p = parentOf(cxl, at); p !== null; p = parentOf(cxl, at)) at = p;
  return at;
}

/** Distance of a port from its root (root 0). */
export function depthOf(cxl: SimCxl, id: number): number {
  let depth = 0;
  for (let p = parentOf(cxl, id); p !== null; p = parentOf(cxl, p)) depth++;
  return depth;
}

/** cxl_port_hosts_memdev: the memdev's endpoint is the port or below it. */
export function hostsMemdev(cxl: SimCxl, port: number, m: SimCxlMemdev): boolean {
  for (let at: number | null = m.endpoint; at !== null; at = parentOf(cxl, at)) if (at === port) return true;
  return false;
}

/** cxl_dport_maps_memdev / cxl_target_maps_memdev: the memdev's host path contains the dport's path. */
export const mapsMemdev = (dport: SimCxlDport, m: SimCxlMemdev) => m.hostPath.includes(dport.path);

/** The memdev an endpoint decoder belongs to. */
export function memdevOfDecoder(cxl: SimCxl, d: SimCxlDecoder): SimCxlMemdev | null {
  return cxl.memdevs.find((m) => m.endpoint === d.port) ?? null;
}

/** The lowest port id free (ports, roots and endpoints share one ida in the kernel). */
export function freePortId(cxl: SimCxl): number {
  const used = new Set([...cxl.buses.map((b) => b.id), ...cxl.ports.map((p) => p.id), ...cxl.memdevs.flatMap((m) => (m.endpoint === null ? [] : [m.endpoint]))]);
  let id = 0;
  while (used.has(id)) id++;
  return id;
}

/** The lowest region id free (the root decoder's create_pmem_region offers it). */
export function freeRegionId(cxl: SimCxl): number {
  let id = 0;
  while (cxl.regions.some((r) => r.id === id)) id++;
  return id;
}

/** Binds a memdev's driver: its endpoint port appears with fresh, uncommitted decoders. */
export function enableMemdev(cxl: SimCxl, m: SimCxlMemdev): void {
  if (m.enabled) return;
  m.enabled = true;
  m.endpoint = freePortId(cxl);
  // A stale endpoint's decoders of the same id go; the new endpoint's start uncommitted, in no partition.
  cxl.decoders = cxl.decoders.filter((d) => d.port !== m.endpoint);
  for (let id = 0; id < m.hdmDecoders; id++) {
    cxl.decoders.push({ port: m.endpoint, id, start: 0, size: 0, ways: 1, granularity: 256, targets: [], region: null, caps: null, mode: 'none', dpaResource: null, dpaSize: 0 });
  }
}

/** The state's CXL side; a machine without one (a twin of a machine whose cxl listed nothing) has no devices for cxl to find. */
export function cxlOf(state: SimState): SimCxl {
  return state.cxl ?? { buses: [], ports: [], memdevs: [], decoders: [], regions: [], ndBus: null, windowNodes: {}, parked: {}, stranded: [], iomem: { head: [], tail: [] } };
}

/** Unbinds a memdev's driver: its endpoint port and the endpoint's decoders go. */
export function disableMemdev(cxl: SimCxl, m: SimCxlMemdev): void {
  if (!m.enabled) return;
  cxl.decoders = cxl.decoders.filter((d) => d.port !== m.endpoint);
  m.enabled = false;
  m.endpoint = null;
}
