// Schemas for ndctl/daxctl JSON, and the one place their quirks are normalised.
import * as z from '../../../shared/zod.js';
import { parseToolSize } from '../../../shared/units/index.js';
import { ToolOutputError } from './tool-output-error.js';

export { ToolOutputError };

/** A size as either tool prints it: a number, or "4.00 GiB (4.29 GB)" / "0x..." with -u. */
const size = z.pipe(z.union([z.number(), z.string()]), z.transform((v, ctx) => {
  try {
    return parseToolSize(v);
  } catch {
    ctx.issues.push({ code: 'custom', message: `not a size: ${String(v)}`, input: v });
    return z.NEVER;
  }
}));

/** A run of media errors: offset and length in 512-byte sectors (from the region's start, or from a namespace's data), and, for a
 *  region, the DIMMs it lies on. */
const NdBadblock = z.looseObject({ offset: z.number(), length: z.number(), dimms: z.optional(z.array(z.string())) });

const NdNamespace = z.looseObject({
  dev: z.string(),
  mode: z.string(),
  map: z.optional(z.string()),
  size: size,
  uuid: z.optional(z.string()),
  raw_uuid: z.optional(z.string()),
  sector_size: z.optional(z.number()),
  align: z.optional(z.number()),
  blockdev: z.optional(z.string()),
  chardev: z.optional(z.string()),
  state: z.optional(z.string()),
  name: z.optional(z.string()),
  numa_node: z.optional(z.number()),
  target_node: z.optional(z.number()),
  badblock_count: z.optional(z.number()),
  badblocks: z.optional(z.array(NdBadblock)),
});

const NdMapping = z.looseObject({ dimm: z.string(), offset: size, length: size, position: z.number() });

const NdRegion = z.looseObject({
  dev: z.string(),
  size: size,
  align: z.optional(size),
  available_size: size,
  max_available_extent: z.optional(size),
  type: z.string(),
  numa_node: z.optional(z.number()),
  target_node: z.optional(z.number()),
  iset_id: z.optional(z.union([z.number(), z.string()])),
  mappings: z.optional(z.array(NdMapping)),
  state: z.optional(z.string()),
  persistence_domain: z.optional(z.string()),
  badblock_count: z.optional(z.number()),
  badblocks: z.optional(z.array(NdBadblock)),
  namespaces: z.optional(z.array(NdNamespace)),
});

// ndctl/json-smart.c: each field only where the firmware marks it valid; the alarm_enabled_* and *_threshold fields come from a
// second command (smart_thresh).
const NdHealth = z.looseObject({
  health_state: z.optional(z.string()),
  temperature_celsius: z.optional(z.number()),
  controller_temperature_celsius: z.optional(z.number()),
  spares_percentage: z.optional(z.number()),
  alarm_temperature: z.optional(z.boolean()),
  alarm_controller_temperature: z.optional(z.boolean()),
  alarm_spares: z.optional(z.boolean()),
  alarm_enabled_media_temperature: z.optional(z.boolean()),
  temperature_threshold: z.optional(z.number()),
  alarm_enabled_ctrl_temperature: z.optional(z.boolean()),
  controller_temperature_threshold: z.optional(z.number()),
  alarm_enabled_spares: z.optional(z.boolean()),
  spares_threshold: z.optional(z.number()),
  life_used_percentage: z.optional(z.number()),
  shutdown_state: z.optional(z.string()),
  shutdown_count: z.optional(z.number()),
});

/** A version or handle ndctl prints in hex: a number, or "0x..." with -u (ndctl/json.c util_json_object_hex). */
const hexWord = z.union([z.number(), z.string()]);

// ndctl/json.c util_dimm_firmware_to_json: current_version -1 where the firmware would not answer.
const NdFirmware = z.looseObject({
  current_version: z.optional(hexWord),
  next_version: z.optional(hexWord),
  can_update: z.optional(z.boolean()),
  need_powercycle: z.optional(z.boolean()),
});

const NdDimm = z.looseObject({
  dev: z.string(),
  id: z.optional(z.string()),
  handle: z.optional(size),
  phys_id: z.optional(size),
  state: z.optional(z.string()),
  security: z.optional(z.string()),
  security_frozen: z.optional(z.boolean()),
  health: z.optional(NdHealth),
  firmware: z.optional(NdFirmware),
});

const NdBus = z.looseObject({
  provider: z.string(),
  dev: z.string(),
  scrub_state: z.optional(z.string()),
  dimms: z.optional(z.array(NdDimm)),
  regions: z.optional(z.array(NdRegion)),
  namespaces: z.optional(z.array(NdNamespace)),
});

const DaxDev = z.looseObject({
  chardev: z.string(),
  size: size,
  target_node: z.optional(z.number()),
  numa_node: z.optional(z.number()),
  align: z.optional(z.number()),
  mode: z.optional(z.string()),
  online_memblocks: z.optional(z.number()),
  total_memblocks: z.optional(z.number()),
  movable: z.optional(z.boolean()),
  state: z.optional(z.string()),
  // With -u the size is rounded to 1/100 of its unit; the range is exact, so derive the size from it.
  mappings: z.optional(z.pipe(
    z.array(z.looseObject({ page_offset: size, start: size, end: size, size: size })),
    z.transform((ms) => ms.map((m) => ({ ...m, size: m.end - m.start + 1 }))),
  )),
});

const DaxRegionJ = z.looseObject({ path: z.optional(z.string()), id: z.number(), size: size, align: z.optional(z.number()), devices: z.optional(z.array(DaxDev)) });

/** Parsed `ndctl list` output. */
export type NdBusJson = z.infer<typeof NdBus>;
/** A parsed ndctl region. */
export type NdRegionJson = z.infer<typeof NdRegion>;
/** A parsed ndctl namespace. */
export type NdNamespaceJson = z.infer<typeof NdNamespace>;
/** A parsed run of media errors. */
export type NdBadblockJson = z.infer<typeof NdBadblock>;
/** A parsed DIMM health object. */
export type NdHealthJson = z.infer<typeof NdHealth>;
/** A parsed DIMM firmware object. */
export type NdFirmwareJson = z.infer<typeof NdFirmware>;
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

function check<T>(tool: string, schema: z.ZodMiniType<T>, value: unknown): T {
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
