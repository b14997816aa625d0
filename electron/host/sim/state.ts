// The emulated machine's kernel-like state: plain data, so it can be saved, loaded and cloned.
import type { SimCxl } from './cxl-state.js';

/** An HMAT access class (access0: any initiator, access1: CPU initiators) of a memory target. */
export interface SimAccess {
  readLatency: number;
  writeLatency: number;
  readBandwidth: number;
  writeBandwidth: number;
  initiators: number[];
}

/** A NUMA node as the kernel sees it. */
export interface SimNode {
  id: number;
  cpulist: string;
  /** SLIT distances to every node, in node-id order of `SimState.nodes`. */
  distances: number[];
  access0: SimAccess | null;
  access1: SimAccess | null;
  /** The memory tier the node joins when it has memory (abstract distance bucket). */
  tier: number;
  /** Node MemTotal in kB contributed by boot memory (not hot-added blocks). */
  bootMemKb: number;
  /** Node MemFree in kB of boot memory. */
  bootFreeKb: number;
  /** Memory-side caches in front of the node's memory (HMAT; Optane Memory Mode's DRAM cache): nodeX/memory_side_cache/indexY, with
   *  include/linux/node.h's numbers (indexing 0 direct mapped, 1 indexed, 2 other; write policy 0 write-back, 1 write-through, 2 other). */
  memorySideCache?: SimSideCache[];
}

/** One memory-side cache level as the kernel shows it. */
export interface SimSideCache {
  level: number;
  size: number;
  lineSize: number;
  indexing: number;
  writePolicy: number;
}

/** A memory block (memoryN) of block_size_bytes. */
export interface SimBlock {
  index: number;
  node: number;
  state: 'online' | 'offline';
  /** Zone while online: boot memory keeps its zone; hot-added memory gets one when onlined. */
  zone: 'none' | 'DMA' | 'DMA32' | 'Normal' | 'Movable';
  boot: boolean;
  /** Set by fault injection or boot memory: offlining fails with EBUSY. */
  unmovable: boolean;
  /** The dax device whose kmem driver hot-added this block. */
  owner: string | null;
}

/** A device-dax instance (daxX.Y) on top of a devdax namespace or a soft-reserved range. */
export interface SimDaxDevice {
  name: string;
  start: number;
  size: number;
  align: number;
  targetNode: number;
  numaNode: number;
  mode: 'devdax' | 'system-ram';
  enabled: boolean;
  /** The kernel's daxX.Y/state for a kmem device: set at probe and by writes, never by per-block onlining (so it can go stale). */
  hotplugState?: 'unplugged' | 'offline' | 'online' | 'online_kernel' | 'online_movable';
  /** daxX.Y/memmap_on_memory. */
  memmapOnMemory?: boolean;
}

/** What claims a namespace: a BTT (sector), a pfn info block (fsdax) or a dax info block (devdax). */
export type SimClaim =
  | { kind: 'btt'; id: number; uuid: string; sectorSize: number; size: number }
  | { kind: 'pfn'; id: number; uuid: string; align: number; location: 'dev' | 'mem'; dataOffset: number }
  | { kind: 'dax'; id: number; uuid: string; align: number; dataOffset: number; device: SimDaxDevice };

/** A namespace in a region; size 0 means idle (a seed or a destroyed namespace). */
export interface SimNamespace {
  id: number;
  /** Namespace uuid (labelled namespaces only). */
  uuid: string | null;
  name: string;
  /** A labelled namespace's sector size was set (ndctl sets 512 on each it creates); the kernel keeps it on the device after a destroy,
   *  until the region's namespaces are made anew (an enable). */
  sectorSizeSet?: boolean;
  size: number;
  /** Offset of the namespace's data inside the region. */
  offset: number;
  enabled: boolean;
  /** For legacy (label-less) namespaces: force_raw is off and the region maps pages. */
  claim: SimClaim | null;
  /** Mounted filesystem path, if something mounted the block device. */
  mountpoint: string | null;
}

/** A pmem region: an interleave set across DIMMs, or a legacy e820 range. */
export interface SimRegion {
  id: number;
  start: number;
  size: number;
  align: number;
  numaNode: number;
  targetNode: number;
  persistenceDomain: string;
  enabled: boolean;
  /** ND_REGION_PAGEMAP (e820 legacy regions): an unclaimed namespace is "fsdax" with map=mem. */
  pagemap: boolean;
  mappings: { dimm: string; offset: number; length: number; position: number }[];
  /** set_cookie before labels (label-less) and after (v1.1 labels). */
  setCookie: string;
  labelCookie: string;
  /** Known poison, as the kernel's badblocks file lists it: runs of 512-byte sectors from the region's start. */
  badblocks: { offset: number; length: number }[];
  /** Poison not known yet: the next address range scrub finds it and adds it to badblocks. */
  latentBadblocks?: { offset: number; length: number }[];
  /** The platform's error-injection record (ACPI ARS error inject: what `ndctl inject-error --status` lists), runs of sectors from the
   *  region's start; a clear (clear-errors, a direct write) forgets what it covers, an uninject forgets it without clearing the kernel's
   *  badblocks. */
  injected?: { offset: number; length: number }[];
  namespaces: SimNamespace[];
  seeds: { namespace: number; btt: number; pfn: number; dax: number };
}

