// snapshot(host): the machine's Topology, built only from what the tools, sysfs and /proc say.
import { blockAt, blockPosition, blockRangesText, byDeviceName, Topology, type DaxDevice, type DaxRegion, type MemoryBlock, type Topology as TopologyT } from '../../shared/model/index.js';
import { HostError, readDirOptional, readOptional, type Host } from '../host/host.js';
import { readBlocksAt, readMemoryBlocks, readNodeIds, readNodes, readTiers } from './memory.js';
import { ReadNotes } from './values.js';
import { isU64 } from '../../shared/units/index.js';
import { deviceBlockIndexes, scopeIndexes, type ReadScope } from './scope.js';
import { NDCTL_KEYS_DIR } from '../../shared/actions/index.js';
import { MACHINE_FILES, NDCTL_LIST, NDCTL_LIST_BEFORE_MEDIA_ERRORS, snapshotRequest } from './read-request.js';
import { gathered } from '../host/gather.js';
import { readPersistence } from './persistence.js';
import { readCxl } from './cxl.js';
import { readDaxKernelAttrs, readWeightedInterleave } from './mm.js';
import { parseProcKeys, statusUid } from './health.js';
import { nvdimmFromNdctl, nvdimmFromSysfs, type NvdimmView } from './nvdimm.js';
import { parseDaxctlList, parseMeminfo, parseNdctlList, ToolOutputError } from './parse/tooljson.js';
import { tolerantParse } from './parse/tolerant.js';

/** Runs a tool and returns stdout, or null with a note when the tool is absent. */
async function runTool(host: Host, argv: string[], notes: string[]): Promise<string | null> {
  try {
    const r = await host.exec(argv);
    if (r.exitCode !== 0) {
      notes.push(`\`${argv.join(' ')}\` failed (exit ${r.exitCode}): ${r.stderr.trim().split('\n')[0] ?? ''}`);
      return null;
    }
    return r.stdout;
  } catch (e) {
    if (e instanceof HostError && e.code === 'ENOTOOL') return null;
    throw e;
  }
}

/** A tool's version, or null with why it is not there to run ("ndctl is not installed on this machine", "… not run on a --sysroot view"). */
async function toolVersion(host: Host, tool: string): Promise<{ version: string | null; why: string }> {
  try {
    const r = await host.exec([tool, '--version']);
    return r.exitCode === 0 && r.stdout.trim() ? { version: r.stdout.trim(), why: '' } : { version: null, why: `\`${tool} --version\` failed (exit ${r.exitCode})` };
  } catch (e) {
    if (!(e instanceof HostError) || e.code !== 'ENOTOOL') throw e;
    const at = e.message.indexOf(`${tool} is not`);
    return { version: null, why: at >= 0 ? e.message.slice(at) : `${tool} is not installed` };
  }
}

async function daxFromSysfs(host: Host, values: ReadNotes): Promise<{ regions: DaxRegion[]; devices: DaxDevice[] }> {
  const base = '/sys/bus/dax/devices';
  const devices: DaxDevice[] = [];
  const regions = new Map<string, DaxRegion>();
  for (const dev of await readDirOptional(host, base)) {
    const text = async (a: string) => (await readOptional(host, `${base}/${dev}/${a}`)) ?? undefined;
    const u64 = async (a: string) => values.u64(`${base}/${dev}/${a}`, await text(a), 'counted as 0') ?? 0;
    const node = async (a: string) => values.node(`${base}/${dev}/${a}`, await text(a)) ?? -1;
    const driver = await host.readLink(`${base}/${dev}/driver`).then((t) => t.split('/').pop() ?? '', () => '');
    const start = values.hex(`${base}/${dev}/resource`, await text('resource'));
    const size = await u64('size');
    const regionId = Math.min(await u64('../dax_region/id'), 2 ** 31);
    const align = await u64('align');
    devices.push({
      dev, region: regionId, namespace: null, size, targetNode: await node('target_node'), numaNode: await node('numa_node'),
      align, mode: driver === 'kmem' ? 'system-ram' : driver === 'device_dax' ? 'devdax' : driver === 'fsdev_dax' ? 'famfs' : 'unknown',
      state: driver ? 'enabled' : 'disabled', onlineMemblocks: 0, totalMemblocks: 0, movable: null,
      // Where the device's start is not known, neither are its memory blocks.
      ranges: size && start !== null && isU64(start + size - 1) ? [{ start, end: start + size - 1, size, pageOffset: 0 }] : [], memoryBlocks: [],
    });
    const key = `${regionId}:${dev}`;
    regions.set(key, { id: regionId, path: null, size, align, devices: [dev] });
  }
  return { regions: [...regions.values()], devices };
}

