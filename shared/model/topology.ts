// The Topology: everything the console knows about one machine, as one validated value.
import * as z from '../zod.js';
import { u64 } from './values.js';
import { Cxl } from './cxl.js';

const bytes = u64;
const nodeId = z.int().check(z.gte(-1));

/** An NVDIMM bus (ndbusN): one per firmware provider (ACPI.NFIT, e820, nfit_test, ...). */
export const Bus = z.object({
  dev: z.string(),
  provider: z.string(),
  scrubState: z.nullable(z.enum(['idle', 'active'])),
  /** Address range scrubs completed since boot (the number in nfit/scrub); null where the platform cannot scrub (no nfit/scrub file). */
  scrubCount: z.optional(z.nullable(z.int().check(z.nonnegative()))),
  /** Whether the platform scrubs on its own after a hardware error is reported (nfit/hw_error_scrub); null where not shown. */
  hwErrorScrub: z.optional(z.nullable(z.boolean())),
  /** The bus commands the kernel can send (commands): ars_cap, ars_start, ars_status and clear_error are the scrub's; null where not shown. */
  commands: z.optional(z.nullable(z.array(z.string()))),
});

/** SMART health of a DIMM, where its firmware reports it. */
export const DimmHealth = z.object({
  /** ok, non-critical, critical, fatal, or unknown (ndctl could not get the DIMM's SMART data). */
  healthState: z.string(),
  temperatureCelsius: z.nullable(z.number()),
  sparesPercent: z.nullable(z.number()),
  lifeUsedPercent: z.nullable(z.number()),
  shutdownState: z.nullable(z.string()),
  controllerTemperatureCelsius: z.optional(z.nullable(z.number())),
  /** Dirty shutdowns so far (the DIMM's count): data written just before one may not have reached the media. */
  shutdownCount: z.optional(z.nullable(z.int())),
  /** The SMART alarms tripped now (media temperature, controller temperature, spares), where the firmware reports them. */
  alarms: z.optional(z.nullable(z.object({ temperature: z.boolean(), controllerTemperature: z.boolean(), spares: z.boolean() }))),
  /** The thresholds the alarms trip at, where enabled. */
  thresholds: z.optional(z.nullable(z.object({ temperature: z.nullable(z.number()), controllerTemperature: z.nullable(z.number()), spares: z.nullable(z.number()) }))),
});

/** A DIMM's firmware as ndctl list -F shows it: the running version, a staged one, and whether it can be updated. */
export const DimmFirmware = z.object({
  /** The running version, or null where the firmware would not say (ndctl's 0xffffffffffffffff). */
  currentVersion: z.nullable(z.string()),
  nextVersion: z.nullable(z.string()),
  canUpdate: z.nullable(z.boolean()),
  needPowercycle: z.boolean(),
});

/** The firmware commands (_DSM) of a DIMM as the kernel shows them: the DSM family (nfit/family; 0 is Intel's), the mask of the
 *  functions it implements (nfit/dsm_mask) and the commands the kernel can send (commands). QEMU's NVDIMM: family 0, mask 0x70, the
 *  label commands only, so no health, no security and no scrub. */
export const DimmDsm = z.object({
  family: z.nullable(z.int()),
  mask: z.nullable(z.int()),
  commands: z.array(z.string()),
});

/** An NVDIMM (nmemN) with its label-area and security state. */
export const Dimm = z.object({
  dev: z.string(),
  bus: z.string(),
  id: z.nullable(z.string()),
  handle: z.nullable(z.int()),
  physId: z.nullable(z.int()),
  state: z.enum(['enabled', 'disabled']),
  security: z.nullable(z.string()),
  flags: z.array(z.string()),
  /** The DIMM has a label storage area (it can hold namespace labels). */
  labelled: z.boolean(),
  health: z.nullable(DimmHealth),
  /** Security is frozen until the next power cycle: no passphrase change, erase or overwrite (the frozen file, or security "frozen"). */
  securityFrozen: z.optional(z.boolean()),
  /** Null where the firmware has no firmware-information command; absent in reads saved before it was read. */
  firmware: z.optional(z.nullable(DimmFirmware)),
  /** Null where the kernel shows no commands file (not an NFIT DIMM); absent in reads saved before it was read. */
  dsm: z.optional(z.nullable(DimmDsm)),
  /** The NFIT memory-device state flags in the kernel's words (nfit/flags): save_fail, restore_fail, flush_fail, not_armed, smart_event,
   *  map_fail (the firmware's record of a lost save, a failed restore or flush, a DIMM that will not save at the next power loss, a
   *  health event before boot, capacity it could not map), smart_notify (it can send health events). Null where not shown. */
  nfitFlags: z.optional(z.nullable(z.array(z.string()))),
});