/** An NVDIMM with its label area. */
export interface SimDimm {
  dev: string;
  /** "cxl": an nvdimm cxl_pmem made of a CXL memdev, with a label area but no NFIT attributes (no id, handle or DSMs). */
  kind?: 'cxl';
  id: string;
  handle: number;
  physId: number;
  serial: string;
  vendor: string;
  device: string;
  /** Size of the label storage area in bytes; 0 for DIMMs without labels. */
  labelSize: number;
  labelsInitialized: boolean;
  enabled: boolean;
  /** The security state the kernel shows (disabled, unlocked, locked, overwrite); null where the DIMM has no security commands, and
   *  then the kernel shows no `security` and `frozen` files at all. */
  security: string | null;
  /** The frozen file's 1: security is frozen until the next power cycle (ndctl freeze-security). */
  frozen?: boolean;
  /** The passphrases set (ndctl setup-passphrase): the user one locks the DIMM at power loss, the master one can erase it. */
  passphrases?: { user: boolean; master: boolean };
  /** The passphrases the firmware holds, as the key tokens that open them (null: none, the zero key); absent: as `passphrases` says,
   *  their keys unknown (a twin's). */
  secrets?: { user?: string | null; master?: string | null };
  /** nfit_test's lock_dimm made the hardware lock; the kernel shows it at its next look at the security state. */
  hwLocked?: boolean;
  /** The security state an overwrite brings back when it ends (nfit_test's firmware restores it). */
  preOverwrite?: string;
  /** While an overwrite runs (security "overwrite"): when it ends, in ms since the epoch. */
  overwriteUntil?: number;
  /** How long an overwrite takes here (default SIM_OVERWRITE_MS; a twin's take no time). */
  overwriteMs?: number;
  /** SMART health where the firmware reports it (ndctl/json-smart.c); the optional fields default as ndctl's test DIMMs show them. */
  health: SimHealth | null;
  /** Firmware versions where the firmware answers fw_get_info (ndctl list -F). */
  firmware?: SimFirmware;
  /** The NFIT memory-device flags, in the kernel's words (nfit/flags: save_fail, restore_fail, flush_fail, not_armed, smart_event,
   *  map_fail, smart_notify); absent: none. */
  nfitFlags?: string[];
  /** The DSM (_DSM command) family and the commands the firmware implements, as nfit/family, nfit/dsm_mask and commands show them;
   *  absent where a preset has no ground truth for them. */
  dsm?: SimDsm;
}

/** A DIMM's firmware: the running and staged versions, and its part in a bus's live activation (where the bus has one). */
export interface SimFirmware {
  current: number;
  next: number | null;
  canUpdate: boolean;
  /** The version an update stages (nfit_test's is always 0xffffffffabcd); absent: the running one plus one. */
  update?: number;
  /** nfit_test's: the running version stays what it was and the staged one stays staged after an activation. */
  runVersionFixed?: boolean;
  /** Armed for the bus's next activation (ndctl update-firmware arms by default). */
  armed?: boolean;
  /** The activation that last took this DIMM (the bus's lastAt) and whether it had an image staged. */
  activated?: { at: number; staged: boolean };
}

/** A DIMM's SMART health (ndctl/json-smart.c); the optional fields default as ndctl's test DIMMs show them. */
export interface SimHealth {
  state: string;
  temperature: number;
  spares: number;
  lifeUsed: number;
  shutdownState: string;
  controllerTemperature?: number;
  shutdownCount?: number;
  /** The alarm flags the firmware reports as tripped. */
  alarms?: { temperature: boolean; controllerTemperature: boolean; spares: boolean };
  /** The smart_thresh command's answer; absent: DEFAULT_THRESHOLDS. */
  thresholds?: SimThresholds;
  /** What `ndctl inject-smart`'s uninject puts back: the values before the first injection. */
  uninjected?: { state: string; temperature: number; spares: number; shutdownState: string };
}

/** A DIMM's SMART thresholds and which alarms are enabled (alarm_control). */
export interface SimThresholds {
  temperature: number;
  controllerTemperature: number;
  spares: number;
  enabled: { temperature: boolean; controllerTemperature: boolean; spares: boolean };
}

/** A DIMM's DSM family and implemented commands. QEMU's NVDIMM: family 0 (Intel), mask 0x70, the label commands only. */
export interface SimDsm {
  family: number;
  mask: number;
  commands: string[];
}

