// Reads memory blocks and NUMA nodes from sysfs in a few batched round trips.
import { type AccessClass, type MemoryBlock, type MemorySideCache, type NumaNode, type MemoryTier } from '../../shared/model/index.js';
import { listNumbered, readDirOptional, readTable, type Host } from '../host/host.js';
import { parseKernelList, parseMeminfo } from './parse/tooljson.js';
import { ReadNotes } from './values.js';

const MEMORY = '/sys/devices/system/memory';
const NODE = '/sys/devices/system/node';

/** The files read for every memory block, in this order. */
export const BLOCK_ATTRS = ['state', 'valid_zones', 'removable'] as const;

/** Which node each memory block belongs to (by block index; -1 where none says), from the nodeN/memoryM links: a few directory
 *  listings, not one per block, read one after another so that only one node's entries are held at a time. */
async function blockNodes(host: Host, nodeIds: number[], lastIndex: number): Promise<Int32Array> {
  const nodes = new Int32Array(lastIndex + 1).fill(-1);
  for (const id of nodeIds) {
    for (const i of await listNumbered(host, `${NODE}/node${id}`, 'memory')) if (i <= lastIndex) nodes[i] = id;
  }
  return nodes;
}

/** How many per-block directories are listed at once when the nodeN/memoryM links leave blocks without a node. */
const LINK_BATCH = 512;

/** The node of each listed block from its own memoryN/nodeK link (lsmem reads that one): for blocks the nodeN/memoryM listings do not
 *  name, which on a usual kernel are none; a tree that holds only the per-block links costs a listing per block. */
async function perBlockNodes(host: Host, indexes: readonly number[], nodes: Int32Array): Promise<void> {
  for (let s = 0; s < indexes.length; s += LINK_BATCH) {
    const batch = indexes.slice(s, s + LINK_BATCH);
    const lists = await Promise.all(batch.map((i) => readDirOptional(host, `${MEMORY}/memory${i}`)));
    batch.forEach((i, k) => {
      const link = lists[k]!.find((n) => /^node\d+$/.test(n));
      if (link) nodes[i] = Number(link.slice(4));
    });
  }
}

/** Zone lists by the text they came from: a machine has a handful of distinct ones, shared by 10^5 blocks (frozen, never changed). */
const ZONE_LISTS = new Map<string, string[]>();

function zoneList(text: string | null): string[] {
  const key = text ?? '';
  let list = ZONE_LISTS.get(key);
  if (!list) {
    list = Object.freeze(key.trim().split(' ').filter(Boolean)) as string[];
    if (ZONE_LISTS.size < 64) ZONE_LISTS.set(key, list);
  }
  return list;
}

/** One block from its three files (as read, untrimmed; null when unreadable) and its node; a state that is not one the kernel writes
 *  is noted, and the block shown offline (the console then offers nothing that needs it online). */
function blockFrom(index: number, blockSize: number, state: string | null, zones: string | null, removable: string | null, node: number, values?: ReadNotes): MemoryBlock {
  // The usual texts are compared as read (no trimmed copy per block).
  const s = state === 'online\n' ? 'online' : state === 'offline\n' ? 'offline' : state?.trim() ?? 'offline';
  if (s !== 'online' && s !== 'offline' && s !== 'going-offline') values?.badFile(`${MEMORY}/memory${index}/state`, state ?? '', 'online, offline or going-offline', 'shown as offline');
  const r = removable === '1\n' ? '1' : removable?.trim();
  if (r !== undefined && r !== '1' && r !== '0') values?.badFile(`${MEMORY}/memory${index}/removable`, removable!, '1 or 0', 'taken as not removable');
  return {
    index,
    start: index * blockSize,
    state: s === 'online' ? 'online' : s === 'going-offline' ? 'going-offline' : 'offline',
    validZones: zoneList(zones),
    node,
    removable: r === '1',
    daxDevice: null,
  };
}

/** Whether a kernel release shows the same `removable` for every block: since Linux 5.7 (commit 53cdc1cb29e8) it is 1 exactly when
 *  the kernel can offline memory, whatever the block. Unknown releases are read block by block. */
export function removableIsGlobal(release: string | null): boolean {
  const m = /^(\d+)\.(\d+)/.exec(release ?? '');
  return m !== null && (Number(m[1]) > 5 || (Number(m[1]) === 5 && Number(m[2]) >= 7));
}

/** Every memory block with its state, zones and node: one table read of the block files, and one listing per node (a block no node
 *  lists takes its node from its own memoryN/nodeK link; one with neither is node -1, which the snapshot notes). Where the kernel's
 *  `removable` is one value for all blocks (removableIsGlobal), it is read from the first block only. */
