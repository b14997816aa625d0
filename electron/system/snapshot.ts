// snapshot(host): the machine's Topology, built only from what the tools, sysfs and /proc say.
import { Topology, type DaxDevice, type DaxRegion, type Topology as TopologyT } from '../../shared/model/index.js';
import { HostError, readDirOptional, readOptional, type Host } from '../host/host.js';
import { readBlockSize, readMemoryBlocks, readNodeIds, readNodes, readTiers } from './memory.js';
import { nvdimmFromNdctl, nvdimmFromSysfs, type NvdimmView } from './nvdimm.js';
import { parseDaxctlList, parseMeminfo, parseNdctlList, ToolOutputError } from './parse/tooljson.js';

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

async function toolVersion(host: Host, tool: string): Promise<string | null> {
  const out = await runTool(host, [tool, '--version'], []);
  return out ? out.trim() : null;
}

async function daxFromSysfs(host: Host): Promise<{ regions: DaxRegion[]; devices: DaxDevice[] }> {
  const base = '/sys/bus/dax/devices';
  const devices: DaxDevice[] = [];
  const regions = new Map<string, DaxRegion>();
  for (const dev of await readDirOptional(host, base)) {
    const read = async (a: string) => ((await readOptional(host, `${base}/${dev}/${a}`)) ?? '').trim();
    const driver = await host.readLink(`${base}/${dev}/driver`).then((t) => t.split('/').pop() ?? '', () => '');
    const start = Number.parseInt((await read('resource')) || '0', 16);
    const size = Number((await read('size')) || 0);
    const regionId = Number((await read('../dax_region/id')) || 0);
    devices.push({
      dev, region: regionId, namespace: null, size, targetNode: Number((await read('target_node')) || -1), numaNode: Number((await read('numa_node')) || -1),
      align: Number((await read('align')) || 0), mode: driver === 'kmem' ? 'system-ram' : driver === 'device_dax' ? 'devdax' : 'unknown',
      state: driver ? 'enabled' : 'disabled', onlineMemblocks: 0, totalMemblocks: 0, movable: null,
      ranges: size ? [{ start, end: start + size - 1, size, pageOffset: 0 }] : [], memoryBlocks: [],
    });
    const key = `${regionId}:${dev}`;
    regions.set(key, { id: regionId, path: null, size, align: Number((await read('align')) || 0), devices: [dev] });
  }
  return { regions: [...regions.values()], devices };
}

