// ndctl's JSON for what the FAQ of the kmem series asks about: DIMM health (ndctl/json-smart.c), firmware (ndctl/json.c
// util_dimm_firmware_to_json) and media errors (ndctl/json.c util_region_badblocks_to_json, dev_badblocks_to_json), as ndctl 76.1 prints them.
import { BADBLOCK_SECTOR as SECTOR } from '../../../shared/model/poison.js';
import { formatToolHex } from '../../../shared/units/index.js';
import { JsonDouble, type JsonValue } from './jsonc.js';
import { namespaceStart } from './kernel.js';
import type { dimmActivate } from './firmware-activate.js';
import type { SimBus, SimDimm, SimFirmware, SimNamespace, SimRegion, SimThresholds } from './state.js';

/** The interleave granule the sim's regions use: consecutive 4 KiB of a region lie on consecutive DIMMs (Optane's setting). */
const INTERLEAVE = 4096;

/** A hex field: a number, or "%#llx" with -u (ndctl's util_json_object_hex). */
const hexField = (n: number, human: boolean): JsonValue => (human ? formatToolHex(n) : n);

/** The thresholds a DIMM starts with where a preset gives none: media 82 C, controller 98 C, spares 50%, every alarm enabled. */
export const DEFAULT_THRESHOLDS: SimThresholds = { temperature: 82, controllerTemperature: 98, spares: 50, enabled: { temperature: true, controllerTemperature: true, spares: true } };

/** `ndctl list -H`'s "health" object; fields in json-smart.c's order: temperatures are json-c doubles, a threshold is printed only
 *  where its alarm is enabled (smart_threshold_to_json). */
export function healthJson(h: NonNullable<SimDimm['health']>): Record<string, JsonValue> {
  const alarms = h.alarms ?? { temperature: false, controllerTemperature: false, spares: false };
  const t = h.thresholds ?? DEFAULT_THRESHOLDS;
  const o: Record<string, JsonValue> = {
    health_state: h.state,
    temperature_celsius: new JsonDouble(h.temperature),
    controller_temperature_celsius: new JsonDouble(h.controllerTemperature ?? h.temperature + 6),
    spares_percentage: h.spares,
    alarm_temperature: alarms.temperature,
    alarm_controller_temperature: alarms.controllerTemperature,
    alarm_spares: alarms.spares,
    alarm_enabled_media_temperature: t.enabled.temperature,
  };
  if (t.enabled.temperature) o.temperature_threshold = new JsonDouble(t.temperature);
  o.alarm_enabled_ctrl_temperature = t.enabled.controllerTemperature;
  if (t.enabled.controllerTemperature) o.controller_temperature_threshold = new JsonDouble(t.controllerTemperature);
  o.alarm_enabled_spares = t.enabled.spares;
  if (t.enabled.spares) o.spares_threshold = t.spares;
  o.life_used_percentage = h.lifeUsed;
  o.shutdown_state = h.shutdownState;
  o.shutdown_count = h.shutdownCount ?? 0;
  return o;
}

/** `ndctl list -F`'s "firmware" object (json.c util_dimm_firmware_to_json): a staged version, then where the bus activates firmware its
 *  activation state and result; need_powercycle where the result is not there to say the activation took. */
export function firmwareJson(f: SimFirmware, human: boolean, activation: ReturnType<typeof dimmActivate> | null): Record<string, JsonValue> {
  const o: Record<string, JsonValue> = { current_version: hexField(f.current, human), can_update: f.canUpdate };
  if (f.next === null || f.next === 0) return o;
  o.next_version = hexField(f.next, human);
  if (activation) o.activate_state = activation.state;
  else o.need_powercycle = true;
  return o;
}

/** The NFIT bus DSM that translates a system address to a DIMM (dsm_mask bit 5). */
export const TRANSLATE_SPA = 1 << 5;

/** The DIMMs a run of a region's media lies on, as ndctl finds them (json.c badblocks_to_jdimms, one 512-byte address at a time through
 *  ndctl_bus_get_dimm_by_physical_address): a 1-way region's one DIMM; an interleaved one's from the firmware's Translate SPA, where the
 *  bus has it (the interleave here, or nfit_test's "the region's last DIMM"); none otherwise. */
export function dimmsOf(bus: SimBus, r: SimRegion, offsetBytes: number, lengthBytes: number): string[] {
  const byPosition = [...r.mappings].sort((a, b) => a.position - b.position);
  if (byPosition.length === 0) return [];
  if (byPosition.length === 1) return [byPosition[0]!.dimm];
  if (!bus.nfit || !(bus.nfit.dsmMask & TRANSLATE_SPA)) return [];
  if (bus.nfit.translateSpa === 'last-mapping') return [byPosition.at(-1)!.dimm];
  const found = new Set<string>();
  for (let a = offsetBytes; a < offsetBytes + lengthBytes && found.size < byPosition.length; a += SECTOR) found.add(byPosition[Math.floor(a / INTERLEAVE) % byPosition.length]!.dimm);
  return [...found].sort((x, y) => Number(x.slice(4)) - Number(y.slice(4)));
}

/** A region's badblock_count and, with -M, its "badblocks" list (offsets in sectors from the region's start). */
export function regionBadblocksJson(bus: SimBus, r: SimRegion, media: boolean): { count: number; list: JsonValue[] | null } {
  const count = r.badblocks.reduce((s, b) => s + b.length, 0);
  if (!media || count === 0) return { count, list: null };
  return {
    count,
    list: r.badblocks.map((b) => {
      const dimms = dimmsOf(bus, r, b.offset * SECTOR, b.length * SECTOR);
      return { offset: b.offset, length: b.length, ...(dimms.length ? { dimms } : {}) };
    }),
  };
}

/** A namespace's badblock_count and list: for fsdax and devdax, the poison inside its data, offsets from the data's start
 *  (dev_badblocks_to_json); for sector (BTT), the count only; for raw, the whole region's list, as ndctl 76.1 gives it. */
export function namespaceBadblocksJson(bus: SimBus, r: SimRegion, ns: SimNamespace, media: boolean): { count: number; list: JsonValue[] | null } {
  const claim = ns.claim;
  if (!claim) return regionBadblocksJson(bus, r, media);
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
    const dimms = dimmsOf(bus, r, begin, len * SECTOR);
    list.push({ offset: Math.floor((begin - devBegin) / SECTOR), length: len, ...(dimms.length ? { dimms } : {}) });
  }
  return { count, list: media && count > 0 && claim.kind !== 'btt' ? list : null };
}
