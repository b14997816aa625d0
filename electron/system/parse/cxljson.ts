// `cxl list` output, whatever its shape, as flat lists of buses, ports, memdevs, decoders and regions: the one place cxl's quirks are
// normalised (fixtures/real/qemu-cxl-pmem.json, cxl 76.1). Its shapes: a bare array of one kind of object; an array of one-key objects
// ({"anon memdevs": […]}, {"root decoders": […]}) when kinds are mixed; children nested under "ports:root0", "endpoints:port1",
// "decoders:endpoint2", "regions:decoder0.0", "memdevs:root0"; with -u, one object unwrapped from its array, sizes as
// "1024.00 MiB (1073.74 MB)" and ids as "0x2".
import type { Cxl, CxlDecoder, CxlMemdev, CxlPort, CxlRegion } from '../../../shared/model/cxl.js';
import { parseToolSize } from '../../../shared/units/index.js';
import { ToolOutputError } from './tool-output-error.js';

type Json = Record<string, unknown>;
interface Ctx {
  parentPort: string | null;
  decoderKind: CxlDecoder['kind'] | null;
  rootDecoder: string | null;
  anon: boolean;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A size or address as cxl prints it: a number, "0x590000000", or -u's "4.00 GiB (4.29 GB)". */
function size(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return null;
  try {
    return parseToolSize(v);
  } catch {
    return null;
  }
}

/** An id, serial or count: a number, or "0x2" / "12" as text. */
function int(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(v)) return Number(v);
  return null;
}

/** Which kind of decoder a list key names: "decoders:root0", "root decoders", "decoders:port1", "port decoders", "decoders:endpoint2". */
function decoderKindOf(key: string): CxlDecoder['kind'] | null {
  if (/^root decoders$|^decoders:root\d+$/.test(key)) return 'root';
  if (/^port decoders$|^decoders:port\d+$/.test(key)) return 'switch';
  if (/^endpoint decoders$|^decoders:endpoint\d+$/.test(key)) return 'endpoint';
  return null;
}

class Collector {
  readonly out: Cxl = { buses: [], ports: [], memdevs: [], decoders: [], regions: [] };

  /** Adds an object, or fills in what an earlier sighting of the same one (by name) did not show. */
  private put<T extends { name: string }>(list: T[], item: T): void {
    const old = list.find((x) => x.name === item.name);
    if (!old) {
      list.push(item);
      return;
    }
    for (const [k, v] of Object.entries(item) as [keyof T, T[keyof T]][]) {
      const cur = old[k];
      if (cur === null || (Array.isArray(cur) && cur.length === 0 && Array.isArray(v))) old[k] = v;
    }
  }

  private memdev(o: Json, endpoint: string | null, anon: boolean): void {
    const m: CxlMemdev = {
      name: str(o.memdev)!, serial: int(o.serial), host: str(o.host), ramSize: size(o.ram_size) ?? 0, pmemSize: size(o.pmem_size) ?? 0,
      numaNode: int(o.numa_node), endpoint, state: o.state === 'disabled' || anon ? 'disabled' : 'enabled',
    };
    this.put(this.out.memdevs, m);
  }

  private port(o: Json, kind: CxlPort['kind'], name: string, parent: string | null): void {
    const dports = Array.isArray(o.dports) ? o.dports.filter(isObject).map((d) => ({ dport: str(d.dport) ?? '', alias: str(d.alias), id: int(d.id) })) : [];
    this.put(this.out.ports, { name, kind, host: str(o.host), depth: int(o.depth), parent, dports });
  }

  private decoder(o: Json, ctx: Ctx): void {
    const capable = ['pmem_capable', 'volatile_capable', 'accelmem_capable'].some((k) => k in o);
    // A flat list (-D) does not say which kind each is: a root decoder has capabilities, an endpoint decoder a mode or DPA.
    const kind = ctx.decoderKind ?? (capable ? 'root' : 'mode' in o || 'dpa_resource' in o || 'dpa_size' in o ? 'endpoint' : 'switch');
    const d: CxlDecoder = {
      name: str(o.decoder)!, kind, port: null, resource: size(o.resource), size: size(o.size), interleaveWays: int(o.interleave_ways),
      interleaveGranularity: int(o.interleave_granularity), maxAvailableExtent: size(o.max_available_extent),
      capabilities: capable ? { pmem: o.pmem_capable === true, volatile: o.volatile_capable === true, accelmem: o.accelmem_capable === true } : null,
      targets: Array.isArray(o.targets) ? o.targets.filter(isObject).map((t) => ({ target: str(t.target) ?? '', alias: str(t.alias), position: int(t.position), id: int(t.id) })) : [],
      region: str(o.region), mode: str(o.mode), dpaResource: size(o.dpa_resource), dpaSize: size(o.dpa_size), state: o.state === 'disabled' ? 'disabled' : 'enabled',
    };
    this.put(this.out.decoders, d);
  }