/** Reads the machine files; a file that is missing or unreadable is undefined. */
async function readMachineFiles(host: Host, values: ReadNotes): Promise<Partial<Record<keyof typeof MACHINE_FILES, string>>> {
  const files = await host.readFiles(Object.values(MACHINE_FILES));
  const out: Partial<Record<keyof typeof MACHINE_FILES, string>> = {};
  for (const [key, path] of Object.entries(MACHINE_FILES) as [keyof typeof MACHINE_FILES, string][]) {
    const v = files.get(path);
    if (typeof v === 'string') out[key] = v.trim();
    // A file that is there but does not read (not a regular file, no permission): said, and taken as not there.
    else if (v && v.code !== 'ENOENT') values.add(`${path} could not be read (${v.message.replace(/^.*?: /, '')}): it was taken as not there.`);
  }
  return out;
}

/** A tool's listing parsed, or null with a note where it is not JSON at all (a tool that prints something new): the caller reads sysfs. */
function parsedOrNote<T>(parse: () => T, argv: readonly string[], notes: string[], instead: string): T | null {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof ToolOutputError)) throw e;
    notes.push(`\`${argv.join(' ')}\` printed something the console cannot read (${e.message.replace(/^[^:]*: /, '')}): ${instead}.`);
    return null;
  }
}

/** Buses, DIMMs, regions and namespaces: from ndctl when it is there and answers, else from sysfs. */
async function readNvdimm(host: Host, ndctl: { version: string | null; why: string }, notes: string[], values: ReadNotes): Promise<NvdimmView> {
  const ndctlVersion = ndctl.version;
  if (!ndctlVersion) {
    notes.push(`${ndctl.why}: buses, DIMMs, regions and namespaces were read from sysfs (no DIMM health).`);
    return nvdimmFromSysfs(host, values);
  }
  // ndctl is there (it told its version), so a listing that is not there to run is one a capture made before media errors were read
  // did not record: its older listing is read instead.
  let argv = NDCTL_LIST;
  let out = await runTool(host, [...argv], notes);
  if (out === null && notes.length === 0) {
    argv = NDCTL_LIST_BEFORE_MEDIA_ERRORS;
    out = await runTool(host, [...argv], notes);
  }
  if (out === null) return nvdimmFromSysfs(host, values);
  const buses = parsedOrNote(() => parseNdctlList(out, notes, argv.slice(0, 2).join(' ')), argv, notes, 'buses, DIMMs, regions and namespaces were read from sysfs');
  return buses === null ? nvdimmFromSysfs(host, values) : nvdimmFromNdctl(host, buses, values);
}

