// What a whole read asks of a machine, as one gather request (host/gather.ts): on a remote host it is one round trip. The lists below
// follow the reads of snapshot.ts, memory.ts, nvdimm.ts, persistence.ts, doctor.ts, usage.ts and stamp.ts; a read they miss still
// works (it falls through to the host), it only costs one more round trip, which the ssh tests count.
import { DAXCTL_CONF_DIR, NDCTL_KEYS_DIR } from '../../shared/actions/index.js';
import type { GatherOp } from '../host/gather.js';
import type { ScopedRead } from './snapshot.js';
import { BLOCK_ATTRS, SIDE_CACHE_FILES } from './memory.js';
import { scopeIndexes } from './scope.js';
import { CXL_DEVICES, CXL_LIST } from './cxl.js';
import { WEIGHTED_INTERLEAVE } from './mm.js';

const ND = '/sys/bus/nd/devices';
const DAX = '/sys/bus/dax/devices';
const NODE = '/sys/devices/system/node';
const MEMORY = '/sys/devices/system/memory';
const files = (...patterns: string[]): GatherOp[] => patterns.map((pattern) => ({ kind: 'files', pattern }));
const dirs = (...patterns: string[]): GatherOp[] => patterns.map((pattern) => ({ kind: 'dirs', pattern }));
const links = (...patterns: string[]): GatherOp[] => patterns.map((pattern) => ({ kind: 'links', pattern }));

/** The ndctl listing a snapshot reads: buses, DIMMs with health (-H) and firmware (-F), regions and namespaces with their media
 *  errors (-M), idle ones included. */
export const NDCTL_LIST: readonly string[] = ['ndctl', 'list', '-B', '-D', '-R', '-N', '-H', '-F', '-M', '-i', '-v'];
/** The listing of captures made before media errors and firmware were read: a replay of one of them answers only this. */
export const NDCTL_LIST_BEFORE_MEDIA_ERRORS: readonly string[] = ['ndctl', 'list', '-B', '-D', '-R', '-N', '-H', '-i', '-v'];

/** The tools a snapshot runs. */
export const SNAPSHOT_TOOLS: readonly (readonly string[])[] = [
  ['ndctl', '--version'], ['daxctl', '--version'], NDCTL_LIST, ['daxctl', 'list', '-R', '-D', '-M', '-i'], ['cxl', '--version'], CXL_LIST,
];

/** The single files a snapshot reads about the machine as a whole. */
export const MACHINE_FILES = {
  kernel: '/proc/sys/kernel/osrelease',
  hostname: '/proc/sys/kernel/hostname',
  keys: '/proc/keys',
  /** Who reads: /proc/keys shows root's keys only to root. */
  selfStatus: '/proc/self/status',
  meminfo: '/proc/meminfo',
  demotion: '/sys/kernel/mm/numa/demotion_enabled',
  numaBalancing: '/proc/sys/kernel/numa_balancing',
  memmapOnMemory: '/sys/module/memory_hotplug/parameters/memmap_on_memory',
  onlinePolicy: '/sys/module/memory_hotplug/parameters/online_policy',
  autoOnlineBlocks: `${MEMORY}/auto_online_blocks`,
  blockSize: `${MEMORY}/block_size_bytes`,
  nodesPossible: `${NODE}/possible`,
  nodesOnline: `${NODE}/online`,
} as const;

/** Where udev rules live, highest priority first (a rule in /etc replaces the packaged one of the same name). */
export const RULE_DIRS = ['/etc/udev/rules.d', '/run/udev/rules.d', '/lib/udev/rules.d', '/usr/lib/udev/rules.d'];
/** Where systemd units live, highest priority first. */
export const SERVICE_DIRS = ['/etc/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system'];
/** daxctl's udev rule and the service it starts. */
export const DAXCTL_RULE = '90-daxctl-device.rules';
export const DAXCTL_SERVICE = 'daxdev-reconfigure@.service';
/** The only lines of udev rules the doctor looks at: rules about memory. */
export const MEMORY_RULE_MARK = 'SUBSYSTEM=="memory"';

