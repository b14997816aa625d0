// cxl's device filters (cxl/filter.c, ndctl 76.1): which bus, port, endpoint, memdev, decoder or region an -b/-p/-e/-m/-s/-d/-r
// argument names, with its quirks (a number or "memN" names an id; "root", "switch", "endpoint" name a kind; lists split on spaces or commas).
import { cxlPort, decoderName, dportsOf, hostsMemdev, liveDecoders, mapsMemdev, parentOf, type SimCxl, type SimCxlDecoder, type SimCxlMemdev, type SimCxlRegion } from './cxl-state.js';

/** What a listing filters on (cxl_filter_params' strings); undefined where not given. */
export interface CxlFilters {
  memdev?: string;
  serial?: string;
  bus?: string;
  port?: string;
  endpoint?: string;
  decoder?: string;
  region?: string;
}

/** cxl_filter_params' port filter mode: -S lists only the ports named, not their descendants. */
export type PortFilterMode = 'single' | 'ancestry';

/** The words of a filter: split on spaces if it has any, else on commas (which_sep), empty words dropped (strtok). */
export function filterWords(filter: string): string[] {
  const sep = filter.includes(' ') ? ' ' : filter.includes(',') ? ',' : ' ';
  return filter.split(sep).filter(Boolean);
}

/** sscanf("%d") or sscanf("<prefix>%d"): the number a word starts with, or null. */
function scanId(word: string, prefix: string): number | null {
  const m = /^\s*([+-]?\d+)/.exec(word) ?? (word.startsWith(prefix) ? /^\s*([+-]?\d+)/.exec(word.slice(prefix.length)) : null);
  return m ? Number(m[1]) : null;
}

/** cxl_filter_has: a word of the filter contains the needle. */
export const filterHas = (filter: string | undefined, needle: string) => !!filter && filterWords(filter).some((w) => w.includes(needle));

/** util_cxl_memdev_filter (with its serial filter). */
export function memdevMatches(m: SimCxlMemdev, ident: string | undefined, serials: string | undefined): boolean {
  if (ident !== undefined && !filterWords(ident).some((w) => w === 'all' || scanId(w, 'mem') === m.id || w === `mem${m.id}` || w === m.host)) return false;
  if (serials === undefined) return true;
  return filterWords(serials).some((w) => {
    const n = /^0x[0-9a-f]+$/i.test(w) ? parseInt(w, 16) : /^0[0-7]*$/.test(w) ? parseInt(w, 8) : /^\d+$/.test(w) ? Number(w) : NaN;
    return n === m.serial;
  });
}

/** The memdevs the -m/-s filters let through, as a predicate; null without such filters. */
export function memdevPredicate(f: CxlFilters): ((m: SimCxlMemdev) => boolean) | null {
  return f.memdev === undefined && f.serial === undefined ? null : (m) => memdevMatches(m, f.memdev, f.serial);
}

function portIdentMatches(cxl: SimCxl, id: number, ident: string): boolean {
  const p = cxlPort(cxl, id)!;
  const host = p.kind === 'root' ? cxl.buses.find((b) => b.id === id)!.host : p.kind === 'port' ? cxl.ports.find((x) => x.id === id)!.host : `mem${cxl.memdevs.find((m) => m.endpoint === id)!.id}`;
  return filterWords(ident).some((w) => w === 'all' || (w === 'root' && p.kind === 'root') || (w === 'switch' && p.kind === 'port') || (w === 'endpoint' && p.kind === 'endpoint') ||
    scanId(w, 'port') === id || w === p.name || w === host);
}

/** util_cxl_port_filter: the port, or (ancestry mode) one above it, is named. */
export function portMatches(cxl: SimCxl, id: number, ident: string | undefined, mode: PortFilterMode): boolean {
  if (ident === undefined) return true;
  for (let at: number | null = id; at !== null; at = parentOf(cxl, at)) {
    if (portIdentMatches(cxl, at, ident)) return true;
    if (mode === 'single') return false;
  }
  return false;
}

/** util_cxl_bus_filter. */
export function busMatches(cxl: SimCxl, busId: number, ident: string | undefined): boolean {
  if (ident === undefined) return true;
  const bus = cxl.buses.find((b) => b.id === busId)!;
  return filterWords(ident).some((w) => w === 'all' || scanId(w, 'root') === busId || w === `root${busId}` || w === bus.provider);
}

/** util_cxl_port_filter_by_bus: the port is on a bus the -b filter names. */
export function portOnBus(cxl: SimCxl, id: number, ident: string | undefined): boolean {
  if (ident === undefined) return true;
  let root = id;
  for (let p = parentOf(cxl, root); p !== null; p = parentOf(cxl, root)) root = p;
  return busMatches(cxl, root, ident);
}

