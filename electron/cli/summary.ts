// The readable summary `pmem-console snapshot` prints by default.
import type { Topology } from '../../shared/model/index.js';
import { unalignedBytes } from '../../shared/api/index.js';
import { formatBytes } from '../../shared/units/index.js';
import type { Finding } from '../system/doctor.js';

function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** Formats a topology for a terminal. */
export function formatSummary(t: Topology): string {
  const out: string[] = [];
  out.push(`Host ${t.host.label}   kernel ${t.kernel ?? '?'}   ndctl ${t.tools.ndctl ?? 'not installed'}   daxctl ${t.tools.daxctl ?? 'not installed'}${t.tools.cxl ? `   cxl ${t.tools.cxl}` : ''}`);
  const online = t.memory.blocks.filter((b) => b.state === 'online').length;
  out.push(`Memory: MemTotal ${formatBytes(t.meminfo.memTotal)}, MemFree ${formatBytes(t.meminfo.memFree)}; ${t.memory.blocks.length} blocks of ${formatBytes(t.memory.blockSize)} (${online} online); auto_online_blocks ${t.memory.autoOnlineBlocks ?? '?'}`);
  out.push('');
  if (t.regions.length) {
    out.push('Regions');
    out.push(table([['REGION', 'SIZE', 'AVAILABLE', 'NODE', 'TARGET', 'LABELS', 'DIMMS', 'STATE'], ...t.regions.map((r) => [r.dev, formatBytes(r.size), formatBytes(r.availableSize), `${r.numaNode}`, `${r.targetNode}`, r.labelled ? 'yes' : 'no', `${r.mappings.length}`, r.state])]));
  }
  const ns = t.namespaces.filter((n) => n.size > 0);
  if (ns.length) {
    out.push('Namespaces');
    out.push(table([['NAMESPACE', 'MODE', 'SIZE', 'DEVICE', 'NAME', 'STATE'], ...ns.map((n) => [n.dev, n.mode, formatBytes(n.size), n.blockdev ?? n.chardev ?? '-', n.name ?? '', n.state])]));
  }
  if (t.daxDevices.length) {
    out.push('Dax devices');
    // What a device has outside whole memory blocks never becomes RAM (for devdax: would not, as system RAM).
    // One definition (shared/api/capacity.ts): lost where the device is system RAM; what would be lost, said so, where it is not.
    const lost = (d: Topology['daxDevices'][number]) => {
      if (d.mode === 'unknown') return '-';
      const bytes = unalignedBytes(d, t.memory.blockSize);
      return d.mode === 'system-ram' ? formatBytes(bytes) : bytes ? `${formatBytes(bytes)} if made RAM` : '0 B';
    };
    out.push(table([['DEVICE', 'MODE', 'SIZE', 'TARGET NODE', 'BLOCKS ONLINE', 'LOST TO BLOCK ALIGNMENT', 'MOVABLE', 'NAMESPACE'], ...t.daxDevices.map((d) => [d.dev, d.mode, formatBytes(d.size), `${d.targetNode}`, d.mode === 'system-ram' ? `${d.onlineMemblocks}/${d.totalMemblocks}` : '-', lost(d), d.movable === null ? '-' : d.movable ? 'yes' : 'no', d.namespace ?? '-'])]));
  }
  const cxl = t.cxl;
  if (cxl && (cxl.memdevs.length || cxl.regions.length)) {
    out.push('CXL memory devices');
    out.push(table([['MEMDEV', 'SERIAL', 'PCI', 'RAM', 'PMEM', 'ENDPOINT', 'STATE'], ...cxl.memdevs.map((m) => [m.name, m.serial === null ? '-' : `0x${BigInt(m.serial).toString(16)}`, m.host ?? '-', formatBytes(m.ramSize), formatBytes(m.pmemSize), m.endpoint ?? '-', m.state])]));
    const windows = cxl.decoders.filter((d) => d.kind === 'root');
    if (windows.length) {
      out.push('CXL windows (root decoders)');
      out.push(table([['DECODER', 'START', 'SIZE', 'FREE', 'FOR'], ...windows.map((d) => [d.name, d.resource === null ? '-' : `0x${d.resource.toString(16)}`, d.size === null ? '-' : formatBytes(d.size), d.maxAvailableExtent === null ? '-' : formatBytes(d.maxAvailableExtent), d.capabilities ? [d.capabilities.volatile && 'ram', d.capabilities.pmem && 'pmem'].filter(Boolean).join(', ') : '-'])]));
    }
    if (cxl.regions.length) {
      out.push('CXL regions');
      out.push(table([['REGION', 'TYPE', 'SIZE', 'WAYS', 'MEMDEVS', 'WINDOW', 'STATE'], ...cxl.regions.map((r) => [r.name, r.type ?? '-', r.size === null ? '-' : formatBytes(r.size), r.interleaveWays === null ? '-' : `${r.interleaveWays}`, r.mappings.map((m) => m.memdev).join(' ') || '-', r.rootDecoder ?? '-', r.decodeState === 'commit' ? r.state : `${r.state}, ${r.decodeState ?? 'not decoding'}`])]));
    }
    out.push('');
  }
  out.push('NUMA nodes');
  // A memory-side cache (HMAT) in front of a node: its memory is RAM cached by DRAM, as Optane's Memory Mode is.
  const cache = (n: Topology['nodes'][number]) => (n.memorySideCache ?? []).map((c) => `L${c.level} ${c.size === null ? '?' : formatBytes(c.size)} ${c.indexing ?? '?'} ${c.writePolicy ?? '?'}`).join(', ') || '-';
  const cached = t.nodes.some((n) => n.memorySideCache?.length);
  out.push(table([['NODE', 'CPUS', 'MEMTOTAL', 'MEMFREE', 'TIER', 'READ LAT', 'READ BW', ...(cached ? ['MEMORY-SIDE CACHE'] : [])], ...t.nodes.map((n) => [`${n.id}${n.online ? '' : ' (offline)'}`, n.cpulist || '-', formatBytes(n.memTotal), formatBytes(n.memFree), n.memoryTier === null ? '-' : `${n.memoryTier}`, n.access0?.readLatencyNs != null ? `${n.access0.readLatencyNs} ns` : '-', n.access0?.readBandwidthMBps != null ? `${n.access0.readBandwidthMBps} MB/s` : '-', ...(cached ? [cache(n)] : [])])]));
  for (const note of t.notes) out.push(`Note: ${note}`);
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

/** Formats doctor findings for a terminal. */
export function formatFindings(findings: Finding[]): string {
  const mark = { ok: 'ok  ', info: 'info', warning: 'WARN', error: 'FAIL' } as const;
  return findings.map((f) => `[${mark[f.severity]}] ${f.title}\n       ${f.detail}`).join('\n') + '\n';
}
