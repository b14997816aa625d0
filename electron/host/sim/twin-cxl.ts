// The CXL side of a twin: the emulated topology rebuilt from what `cxl list` showed (Topology.cxl), so CXL plans can be tried first.
import type { Topology } from '../../../shared/model/index.js';
import type { SimCxl, SimCxlDecoder, SimCxlDport, SimCxlMemdev } from './cxl-state.js';

const num = (name: string | null | undefined) => Number(/(\d+)$/.exec(name ?? '')?.[1] ?? 0);
const decoderIds = (name: string) => /^decoder(\d+)\.(\d+)$/.exec(name);

/** Builds a twin's SimCxl, or null where the topology shows no CXL. What the listing does not show is chosen so the twin behaves alike:
 *  device paths are made up from the dport names (libcxl only compares them), and a memdev's nvdimm, which nothing on the host names
 *  before a region maps it, is the CXL bus's next unused one. */
export function cxlTwin(t: Topology): SimCxl | null {
  const c = t.cxl;
  if (!c || (!c.memdevs.length && !c.decoders.length)) return null;
  const portById = new Map(c.ports.map((p) => [num(p.name), p]));
  const dportPath = new Map<string, string>();
  const pathOfDport = (port: string, d: string): string => dportPath.get(`${port}/${d}`) ?? `/sys/devices/twin/${d}`;
  for (const root of c.ports.filter((p) => p.kind === 'root')) for (const d of root.dports) dportPath.set(`${root.name}/${d.dport}`, `/sys/devices/${d.alias ?? d.dport}`);
  const ports = c.ports.filter((p) => p.kind === 'port').sort((a, b) => (a.depth ?? 0) - (b.depth ?? 0));
  for (const p of ports) {
    const above = p.parent && p.host ? pathOfDport(p.parent, p.host) : `/sys/devices/twin/${p.name}`;
    for (const d of p.dports) dportPath.set(`${p.name}/${d.dport}`, `${above}/${d.dport}`);
  }
  const toDport = (port: string) => (d: { dport: string; alias: string | null; id: number | null }): SimCxlDport => ({ id: d.id ?? 0, name: d.dport, alias: d.alias, path: pathOfDport(port, d.dport) });

  const ndBus = t.buses.find((b) => b.provider === 'CXL');
  const nmems = ndBus ? t.dimms.filter((d) => d.bus === ndBus.dev).map((d) => d.dev) : [];
  // Where a region maps a memdev, its nd region's mapping at the same position names the memdev's nvdimm.
  const nmemOf = new Map<string, string>();
  for (const r of c.regions) {
    const nd = t.regions.find((x) => x.bus === ndBus?.dev && x.resource === r.resource && x.size === r.size);
    for (const m of r.mappings) {
      const dimm = nd?.mappings.find((x) => x.position === m.position)?.dimm;
      if (dimm) nmemOf.set(m.memdev, dimm);
    }
  }
  const unused = nmems.filter((n) => ![...nmemOf.values()].includes(n));
  const memdevs: SimCxlMemdev[] = [...c.memdevs].sort((a, b) => num(a.name) - num(b.name)).map((m) => {
    const endpoint = c.ports.find((p) => p.name === m.endpoint);
    const parent = endpoint?.parent ?? c.ports.find((p) => p.dports.some((d) => d.dport === m.dport))?.name ?? ports[0]?.name ?? 'root0';
    const dport = m.dport ?? portById.get(num(parent))?.dports[0]?.dport ?? 'twin';
    const hdm = c.decoders.filter((d) => d.port === m.endpoint).length;
    return {
      id: num(m.name), serial: m.serial ?? num(m.name), host: m.host ?? m.name, hostPath: `${pathOfDport(parent, dport)}/${m.host ?? m.name}`, port: num(parent),
      ramSize: m.ramSize, pmemSize: m.pmemSize, numaNode: m.numaNode ?? -1, enabled: m.state === 'enabled', endpoint: endpoint ? num(endpoint.name) : null,
      hdmDecoders: Math.max(1, hdm), nmem: m.pmemSize > 0 ? nmemOf.get(m.name) ?? unused.shift() ?? null : null, labelSize: 128 * 1024, firmware: '',
    };
  });
  const decoders: SimCxlDecoder[] = c.decoders.flatMap((d) => {
    const ids = decoderIds(d.name);
    if (!ids) return [];
    const root = d.kind === 'root';
    return [{
      port: Number(ids[1]), id: Number(ids[2]), start: d.resource ?? 0, size: d.size ?? 0, ways: d.interleaveWays ?? 1, granularity: d.interleaveGranularity ?? 256,
      targets: [...d.targets].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map((x) => x.id ?? 0), region: d.region,
      caps: root ? { pmem: !!d.capabilities?.pmem, ram: !!d.capabilities?.volatile, type2: !!d.capabilities?.accelmem, type3: !!(d.capabilities?.pmem || d.capabilities?.volatile) } : null,
      mode: d.kind === 'endpoint' ? ((d.mode === 'ram' || d.mode === 'pmem' ? d.mode : 'none') as SimCxlDecoder['mode']) : null,
      dpaResource: d.dpaSize ? d.dpaResource : null, dpaSize: d.dpaSize ?? 0,
    }];
  });
  // The node a window's memory lands on: its nd region's target node where one shows it, else the first node with neither CPUs nor memory.
  const spare = t.nodes.find((n) => !n.cpulist && n.memTotal === 0)?.id ?? 0;
  const windowNodes: Record<string, number> = {};
  for (const d of c.decoders.filter((x) => x.kind === 'root')) {
    const inside = t.regions.find((r) => r.bus === ndBus?.dev && r.resource !== null && d.resource !== null && d.size !== null && r.resource >= d.resource && r.resource < d.resource + d.size);
    windowNodes[d.name] = inside?.targetNode ?? spare;
  }
  return {
    buses: c.buses.map((b) => ({ id: num(b.name), provider: b.provider, host: 'ACPI0017:00', dports: (c.ports.find((p) => p.name === b.name)?.dports ?? []).map(toDport(b.name)) })),
    ports: ports.map((p) => ({ id: num(p.name), host: p.host ?? p.name, parent: num(p.parent), dports: p.dports.map(toDport(p.name)), path: `/sys/devices/twin/${p.name}` })),
    memdevs,
    decoders,
    regions: c.regions.map((r) => ({
      id: num(r.name), decoder: r.rootDecoder ?? 'decoder0.0', type: r.type === 'ram' ? 'ram' : 'pmem', start: r.resource ?? 0, size: r.size ?? 0, ways: r.interleaveWays ?? r.mappings.length,
      granularity: r.interleaveGranularity ?? 256, uuid: '00000000-7717-4000-8000-00000000c000', targets: [...r.mappings].sort((a, b) => a.position - b.position).map((m) => m.decoder),
      committed: r.decodeState !== 'reset', enabled: r.state === 'enabled',
    })),
    ndBus: ndBus ? num(ndBus.dev) : null,
    windowNodes,
    parked: {},
    stranded: [],
    iomem: { head: [], tail: [] },
  };
}
