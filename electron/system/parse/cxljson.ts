// `cxl list` output, whatever its shape, as flat lists of buses, ports, memdevs, decoders and regions: the one place cxl's quirks are
// normalised (fixtures/real/qemu-cxl-pmem.json, cxl 76.1). Its shapes: a bare array of one kind of object; an array of one-key objects
// ({"anon memdevs": […]}, {"root decoders": […]}) when kinds are mixed; children nested under "ports:root0", "endpoints:port1",
// "decoders:endpoint2", "regions:decoder0.0", "memdevs:root0"; with -u, one object unwrapped from its array, sizes as
// "1024.00 MiB (1073.74 MB)" and ids as "0x2".
import type { Cxl, CxlDecoder, CxlMemdev, CxlPort, CxlRegion } from '../../../shared/model/cxl.js';
import { isU64, parseToolSize, parseU64 } from '../../../shared/units/index.js';
import { ToolOutputError } from './tool-output-error.js';
import { quoteValue } from './tolerant.js';
import { protectInexactIntegers } from './tooljson.js';

type Json = Record<string, unknown>;
interface Ctx {
  parentPort: string | null;
  decoderKind: CxlDecoder['kind'] | null;
  rootDecoder: string | null;
  anon: boolean;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A size or address as cxl prints it: a number, "0x590000000", or -u's "4.00 GiB (4.29 GB)"; a u64 a number holds exactly. */
function size(v: unknown): number | null {
  if (typeof v === 'number') return isU64(v) ? v : null;
  if (typeof v !== 'string') return null;
  try {
    const n = parseToolSize(v);
    return isU64(n) ? n : null;
  } catch {
    return null;
  }
}

/** An id, serial or count: a whole number, or "0x2" / "12" as text. */
function int(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2 ** 64) return v;
  if (typeof v === 'string') return parseU64(v);
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
  constructor(private readonly notes: string[]) {}