/** Reads everything the console shows about a machine. Works without ndctl/daxctl (sysfs only) and without NVDIMMs. */
export async function snapshot(host: Host): Promise<TopologyT> {
  const notes: string[] = [];
  const [ndctlVersion, daxctlVersion] = [await toolVersion(host, 'ndctl'), await toolVersion(host, 'daxctl')];
  const kernel = (await readOptional(host, '/proc/sys/kernel/osrelease'))?.trim() ?? null;

  let nv: NvdimmView;
  if (ndctlVersion) {
    const out = await runTool(host, ['ndctl', 'list', '-B', '-D', '-R', '-N', '-H', '-i', '-v'], notes);
    nv = out === null ? await nvdimmFromSysfs(host) : await nvdimmFromNdctl(host, parseNdctlList(out));
  } else {
    notes.push('ndctl is not installed: buses, DIMMs, regions and namespaces were read from sysfs (no DIMM health).');
    nv = await nvdimmFromSysfs(host);
  }

  let daxRegions: DaxRegion[] = [];
  let daxDevices: DaxDevice[] = [];
  const daxOut = daxctlVersion ? await runTool(host, ['daxctl', 'list', '-R', '-D', '-M', '-i'], notes) : null;
  if (daxOut !== null) {
    for (const r of parseDaxctlList(daxOut)) {
      daxRegions.push({ id: r.id, path: r.path ?? null, size: r.size, align: r.align ?? 0, devices: (r.devices ?? []).map((d) => d.chardev) });
      for (const d of r.devices ?? []) {
        daxDevices.push({
          dev: d.chardev, region: r.id, namespace: nv.namespaces.find((n) => n.chardev === d.chardev)?.dev ?? null, size: d.size,
          targetNode: d.target_node ?? -1, numaNode: d.numa_node ?? -1, align: d.align ?? 0,
          mode: d.mode === 'system-ram' ? 'system-ram' : d.mode === 'devdax' ? 'devdax' : 'unknown', state: d.state === 'disabled' ? 'disabled' : 'enabled',
          onlineMemblocks: d.online_memblocks ?? 0, totalMemblocks: d.total_memblocks ?? 0, movable: d.movable ?? null,
          ranges: (d.mappings ?? []).map((m) => ({ start: m.start, end: m.end, size: m.size, pageOffset: m.page_offset })), memoryBlocks: [],
        });
      }
    }
  } else {
    if (!daxctlVersion) notes.push('daxctl is not installed: dax devices were read from sysfs.');
    ({ regions: daxRegions, devices: daxDevices } = await daxFromSysfs(host));
    for (const d of daxDevices) d.namespace = nv.namespaces.find((n) => n.chardev === d.dev)?.dev ?? null;
  }

  const blockSize = await readBlockSize(host);
  const ids = await readNodeIds(host);
  const tiers = await readTiers(host);
  const nodes = await readNodes(host, ids, tiers);
  const blocks = blockSize ? await readMemoryBlocks(host, blockSize, ids.online) : [];
  const byIndex = new Map(blocks.map((b) => [b.index, b]));
  for (const d of daxDevices) {
    if (d.mode !== 'system-ram' || !blockSize) continue;
    for (const range of d.ranges) {
      const first = Math.ceil(range.start / blockSize);
      const last = Math.floor((range.end + 1) / blockSize);
      for (let i = first; i < last; i++) {
        const b = byIndex.get(i);
        if (!b) continue;
        b.daxDevice = d.dev;
        d.memoryBlocks.push(i);
      }
    }
    if (daxOut === null) {
      d.totalMemblocks = d.memoryBlocks.length;
      const online = d.memoryBlocks.map((i) => byIndex.get(i)!).filter((b) => b.state === 'online');
      d.onlineMemblocks = online.length;
      d.movable = online.length ? online.every((b) => b.validZones.join(' ') === 'Movable') : null;
    }
  }

  const mem = parseMeminfo((await readOptional(host, '/proc/meminfo')) ?? '');
  const demotion = (await readOptional(host, '/sys/kernel/mm/numa/demotion_enabled'))?.trim();
  const mmom = (await readOptional(host, '/sys/module/memory_hotplug/parameters/memmap_on_memory'))?.trim();
  if (nv.regions.length === 0 && daxDevices.length === 0) notes.push('This machine has no persistent memory regions or dax devices.');

  const topology: TopologyT = {
    schemaVersion: 1,
    host: host.info,
    takenAt: new Date().toISOString(),
    kernel,
    tools: { ndctl: ndctlVersion, daxctl: daxctlVersion },
    ...nv,
    daxRegions,
    daxDevices,
    memory: {
      blockSize,
      autoOnlineBlocks: (await readOptional(host, '/sys/devices/system/memory/auto_online_blocks'))?.trim() ?? null,
      onlinePolicy: (await readOptional(host, '/sys/module/memory_hotplug/parameters/online_policy'))?.trim() ?? null,
      memmapOnMemory: mmom === undefined ? null : mmom === 'Y' || mmom === '1',
      blocks,
    },
    nodes,
    tiers,
    demotionEnabled: demotion === undefined ? null : demotion === 'true' || demotion === '1',
    meminfo: { memTotal: mem.MemTotal ?? 0, memFree: mem.MemFree ?? 0, memAvailable: mem.MemAvailable ?? null, fields: mem },
    notes,
  };
  const checked = Topology.safeParse(topology);
  if (!checked.success) throw new ToolOutputError('snapshot', checked.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return checked.data;
}