/** An NVDIMM bus (ndbusN) and what hangs off it. */
export interface SimBus {
  id: number;
  provider: string;
  /** Parent device path under /sys/devices, e.g. "/sys/devices/platform/e820_pmem". */
  parent: string;
  dimms: SimDimm[];
  regions: SimRegion[];
  /** The NFIT bus's nfit/dsm_mask and nfit/hw_error_scrub, and how its firmware translates an address to a DIMM for an interleaved
   *  region (Translate SPA, dsm_mask bit 5): by the interleave, or nfit_test's "the region's last DIMM"; absent where a preset has no
   *  ground truth. A bus whose platform cannot
   *  scrub (QEMU) has no nfit/scrub file. */
  nfit?: { dsmMask: number; hwErrorScrub: number; revision?: number; translateSpa?: 'last-mapping' };
  /** Firmware activation as the bus shows it (firmware/capability: "quiesce" is suspend, "live"; firmware/activate: idle, armed, busy),
   *  where the platform has it; absent: neither file, which ndctl reads as the reset method. The state shown is derived (armed while a
   *  DIMM is, busy until busyUntil after an activation at lastAt); `state` is what it is otherwise (idle, or a stuck overflow). */
  firmwareActivate?: { method: 'suspend' | 'live'; state: 'idle' | 'armed' | 'busy' | 'overflow'; busyUntil?: number; lastAt?: number };
  /** Address range scrub, where the platform has it (nfit/scrub): scrubs completed since boot, when the running one ends (ms since the
   *  epoch, or null when idle), and how long one takes. */
  scrub?: { count: number; until: number | null; durationMs: number };
}

/** A dax region not backed by an NVDIMM namespace (CXL or soft-reserved "hmem" memory). */
export interface SimHmemRegion {
  id: number;
  path: string;
  align: number;
  device: SimDaxDevice;
}

/** A failure the sim has been told to produce. */
export type SimFault =
  | { kind: 'command-fails'; match: string; exitCode: number; stderr: string; stdout?: string; times?: number }
  | { kind: 'command-hangs'; match: string; times?: number }
  /** The command takes ms longer than it would, then does its work. */
  | { kind: 'command-slow'; match: string; ms: number; times?: number }
  /** The command changes the machine and then does not end well: it is killed after its work or halfway (`does`: the command line
   *  whose work is done instead, e.g. the same one with --no-online; absent: the command's own), and then fails with this exit code
   *  and stderr, hangs for good, or the connection to the machine drops. */
  | { kind: 'command-dies'; match: string; does?: string[]; then: 'fails' | 'hangs' | 'drops'; exitCode: number; stderr: string; times?: number }
  | { kind: 'block-unmovable'; block: number }
  | { kind: 'device-vanishes'; device: string }
  | { kind: 'write-fails'; path: string; code: 'EBUSY' | 'EINVAL' | 'EIO' | 'ENXIO'; times?: number };

/** The whole emulated machine. */
export interface SimState {
  /** The machine's name (/proc/sys/kernel/hostname): ndctl names the DIMMs' key blobs after it. */
  hostname?: string;
  /** The keys in root's user key ring, as "type:description" ("user:nvdimm-master", "encrypted:nvdimm:<DIMM id>"): ndctl seals and finds
   *  the DIMMs' passphrases there. */
  keyring?: string[];
  /** The token each encrypted key in the ring holds (the passphrase it stands for). */
  keyPayloads?: Record<string, string>;
  version: 1;
  preset: string;
  description: string;
  /** The kernel; daxState: it has daxX.Y/state (mm tree, 2026-08); memmapPerDevice: it has daxX.Y/memmap_on_memory (6.8). */
  kernel: { release: string; version: string; cmdline: string; daxState?: boolean; memmapPerDevice?: boolean };
  /** Weighted interleave (6.9; auto since 2025-05), where the kernel has it: auto, or the weights set by hand per node id. */
  mempolicy?: { auto: boolean; weights: Record<string, number> };
  /** Installed tools and their versions; cxl is absent in states saved before the simulator had it (then: not installed). */
  tools: { ndctl: string | null; daxctl: string | null; cxl?: string | null };
  /** The CXL topology, on machines that have one. */
  cxl?: SimCxl;
  modules: string[];
  memory: {
    blockSize: number;
    autoOnline: string;
    onlinePolicy: string;
    memmapOnMemory: boolean;
    blocks: SimBlock[];
  };
  nodes: SimNode[];
  buses: SimBus[];
  hmem: SimHmemRegion[];
  /** /proc/meminfo at boot, in kB; MemTotal and MemFree move with hot-added memory. */
  meminfoKb: [string, number][];
  demotionEnabled: boolean;
  numaBalancing: number;
  /** Extra files (udev rules, daxctl.conf.d, ...): path -> content. */
  files: Record<string, string>;
  faults: SimFault[];
}
