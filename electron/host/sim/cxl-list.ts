// `cxl list` on the emulated topology: cxl/list.c's options and cxl/filter.c's cxl_filter_walk (ndctl 76.1), step by step, so the
// listing nests, splices and unwraps as the real one does ({"anon memdevs"}, "ports:root0", one-element arrays unwrapped by -u, ...).
import type { JsonValue } from './jsonc.js';
import { toJsonC } from './jsonc.js';
import { appendDports, appendTargets, busJson, decoderJson, memdevJson, portJson, regionJson, type CxlJsonFlags } from './cxl-json.js';
import {
  busMatches, decoderForMemdev, decoderMatches, endpointMatches, endpointOnPort, filterHas, memdevMatches, memdevPredicate, memdevUnderDecoder, memdevUnderPort,
  portHostsFiltered, portMatches, portOnBus, regionMatches, type CxlFilters, type PortFilterMode,
} from './cxl-filter.js';
import { cxlPort, decoderName, type SimCxl } from './cxl-state.js';

/** cxl_filter_params: what to list, and the filters. */
export interface CxlListParams extends CxlFilters {
  memdevs: boolean;
  buses: boolean;
  ports: boolean;
  endpoints: boolean;
  decoders: boolean;
  regions: boolean;
  targets: boolean;
  idle: boolean;
  human: boolean;
  single: boolean;
  partition: boolean;
}

type Obj = Record<string, JsonValue>;
type Arr = JsonValue[];

/** The walk's state: the parameters, json flags and the mode ports are filtered in. */
interface Walk {
  cxl: SimCxl;
  p: CxlListParams;
  f: CxlJsonFlags;
  mode: PortFilterMode;
}

const pick = (child: Arr | null, container: Arr | null) => child ?? container;
function addSuffixed(o: Obj | null, key: string, suffix: string, arr: Arr | null): void {
  if (o && arr && arr.length) o[`${key}:${suffix}`] = arr;
}

const decodersOf = (cxl: SimCxl, port: number) => cxl.decoders.filter((d) => d.port === port).sort((a, b) => a.id - b.id);
const endpointsOf = (cxl: SimCxl, port: number) => cxl.memdevs.filter((m) => m.endpoint !== null && m.port === port).sort((a, b) => a.endpoint! - b.endpoint!);
const childPortsOf = (cxl: SimCxl, port: number) => cxl.ports.filter((p) => p.parent === port);

function walkRegions(w: Walk, decoder: string, out: Arr): void {
  const d = w.cxl.decoders.find((x) => decoderName(x) === decoder)!;
  for (const r of w.cxl.regions.filter((x) => x.decoder === decoder).sort((a, b) => a.start - b.start)) {
    if (!regionMatches(r, w.p.region)) continue;
    if (!portOnBus(w.cxl, d.port, w.p.bus)) continue;
    if (!portMatches(w.cxl, d.port, w.p.port, 'ancestry')) continue;
    if (!decoderMatches(w.cxl, d, w.p.decoder)) continue;
    if (!w.p.idle && !r.enabled) continue;
    out.push(regionJson(w.cxl, r, w.f));
  }
}

/** util_cxl_decoder_filter_by_region: with an -r filter, only a decoder that is part of a region it names. */
function regionOfDecoderMatches(cxl: SimCxl, d: SimCxl['decoders'][number], ident: string | undefined): boolean {
  if (ident === undefined) return true;
  const region = cxl.regions.find((r) => `region${r.id}` === d.region);
  return !!region && regionMatches(region, ident);
}

function walkDecoders(w: Walk, port: number, jdecoders: Arr | null, jregions: Arr | null): void {
  const { cxl, p } = w;
  const pred = memdevPredicate(p);
  for (const d of decodersOf(cxl, port)) {
    let jdecoder: Obj | null = null;
    let childRegions: Arr | null = null;
    const listed =
      p.decoders && decoderMatches(cxl, d, p.decoder) && portOnBus(cxl, d.port, p.bus) && portMatches(cxl, d.port, p.port, w.mode) && decoderForMemdev(cxl, d, pred) &&
      regionOfDecoderMatches(cxl, d, p.region);
    if (listed) {
      if (!p.idle && d.size === 0) continue;
      jdecoder = decoderJson(cxl, d, w.f);
      appendTargets(cxl, jdecoder, d, pred, w.f);
      if (p.regions) childRegions = [];
      jdecoders?.push(jdecoder);
    }
    if (!p.regions || cxlPort(cxl, port)!.kind !== 'root') continue;
    const into = pick(childRegions, jregions);
    if (into) walkRegions(w, decoderName(d), into);
    addSuffixed(jdecoder, 'regions', decoderName(d), childRegions);
  }
}

