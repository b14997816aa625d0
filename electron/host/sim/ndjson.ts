// ndctl's and daxctl's JSON objects for the emulated devices (ndctl/json.c, daxctl/json.c).
import { formatToolHex, formatToolSize } from '../../../shared/units/index.js';
import type { JsonValue } from './jsonc.js';
import { allDaxDevices, availableSize, busOf, isLabelled, maxAvailableExtent, namespaceName, ownedCounts } from './kernel.js';
import { busActivateState, dimmActivate } from './firmware-activate.js';
import { firmwareJson, healthJson, namespaceBadblocksJson, regionBadblocksJson } from './ndjson-health.js';
import type { SimBus, SimDaxDevice, SimDimm, SimNamespace, SimRegion, SimState } from './state.js';

/** What a listing asks for (-u, -v, -X, -M, ...). */
export interface JsonFlags {
  human: boolean;
  verbose: boolean;
  dax: boolean;
  mappings: boolean;
  capabilities: boolean;
  health: boolean;
  dimms: boolean;
  /** -F: the DIMMs' firmware. */
  firmware?: boolean;
  /** -M: the media errors of regions and namespaces. */
  media?: boolean;
}

const NULL_UUID = '00000000-0000-0000-0000-000000000000';

/** A size field: a number, or "4.00 GiB (4.29 GB)" with -u. */
export function sizeJson(n: number, f: Pick<JsonFlags, 'human'>): JsonValue {
  return f.human ? formatToolSize(n) : n;
}

/** A hex field: a number (a bigint for a u64 beyond 2^53), or "0x1" with -u. */
export function hexJson(n: number | bigint, f: Pick<JsonFlags, 'human'>): JsonValue {
  return f.human ? formatToolHex(n) : n;
}

/** `ndctl list -B` bus object (without its children): scrub_state from nfit/scrub ("active" while it shows "N+"), nothing where there is
 *  no such file (libndctl's __ndctl_bus_get_scrub_state). */
export function busJson(bus: SimBus, f: Pick<JsonFlags, 'firmware'> = {}): Record<string, JsonValue> {
  const o: Record<string, JsonValue> = { provider: bus.provider, dev: `ndbus${bus.id}` };
  if (!bus.scrub || !bus.nfit) return o;
  o.scrub_state = bus.scrub.until !== null ? 'active' : 'idle';
  // ndctl/json.c util_bus_to_json: with -F, where a DIMM can update its firmware, how the bus activates it (no capability file: reset).
  if (f.firmware && bus.dimms.some((d) => d.firmware?.canUpdate)) {
    const fwa = bus.firmwareActivate;
    // json.c prints idle, armed and overflow; busy (just after an activation) is left out.
    const state = fwa ? busActivateState(bus) : null;
    o.firmware = { activate_method: fwa?.method ?? 'reset', ...(state && state !== 'busy' ? { activate_state: state } : {}) };
  }
  return o;
}

/** The JSON flags of a DIMM's NFIT flags (ndctl/json.c, in its order): the kernel's words. */
const NFIT_FLAG_JSON: [string, string][] = [['map_fail', 'flag_failed_map'], ['save_fail', 'flag_failed_save'], ['not_armed', 'flag_failed_arm'], ['restore_fail', 'flag_failed_restore'], ['flush_fail', 'flag_failed_flush'], ['smart_event', 'flag_smart_event']];

/** `ndctl list -D` DIMM object. */
export function dimmJson(d: SimDimm, f: JsonFlags, bus: SimBus): Record<string, JsonValue> {
  // A CXL nvdimm has no NFIT id, handle or physical id: ndctl shows its name alone.
  const o: Record<string, JsonValue> = d.kind === 'cxl' ? { dev: d.dev } : { dev: d.dev, id: d.id, handle: hexJson(d.handle, f), phys_id: hexJson(d.physId, f) };
  if (!d.enabled) o.state = 'disabled';
  for (const [word, key] of NFIT_FLAG_JSON) if (d.nfitFlags?.includes(word)) o[key] = true;
  if (d.security) o.security = d.security;
  if (d.frozen) o.security_frozen = true;
  if (f.firmware && d.firmware) o.firmware = firmwareJson(d.firmware, f.human, bus.firmwareActivate ? dimmActivate(bus, d) : null);
  // ndctl/list.c adds health after the DIMM's own fields; a DIMM with no SMART command has none (QEMU's).
  if (f.health && d.health) o.health = healthJson(d.health);
  return o;
}

/** A dax device object as daxctl prints it (and as ndctl nests it under "daxregion"). */
export function daxDeviceJson(state: SimState, dev: SimDaxDevice, f: Pick<JsonFlags, 'human' | 'mappings'>): Record<string, JsonValue> {
  const o: Record<string, JsonValue> = { chardev: dev.name, size: sizeJson(dev.size, f) };
  if (dev.targetNode >= 0) o.target_node = dev.targetNode;
  o.align = dev.align;
  o.mode = dev.mode;
  if (dev.mode === 'system-ram') {
    const c = ownedCounts(state, dev.name);
    o.online_memblocks = c.online;
    o.total_memblocks = c.total;
    if (c.online > 0) o.movable = c.onlineMovable === c.online;
  }
  if (!dev.enabled) o.state = 'disabled';
  if (f.mappings) {
    o.mappings = [{ page_offset: hexJson(0, f), start: hexJson(dev.start, f), end: hexJson(dev.start + dev.size - 1, f), size: sizeJson(dev.size, f) }];
  }
  return o;
}

/** ndctl's "daxregion" object for a devdax namespace. */
export function daxRegionJson(state: SimState, regionId: number, dev: SimDaxDevice, f: JsonFlags, path?: string): Record<string, JsonValue> {
  const o: Record<string, JsonValue> = {};
  if (path) o.path = path;
  o.id = regionId;
  o.size = sizeJson(dev.size, f);
  o.align = dev.align;
  o.devices = [daxDeviceJson(state, dev, { human: f.human, mappings: false })];
  return o;
}

