// ndctl's JSON for what the FAQ of the kmem series asks about: DIMM health (ndctl/json-smart.c), firmware (ndctl/json.c
// util_dimm_firmware_to_json) and media errors (ndctl/json.c util_region_badblocks_to_json, dev_badblocks_to_json), as ndctl 76.1 prints them.
import { BADBLOCK_SECTOR as SECTOR } from '../../../shared/model/poison.js';
import type { JsonValue } from './jsonc.js';
import { namespaceStart } from './kernel.js';
import type { SimDimm, SimNamespace, SimRegion } from './state.js';

/** The interleave granule the sim's regions use: consecutive 4 KiB of a region lie on consecutive DIMMs (Optane's setting). */
const INTERLEAVE = 4096;

/** A hex field: a number, or "0x…" with -u (ndctl's util_json_object_hex). */
const hexField = (n: number, human: boolean): JsonValue => (human ? `0x${n.toString(16)}` : n);

/** `ndctl list -H`'s "health" object; fields in json-smart.c's order, thresholds from the smart_thresh command. */
export function healthJson(h: NonNullable<SimDimm['health']>): Record<string, JsonValue> {
  const alarms = h.alarms ?? { temperature: false, controllerTemperature: false, spares: false };
  return {
    health_state: h.state,
    temperature_celsius: h.temperature,
    controller_temperature_celsius: h.controllerTemperature ?? h.temperature + 6,
    spares_percentage: h.spares,
    alarm_temperature: alarms.temperature,
    alarm_controller_temperature: alarms.controllerTemperature,
    alarm_spares: alarms.spares,
    alarm_enabled_media_temperature: true,
    temperature_threshold: 82,
    alarm_enabled_ctrl_temperature: true,
    controller_temperature_threshold: 98,
    alarm_enabled_spares: true,
    spares_threshold: 50,
    life_used_percentage: h.lifeUsed,
    shutdown_state: h.shutdownState,
    shutdown_count: h.shutdownCount ?? 0,
  };
}

/** `ndctl list -F`'s "firmware" object: a staged version brings need_powercycle where the platform cannot activate it live. */
export function firmwareJson(f: NonNullable<SimDimm['firmware']>, human: boolean): Record<string, JsonValue> {
  const o: Record<string, JsonValue> = { current_version: hexField(f.current, human), can_update: f.canUpdate };
  if (f.next !== null && f.next !== 0) {
    o.next_version = hexField(f.next, human);
    o.need_powercycle = true;
  }
  return o;
}

/** The DIMMs a run of a region's media lies on (ndctl asks the platform to translate each 512-byte address; here, the interleave). */
export function dimmsOf(r: SimRegion, offsetBytes: number, lengthBytes: number): string[] {
  const byPosition = [...r.mappings].sort((a, b) => a.position - b.position);
  if (byPosition.length === 0) return [];
  const found = new Set<string>();
  for (let a = offsetBytes; a < offsetBytes + lengthBytes && found.size < byPosition.length; a += SECTOR) found.add(byPosition[Math.floor(a / INTERLEAVE) % byPosition.length]!.dimm);
  return [...found].sort((x, y) => Number(x.slice(4)) - Number(y.slice(4)));
}

/** A region's badblock_count and, with -M, its "badblocks" list (offsets in sectors from the region's start). */
export function regionBadblocksJson(r: SimRegion, media: boolean): { count: number; list: JsonValue[] | null } {
  const count = r.badblocks.reduce((s, b) => s + b.length, 0);
  if (!media || count === 0) return { count, list: null };
  return {
    count,
    list: r.badblocks.map((b) => {
      const dimms = dimmsOf(r, b.offset * SECTOR, b.length * SECTOR);
      return { offset: b.offset, length: b.length, ...(dimms.length ? { dimms } : {}) };
    }),
  };
}

/** A namespace's badblock_count and list: for fsdax and devdax, the poison inside its data, offsets from the data's start
 *  (dev_badblocks_to_json); for sector (BTT), the count only; for raw, the whole region's list, as ndctl 76.1 gives it. */
export function namespaceBadblocksJson(r: SimRegion, ns: SimNamespace, media: boolean): { count: number; list: JsonValue[] | null } {
  const claim = ns.claim;
  if (!claim) return regionBadblocksJson(r, media);
  const nsStart = namespaceStart(r, ns) - r.start;
  const dataOffset = claim.kind === 'btt' ? 0 : claim.dataOffset;
  const devBegin = nsStart + dataOffset;
  const devEnd = nsStart + ns.size - 1;
  let count = 0;
  const list: JsonValue[] = [];
  for (const b of r.badblocks) {
    const bbBegin = b.offset * SECTOR;
    const bbEnd = bbBegin + b.length * SECTOR - 1;
    if (bbEnd <= devBegin || bbBegin >= devEnd) continue;
    const begin = Math.max(bbBegin, devBegin);
    const end = Math.min(bbEnd, devEnd);
    const len = Math.floor((end - begin + 1) / SECTOR);
    count += len;
    if (claim.kind === 'btt') continue;
    const dimms = dimmsOf(r, begin, len * SECTOR);
    list.push({ offset: Math.floor((begin - devBegin) / SECTOR), length: len, ...(dimms.length ? { dimms } : {}) });
  }
  return { count, list: media && count > 0 && claim.kind !== 'btt' ? list : null };
}