/** Dax regions and devices: from daxctl when it is there and answers, else from sysfs. */
async function readDax(host: Host, daxctl: { version: string | null; why: string }, notes: string[], values: ReadNotes): Promise<{ regions: DaxRegion[]; devices: DaxDevice[]; fromTool: boolean }> {
  const daxctlVersion = daxctl.version;
  const daxOut = daxctlVersion ? await runTool(host, ['daxctl', 'list', '-R', '-D', '-M', '-i'], notes) : null;
  if (daxOut === null) {
    if (!daxctlVersion) notes.push(`${daxctl.why}: dax devices were read from sysfs.`);
    return { ...(await daxFromSysfs(host, values)), fromTool: false };
  }
  const listed = parsedOrNote(() => parseDaxctlList(daxOut, notes, 'daxctl list'), ['daxctl', 'list', '-R', '-D', '-M', '-i'], notes, 'dax devices were read from sysfs');
  if (listed === null) return { ...(await daxFromSysfs(host, values)), fromTool: false };
  const regions: DaxRegion[] = [];
  const devices: DaxDevice[] = [];
  for (const r of listed) {
    regions.push({ id: r.id, path: r.path ?? null, size: r.size, align: r.align ?? 0, devices: (r.devices ?? []).map((d) => d.chardev) });
    for (const d of r.devices ?? []) {
      devices.push({
        dev: d.chardev, region: r.id, namespace: null, size: d.size,
        targetNode: d.target_node ?? -1, numaNode: d.numa_node ?? -1, align: d.align ?? 0,
        mode: d.mode === 'system-ram' || d.mode === 'devdax' || d.mode === 'famfs' ? d.mode : 'unknown', state: d.state === 'disabled' ? 'disabled' : 'enabled',
        onlineMemblocks: d.online_memblocks ?? 0, totalMemblocks: d.total_memblocks ?? 0, movable: d.movable ?? null,
        ranges: (d.mappings ?? []).map((m) => ({ start: m.start, end: m.end, size: m.size, pageOffset: m.page_offset })), memoryBlocks: [],
      });
    }
  }
  return { regions, devices, fromTool: true };
}

/** How many snapshots were taken, whole and scoped, in this process: for tests and benchmarks that hold reads to a budget. */
export const snapshotCounts = { full: 0, scoped: 0 };

/** A read based on an earlier one: the scope's blocks are read again, every other block is taken from the base. */
export interface ScopedRead {
  base: TopologyT;
  scope: ReadScope;
}

/** The memory blocks of a scoped read: the base's blocks, with those the scope covers read again (added, changed or gone). */
async function mergeBlocks(host: Host, blockSize: number, prior: ScopedRead, fresh: readonly DaxDevice[]): Promise<TopologyT['memory']['blocks']> {
  const indexes = scopeIndexes(prior.scope, blockSize, [prior.base, { daxDevices: [...fresh] }]);
  const read = await readBlocksAt(host, blockSize, indexes);
  // The base's blocks, the covered indexes and the blocks read are all in index order: merged in one pass, with no set of the covered.
  const out: TopologyT['memory']['blocks'] = [];
  let r = 0;
  let c = 0;
  for (const b of prior.base.memory.blocks) {
    while (r < read.length && read[r]!.index < b.index) out.push(read[r++]!);
    while (c < indexes.length && indexes[c]! < b.index) c++;
    if (indexes[c] !== b.index) out.push(b);
  }
  while (r < read.length) out.push(read[r++]!);
  return out;
}

/** The memory block size from block_size_bytes (hex without 0x): a power of two of at least 4 KiB, else unknown (0: no blocks are read). */
function memoryBlockSize(text: string | undefined, values: ReadNotes): number {
  const n = values.hex(MACHINE_FILES.blockSize, text, 'no memory blocks were read');
  if (n === null) return 0;
  if (n < 4096 || (n & (n - 1)) !== 0 || n > 2 ** 40) return values.badFile(MACHINE_FILES.blockSize, text!, 'a memory block size (a power of two from 4 KiB)', 'no memory blocks were read') ?? 0;
  return n;
}

/** A yes-or-no file ("true"/"false", "Y"/"N", "1"/"0"): null where it is not there, or says another word (noted). */
function flag(path: string, text: string | undefined, yes: readonly string[], no: readonly string[], values: ReadNotes): boolean | null {
  if (text === undefined) return null;
  if (yes.includes(text)) return true;
  if (no.includes(text)) return false;
  return values.badFile(path, text, `one of ${[...yes, ...no].join(', ')}`);
}