function walkEndpoints(w: Walk, port: number, jeps: Arr | null, jdevs: Arr | null, jdecoders: Arr | null): void {
  const { cxl, p } = w;
  const pred = memdevPredicate(p);
  for (const m of endpointsOf(cxl, port)) {
    const ep = m.endpoint!;
    let jendpoint: Obj | null = null;
    let childDecoders: Arr | null = null;
    if (!endpointMatches(cxl, ep, p.endpoint) || !portOnBus(cxl, ep, p.bus) || !endpointOnPort(cxl, ep, p.port, w.mode)) continue;
    if (pred && !pred(m)) continue;
    if (p.endpoints) {
      jendpoint = portJson(cxl, ep, 'endpoint');
      jeps?.push(jendpoint);
    }
    if (p.memdevs) {
      if (!memdevMatches(m, p.memdev, p.serial) || !memdevUnderDecoder(cxl, m, p.decoder) || !memdevUnderPort(cxl, m, p.bus, p.port)) continue;
      const jm = memdevJson(m, w.f);
      if (p.endpoints) jendpoint!.memdev = jm;
      else jdevs?.push(jm);
    }
    if (p.decoders && p.endpoints) childDecoders = [];
    if (!p.decoders) continue;
    walkDecoders(w, ep, pick(childDecoders, jdecoders), null);
    addSuffixed(jendpoint, 'decoders', `endpoint${ep}`, childDecoders);
  }
}

function walkChildPorts(w: Walk, parent: number, jports: Arr | null, jportdecoders: Arr | null, jeps: Arr | null, jepdecoders: Arr | null, jdevs: Arr | null): void {
  const { cxl, p } = w;
  for (const port of childPortsOf(cxl, parent)) {
    let jport: Obj | null = null;
    let childDevs: Arr | null = null;
    let childPorts: Arr | null = null;
    let childEps: Arr | null = null;
    let childDecoders: Arr | null = null;
    if (!portHostsFiltered(cxl, port.id, memdevPredicate(p))) continue;
    if (portMatches(cxl, port.id, p.port, w.mode) && portOnBus(cxl, port.id, p.bus) && p.ports) {
      jport = portJson(cxl, port.id, 'port');
      appendDports(cxl, jport, port.id, memdevPredicate(p), w.f);
      jports?.push(jport);
      childPorts = [];
      if (p.memdevs) childDevs = [];
      if (p.endpoints) childEps = [];
      if (p.decoders) childDecoders = [];
    }
    if (p.endpoints || p.memdevs || p.decoders) walkEndpoints(w, port.id, pick(childEps, jeps), pick(childDevs, jdevs), pick(childDecoders, jepdecoders));
    walkDecoders(w, port.id, pick(childDecoders, jportdecoders), null);
    walkChildPorts(w, port.id, pick(childPorts, jports), pick(childDecoders, jportdecoders), pick(childEps, jeps), pick(childDecoders, jepdecoders), pick(childDevs, jdevs));
    const name = `port${port.id}`;
    addSuffixed(jport, 'ports', name, childPorts);
    addSuffixed(jport, 'endpoints', name, childEps);
    addSuffixed(jport, 'decoders', name, childDecoders);
    addSuffixed(jport, 'memdevs', name, childDevs);
  }
}