  /** A field that is there but does not read as what it should be: unknown, with a note naming it. */
  private bad<T>(owner: string, key: string, v: unknown, what: string): T | null {
    this.notes.push(`cxl list: ${owner} ${key}: ${quoteValue(v)} is not ${what}; taken as unknown`);
    return null;
  }
  /** A size or address field, null where absent, noted where it does not read. */
  private sz(o: Json, key: string, owner: string): number | null {
    const v = o[key];
    return v === undefined ? null : size(v) ?? this.bad(owner, key, v, 'a size or address (a whole number of bytes below 2^64)');
  }
  /** A whole-number field (id, serial, count), null where absent, noted where it does not read. */
  private num(o: Json, key: string, owner: string): number | null {
    const v = o[key];
    return v === undefined ? null : int(v) ?? this.bad(owner, key, v, 'a whole number');
  }
  /** A text field, null where absent, noted where it is not text. */
  private text(o: Json, key: string, owner: string): string | null {
    const v = o[key];
    return v === undefined ? null : str(v) ?? this.bad(owner, key, v, 'text');
  }
  /** enabled or disabled (absent: enabled, as cxl leaves it out for an enabled object); another word is noted. */
  private state(o: Json, owner: string): 'enabled' | 'disabled' {
    const v = o.state;
    if (v !== undefined && v !== 'enabled' && v !== 'disabled') this.bad(owner, 'state', v, 'enabled or disabled');
    return v === 'disabled' ? 'disabled' : 'enabled';
  }

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
    const n = str(o.memdev)!;
    const m: CxlMemdev = {
      name: n, serial: this.num(o, 'serial', n), host: this.text(o, 'host', n), ramSize: this.sz(o, 'ram_size', n) ?? 0, pmemSize: this.sz(o, 'pmem_size', n) ?? 0,
      numaNode: this.num(o, 'numa_node', n), endpoint, state: this.state(o, n) === 'disabled' || anon ? 'disabled' : 'enabled',
    };
    this.put(this.out.memdevs, m);
  }

  private port(o: Json, kind: CxlPort['kind'], name: string, parent: string | null): void {
    const dports = this.objects(o, 'dports', name).map((d) => ({ dport: this.text(d, 'dport', `${name} dports`) ?? '', alias: this.text(d, 'alias', `${name} dports`), id: this.num(d, 'id', `${name} dports`) }));
    this.put(this.out.ports, { name, kind, host: this.text(o, 'host', name), depth: this.num(o, 'depth', name), parent, dports });
  }

  private decoder(o: Json, ctx: Ctx): void {
    const capable = ['pmem_capable', 'volatile_capable', 'accelmem_capable'].some((k) => k in o);
    for (const k of ['pmem_capable', 'volatile_capable', 'accelmem_capable']) if (k in o && typeof o[k] !== 'boolean') this.bad(str(o.decoder)!, k, o[k], 'true or false');
    // A flat list (-D) does not say which kind each is: a root decoder has capabilities, an endpoint decoder a mode or DPA.
    const kind = ctx.decoderKind ?? (capable ? 'root' : 'mode' in o || 'dpa_resource' in o || 'dpa_size' in o ? 'endpoint' : 'switch');
    const n = str(o.decoder)!;
    const d: CxlDecoder = {
      name: n, kind, port: null, resource: this.sz(o, 'resource', n), size: this.sz(o, 'size', n), interleaveWays: this.num(o, 'interleave_ways', n),
      interleaveGranularity: this.num(o, 'interleave_granularity', n), maxAvailableExtent: this.sz(o, 'max_available_extent', n),
      capabilities: capable ? { pmem: o.pmem_capable === true, volatile: o.volatile_capable === true, accelmem: o.accelmem_capable === true } : null,
      targets: this.objects(o, 'targets', n).map((t) => ({ target: this.text(t, 'target', `${n} targets`) ?? '', alias: this.text(t, 'alias', `${n} targets`), position: this.num(t, 'position', `${n} targets`), id: this.num(t, 'id', `${n} targets`) })),
      region: this.text(o, 'region', n), mode: this.text(o, 'mode', n), dpaResource: this.sz(o, 'dpa_resource', n), dpaSize: this.sz(o, 'dpa_size', n), state: this.state(o, n),
    };
    this.put(this.out.decoders, d);
  }

  private region(o: Json, ctx: Ctx): void {
    const n = str(o.region)!;
    const r: CxlRegion = {
      name: n, type: this.text(o, 'type', n), resource: this.sz(o, 'resource', n), size: this.sz(o, 'size', n), interleaveWays: this.num(o, 'interleave_ways', n),
      interleaveGranularity: this.num(o, 'interleave_granularity', n), decodeState: this.text(o, 'decode_state', n),
      mappings: this.objects(o, 'mappings', n).map((m) => ({ position: this.num(m, 'position', `${n} mappings`) ?? 0, memdev: this.text(m, 'memdev', `${n} mappings`) ?? '', decoder: this.text(m, 'decoder', `${n} mappings`) ?? '' })).sort((a, b) => a.position - b.position),
      rootDecoder: ctx.rootDecoder, state: this.state(o, n),
    };
    this.put(this.out.regions, r);
  }

  /** The objects of a list field (dports, targets, mappings); an element that is not an object is noted and left out. */
  private objects(o: Json, key: string, owner: string): Json[] {
    const v = o[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) return this.bad(owner, key, v, 'a list') ?? [];
    return v.filter((x): x is Json => isObject(x) || (this.notes.push(`cxl list: ${owner} ${key}: ${quoteValue(x)} is not an object; left out`), false));
  }

  walk(v: unknown, ctx: Ctx, where = 'the listing'): void {
    if (Array.isArray(v)) {
      for (const x of v) {
        if (!isObject(x) && !Array.isArray(x)) this.notes.push(`cxl list: ${where}: ${quoteValue(x)} is not an object; left out`);
        else this.walk(x, ctx, where);
      }
      return;
    }
    if (!isObject(v)) return;
    if (!['decoder', 'region', 'endpoint', 'port', 'bus', 'memdev'].some((k) => typeof v[k] === 'string') && !Object.values(v).some((c) => Array.isArray(c) || isObject(c))) {
      this.notes.push(`cxl list: ${where}: ${quoteValue(v)} is no object cxl lists; left out`);
      return;
    }
    const inner: Ctx = { ...ctx };
    if (typeof v.decoder === 'string') {
      this.decoder(v, ctx);
      inner.rootDecoder = v.decoder;
    } else if (typeof v.region === 'string') this.region(v, ctx);
    else if (typeof v.endpoint === 'string') {
      this.port(v, 'endpoint', v.endpoint, ctx.parentPort);
      if (isObject(v.memdev) && typeof v.memdev.memdev === 'string') this.memdev(v.memdev, v.endpoint, false);
      else if (v.memdev !== undefined) this.bad(v.endpoint, 'memdev', v.memdev, 'a memdev');
      inner.parentPort = v.endpoint;
    } else if (typeof v.port === 'string') {
      this.port(v, 'port', v.port, ctx.parentPort);
      inner.parentPort = v.port;
    } else if (typeof v.bus === 'string') {
      this.put(this.out.buses, { name: v.bus, provider: this.text(v, 'provider', v.bus) ?? '' });
      this.port(v, 'root', v.bus, null);
      inner.parentPort = v.bus;
    } else if (typeof v.memdev === 'string') this.memdev(v, null, ctx.anon);
    const owner = ['decoder', 'region', 'endpoint', 'port', 'bus', 'memdev'].map((k) => v[k]).find((x) => typeof x === 'string') as string | undefined;
    // A name that is not text: the object cannot be told apart from others (its children are still read).
    for (const k of ['decoder', 'region', 'endpoint', 'port', 'bus']) if (k in v && typeof v[k] !== 'string') this.bad(owner ?? where, k, v[k], 'a name');
    if ('memdev' in v && typeof v.memdev !== 'string' && !isObject(v.memdev)) this.bad(owner ?? where, 'memdev', v.memdev, 'a name');
    for (const [key, child] of Object.entries(v)) {
      if (key === 'dports' || key === 'targets' || key === 'mappings' || key === 'memdev') continue;
      const named = /^(\w+):(\S+)$/.exec(key);
      // A list of objects under its key ("ports:root0", "root decoders", "anon memdevs"): anything else there is noted.
      const listKey = named !== null || / (memdevs|decoders|ports|endpoints|regions|buses)$|^(memdevs|decoders|ports|endpoints|regions|buses)$/.test(key);
      if (!Array.isArray(child) && !isObject(child)) {
        if (listKey) this.notes.push(`cxl list: ${owner ?? where} ${key}: ${quoteValue(child)} is not a list; left out`);
        continue;
      }
      if (listKey && !Array.isArray(child) && !['decoder', 'region', 'endpoint', 'port', 'bus', 'memdev'].some((k) => typeof child[k] === 'string')) {
        this.notes.push(`cxl list: ${owner ?? where} ${key}: ${quoteValue(child)} is not a list; left out`);
        continue;
      }
      const next: Ctx = { ...inner, decoderKind: decoderKindOf(key), anon: key === 'anon memdevs' };
      if (named && (named[1] === 'ports' || named[1] === 'endpoints')) next.parentPort = named[2]!;
      if (named && named[1] === 'regions') next.rootDecoder = named[2]!;
      this.walk(child, next, `${owner ? `${owner} ` : ''}${key}`);
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

/** Parses any `cxl list` output (text) into flat lists; "" and "[\n]" (nothing matched) are empty. A field that does not read is unknown,
 *  with a note. */
export function parseCxlList(text: string, notes: string[] = []): Cxl {
  let value: unknown = [];
  if (text.trim() !== '') {
    try {
      value = JSON.parse(protectInexactIntegers(text));
    } catch (e) {
      throw new ToolOutputError('cxl', `not JSON (${(e as Error).message})`);
    }
  }
  if (value === null || typeof value !== 'object') throw new ToolOutputError('cxl', `expected a JSON object or array, got ${JSON.stringify(value).slice(0, 40)}`);
  const c = new Collector(notes);
  c.walk(value, { parentPort: null, decoderKind: null, rootDecoder: null, anon: false });
  return c.finish();
}
