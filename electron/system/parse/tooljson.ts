// Schemas for ndctl/daxctl JSON, and the one place their quirks are normalised.
import * as z from '../../../shared/zod.js';
import { exactInteger, isU64, parseToolSize } from '../../../shared/units/index.js';
import { ToolOutputError } from './tool-output-error.js';
import { quoteValue, tolerantParse } from './tolerant.js';

export { ToolOutputError };

/** A size or address as either tool prints it: a number, or "4.00 GiB (4.29 GB)" / "0x..." with -u; a u64 a number holds exactly. */
const size = z.pipe(z.union([z.number(), z.string()]), z.transform((v, ctx) => {
  try {
    const n = parseToolSize(v);
    if (isU64(n)) return n;
  } catch {
    // said below
  }
  ctx.issues.push({ code: 'custom', message: 'is not a size or address (a whole number of bytes below 2^64)', input: v });
  return z.NEVER;
}));

/** A count, sector number, alignment or id as the tools print it: a whole number from 0 to 2^64 - 1. */
const count = z.number().check(z.refine(isU64, 'expected a whole number from 0 to 2^64 - 1'));
/** A version, handle or cookie ndctl prints in hex: a number, or "0x..." with -u (ndctl/json.c util_json_object_hex). */
const hexWord = z.union([z.number().check(z.refine(Number.isInteger, 'expected a whole number')), z.string().check(z.regex(/^(0x[0-9a-f]+|-?\d+)$/i, 'expected a number or 0x… hex'))]);
/** A NUMA node as the tools print it: a whole number, -1 for none. */
const node = z.int().check(z.gte(-1));

/** A run of media errors: offset and length in 512-byte sectors (from the region's start, or from a namespace's data), and, for a
 *  region, the DIMMs it lies on. */
const NdBadblock = z.looseObject({ offset: count, length: count, dimms: z.optional(z.array(z.string())) });

const NdNamespace = z.looseObject({
  dev: z.string(),
  mode: z.string(),
  map: z.optional(z.string()),
  size: size,
  uuid: z.optional(z.string()),
  raw_uuid: z.optional(z.string()),
  sector_size: z.optional(count),
  align: z.optional(count),
  blockdev: z.optional(z.string()),
  chardev: z.optional(z.string()),
  state: z.optional(z.string()),
  name: z.optional(z.string()),
  numa_node: z.optional(node),
  target_node: z.optional(node),
  badblock_count: z.optional(count),
  badblocks: z.optional(z.array(NdBadblock)),
  /** A devdax namespace's dax region, with its devices (ndctl lists them under the namespace). */
  daxregion: z.optional(z.looseObject({ devices: z.optional(z.array(z.looseObject({ chardev: z.optional(z.string()) }))) })),
});

const NdMapping = z.looseObject({ dimm: z.string(), offset: size, length: size, position: count });

const NdRegion = z.looseObject({
  dev: z.string(),
  size: size,
  align: z.optional(size),
  available_size: size,
  max_available_extent: z.optional(size),
  type: z.string(),
  numa_node: z.optional(node),
  target_node: z.optional(node),
  iset_id: z.optional(hexWord),
  mappings: z.optional(z.array(NdMapping)),
  state: z.optional(z.string()),
  persistence_domain: z.optional(z.string()),
  badblock_count: z.optional(count),
  badblocks: z.optional(z.array(NdBadblock)),
  namespaces: z.optional(z.array(NdNamespace)),
});

// ndctl/json-smart.c: each field only where the firmware marks it valid; the alarm_enabled_* and *_threshold fields come from a
// second command (smart_thresh).
const NdHealth = z.looseObject({
  health_state: z.optional(z.string()),
  temperature_celsius: z.optional(z.number()),
  controller_temperature_celsius: z.optional(z.number()),
  spares_percentage: z.optional(count),
  alarm_temperature: z.optional(z.boolean()),
  alarm_controller_temperature: z.optional(z.boolean()),
  alarm_spares: z.optional(z.boolean()),
  alarm_enabled_media_temperature: z.optional(z.boolean()),
  temperature_threshold: z.optional(z.number()),
  alarm_enabled_ctrl_temperature: z.optional(z.boolean()),
  controller_temperature_threshold: z.optional(z.number()),
  alarm_enabled_spares: z.optional(z.boolean()),
  spares_threshold: z.optional(count),
  life_used_percentage: z.optional(count),
  shutdown_state: z.optional(z.string()),
  shutdown_count: z.optional(count),
});


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
  target_node: z.optional(node),
  numa_node: z.optional(node),
  align: z.optional(count),
  mode: z.optional(z.string()),
  online_memblocks: z.optional(count),
  total_memblocks: z.optional(count),
  movable: z.optional(z.boolean()),
  state: z.optional(z.string()),
  // With -u the size is rounded to 1/100 of its unit; the range is exact, so derive the size from it.
  mappings: z.optional(z.pipe(
    z.array(z.looseObject({ page_offset: size, start: size, end: size, size: size })),
    z.transform((ms) => ms.map((m) => ({ ...m, size: m.end - m.start + 1 }))),
  )),
});