/** util_cxl_endpoint_filter. */
export function endpointMatches(cxl: SimCxl, id: number, ident: string | undefined): boolean {
  if (ident === undefined) return true;
  const host = `mem${cxl.memdevs.find((m) => m.endpoint === id)!.id}`;
  return filterWords(ident).some((w) => w === 'all' || scanId(w, 'endpoint') === id || w === `endpoint${id}` || w === host);
}

/** util_cxl_endpoint_filter_by_port: the endpoint's own port matches alone, or its parent port in the filter's mode. */
export function endpointOnPort(cxl: SimCxl, id: number, ident: string | undefined, mode: PortFilterMode): boolean {
  if (portMatches(cxl, id, ident, 'single')) return true;
  const parent = parentOf(cxl, id);
  return parent !== null && portMatches(cxl, parent, ident, mode);
}

/** util_cxl_decoder_filter. */
export function decoderMatches(cxl: SimCxl, d: SimCxlDecoder, ident: string | undefined): boolean {
  if (ident === undefined) return true;
  const kind = cxlPort(cxl, d.port)!.kind;
  return filterWords(ident).some((w) => {
    if (w === 'all' || (w === 'root' && kind === 'root') || (w === 'switch' && kind === 'port') || (w === 'endpoint' && kind === 'endpoint')) return true;
    const m = /^(?:decoder)?\s*([+-]?\d+)\.\s*([+-]?\d+)/.exec(w);
    return (m !== null && Number(m[1]) === d.port && Number(m[2]) === d.id) || w === decoderName(d);
  });
}

/** cxl_decoder_get_target_by_memdev: a target of the decoder lies on the memdev's path. */
export function decoderTargetsMemdev(cxl: SimCxl, d: SimCxlDecoder, m: SimCxlMemdev): boolean {
  const dports = dportsOf(cxl, d.port);
  return d.targets.some((id) => {
    const dport = dports.find((p) => p.id === id);
    return !!dport && mapsMemdev(dport, m);
  });
}

/** util_cxl_decoder_filter_by_memdev: the decoder targets a filtered memdev, or is that memdev's endpoint decoder. */
export function decoderForMemdev(cxl: SimCxl, d: SimCxlDecoder, pred: ((m: SimCxlMemdev) => boolean) | null): boolean {
  if (!pred) return true;
  return cxl.memdevs.some((m) => pred(m) && (decoderTargetsMemdev(cxl, d, m) || m.endpoint === d.port));
}

/** util_cxl_memdev_filter_by_decoder: some decoder the -d filter names, anywhere, targets the memdev (endpoint decoders never do). */
export function memdevUnderDecoder(cxl: SimCxl, m: SimCxlMemdev, ident: string | undefined): boolean {
  if (ident === undefined) return true;
  return liveDecoders(cxl).some((d) => decoderMatches(cxl, d, ident) && decoderTargetsMemdev(cxl, d, m));
}

/** util_cxl_memdev_filter_by_port: a port the -b/-p filters name has a dport on the memdev's path. */
export function memdevUnderPort(cxl: SimCxl, m: SimCxlMemdev, busIdent: string | undefined, portIdent: string | undefined): boolean {
  if (busIdent === undefined && portIdent === undefined) return true;
  const ids = [...cxl.buses.map((b) => b.id), ...cxl.ports.map((p) => p.id), ...cxl.memdevs.flatMap((x) => (x.endpoint === null ? [] : [x.endpoint]))];
  const onPath = (id: number) => dportsOf(cxl, id).some((d) => mapsMemdev(d, m));
  // A bus the -b filter names: its root port has a dport on the memdev's path.
  if (cxl.buses.some((b) => busMatches(cxl, b.id, busIdent) && onPath(b.id))) return true;
  // Then any port the -p filter names (every port, without one: libcxl's own behaviour).
  return ids.some((id) => portMatches(cxl, id, portIdent, 'single') && onPath(id));
}

/** util_cxl_port_filter_by_memdev: the port hosts a filtered memdev. */
export function portHostsFiltered(cxl: SimCxl, id: number, pred: ((m: SimCxlMemdev) => boolean) | null): boolean {
  return !pred || cxl.memdevs.some((m) => pred(m) && hostsMemdev(cxl, id, m));
}

/** util_cxl_region_filter. */
export function regionMatches(r: SimCxlRegion, ident: string | undefined): boolean {
  if (ident === undefined) return true;
  return filterWords(ident).some((w) => w === 'all' || scanId(w, 'region') === r.id || w === `region${r.id}`);
}