/** One DIMM's share of an interleaved region. */
export const RegionMapping = z.object({
  dimm: z.string(),
  offset: bytes,
  length: bytes,
  position: z.int(),
});

/** A run of poisoned media, as ndctl --media-errors lists it: where it starts and how long it is, in bytes (the kernel counts 512-byte
 *  sectors), and the DIMMs it lies on where ndctl could tell. */
export const MediaError = z.object({
  offset: bytes,
  length: bytes,
  dimms: z.optional(z.array(z.string())),
});

/** A persistent-memory region (regionN): the interleave set namespaces are carved from. */
export const Region = z.object({
  dev: z.string(),
  bus: z.string(),
  size: bytes,
  availableSize: bytes,
  maxAvailableExtent: bytes,
  align: bytes,
  type: z.enum(['pmem', 'blk']),
  numaNode: nodeId,
  targetNode: nodeId,
  isetId: z.nullable(z.string()),
  mappings: z.array(RegionMapping),
  persistenceDomain: z.nullable(z.string()),
  badblockCount: z.int().check(z.nonnegative()),
  /** Known poison, offsets from the region's start; absent in reads saved before media errors were read. */
  mediaErrors: z.optional(z.array(MediaError)),
  state: z.enum(['enabled', 'disabled']),
  labelled: z.boolean(),
  resource: z.nullable(bytes),
});

/** Namespace modes, in ndctl's words. */
export const NamespaceMode = z.enum(['raw', 'sector', 'fsdax', 'devdax']);

/** A namespace (namespaceX.Y): raw, sector (BTT), fsdax (pmem block device) or devdax. */
export const Namespace = z.object({
  dev: z.string(),
  region: z.string(),
  mode: NamespaceMode,
  map: z.nullable(z.enum(['mem', 'dev'])),
  size: bytes,
  uuid: z.nullable(z.string()),
  name: z.nullable(z.string()),
  sectorSize: z.nullable(z.int()),
  align: z.nullable(bytes),
  blockdev: z.nullable(z.string()),
  chardev: z.nullable(z.string()),
  state: z.enum(['enabled', 'disabled']),
  numaNode: nodeId,
  targetNode: nodeId,
  badblockCount: z.int().check(z.nonnegative()),
  /** Known poison as ndctl lists it for the namespace: offsets from the start of its data (after any info block). */
  mediaErrors: z.optional(z.array(MediaError)),
  /** Where the namespace lies, info block included (its sysfs resource and size); null where not shown. */
  extent: z.optional(z.nullable(z.object({ start: bytes, size: bytes }))),
  legacy: z.boolean(),
});

/** A physical address range of a dax device. */
export const DaxRange = z.object({
  start: bytes,
  end: bytes,
  size: bytes,
  pageOffset: bytes,
});

/** A device-dax character device (daxX.Y): either a mappable devdax device or system RAM (kmem). */
export const DaxDevice = z.object({
  dev: z.string(),
  region: z.int(),
  namespace: z.nullable(z.string()),
  size: bytes,
  targetNode: nodeId,
  numaNode: nodeId,
  align: bytes,
  /** famfs: bound to fsdev_dax, a famfs file system's (daxctl 85); unknown: bound to no driver the console knows, or none. Neither is
   *  devdax: "not system-ram" does not mean devdax (KERNEL-2026.md). */
  mode: z.enum(['devdax', 'system-ram', 'famfs', 'unknown']),
  state: z.enum(['enabled', 'disabled']),
  onlineMemblocks: z.int().check(z.nonnegative()),
  totalMemblocks: z.int().check(z.nonnegative()),
  movable: z.nullable(z.boolean()),
  ranges: z.array(DaxRange),
  memoryBlocks: z.array(z.int()),
  /** The kernel's whole-device hotplug state (daxX.Y/state, in the mm tree since 2026-08: unplugged, offline, online, online_kernel,
   *  online_movable); null where the kernel has no such file; absent in reads saved before it was read. The kernel only changes it when
   *  it is written: per-block onlining leaves it stale (see hotplugConsistent). */
  hotplugState: z.optional(z.nullable(z.string())),
  /** daxX.Y/memmap_on_memory (Linux 6.8): the memory map of its hot-added memory on the device itself; null where not shown. */
  memmapOnMemory: z.optional(z.nullable(z.boolean())),
});