export async function readMemoryBlocks(host: Host, blockSize: number, nodeIds: number[], kernelRelease: string | null = null, values?: ReadNotes): Promise<MemoryBlock[]> {
  const indexes = await listNumbered(host, MEMORY, 'memory');
  const global = removableIsGlobal(kernelRelease) && indexes.length > 0;
  const attrs = global ? BLOCK_ATTRS.slice(0, 2) : BLOCK_ATTRS;
  const [table, nodes, first] = await Promise.all([
    readTable(host, MEMORY, { prefix: 'memory', numbers: indexes }, attrs),
    blockNodes(host, nodeIds, indexes.at(-1) ?? -1),
    global ? readTable(host, MEMORY, { prefix: 'memory', numbers: indexes.subarray(0, 1) }, ['removable']) : Promise.resolve([]),
  ]);
  const orphans: number[] = [];
  for (const i of indexes) if (nodes[i] === -1) orphans.push(i);
  if (orphans.length) await perBlockNodes(host, orphans, nodes);
  const n = attrs.length;
  const out: MemoryBlock[] = new Array(indexes.length);
  for (let k = 0; k < indexes.length; k++) {
    const i = indexes[k]!;
    out[k] = blockFrom(i, blockSize, table[n * k]!, table[n * k + 1]!, global ? first[0]! : table[n * k + 2]!, nodes[i]!, values);
  }
  return out;
}

/** The named memory blocks only (a scoped read): each one's files and its nodeN link; a block that is not there is left out. */
export async function readBlocksAt(host: Host, blockSize: number, indexes: readonly number[]): Promise<MemoryBlock[]> {
  const [values, lists] = await Promise.all([
    readTable(host, MEMORY, { prefix: 'memory', numbers: Int32Array.from(indexes) }, BLOCK_ATTRS),
    Promise.all(indexes.map((i) => readDirOptional(host, `${MEMORY}/memory${i}`))),
  ]);
  const out: MemoryBlock[] = [];
  indexes.forEach((i, k) => {
    const list = lists[k]!;
    if (list.length === 0) return; // no directory: the block is not (or no longer) there
    const link = list.find((n) => /^node\d+$/.test(n));
    const n = BLOCK_ATTRS.length;
    out.push(blockFrom(i, blockSize, values[n * k]!, values[n * k + 1]!, values[n * k + 2]!, link ? Number(link.slice(4)) : -1));
  });
  return out;
}

async function readAccess(host: Host, dir: string, values?: ReadNotes): Promise<AccessClass | null> {
  const base = `${dir}/initiators`;
  const names = await readDirOptional(host, base);
  if (names.length === 0) return null;
  const files = await host.readFiles(['read_latency', 'write_latency', 'read_bandwidth', 'write_bandwidth'].map((f) => `${base}/${f}`));
  const num = (f: string) => {
    const v = files.get(`${base}/${f}`);
    if (typeof v !== 'string') return null;
    const n = values ? values.u64(`${base}/${f}`, v) : Number(v.trim());
    return n !== null && Number.isSafeInteger(n) ? n : null;
  };
  return {
    readLatencyNs: num('read_latency'),
    writeLatencyNs: num('write_latency'),
    readBandwidthMBps: num('read_bandwidth'),
    writeBandwidthMBps: num('write_bandwidth'),
    initiators: names.filter((n) => /^node\d+$/.test(n)).map((n) => Number(n.slice(4))).sort((a, b) => a - b),
  };
}

/** The files of a memory-side cache level (nodeX/memory_side_cache/indexY). */
export const SIDE_CACHE_FILES = ['size', 'line_size', 'indexing', 'write_policy'] as const;

/** A node's memory-side caches (Documentation/ABI/stable/sysfs-devices-node; include/linux/node.h's enums), nearest the memory first. */
export async function readSideCaches(host: Host, dir: string, values = new ReadNotes([])): Promise<MemorySideCache[]> {
  const base = `${dir}/memory_side_cache`;
  const levels = (await readDirOptional(host, base)).map((n) => /^index(\d+)$/.exec(n)?.[1]).filter((n) => n !== undefined).map(Number).sort((a, b) => a - b);
  if (!levels.length) return [];
  const files = await host.readFiles(levels.flatMap((l) => SIDE_CACHE_FILES.map((f) => `${base}/index${l}/${f}`)));
  return levels.map((level) => {
    const path = (f: string) => `${base}/index${level}/${f}`;
    const text = (f: string) => {
      const v = files.get(path(f));
      return typeof v === 'string' ? v : undefined;
    };
    const word = <W extends string>(f: string, words: readonly W[]): W | null => {
      const n = values.u64(path(f), text(f));
      if (n === null) return null;
      return words[n] ?? values.badFile(path(f), text(f)!, `0 to ${words.length - 1}`);
    };
    return {
      level,
      size: values.u64(path('size'), text('size')),
      lineSize: values.u64(path('line_size'), text('line_size')),
      indexing: word('indexing', ['direct-mapped', 'indexed', 'other'] as const),
      writePolicy: word('write_policy', ['write-back', 'write-through', 'other'] as const),
    };
  });
}