/** `ndctl list -N` namespace object. */
export function namespaceJson(state: SimState, r: SimRegion, ns: SimNamespace, f: JsonFlags): Record<string, JsonValue> {
  const labelled = isLabelled(state, r);
  const o: Record<string, JsonValue> = { dev: namespaceName(r, ns) };
  const claim = ns.claim;
  const active = ns.enabled && ns.size > 0 && r.enabled;
  const suffix = ns.id ? `.${ns.id}` : '';
  let bdev: string | null = null;
  let align = 0;
  if (claim?.kind === 'pfn') {
    o.mode = 'fsdax';
    o.map = claim.location;
    o.size = sizeJson(ns.size - claim.dataOffset, f);
  } else if (claim?.kind === 'dax') {
    o.mode = 'devdax';
    o.map = 'dev';
    o.size = sizeJson(claim.device.size, f);
  } else if (claim?.kind === 'btt') {
    o.mode = 'sector';
    o.size = sizeJson(claim.size, f);
  } else if (r.pagemap && !labelled && ns.size > 0) {
    o.mode = 'fsdax';
    o.map = 'mem';
    o.size = sizeJson(ns.size, f);
  } else {
    o.mode = 'raw';
    o.size = sizeJson(ns.size, f);
  }
  const rawUuid = () => {
    if (f.verbose && ns.uuid) o.raw_uuid = ns.uuid;
  };
  if (claim?.kind === 'btt') {
    o.uuid = claim.uuid;
    rawUuid();
    bdev = `pmem${r.id}${suffix}s`;
  } else if (claim?.kind === 'pfn') {
    align = claim.align;
    o.uuid = claim.uuid;
    rawUuid();
    bdev = `pmem${r.id}${suffix}`;
  } else if (claim?.kind === 'dax') {
    align = claim.align;
    o.uuid = claim.uuid;
    rawUuid();
    if (active && f.dax) o.daxregion = daxRegionJson(state, r.id, claim.device, f);
    else if (active) o.chardev = claim.device.name;
  } else if (labelled) {
    o.uuid = ns.uuid ?? NULL_UUID;
    bdev = `pmem${r.id}${suffix}`;
  } else bdev = `pmem${r.id}${suffix}`;
  if (claim?.kind === 'btt') o.sector_size = claim.sectorSize;
  else if (claim?.kind !== 'dax') o.sector_size = 512;
  if (align) o.align = align;
  if (bdev && active) o.blockdev = bdev;
  if (!active) o.state = 'disabled';
  if (ns.name) o.name = ns.name;
  // A node that is not set (-1) is left out (json.c, list.c).
  if (f.verbose && r.numaNode >= 0) o.numa_node = r.numaNode;
  if (f.verbose && r.targetNode >= 0) o.target_node = r.targetNode;
  const bb = namespaceBadblocksJson(busOf(state, r), r, ns, f.media === true);
  if (bb.count) o.badblock_count = bb.count;
  if (bb.list) o.badblocks = bb.list;
  return o;
}

/** `ndctl list -R` region object (namespaces are added by the caller); with -d, the mappings of that DIMM only. */
export function regionJson(state: SimState, r: SimRegion, f: JsonFlags, dimmFilter?: string): Record<string, JsonValue> {
  const labelled = isLabelled(state, r);
  const o: Record<string, JsonValue> = {
    dev: `region${r.id}`,
    size: sizeJson(r.size, f),
    align: sizeJson(r.align, f),
    available_size: sizeJson(availableSize(state, r), f),
    max_available_extent: sizeJson(maxAvailableExtent(state, r), f),
    type: 'pmem',
  };
  // A node that is not set (-1) is left out (json.c, list.c).
  if (f.verbose && r.numaNode >= 0) o.numa_node = r.numaNode;
  if (f.verbose && r.targetNode >= 0) o.target_node = r.targetNode;
  if (labelled) o.iset_id = hexJson(BigInt(r.labelCookie), f);
  if (f.dimms && r.mappings.length) {
    // libndctl prepends each mappingN it reads (list_add), so the last mapping is listed first.
    // With -d, only that DIMM's mapping (list.c filters each mapping by the DIMM).
    o.mappings = [...r.mappings].reverse().filter((m) => !dimmFilter || dimmFilter === 'all' || m.dimm === dimmFilter).map((m) => ({ dimm: m.dimm, offset: hexJson(m.offset, f), length: hexJson(m.length, f), position: m.position }));
  }
  if (!r.enabled) o.state = 'disabled';
  const bb = regionBadblocksJson(busOf(state, r), r, f.media === true);
  if (bb.count) o.badblock_count = bb.count;
  if (bb.list) o.badblocks = bb.list;
  if (f.capabilities && r.enabled) {
    o.capabilities = [
      { mode: 'sector', sector_sizes: [512, 520, 528, 4096, 4104, 4160, 4224] },
      { mode: 'fsdax', alignments: [4096, 2097152, 1073741824] },
      { mode: 'devdax', alignments: [4096, 2097152, 1073741824] },
    ];
  }
  o.persistence_domain = r.persistenceDomain;
  return o;
}

/** Every dax device with the daxctl region path ("/LNXSYSTM:00/.../region0/dax0.0"). */
export function daxctlDevices(state: SimState) {
  return allDaxDevices(state)
    .filter((d) => !state.faults.some((f) => f.kind === 'device-vanishes' && f.device === d.device.name))
    .map((d) => ({ ...d, daxctlPath: d.path.replace(/^\/sys\/devices/, '') }));
}