/** Reads everything the console shows about a machine. Works without ndctl/daxctl (sysfs only) and without NVDIMMs.
 *  With a base read and a scope, only the scope's memory blocks are read again (all else a snapshot reads is small). */
export async function snapshot(machine: Host, prior?: ScopedRead): Promise<TopologyT> {
  if (prior && prior.base.memory.blockSize === 0) prior = undefined;
  snapshotCounts[prior ? 'scoped' : 'full']++;
  // On a host that gathers (ssh) everything below is read in one round trip; elsewhere this is the host itself.
  const host = await gathered(machine, snapshotRequest(prior));
  const notes: string[] = [];
  // Files and fields that did not read as what they should be, each said once, after the notes of the parts.
  const values = new ReadNotes([]);
  const [files, ndctl, daxctl, cxlTool] = await Promise.all([readMachineFiles(host, values), toolVersion(host, 'ndctl'), toolVersion(host, 'daxctl'), toolVersion(host, 'cxl')]);
  const [ndctlVersion, daxctlVersion] = [ndctl.version, daxctl.version];
  const blockSize = memoryBlockSize(files.blockSize, values);
  const ids = await readNodeIds(host, files.nodesPossible ?? '', files.nodesOnline ?? '', values);
  // Independent parts run side by side; notes keep a fixed order whatever finishes first.
  const nvNotes: string[] = [];
  const daxNotes: string[] = [];
  const cxlNotes: string[] = [];
  const [nv, dax, cxl, tiers, whole, persistence, weightedInterleave] = await Promise.all([
    readNvdimm(host, ndctl, nvNotes, values),
    readDax(host, daxctl, daxNotes, values),
    readCxl(host, cxlTool.version, cxlTool.why, cxlNotes),
    readTiers(host, values),
    !blockSize || prior ? Promise.resolve<MemoryBlock[]>([]) : readMemoryBlocks(host, blockSize, ids.online, files.kernel ?? null, values),
    readPersistence(host),
    readWeightedInterleave(host, values),
  ]);
  await readDaxKernelAttrs(host, dax.devices, values);
  notes.push(...nvNotes, ...daxNotes, ...cxlNotes);
  const blocks = prior && blockSize ? await mergeBlocks(host, blockSize, prior, dax.devices) : whole;
  const nodes = await readNodes(host, ids, tiers, values);
  const { regions: daxRegions, devices: daxDevices } = dax;
  // In natural order (dax2.0 before dax10.0), whatever order daxctl lists them in (newest first, on some machines).
  daxDevices.sort((a, b) => byDeviceName(a.dev, b.dev));
  for (const d of daxDevices) d.namespace = nv.namespaces.find((n) => n.chardev === d.dev)?.dev ?? null;

  // A device's blocks are runs of consecutive indexes: each found by a step from the one before, a search only where a run breaks.
  const owners: (string | null)[] = new Array(blocks.length).fill(null);
  for (const d of daxDevices) {
    if (d.mode !== 'system-ram' || !blockSize) continue;
    let k = -1;
    for (const i of deviceBlockIndexes(d, blockSize)) {
      k = k >= 0 && blocks[k + 1]?.index === i ? k + 1 : blockPosition(blocks, i);
      if (k < 0) continue;
      owners[k] = d.dev;
      d.memoryBlocks.push(i);
    }
    if (!dax.fromTool) {
      d.totalMemblocks = d.memoryBlocks.length;
      const online = d.memoryBlocks.map((i) => blockAt(blocks, i)!).filter((b) => b.state === 'online');
      d.onlineMemblocks = online.length;
      d.movable = online.length ? online.every((b) => b.validZones.join(' ') === 'Movable') : null;
    }
  }
  // A whole read's blocks are its own; those of a scoped read may be shared with its base: one whose owner changes is copied, never
  // changed in place.
  for (let k = 0; k < blocks.length; k++) {
    const b = blocks[k]!;
    if (b.daxDevice === owners[k]) continue;
    if (prior) blocks[k] = { ...b, daxDevice: owners[k]! };
    else b.daxDevice = owners[k]!;
  }

  const mem = parseMeminfo(files.meminfo ?? '', MACHINE_FILES.meminfo, values);
  const keyBlobs = nv.dimms.length ? (await readDirOptional(host, NDCTL_KEYS_DIR)).filter((n) => n.endsWith('.blob')).sort() : [];
  const demotion = flag(MACHINE_FILES.demotion, files.demotion, ['true', '1'], ['false', '0'], values);
  const mmom = flag(MACHINE_FILES.memmapOnMemory, files.memmapOnMemory, ['Y', '1'], ['N', '0'], values);
  const balancing = files.numaBalancing === undefined ? null : values.u64(MACHINE_FILES.numaBalancing, files.numaBalancing);
  if (nv.regions.length === 0 && daxDevices.length === 0) notes.push('This machine has no persistent memory regions or dax devices.');
  const homeless = blocks.filter((b) => b.node < 0);
  if (homeless.length) notes.push(`${homeless.length} memory block${homeless.length === 1 ? ' has' : 's have'} no NUMA node (neither /sys/devices/system/node/nodeK/memoryN nor memoryN/nodeK names one): ${blockRangesText(homeless.map((b) => b.index))}; their memory is counted on no node.`);

  const topology: TopologyT = {
    schemaVersion: 1,
    host: host.info,
    takenAt: new Date().toISOString(),
    kernel: files.kernel ?? null,
    tools: { ndctl: ndctlVersion, daxctl: daxctlVersion, cxl: cxlTool.version },
    ...nv,
    daxRegions,
    daxDevices,
    memory: {
      blockSize,
      autoOnlineBlocks: files.autoOnlineBlocks ?? null,
      onlinePolicy: files.onlinePolicy ?? null,
      memmapOnMemory: mmom,
      blocks,
    },
    nodes,
    tiers,
    demotionEnabled: demotion,
    weightedInterleave,
    numaBalancing: balancing !== null && balancing < 2 ** 31 ? balancing : null,
    persistence,
    meminfo: { memTotal: mem.MemTotal ?? 0, memFree: mem.MemFree ?? 0, memAvailable: mem.MemAvailable ?? null, fields: mem },
    cxl,
    hostname: files.hostname ?? null,
    keys: { keyring: files.keys !== undefined && statusUid(files.selfStatus) === 0 ? parseProcKeys(files.keys) : null, blobs: keyBlobs },
    notes,
  };
  notes.push(...values.list);
  // The memory blocks are built field by field from sysfs text (memory.ts), and each device's list of them from its ranges, never taken
  // from a tool's JSON: what is checked is the rest, and a check of 10^5 blocks would cost more than reading them.
  // What does not fit is unknown (or the one object that cannot be read without it is left out), with a note: the rest of the machine reads.
  const shape = { ...topology, memory: { ...topology.memory, blocks: [] }, daxDevices: topology.daxDevices.map((d) => ({ ...d, memoryBlocks: [] })) };
  if (Topology.safeParse(shape).success) return topology;
  const kept = tolerantParse(Topology, shape, 'the read', notes);
  if (!kept) throw new ToolOutputError('snapshot', notes.at(-1) ?? 'the read could not be checked');
  const blocksOf = new Map(topology.daxDevices.map((d) => [d.dev, d.memoryBlocks]));
  return { ...kept, notes, memory: { ...kept.memory, blocks: topology.memory.blocks }, daxDevices: kept.daxDevices.map((d) => ({ ...d, memoryBlocks: blocksOf.get(d.dev) ?? [] })) };
}