/** cxl_filter_walk: the top-level array of a listing. */
export function cxlFilterWalk(cxl: SimCxl, p: CxlListParams): JsonValue[] {
  const w: Walk = { cxl, p, f: { human: p.human, targets: p.targets, partition: p.partition }, mode: p.single ? 'single' : 'ancestry' };
  const anon: Arr = [], buses: Arr = [], ports: Arr = [], eps: Arr = [], devs: Arr = [], busDecoders: Arr = [], portDecoders: Arr = [], epDecoders: Arr = [], regions: Arr = [];
  for (const m of cxl.memdevs) {
    if (!memdevMatches(m, p.memdev, p.serial) || m.enabled || !p.idle) continue;
    if (p.memdevs) anon.push(memdevJson(m, w.f));
  }
  const pred = memdevPredicate(p);
  for (const bus of cxl.buses) {
    let jbus: Obj | null = null;
    let childDecoders: Arr | null = null, childPorts: Arr | null = null, childDevs: Arr | null = null, childEps: Arr | null = null, childRegions: Arr | null = null;
    if (pred && !cxl.memdevs.some((m) => pred(m) && m.endpoint !== null && portOnBus(cxl, m.endpoint, `root${bus.id}`))) continue;
    if (busMatches(cxl, bus.id, p.bus) && portMatches(cxl, bus.id, p.port, w.mode) && p.buses) {
      jbus = busJson(cxl, bus.id);
      appendDports(cxl, jbus, bus.id, pred, w.f);
      buses.push(jbus);
      if (p.ports) childPorts = [];
      if (p.endpoints) childEps = [];
      if (p.memdevs) childDevs = [];
      if (p.decoders) childDecoders = [];
      if (p.regions) childRegions = [];
    }
    walkDecoders(w, bus.id, pick(childDecoders, busDecoders), pick(childRegions, regions));
    if (p.endpoints || p.memdevs || p.decoders) walkEndpoints(w, bus.id, pick(childEps, eps), pick(childDevs, devs), pick(childDecoders, epDecoders));
    walkChildPorts(w, bus.id, pick(childPorts, ports), pick(childDecoders, portDecoders), pick(childEps, eps), pick(childDecoders, epDecoders), pick(childDevs, devs));
    const name = `root${bus.id}`;
    addSuffixed(jbus, 'ports', name, childPorts);
    addSuffixed(jbus, 'endpoints', name, childEps);
    addSuffixed(jbus, 'decoders', name, childDecoders);
    addSuffixed(jbus, 'regions', name, childRegions);
    addSuffixed(jbus, 'memdevs', name, childDevs);
  }
  const groups: [string, Arr][] = [['anon memdevs', anon], ['buses', buses], ['ports', ports], ['endpoints', eps], ['memdevs', devs], ['root decoders', busDecoders], ['port decoders', portDecoders], ['endpoint decoders', epDecoders], ['regions', regions]];
  const nonEmpty = groups.filter(([, a]) => a.length);
  if (nonEmpty.length > 1) return nonEmpty.map(([name, a]) => ({ [name]: a }));
  return nonEmpty.flatMap(([, a]) => a);
}

/** util_display_json_array: the listing as cxl prints it; -u unwraps a one-element array, and an empty one warns (or, with -u, prints nothing). */
export function displayJsonArray(arr: JsonValue[], human: boolean): { stdout: string; stderr: string } {
  if (arr.length > 1 || !human) return { stdout: toJsonC(arr) + '\n', stderr: arr.length === 0 ? '  Warning: no matching devices found\n\n' : '' };
  return { stdout: arr.length ? toJsonC(arr[0]!) + '\n' : '', stderr: '' };
}

/** cmd_list's defaults: filters imply what to list (and -S), nothing asked means regions and memdevs, -v/-vv/-vvv add objects and detail. */
export function listDefaults(p: CxlListParams, verbose: number): CxlListParams {
  const q = { ...p };
  const count = () => [q.memdevs, q.buses, q.ports, q.endpoints, q.decoders, q.regions].filter(Boolean).length;
  if (count() === 0) {
    if (q.memdev !== undefined || q.serial !== undefined) q.memdevs = true;
    if (q.bus !== undefined) q.buses = true;
    if (q.port !== undefined) q.ports = true;
    if (q.endpoint !== undefined) q.endpoints = true;
    if (q.decoder !== undefined) q.decoders = true;
    q.single = true;
    if (q.region !== undefined) q.regions = true;
  }
  if (count() === 0) q.regions = q.memdevs = true;
  if (verbose >= 3) q.partition = true;
  if (verbose >= 2) q.idle = true;
  if (verbose >= 1) q.buses = q.ports = q.endpoints = q.decoders = q.targets = true;
  if (filterHas(q.port, 'root') && q.ports) q.buses = true;
  if (filterHas(q.port, 'endpoint') && q.ports) q.endpoints = true;
  return q;
}