/** A dax region: the container dax devices are allocated from. */
export const DaxRegion = z.object({
  id: z.int(),
  path: z.nullable(z.string()),
  size: bytes,
  align: bytes,
  devices: z.array(z.string()),
});

/** Memory zones a block can be or become part of. */
export const Zone = z.enum(['DMA', 'DMA32', 'Normal', 'Movable', 'Device', 'none']);

/** One hot-pluggable memory block (/sys/devices/system/memory/memoryN). */
export const MemoryBlock = z.object({
  index: z.int().check(z.nonnegative()),
  start: bytes,
  state: z.enum(['online', 'offline', 'going-offline']),
  validZones: z.array(z.string()),
  node: nodeId,
  removable: z.boolean(),
  daxDevice: z.nullable(z.string()),
});

/** HMAT access characteristics of a memory target, from one class of initiators. */
export const AccessClass = z.object({
  readLatencyNs: z.nullable(z.number()),
  writeLatencyNs: z.nullable(z.number()),
  readBandwidthMBps: z.nullable(z.number()),
  writeBandwidthMBps: z.nullable(z.number()),
  initiators: z.array(z.int()),
});

/** A memory-side cache in front of a node's memory, as HMAT describes it (nodeX/memory_side_cache/indexY): how Optane's Memory Mode
 *  (DRAM caching PMem) and other far memory look to Linux. Level Y counts from the memory: a higher level is nearer the CPU. */
export const MemorySideCache = z.object({
  level: z.int().check(z.nonnegative()),
  size: z.nullable(bytes),
  /** Bytes fetched from the next level on a miss. */
  lineSize: z.nullable(bytes),
  /** include/linux/node.h: 0 direct mapped, 1 indexed (complex), 2 other; null where not read. */
  indexing: z.nullable(z.enum(['direct-mapped', 'indexed', 'other'])),
  /** 0 write-back, 1 write-through, 2 other; null where not read. */
  writePolicy: z.nullable(z.enum(['write-back', 'write-through', 'other'])),
});

/** A NUMA node: CPUs, memory, distances, HMAT attributes and its memory tier. */
export const NumaNode = z.object({
  id: z.int().check(z.nonnegative()),
  cpulist: z.string(),
  cpuCount: z.int().check(z.nonnegative()),
  online: z.boolean(),
  hasMemory: z.boolean(),
  memTotal: bytes,
  memFree: bytes,
  distances: z.array(z.object({ node: z.int(), distance: z.int() })),
  access0: z.nullable(AccessClass),
  access1: z.nullable(AccessClass),
  memoryTier: z.nullable(z.int()),
  /** The memory-side caches in front of the node's memory, nearest the memory first; empty where there are none, absent in reads made
   *  before they were read. */
  memorySideCache: z.optional(z.array(MemorySideCache)),
});

/** A memory tier (memory_tierN) and the nodes in it; lower ids are faster. */
export const MemoryTier = z.object({
  id: z.int(),
  nodes: z.array(z.int()),
});

/** /proc/meminfo in bytes, with the fields the console shows picked out. */
export const Meminfo = z.object({
  memTotal: bytes,
  memFree: bytes,
  memAvailable: z.nullable(bytes),
  fields: z.record(z.string(), z.number()),
});

/** One daxctl.conf.d section that reconfigures a namespace's dax device at boot. */
export const ReconfigureSection = z.object({
  name: z.string(),
  uuid: z.string(),
  mode: z.enum(['system-ram', 'devdax']),
  online: z.boolean(),
  movable: z.boolean(),
});

/** Whether a dax device's reconfiguration survives a reboot: daxctl.conf.d entries, and what applies them at boot. */
export const Persistence = z.object({
  confFiles: z.array(z.object({ path: z.string(), sections: z.array(ReconfigureSection), problems: z.array(z.string()) })),
  /** daxctl's udev rule (90-daxctl-device.rules), where installed, and what it runs; byConsole: the console's own fixed copy. */
  udevRule: z.nullable(z.object({ path: z.string(), command: z.string(), byConsole: z.optional(z.boolean()) })),
  /** daxdev-reconfigure@.service, where installed. */
  service: z.nullable(z.string()),
  /** Why entries would not be applied at boot, or null when the rule (and the service it starts) will apply them. */
  bootProblem: z.nullable(z.string()),
});