/** The possible and online node ids, from the node/possible and node/online lists and the nodeN directories. */
export async function readNodeIds(host: Host, possibleList: string, onlineList: string, values?: ReadNotes): Promise<{ possible: number[]; online: number[] }> {
  const possible = parseKernelList(possibleList, `${NODE}/possible`, values);
  const online = parseKernelList(onlineList, `${NODE}/online`, values);
  const fromDirs = (await readDirOptional(host, NODE)).filter((n) => /^node\d+$/.test(n)).map((n) => Number(n.slice(4)));
  return { possible: [...new Set([...possible, ...fromDirs])].sort((a, b) => a - b), online: online.length ? online : fromDirs };
}

/** The memory tiers and their nodes. */
export async function readTiers(host: Host, values?: ReadNotes): Promise<MemoryTier[]> {
  const dir = '/sys/devices/virtual/memory_tiering';
  const ids = (await readDirOptional(host, dir)).map((n) => /^memory_tier(\d+)$/.exec(n)?.[1]).filter((id) => id !== undefined).map(Number);
  const files = await host.readFiles(ids.map((id) => `${dir}/memory_tier${id}/nodelist`));
  return ids.map((id) => {
    const list = files.get(`${dir}/memory_tier${id}/nodelist`);
    return { id, nodes: parseKernelList(typeof list === 'string' ? list : '', `${dir}/memory_tier${id}/nodelist`, values) };
  }).sort((a, b) => a.id - b.id);
}

/** One NUMA node with CPUs, memory, distances, HMAT attributes and tier. */
async function readNode(host: Host, id: number, ids: { possible: number[]; online: number[] }, tiers: MemoryTier[], values?: ReadNotes): Promise<NumaNode> {
  const dir = `${NODE}/node${id}`;
  if (!ids.online.includes(id)) {
    return { id, cpulist: '', cpuCount: 0, online: false, hasMemory: false, memTotal: 0, memFree: 0, distances: [], access0: null, access1: null, memoryTier: null, memorySideCache: [] };
  }
  const [files, access0, access1, memorySideCache] = await Promise.all([
    host.readFiles([`${dir}/cpulist`, `${dir}/distance`, `${dir}/meminfo`]),
    readAccess(host, `${dir}/access0`, values),
    readAccess(host, `${dir}/access1`, values),
    readSideCaches(host, dir, values),
  ]);
  const get = (f: string) => {
    const v = files.get(`${dir}/${f}`);
    return typeof v === 'string' ? v : '';
  };
  const cpulist = get('cpulist').trim();
  const distanceText = get('distance');
  const distances = distanceText.trim().split(/\s+/).filter(Boolean).map((d) => (/^\d{1,4}$/.test(d) ? Number(d) : null));
  if (distances.includes(null) || (distances.length === 0 && typeof files.get(`${dir}/distance`) === 'string')) values?.badFile(`${dir}/distance`, distanceText, 'a list of distances', 'the distances are unknown');
  const mem = parseMeminfo(get('meminfo'), `${dir}/meminfo`, values);
  return {
    id,
    cpulist,
    cpuCount: parseKernelList(cpulist, `${dir}/cpulist`, values).length,
    online: true,
    hasMemory: (mem.MemTotal ?? 0) > 0,
    memTotal: mem.MemTotal ?? 0,
    memFree: mem.MemFree ?? 0,
    distances: distances.includes(null) ? [] : distances.map((d, i) => ({ node: ids.online[i] ?? i, distance: d! })),
    access0,
    access1,
    memoryTier: tiers.find((t) => t.nodes.includes(id))?.id ?? null,
    memorySideCache,
  };
}

/** Every possible NUMA node, read side by side. */
export async function readNodes(host: Host, ids: { possible: number[]; online: number[] }, tiers: MemoryTier[], values?: ReadNotes): Promise<NumaNode[]> {
  return Promise.all(ids.possible.map((id) => readNode(host, id, ids, tiers, values)));
}
