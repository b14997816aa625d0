// cxl's JSON objects for the emulated topology, field by field as cxl/json.c (ndctl 76.1) builds them.
import { windowRoom } from '../../../shared/model/cxl-links.js';
import type { JsonValue } from './jsonc.js';
import { hexJson, sizeJson } from './ndjson.js';
import { cxlPort, decoderName, dportsOf, depthOf, mapsMemdev, memdevOfDecoder, type SimCxl, type SimCxlDecoder, type SimCxlMemdev, type SimCxlRegion } from './cxl-state.js';

/** The UTIL_JSON_* flags a listing passes down. */
export interface CxlJsonFlags {
  human: boolean;
  targets: boolean;
  partition: boolean;
}

type Obj = Record<string, JsonValue>;
/** The memdevs a -m/-s filter lets through; null where there is no such filter. */
export type MemdevFilter = ((m: SimCxlMemdev) => boolean) | null;

/** util_cxl_memdev_to_json. QEMU's device answers neither health nor alert-config (-H, -A add nothing); identify works (-I). */
export function memdevJson(m: SimCxlMemdev, f: CxlJsonFlags): Obj {
  const o: Obj = { memdev: `mem${m.id}` };
  if (m.pmemSize) o.pmem_size = sizeJson(m.pmemSize, f);
  if (m.ramSize) o.ram_size = sizeJson(m.ramSize, f);
  o.serial = hexJson(m.serial, f);
  if (m.numaNode >= 0) o.numa_node = m.numaNode;
  o.host = m.host;
  if (!m.enabled) o.state = 'disabled';
  if (f.partition) {
    // IDENTIFY: no partition alignment means the capacity is not partitionable, and GET_PARTITION_INFO is not asked.
    o.partition_info = {
      total_size: sizeJson(m.ramSize + m.pmemSize, f), volatile_only_size: sizeJson(m.ramSize, f), persistent_only_size: sizeJson(m.pmemSize, f), partition_alignment_size: sizeJson(0, f),
    };
  }
  return o;
}

/** util_cxl_bus_to_json. */
export function busJson(cxl: SimCxl, id: number): Obj {
  return { bus: `root${id}`, provider: cxl.buses.find((b) => b.id === id)!.provider };
}

/** util_cxl_port_to_json / util_cxl_endpoint_to_json (ports here are always enabled: their driver is bound while they exist). */
export function portJson(cxl: SimCxl, id: number, key: 'port' | 'endpoint'): Obj {
  const host = key === 'endpoint' ? `mem${cxl.memdevs.find((m) => m.endpoint === id)!.id}` : cxl.ports.find((p) => p.id === id)!.host;
  return { [key]: `${key}${id}`, host, depth: depthOf(cxl, id) };
}

/** util_cxl_dports_append_json: nr_dports and the dports (those mapping the memdev filter's memdevs), with -T only. */
export function appendDports(cxl: SimCxl, o: Obj, port: number, filter: MemdevFilter, f: CxlJsonFlags): void {
  const dports = dportsOf(cxl, port);
  if (!dports.length || !f.targets) return;
  o.nr_dports = dports.length;
  o.dports = dports
    .filter((d) => !filter || cxl.memdevs.some((m) => filter(m) && mapsMemdev(d, m)))
    .map((d) => ({ dport: d.name, ...(d.alias ? { alias: d.alias } : {}), id: hexJson(d.id, f) }));
}

/** util_cxl_decoder_to_json. */
export function decoderJson(cxl: SimCxl, d: SimCxlDecoder, f: CxlJsonFlags): Obj {
  const kind = cxlPort(cxl, d.port)!.kind;
  const o: Obj = { decoder: decoderName(d) };
  if (d.size) {
    o.resource = hexJson(d.start, f);
    o.size = sizeJson(d.size, f);
  }
  o.interleave_ways = d.ways;
  // "granularity is a don't care if not interleaving"
  if (d.ways > 1) o.interleave_granularity = d.granularity;
  if (d.region) o.region = d.region;
  if (d.size === 0) o.state = 'disabled';
  if (kind === 'endpoint') {
    if (d.dpaSize && d.dpaResource !== null) o.dpa_resource = hexJson(d.dpaResource, f);
    if (d.dpaSize) o.dpa_size = sizeJson(d.dpaSize, f);
    if (d.mode && d.mode !== 'none') o.mode = d.mode;
  }
  if (kind === 'root' && d.caps) {
    if (d.caps.type3) {
      o.max_available_extent = sizeJson(maxAvailableExtent(cxl, d), f);
      if (d.caps.pmem) o.pmem_capable = true;
      if (d.caps.ram) o.volatile_capable = true;
    }
    if (d.caps.type2) o.accelmem_capable = true;
  }
  return o;
}

/** util_cxl_targets_append_json: nr_targets, and with -T the targets in libcxl's list order (it adds each at the head of the list, so
 *  the last position comes first). Endpoints have none: they are targets. */
export function appendTargets(cxl: SimCxl, o: Obj, d: SimCxlDecoder, filter: MemdevFilter, f: CxlJsonFlags): void {
  if (cxlPort(cxl, d.port)!.kind === 'endpoint') return;
  o.nr_targets = d.targets.length;
  if (!f.targets || !d.targets.length) return;
  const dports = dportsOf(cxl, d.port);
  const out: JsonValue[] = [];
  d.targets.forEach((id, position) => {
    const dport = dports.find((p) => p.id === id)!;
    if (filter && !cxl.memdevs.some((m) => filter(m) && mapsMemdev(dport, m))) return;
    out.unshift({ target: dport.name, ...(dport.alias ? { alias: dport.alias } : {}), position, id: hexJson(id, f) });
  });
  o.targets = out;
}

/** util_cxl_region_to_json; mappings (with -T) in libcxl's list order, the last position first. */
export function regionJson(cxl: SimCxl, r: SimCxlRegion, f: CxlJsonFlags): Obj {
  const o: Obj = { region: `region${r.id}`, resource: hexJson(r.start, f), size: sizeJson(r.size, f), interleave_ways: r.ways, interleave_granularity: r.granularity };
  o.decode_state = r.committed ? 'commit' : 'reset';
  if (!r.enabled) o.state = 'disabled';
  if (f.targets && r.ways) {
    const mappings: JsonValue[] = [];
    r.targets.forEach((name, position) => {
      const d = cxl.decoders.find((x) => decoderName(x) === name);
      if (!d) return;
      const m = memdevOfDecoder(cxl, d);
      mappings.unshift({ position, ...(m ? { memdev: `mem${m.id}` } : {}), decoder: name });
    });
    o.mappings = mappings;
  }
  return o;
}

/** The largest free gap in a root decoder's window (libcxl's cxl_decoder_calc_max_available_extent over the regions under it). */
export function maxAvailableExtent(cxl: SimCxl, d: SimCxlDecoder): number {
  return windowRoom(d.start, d.size, cxl.regions.filter((r) => r.decoder === decoderName(d) && r.size > 0));
}
