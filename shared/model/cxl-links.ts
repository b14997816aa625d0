// How the CXL objects of a topology hang together: a memdev's way up to its window, what a region is made of and what it became.
import type { Cxl, CxlDecoder, CxlMemdev, CxlRegion } from './cxl.js';
import type { Region } from './topology.js';

/** The ports from a memdev's endpoint up to its root, nearest first (endpoint2, port1, root0); empty for a disabled memdev. */
export function portsAbove(c: Cxl, m: CxlMemdev): string[] {
  const out: string[] = [];
  for (let at = m.endpoint; at && !out.includes(at); at = c.ports.find((p) => p.name === at)?.parent ?? null) out.push(at);
  return out;
}

/** The windows (root decoders) a memdev can be part of: those of the root above it. */
export function windowsOf(c: Cxl, m: CxlMemdev): CxlDecoder[] {
  const root = portsAbove(c, m).at(-1);
  return c.decoders.filter((d) => d.kind === 'root' && d.port === root);
}

/** A memdev's endpoint decoders. */
export const endpointDecoders = (c: Cxl, m: CxlMemdev): CxlDecoder[] => c.decoders.filter((d) => d.kind === 'endpoint' && d.port !== null && d.port === m.endpoint);

/** The regions a memdev is part of. */
export const regionsOfMemdev = (c: Cxl, m: CxlMemdev): CxlRegion[] => c.regions.filter((r) => r.mappings.some((x) => x.memdev === m.name));

/** The nd region a pmem CXL region became (on the bus whose provider is CXL, at the same address), or null. */
export function ndRegionOf(t: { buses: { dev: string; provider: string }[]; regions: Region[] }, r: CxlRegion): Region | null {
  const bus = t.buses.find((b) => b.provider === 'CXL')?.dev;
  return t.regions.find((x) => x.bus === bus && x.resource !== null && x.resource === r.resource && x.size === r.size) ?? null;
}

/** The enabled memdevs below a window with persistent capacity and a free endpoint decoder, in name order: what a new region there
 *  would be made of. */
export function freeMemdevsOf(c: Cxl, window: string): CxlMemdev[] {
  const root = c.decoders.find((d) => d.name === window);
  if (!root?.port) return [];
  return c.memdevs
    .filter((m) => m.state === 'enabled' && m.pmemSize > 0 && portsAbove(c, m).includes(root.port!) && endpointDecoders(c, m).some((d) => !d.size && !d.region))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

/** The dax devices in a CXL region's range (a ram region's own, or those on its nd region's namespaces). */
export function daxInRegion<D extends { ranges: { start: number }[] }>(daxDevices: readonly D[], r: CxlRegion): D[] {
  const start = r.resource ?? -1;
  const end = start + (r.size ?? 0);
  return daxDevices.filter((d) => d.ranges.some((x) => x.start >= start && x.start < end));
}

/** A window's room as libcxl reckons it (cxl_decoder_calc_max_available_extent): the largest gap between the regions in it. */
export function windowRoom(start: number, size: number, regions: readonly { start: number; size: number }[]): number {
  let best = 0;
  let at = start;
  for (const r of [...regions].sort((a, b) => a.start - b.start)) {
    best = Math.max(best, r.start - at);
    at = Math.max(at, r.start + r.size);
  }
  return Math.max(best, start + size - at);
}