  private region(o: Json, ctx: Ctx): void {
    const r: CxlRegion = {
      name: str(o.region)!, type: str(o.type), resource: size(o.resource), size: size(o.size), interleaveWays: int(o.interleave_ways),
      interleaveGranularity: int(o.interleave_granularity), decodeState: str(o.decode_state),
      mappings: Array.isArray(o.mappings) ? o.mappings.filter(isObject).map((m) => ({ position: int(m.position) ?? 0, memdev: str(m.memdev) ?? '', decoder: str(m.decoder) ?? '' })).sort((a, b) => a.position - b.position) : [],
      rootDecoder: ctx.rootDecoder, state: o.state === 'disabled' ? 'disabled' : 'enabled',
    };
    this.put(this.out.regions, r);
  }

  walk(v: unknown, ctx: Ctx): void {
    if (Array.isArray(v)) {
      for (const x of v) this.walk(x, ctx);
      return;
    }
    if (!isObject(v)) return;
    const inner: Ctx = { ...ctx };
    if (typeof v.decoder === 'string') {
      this.decoder(v, ctx);
      inner.rootDecoder = v.decoder;
    } else if (typeof v.region === 'string') this.region(v, ctx);
    else if (typeof v.endpoint === 'string') {
      this.port(v, 'endpoint', v.endpoint, ctx.parentPort);
      if (isObject(v.memdev) && typeof v.memdev.memdev === 'string') this.memdev(v.memdev, v.endpoint, false);
      inner.parentPort = v.endpoint;
    } else if (typeof v.port === 'string') {
      this.port(v, 'port', v.port, ctx.parentPort);
      inner.parentPort = v.port;
    } else if (typeof v.bus === 'string') {
      this.put(this.out.buses, { name: v.bus, provider: str(v.provider) ?? '' });
      this.port(v, 'root', v.bus, null);
      inner.parentPort = v.bus;
    } else if (typeof v.memdev === 'string') this.memdev(v, null, ctx.anon);
    for (const [key, child] of Object.entries(v)) {
      if (!Array.isArray(child) && !isObject(child)) continue;
      if (key === 'dports' || key === 'targets' || key === 'mappings' || key === 'memdev') continue;
      const named = /^(\w+):(\S+)$/.exec(key);
      const next: Ctx = { ...inner, decoderKind: decoderKindOf(key), anon: key === 'anon memdevs' };
      if (named && (named[1] === 'ports' || named[1] === 'endpoints')) next.parentPort = named[2]!;
      if (named && named[1] === 'regions') next.rootDecoder = named[2]!;
      this.walk(child, next);
    }
  }

  /** Links what the walk could not: each decoder's port (decoderN.M is port N's), each memdev's endpoint, each region's window. */
  finish(): Cxl {
    const o = this.out;
    const portById = new Map(o.ports.map((p) => [p.name.replace(/^\D+/, ''), p.name]));
    for (const d of o.decoders) d.port ??= portById.get(/^decoder(\d+)\./.exec(d.name)?.[1] ?? '') ?? null;
    for (const p of o.ports.filter((x) => x.kind === 'endpoint')) {
      const m = o.memdevs.find((x) => x.name === p.host);
      if (m) m.endpoint ??= p.name;
    }
    for (const r of o.regions) {
      r.rootDecoder ??= o.decoders.find((d) => d.kind === 'root' && d.resource !== null && d.size !== null && r.resource !== null && r.resource >= d.resource && r.resource < d.resource + d.size)?.name ?? null;
      r.type ??= o.decoders.find((d) => r.mappings.some((m) => m.decoder === d.name) && d.mode)?.mode ?? null;
    }
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'en', { numeric: true });
    for (const list of [o.buses, o.ports, o.memdevs, o.decoders, o.regions]) list.sort(byName);
    return o;
  }
}

/** Parses any `cxl list` output (text) into flat lists; "" and "[\n]" (nothing matched) are empty. */
export function parseCxlList(text: string): Cxl {
  let value: unknown = [];
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new ToolOutputError('cxl', `not JSON (${(e as Error).message})`);
    }
  }
  if (value === null || typeof value !== 'object') throw new ToolOutputError('cxl', `expected a JSON object or array, got ${JSON.stringify(value).slice(0, 40)}`);
  const c = new Collector();
  c.walk(value, { parentPort: null, decoderKind: null, rootDecoder: null, anon: false });
  return c.finish();
}