/** Where a topology came from. */
export const HostInfo = z.object({
  kind: z.enum(['local', 'sim', 'replay', 'ssh']),
  label: z.string(),
  preset: z.nullable(z.string()),
});

/** Weighted interleave (Documentation/ABI/testing/sysfs-kernel-mm-mempolicy-weighted-interleave): each node's weight (1-255) for
 *  tasks whose policy is MPOL_WEIGHTED_INTERLEAVE, and whether the kernel sets them from bandwidth (auto, since 2025-05; null before). */
export const WeightedInterleave = z.object({
  auto: z.nullable(z.boolean()),
  weights: z.array(z.object({ node: z.int(), weight: z.int() })),
});

/** Everything the console knows about one machine at one moment. */
export const Topology = z.object({
  schemaVersion: z.literal(1),
  host: HostInfo,
  takenAt: z.string(),
  kernel: z.nullable(z.string()),
  tools: z.object({ ndctl: z.nullable(z.string()), daxctl: z.nullable(z.string()), cxl: z.optional(z.nullable(z.string())) }),
  buses: z.array(Bus),
  dimms: z.array(Dimm),
  regions: z.array(Region),
  namespaces: z.array(Namespace),
  daxRegions: z.array(DaxRegion),
  daxDevices: z.array(DaxDevice),
  memory: z.object({
    blockSize: bytes,
    autoOnlineBlocks: z.nullable(z.string()),
    onlinePolicy: z.nullable(z.string()),
    memmapOnMemory: z.nullable(z.boolean()),
    blocks: z.array(MemoryBlock),
  }),
  nodes: z.array(NumaNode),
  tiers: z.array(MemoryTier),
  demotionEnabled: z.nullable(z.boolean()),
  /** Null where the kernel has no weighted interleave (before 6.9); absent in reads saved before it was read. */
  weightedInterleave: z.optional(z.nullable(WeightedInterleave)),
  /** /proc/sys/kernel/numa_balancing: 0 off, 1 normal, 2 memory tiering, 3 both. */
  numaBalancing: z._default(z.nullable(z.int()), null),
  persistence: z._default(Persistence, { confFiles: [], udevRule: null, service: null, bootProblem: null }),
  meminfo: Meminfo,
  /** What `cxl list` shows (memdevs, ports, decoders, regions); null where cxl is not there to run; absent in reads saved before it was read. */
  cxl: z.optional(z.nullable(Cxl)),
  /** The machine's name: ndctl names the DIMMs' key blobs after it (nvdimm_<id>_<hostname>.blob). */
  hostname: z.optional(z.nullable(z.string())),
  /** Where the DIMMs' passphrases are kept: root's keys ("user:nvdimm-master", "encrypted:nvdimm:<id>"), or null where the console
   *  did not read /proc/keys as root (another user sees only its own keys, so their absence there says nothing), and the blobs in
   *  ndctl's key directory. */
  keys: z.optional(z.nullable(z.object({ keyring: z.nullable(z.array(z.string())), blobs: z.nullable(z.array(z.string())) }))),
  notes: z.array(z.string()),
});

export type Bus = z.infer<typeof Bus>;
export type Dimm = z.infer<typeof Dimm>;
export type DimmHealth = z.infer<typeof DimmHealth>;
export type DimmDsm = z.infer<typeof DimmDsm>;
export type DimmFirmware = z.infer<typeof DimmFirmware>;
export type MediaError = z.infer<typeof MediaError>;
export type Region = z.infer<typeof Region>;
export type RegionMapping = z.infer<typeof RegionMapping>;
export type NamespaceMode = z.infer<typeof NamespaceMode>;
export type Namespace = z.infer<typeof Namespace>;
export type DaxDevice = z.infer<typeof DaxDevice>;
export type DaxRange = z.infer<typeof DaxRange>;
export type DaxRegion = z.infer<typeof DaxRegion>;
export type Zone = z.infer<typeof Zone>;
export type MemoryBlock = z.infer<typeof MemoryBlock>;
export type AccessClass = z.infer<typeof AccessClass>;
export type MemorySideCache = z.infer<typeof MemorySideCache>;
export type NumaNode = z.infer<typeof NumaNode>;
export type MemoryTier = z.infer<typeof MemoryTier>;
export type Meminfo = z.infer<typeof Meminfo>;
export type HostInfo = z.infer<typeof HostInfo>;
export type Persistence = z.infer<typeof Persistence>;
export type Topology = z.infer<typeof Topology>;
export type WeightedInterleave = z.infer<typeof WeightedInterleave>;