const DaxRegionJ = z.looseObject({ path: z.optional(z.string()), id: z.int().check(z.gte(-1)), size: size, align: z.optional(count), devices: z.optional(z.array(DaxDev)) });

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

/** JSON text with every integer literal a number cannot hold exactly turned into a string ("18446744073709551615"): JSON.parse would
 *  round it silently, and a schema that wants a number then refuses it by name instead. */
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function protectInexactIntegers(text: string): string {
  if (!/\d{16}/.test(text)) return text;
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) {
        out += c;
        continue;
      }
      out += exactInteger(m[0]) ? m[0] : `"${m[0]}"`;
      i += m[0].length - 1;
    } else out += c;
  }
  return out;
}

function parseJsonText(tool: string, text: string): unknown {
  if (text.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(protectInexactIntegers(text));
  } catch (e) {
    throw new ToolOutputError(tool, `not JSON (${(e as Error).message})`);
  }
  if (value === null || typeof value !== 'object') throw new ToolOutputError(tool, `expected a JSON object or array, got ${JSON.stringify(value).slice(0, 40)}`);
  return value;
}

/** The objects of a listing's top level; anything else there is noted and left out. */
function objectsOf(items: unknown[], where: string, notes: string[]): Record<string, unknown>[] {
  return items.filter((x): x is Record<string, unknown> => {
    if (x !== null && typeof x === 'object' && !Array.isArray(x)) return true;
    notes.push(`${where}: ${quoteValue(x)} is not an object; left out`);
    return false;
  });
}

/** ndctl and daxctl print a bare object instead of a one-element array with -u; always get an array. */
export function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') return [value];
  return [];
}

/** The parts of a tool's answer that fit the schema; what does not is unknown or left out, each said in notes (parse/tolerant.ts). */
function check<T>(where: string, schema: z.ZodMiniType<T>, value: unknown, notes: string[]): T | null {
  return tolerantParse(schema, value, where, notes);
}

/**
 * Parses any `ndctl list` output into buses: it may be an array of buses (-B), a {dimms, regions, namespaces}
 * platform object, or a bare/array list of dimms, regions or namespaces. Items without a bus go into a bus "".
 */
export function parseNdctlList(text: string, notes: string[] = [], where = 'ndctl list'): NdBusJson[] {
  const value = parseJsonText('ndctl', text);
  const items = objectsOf(asArray(value), where, notes);
  if (items.length === 0) return [];
  const first = items[0] as Record<string, unknown>;
  if (first && typeof first === 'object' && 'provider' in first) return items.map((b) => check(where, NdBus, b, notes)).filter((b) => b !== null);
  const anon: Record<string, unknown> = { provider: '', dev: '' };
  if (!Array.isArray(value) && ('regions' in first || 'dimms' in first || 'namespaces' in first) && !('dev' in first)) Object.assign(anon, first);
  else if ('mappings' in first || 'available_size' in first) anon.regions = items;
  else if ('mode' in first) anon.namespaces = items;
  else anon.dimms = items;
  const bus = check(where, NdBus, anon, notes);
  return bus ? [bus] : [];
}

/** Parses `daxctl list` output (-R regions with devices, or devices alone) into regions. */
export function parseDaxctlList(text: string, notes: string[] = [], where = 'daxctl list'): DaxRegionJson[] {
  const items = objectsOf(asArray(parseJsonText('daxctl', text)), where, notes);
  if (items.length === 0) return [];
  const first = items[0] as Record<string, unknown>;
  const regions = first && typeof first === 'object' && 'chardev' in first ? [check(where, DaxRegionJ, { id: -1, size: 0, devices: items }, notes)] : items.map((r) => check(where, DaxRegionJ, r, notes));
  return regions.filter((r) => r !== null);
}

/** Parses /proc/meminfo (or a node's meminfo) into bytes per field; a line that is not "Field: N [kB]" is left out, and noted where a
 *  path and notes are given. */
export function parseMeminfo(text: string, path?: string, values?: { badFile(path: string, text: string, what: string, taken?: string): null }): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^(?:Node \d+ )?([A-Za-z0-9_()]+):\s+(\d+)(\s+kB)?\s*$/.exec(line);
    const n = m && m[2]!.length <= 15 ? Number(m[2]) * (m[3] ? 1024 : 1) : null;
    if (m && n !== null && isU64(n)) out[m[1]!] = n;
    else if (line.trim() && path) values?.badFile(path, line, 'a line "Field: N kB"', 'that field is unknown');
  }
  return out;
}

/** Expands a kernel list ("0-3,8") into numbers; a part that is not a number or a range is left out, and noted where a path and notes
 *  are given. */
export function parseKernelList(text: string, path?: string, values?: { badFile(path: string, text: string, what: string, taken?: string): null }): number[] {
  const out: number[] = [];
  for (const part of text.trim().split(',').filter(Boolean)) {
    const m = /^(\d{1,7})(?:-(\d{1,7}))?$/.exec(part.trim());
    if (!m || Number(m[2] ?? m[1]) < Number(m[1])) {
      if (path) values?.badFile(path, text, 'a list of numbers and ranges ("0-3,8")', `"${part}" is left out`);
      continue;
    }
    for (let i = Number(m[1]); i <= Number(m[2] ?? m[1]); i++) out.push(i);
  }
  return out;
}