/** nd and dax device attributes read from sysfs where ndctl or daxctl is missing (nvdimm.ts, snapshot.ts). */
const ND_ATTRS = ['provider', 'flags', 'nfit/handle', 'nfit/id', 'nfit/family', 'nfit/dsm_mask', 'nfit/flags', 'commands', 'security', 'frozen', 'nfit/scrub', 'nfit/hw_error_scrub', 'badblocks', 'available_slots', 'nstype', 'mappings', 'size', 'available_size', 'max_available_extent',
  'align', 'numa_node', 'target_node', 'set_cookie', 'persistence_domain', 'resource', 'holder', 'mode', 'uuid', 'alt_name'];
const DAX_ATTRS = ['resource', 'size', 'target_node', 'numa_node', 'align', '../dax_region/id', 'state', 'memmap_on_memory'];
const NODE_FILES = ['cpulist', 'distance', 'meminfo'];
const ACCESS_FILES = ['read_latency', 'write_latency', 'read_bandwidth', 'write_bandwidth'];

/** What a snapshot reads; with a scoped read, only the scope's blocks (as the base shows them) instead of every block. */
export function snapshotRequest(prior?: ScopedRead): GatherOp[] {
  const ops: GatherOp[] = [
    ...SNAPSHOT_TOOLS.map((argv): GatherOp => ({ kind: 'exec', argv })),
    ...files(...Object.values(MACHINE_FILES)),
    ...dirs(NODE, '/sys/devices/virtual/memory_tiering', ND, DAX, DAXCTL_CONF_DIR, NDCTL_KEYS_DIR, CXL_DEVICES, WEIGHTED_INTERLEAVE),
    ...files(`${WEIGHTED_INTERLEAVE}/*`),
    ...files('/sys/devices/virtual/memory_tiering/memory_tier*/nodelist', `${DAXCTL_CONF_DIR}/*.conf`),
    ...files(...RULE_DIRS.map((d) => `${d}/${DAXCTL_RULE}`), ...SERVICE_DIRS.map((d) => `${d}/${DAXCTL_SERVICE}`)),
    ...files(...NODE_FILES.map((f) => `${NODE}/node*/${f}`), ...ACCESS_FILES.map((f) => `${NODE}/node*/access[01]/initiators/${f}`)),
    ...dirs(`${NODE}/node*/access0/initiators`, `${NODE}/node*/access1/initiators`, `${NODE}/node*/memory_side_cache`),
    ...files(...SIDE_CACHE_FILES.map((f) => `${NODE}/node*/memory_side_cache/index*/${f}`)),
    ...files(...ND_ATTRS.map((a) => `${ND}/*/${a}`), `${ND}/region*/mapping[0-9]*`, ...DAX_ATTRS.map((a) => `${DAX}/*/${a}`)),
    ...links(`${ND}/*`, `${ND}/*/driver`, `${DAX}/*/driver`),
    ...dirs(`${ND}/dax*`),
  ];
  if (!prior) {
    ops.push(...dirs(MEMORY, `${NODE}/node*`), { kind: 'table', dir: MEMORY, prefix: 'memory', attrs: BLOCK_ATTRS });
  } else {
    for (const i of scopeIndexes(prior.scope, prior.base.memory.blockSize, [prior.base])) {
      ops.push(...files(...BLOCK_ATTRS.map((a) => `${MEMORY}/memory${i}/${a}`)), ...dirs(`${MEMORY}/memory${i}`));
    }
  }
  return ops;
}

/** What planners read beyond the snapshot: the doctor's drivers and udev rules, and who uses the devices (mounts, holders, mappings). */
export function findingsRequest(): GatherOp[] {
  return [
    ...dirs('/sys/bus/nd/drivers', '/sys/bus/dax/drivers', ...RULE_DIRS),
    ...RULE_DIRS.map((d): GatherOp => ({ kind: 'lines', pattern: `${d}/*.rules`, containing: MEMORY_RULE_MARK })),
    ...files('/proc/self/mountinfo', '/proc/[0-9]*/comm', '/proc/cmdline', '/proc/iomem'),
    ...dirs('/sys/class/block/*/holders', '/proc'),
    { kind: 'lines', pattern: '/proc/[0-9]*/maps', containing: '/dev/dax' },
    // The kernel's default online type (doctor-mm.ts): only these lines of its build configuration.
    { kind: 'lines', pattern: '/boot/config-*', containing: 'DEFAULT_ONLINE' },
  ];
}

/** What planners read: the snapshot and the findings around it, in one request. */
export function planInputRequest(prior?: ScopedRead): GatherOp[] {
  return [...snapshotRequest(prior), ...findingsRequest()];
}
