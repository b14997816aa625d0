// The CXL part of the topology picture, the way memory goes: each memory device (its endpoint decoders in its details) to the port it
// sits below (a host bridge or switch), the port to the windows (root decoders) that target it, the window to its CXL regions, and each
// region on to the nd region or dax devices it became; each memdev also links straight to the regions it is part of.
import type { ViewTopology } from '../../../shared/api/index.js';
import { daxInRegion, endpointDecoders, ndRegionOf, portsAbove, windowsOf } from '../../../shared/model/cxl-links.js';
import { formatBytes } from '../../../shared/units/index.js';
import type { GraphItem } from './topology-graph.js';

const hex = (n: number | null) => (n === null ? '—' : `0x${n.toString(16)}`);

/** Whether the machine shows CXL memory devices or windows. */
export function hasCxl(t: ViewTopology): boolean {
  return !!t.cxl && (t.cxl.memdevs.length > 0 || t.cxl.decoders.some((d) => d.kind === 'root'));
}

/** Adds the CXL boxes (memdevs in the first column; ports, windows and regions in the next three) and their links. */
export function addCxl(t: ViewTopology, items: GraphItem[], links: [string, string][]): void {
  const c = t.cxl!;
  for (const m of c.memdevs) {
    const decoders = endpointDecoders(c, m);
    const [endpoint, port] = portsAbove(c, m);
    const kind = m.pmemSize ? `${formatBytes(m.pmemSize)} pmem` : `${formatBytes(m.ramSize)} ram`;
    items.push({
      id: `memdev:${m.name}`, column: 0, title: m.name, subtitle: `CXL · ${kind}${m.state === 'disabled' ? ' · disabled' : ''}`, object: `cxl:${m.name}`,
      details: [
        ['serial', m.serial === null ? '—' : hex(m.serial)], ['PCI device', m.host ?? '—'], ['state', m.state], ['persistent', formatBytes(m.pmemSize)], ['volatile', formatBytes(m.ramSize)],
        ['endpoint', endpoint ?? '— (disabled)'], ['endpoint decoders', decoders.map((d) => `${d.name}${d.region ? ` → ${d.region}` : ''}${d.mode ? ` (${d.mode}${d.dpaSize ? `, ${formatBytes(d.dpaSize)} at DPA ${hex(d.dpaResource)}` : ''})` : ''}`).join('; ') || '—'],
        ['port', port ? `${port}${m.dport ? ` via ${m.dport}` : ''}` : '—'], ['numa node', m.numaNode === null ? '—' : String(m.numaNode)],
      ],
    });
    for (const r of c.regions.filter((x) => x.mappings.some((y) => y.memdev === m.name))) links.push([`memdev:${m.name}`, `cxlregion:${r.name}`]);
    if (port && c.ports.some((x) => x.name === port && x.kind === 'port')) links.push([`memdev:${m.name}`, `cxlport:${port}`]);
    else for (const w of windowsOf(c, m)) links.push([`memdev:${m.name}`, `window:${w.name}`]);
  }
  for (const p of c.ports.filter((x) => x.kind === 'port')) {
    const memdevs = c.memdevs.filter((m) => portsAbove(c, m)[1] === p.name).map((m) => m.name);
    items.push({
      id: `cxlport:${p.name}`, column: 1, title: p.name, subtitle: `${p.host ?? '—'}, ${p.dports.length} dport${p.dports.length === 1 ? '' : 's'}`,
      details: [['device', p.host ?? '—'], ['above', p.parent ?? '—'], ['downstream ports', p.dports.map((d) => `${d.id}: ${d.dport}`).join(', ') || '—'], ['memdevs below', memdevs.join(', ') || 'none']],
    });
    // The windows whose targets include the host bridge (or the port) it stands for.
    for (const w of c.decoders.filter((d) => d.kind === 'root' && d.targets.some((x) => x.target === p.host))) links.push([`cxlport:${p.name}`, `window:${w.name}`]);
  }
  for (const w of c.decoders.filter((d) => d.kind === 'root')) {
    const caps = w.capabilities ? [w.capabilities.pmem ? 'pmem' : '', w.capabilities.volatile ? 'ram' : ''].filter(Boolean).join(', ') : '—';
    items.push({
      id: `window:${w.name}`, column: 2, title: `${w.name} window`, subtitle: `${formatBytes(w.size ?? 0)}, ${formatBytes(w.maxAvailableExtent ?? 0)} free`, object: `cxl:${w.name}`,
      details: [
        ['range', w.resource === null ? '—' : `${hex(w.resource)}–${hex(w.resource + (w.size ?? 0) - 1)}`], ['size', formatBytes(w.size ?? 0)], ['free in one piece', formatBytes(w.maxAvailableExtent ?? 0)],
        ['may hold', caps], ['interleave', `${w.interleaveWays ?? 1} way${w.interleaveWays === 1 ? '' : 's'}${w.interleaveGranularity ? `, ${w.interleaveGranularity} B` : ''}`],
        ['host bridges', w.targets.map((x) => x.alias ? `${x.target} (${x.alias})` : x.target).join(', ') || '—'], ['regions', c.regions.filter((r) => r.rootDecoder === w.name).map((r) => r.name).join(', ') || 'none'],
      ],
    });
  }
  for (const r of c.regions) {
    const nd = ndRegionOf(t, r);
    items.push({
      id: `cxlregion:${r.name}`, column: 3, title: `CXL ${r.name}`, subtitle: `${r.type ?? 'pmem'} ${formatBytes(r.size ?? 0)}, ${r.interleaveWays ?? r.mappings.length}-way${r.state === 'disabled' ? ', disabled' : ''}`,
      object: `cxl:${r.name}`,
      details: [
        ['window', r.rootDecoder ?? '—'], ['range', r.resource === null ? '—' : `${hex(r.resource)}–${hex(r.resource + (r.size ?? 0) - 1)}`], ['size', formatBytes(r.size ?? 0)],
        ['interleave', `${r.interleaveWays ?? '—'} ways, ${r.interleaveGranularity ?? '—'} B`], ['decode', r.decodeState ?? '—'], ['state', r.state],
        ['memdevs', [...r.mappings].sort((a, b) => a.position - b.position).map((x) => `${x.position}: ${x.memdev} (${x.decoder})`).join(', ') || '—'], ['nd region', nd?.dev ?? '—'],
      ],
    });
    if (r.rootDecoder) links.push([`window:${r.rootDecoder}`, `cxlregion:${r.name}`]);
    if (nd) links.push([`cxlregion:${r.name}`, `region:${nd.dev}`]);
    // A ram region's memory goes straight to dax devices (no nd region in between).
    if (!nd) for (const d of daxInRegion(t.daxDevices, r)) links.push([`cxlregion:${r.name}`, `dax:${d.dev}`]);
  }
}
