// Schemas for ndctl/daxctl JSON, and the one place their quirks are normalised.
import { z } from 'zod';
import { parseToolSize } from '../../../shared/units/index.js';
import { ToolOutputError } from './tool-output-error.js';

export { ToolOutputError };

/** A size as either tool prints it: a number, or "4.00 GiB (4.29 GB)" / "0x..." with -u. */
const size = z.union([z.number(), z.string()]).transform((v, ctx) => {
  try {
    return parseToolSize(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: `not a size: ${String(v)}` });
    return z.NEVER;
  }
});

const NdNamespace = z.looseObject({
  dev: z.string(),
  mode: z.string(),
  map: z.string().optional(),
  size: size,
  uuid: z.string().optional(),
  raw_uuid: z.string().optional(),
  sector_size: z.number().optional(),
  align: z.number().optional(),
  blockdev: z.string().optional(),
  chardev: z.string().optional(),
  state: z.string().optional(),
  name: z.string().optional(),
  numa_node: z.number().optional(),
  target_node: z.number().optional(),
  badblock_count: z.number().optional(),
});

const NdMapping = z.looseObject({ dimm: z.string(), offset: size, length: size, position: z.number() });

const NdRegion = z.looseObject({
  dev: z.string(),
  size: size,
  align: size.optional(),
  available_size: size,
  max_available_extent: size.optional(),
  type: z.string(),
  numa_node: z.number().optional(),
  target_node: z.number().optional(),
  iset_id: z.union([z.number(), z.string()]).optional(),
  mappings: z.array(NdMapping).optional(),
  state: z.string().optional(),
  persistence_domain: z.string().optional(),
  badblock_count: z.number().optional(),
  namespaces: z.array(NdNamespace).optional(),
});

const NdHealth = z.looseObject({
  health_state: z.string().optional(),
  temperature_celsius: z.number().optional(),
  spares_percentage: z.number().optional(),
  life_used_percentage: z.number().optional(),
  shutdown_state: z.string().optional(),
});

const NdDimm = z.looseObject({
  dev: z.string(),
  id: z.string().optional(),
  handle: size.optional(),
  phys_id: size.optional(),
  state: z.string().optional(),
  security: z.string().optional(),
  health: NdHealth.optional(),
});

const NdBus = z.looseObject({
  provider: z.string(),
  dev: z.string(),
  scrub_state: z.string().optional(),
  dimms: z.array(NdDimm).optional(),
  regions: z.array(NdRegion).optional(),
  namespaces: z.array(NdNamespace).optional(),
});

const DaxDev = z.looseObject({
  chardev: z.string(),
  size: size,
  target_node: z.number().optional(),
  numa_node: z.number().optional(),
  align: z.number().optional(),
  mode: z.string().optional(),
  online_memblocks: z.number().optional(),
  total_memblocks: z.number().optional(),
  movable: z.boolean().optional(),
  state: z.string().optional(),
  mappings: z
    .array(z.looseObject({ page_offset: size, start: size, end: size, size: size }))
    // With -u the size is rounded to 1/100 of its unit; the range is exact, so derive the size from it.
    .transform((ms) => ms.map((m) => ({ ...m, size: m.end - m.start + 1 })))
    .optional(),
});

const DaxRegionJ = z.looseObject({ path: z.string().optional(), id: z.number(), size: size, align: z.number().optional(), devices: z.array(DaxDev).optional() });

/** Parsed `ndctl list` output. */
export type NdBusJson = z.infer<typeof NdBus>;
/** A parsed ndctl region. */
export type NdRegionJson = z.infer<typeof NdRegion>;
/** A parsed ndctl namespace. */
export type NdNamespaceJson = z.infer<typeof NdNamespace>;
/** A parsed ndctl DIMM. */
export type NdDimmJson = z.infer<typeof NdDimm>;
/** A parsed daxctl device. */
export type DaxDevJson = z.infer<typeof DaxDev>;
/** A parsed daxctl region. */
export type DaxRegionJson = z.infer<typeof DaxRegionJ>;

function parseJsonText(tool: string, text: string): unknown {
  if (text.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ToolOutputError(tool, `not JSON (${(e as Error).message})`);
  }
  if (value === null || typeof value !== 'object') throw new ToolOutputError(tool, `expected a JSON object or array, got ${JSON.stringify(value).slice(0, 40)}`);
  return value;
}

/** ndctl and daxctl print a bare object instead of a one-element array with -u; always get an array. */
export function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') return [value];
  return [];
}

function check<T>(tool: string, schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ToolOutputError(tool, r.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).slice(0, 3).join('; '));
  return r.data;
}

/**
 * Parses any `ndctl list` output into buses: it may be an array of buses (-B), a {dimms, regions, namespaces}
 * platform object, or a bare/array list of dimms, regions or namespaces. Items without a bus go into a bus "".
 */
export function parseNdctlList(text: string): NdBusJson[] {
  const value = parseJsonText('ndctl', text);
  const items = asArray(value);
  if (items.length === 0) return [];
  const first = items[0] as Record<string, unknown>;
  if ('provider' in first) return items.map((b) => check('ndctl', NdBus, b));
  const anon: Record<string, unknown> = { provider: '', dev: '' };
  if (!Array.isArray(value) && ('regions' in first || 'dimms' in first || 'namespaces' in first) && !('dev' in first)) Object.assign(anon, first);
  else if ('mappings' in first || 'available_size' in first) anon.regions = items;
  else if ('mode' in first) anon.namespaces = items;
  else anon.dimms = items;
  return [check('ndctl', NdBus, anon)];
}

/** Parses `daxctl list` output (-R regions with devices, or devices alone) into regions. */
export function parseDaxctlList(text: string): DaxRegionJson[] {
  const items = asArray(parseJsonText('daxctl', text));
  if (items.length === 0) return [];
  const first = items[0] as Record<string, unknown>;
  if ('chardev' in first) return [check('daxctl', DaxRegionJ, { id: -1, size: 0, devices: items })];
  return items.map((r) => check('daxctl', DaxRegionJ, r));
}

/** Parses /proc/meminfo (or a node's meminfo) into bytes per field. */
export function parseMeminfo(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^(?:Node \d+ )?([A-Za-z0-9_()]+):\s+(\d+)(\s+kB)?\s*$/.exec(line);
    if (m) out[m[1]!] = Number(m[2]) * (m[3] ? 1024 : 1);
  }
  return out;
}

/** Expands a kernel list ("0-3,8") into numbers. */
export function parseKernelList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.trim().split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined || Number.isNaN(a)) continue;
    for (let i = a; i <= (b ?? a); i++) out.push(i);
  }
  return out;
}
