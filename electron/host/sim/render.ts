// Renders the emulated machine's state as the sysfs and /proc files the real kernel would show.
import { within, type SectorRun } from './sector-runs.js';
import { BADBLOCK_SECTOR as SECTOR } from '../../../shared/model/poison.js';
import { Vfs } from './vfs.js';
import { busActivateState, dimmActivate } from './firmware-activate.js';
import { allDaxDevices, availableSize, isLabelled, maxAvailableExtent, namespaceName, namespaceStart, sysfsMode } from './kernel.js';
import { renderCxl } from './cxl-sysfs.js';
import { renderDaxMm, renderMm } from './mm.js';
import { nodeBlockCounts, type NodeBlocks } from './node-counts.js';
import { nodeTotals, renderMeminfo, renderNodeMeminfos } from './meminfo.js';
import type { SimBus, SimNode, SimRegion, SimState } from './state.js';

const hex = (n: number) => `0x${n.toString(16)}`;

/** Formats a node list the way the kernel does ("0-1,4"). */
export function formatNodeList(ids: number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    let end = start;
    while (sorted[i + 1] === end + 1) end = sorted[++i]!;
    parts.push(start === end ? `${start}` : `${start}-${end}`);
  }
  return parts.join(',');
}

/** Expands a cpulist ("0-3,8") into CPU numbers. */
export function parseList(list: string): number[] {
  const out: number[] = [];
  for (const part of list.trim().split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number);
    for (let i = a!; i <= (b ?? a!); i++) out.push(i);
  }
  return out;
}

function cpumap(cpulist: string, nrCpus: number): string {
  const cpus = parseList(cpulist);
  const digits = Math.max(1, Math.ceil(nrCpus / 4));
  let big = 0n;
  for (const c of cpus) big |= 1n << BigInt(c);
  const s = big.toString(16).padStart(digits, '0');
  const groups: string[] = [];
  for (let end = s.length; end > 0; end -= 8) groups.unshift(s.slice(Math.max(0, end - 8), end));
  return groups.join(',');
}

function renderNodes(state: SimState, vfs: Vfs, counts: Map<number, NodeBlocks>, meminfos: Map<number, string>): void {
  const base = '/sys/devices/system/node';
  const count = (id: number) => counts.get(id) ?? { blocks: 0, online: 0, hotAddedOnline: 0, hotAddedOnlineKb: 0, onlineNotMovable: 0 };
  // As nodeOnline and nodeHasMemory (kernel.ts) say, from one pass over the blocks.
  const isOnline = (n: SimNode) => n.cpulist !== '' || n.bootMemKb > 0 || count(n.id).blocks > 0;
  const hasMemory = (n: SimNode) => n.bootMemKb > 0 || count(n.id).online > 0;
  const online = state.nodes.filter(isOnline);
  const nrCpus = Math.max(1, ...state.nodes.flatMap((n) => parseList(n.cpulist)).map((c) => c + 1));
  vfs.file(`${base}/possible`, formatNodeList(state.nodes.map((n) => n.id)) + '\n');
  vfs.file(`${base}/online`, formatNodeList(online.map((n) => n.id)) + '\n');
  vfs.file(`${base}/has_cpu`, formatNodeList(state.nodes.filter((n) => n.cpulist !== '').map((n) => n.id)) + '\n');
  vfs.file(`${base}/has_memory`, formatNodeList(state.nodes.filter(hasMemory).map((n) => n.id)) + '\n');
  vfs.file(`${base}/has_normal_memory`, formatNodeList(state.nodes.filter((n) => n.bootMemKb > 0 || count(n.id).onlineNotMovable > 0).map((n) => n.id)) + '\n');
  vfs.file(`${base}/has_generic_initiator`, '\n');
  for (const n of online) {
    const dir = `${base}/node${n.id}`;
    vfs.file(`${dir}/cpulist`, n.cpulist + '\n');
    vfs.file(`${dir}/cpumap`, cpumap(n.cpulist, nrCpus) + '\n');
    const dist = online.map((o) => n.distances[state.nodes.indexOf(o)] ?? 10);
    vfs.file(`${dir}/distance`, dist.join(' ') + '\n');
    vfs.file(`${dir}/meminfo`, meminfos.get(n.id)!);
    vfs.file(`${dir}/numastat`, 'numa_hit 0\nnuma_miss 0\nnuma_foreign 0\ninterleave_hit 0\nlocal_node 0\nother_node 0\n');
    for (const c of parseList(n.cpulist)) vfs.link(`${dir}/cpu${c}`, `/sys/devices/system/cpu/cpu${c}`);
    for (const c of n.memorySideCache ?? []) {
      const cache = `${dir}/memory_side_cache/index${c.level}`;
      vfs.file(`${cache}/size`, `${c.size}\n`);
      vfs.file(`${cache}/line_size`, `${c.lineSize}\n`);
      vfs.file(`${cache}/indexing`, `${c.indexing}\n`);
      vfs.file(`${cache}/write_policy`, `${c.writePolicy}\n`);
    }
    for (const [name, acc] of [['access0', n.access0], ['access1', n.access1]] as const) {
      if (!acc) continue;
      vfs.file(`${dir}/${name}/initiators/read_bandwidth`, `${acc.readBandwidth}\n`);
      vfs.file(`${dir}/${name}/initiators/read_latency`, `${acc.readLatency}\n`);
      vfs.file(`${dir}/${name}/initiators/write_bandwidth`, `${acc.writeBandwidth}\n`);
      vfs.file(`${dir}/${name}/initiators/write_latency`, `${acc.writeLatency}\n`);
      for (const i of acc.initiators) {
        if (!online.some((o) => o.id === i)) continue;
        vfs.link(`${dir}/${name}/initiators/node${i}`, `${base}/node${i}`);
        vfs.link(`${base}/node${i}/${name}/targets/node${n.id}`, dir);
      }
    }
  }
  const tiers = new Map<number, number[]>();
  for (const n of state.nodes) if (hasMemory(n)) tiers.set(n.tier, [...(tiers.get(n.tier) ?? []), n.id]);
  for (const [tier, nodes] of tiers) {
    vfs.file(`/sys/devices/virtual/memory_tiering/memory_tier${tier}/nodelist`, formatNodeList(nodes) + '\n');
    vfs.link(`/sys/devices/virtual/memory_tiering/memory_tier${tier}/subsystem`, '/sys/bus/memory_tiering');
  }
  vfs.file('/sys/kernel/mm/numa/demotion_enabled', state.demotionEnabled ? 'true\n' : 'false\n');
  vfs.file('/proc/sys/kernel/numa_balancing', `${state.numaBalancing}\n`);
}

/** nfit_test's test_dimmN devices (tools/testing/nvdimm/test/nfit.c): handle, fail_cmd, fail_cmd_code and the write-only lock_dimm.
 *  nfit_test.0 registers five (its fifth has no NVDIMM), so nfit_test.1's are numbered from 5. */
function renderTestDimms(vfs: Vfs, bus: SimBus): void {
  if (!/^nfit_test\.\d+$/.test(bus.provider)) return;
  const first = bus.provider === 'nfit_test.0' ? 0 : 5;
  [...bus.dimms].sort((a, b) => a.handle - b.handle).forEach((d, i) => {
    const dir = `${bus.parent}/nfit_test_dimm/test_dimm${first + i}`;
    vfs.file(`${dir}/handle`, `0x${d.handle.toString(16)}\n`);
    vfs.file(`${dir}/fail_cmd`, '0x0\n');
    vfs.file(`${dir}/fail_cmd_code`, '0\n');
    vfs.file(`${dir}/lock_dimm`, '', 'EACCES');
  });
}

/** A pmem block device under its nd device, linked from /sys/block: its badblocks are the region's poison inside its range, in sectors
 *  from its own start (drivers/nvdimm/pmem.c nvdimm_badblocks_populate). */
function blockDevice(vfs: Vfs, parent: string, name: string, poison: SectorRun[], startSector: number): void {
  const dir = `${parent}/block/${name}`;
  vfs.file(`${dir}/badblocks`, poison.map((b) => `${b.offset - startSector} ${b.length}\n`).join(''));
  vfs.link(`/sys/block/${name}`, dir);
}

function renderRegion(state: SimState, vfs: Vfs, busDir: string, r: SimRegion): void {
  const dir = `${busDir}/region${r.id}`;
  const labelled = isLabelled(state, r);
  vfs.file(`${dir}/align`, hex(r.align) + '\n');
  // The kernel counts a label-less NFIT region as all free (ndctl still reports 0); an e820 region has no available_size.
  // A region with no DIMMs behind it (nfit_test.1's volatile one) has no DPA to allocate: 0.
  const unlabelledFree = r.pagemap || r.mappings.length === 0 ? 0 : Math.floor(r.size / r.align) * r.align;
  if (labelled || !r.pagemap) vfs.file(`${dir}/available_size`, `${labelled ? availableSize(state, r) : unlabelledFree}\n`);
  vfs.file(`${dir}/max_available_extent`, `${labelled ? maxAvailableExtent(state, r) : unlabelledFree}\n`);
  vfs.file(`${dir}/badblocks`, r.badblocks.map((b) => `${b.offset} ${b.length}\n`).join(''));
  vfs.file(`${dir}/devtype`, 'nd_pmem\n');
  vfs.file(`${dir}/modalias`, 'nd:t2\n');
  vfs.file(`${dir}/nstype`, labelled ? '5\n' : '4\n');
  vfs.file(`${dir}/numa_node`, `${r.numaNode}\n`);
  vfs.file(`${dir}/target_node`, `${r.targetNode}\n`);
  vfs.file(`${dir}/read_only`, '0\n');
  vfs.file(`${dir}/resource`, hex(r.start) + '\n');
  vfs.file(`${dir}/size`, `${r.size}\n`);
  vfs.file(`${dir}/persistence_domain`, r.persistenceDomain === 'unknown' ? '\n' : `${r.persistenceDomain}\n`);
  vfs.file(`${dir}/mappings`, `${r.mappings.length}\n`);
  r.mappings.forEach((m, i) => vfs.file(`${dir}/mapping${i}`, `${m.dimm},${m.offset},${m.length},${m.position}\n`));
  if (r.mappings.length > 0) vfs.file(`${dir}/set_cookie`, (labelled ? r.labelCookie : r.setCookie) + '\n');
  vfs.link(`/sys/bus/nd/devices/region${r.id}`, dir);
  if (!r.enabled) return;
  vfs.link(`${dir}/driver`, '/sys/bus/nd/drivers/nd_region');
  const active = r.namespaces.filter((n) => n.size > 0).length;
  vfs.file(`${dir}/init_namespaces`, `${Math.max(active, 1)}/${Math.max(active, 1)}\n`);
  vfs.file(`${dir}/namespace_seed`, `namespace${r.id}.${r.seeds.namespace}\n`);
  vfs.file(`${dir}/btt_seed`, `btt${r.id}.${r.seeds.btt}\n`);
  vfs.file(`${dir}/pfn_seed`, `pfn${r.id}.${r.seeds.pfn}\n`);
  vfs.file(`${dir}/dax_seed`, `dax${r.id}.${r.seeds.dax}\n`);
  const nstypeAlias = labelled ? 'nd:t5\n' : 'nd:t4\n';
  for (const kind of ['btt', 'pfn', 'dax'] as const) {
    const id = r.seeds[kind];
    const d = `${dir}/${kind}${r.id}.${id}`;
    vfs.file(`${d}/devtype`, `nd_${kind}\n`);
    vfs.file(`${d}/modalias`, kind === 'dax' ? 'nd:t7\n' : nstypeAlias);
    vfs.file(`${d}/namespace`, '\n');
    vfs.file(`${d}/numa_node`, `${r.numaNode}\n`);
    vfs.file(`${d}/target_node`, `${r.targetNode}\n`);
    vfs.file(`${d}/uuid`, '\n');
    if (kind === 'btt') {
      vfs.file(`${d}/sector_size`, '512 520 528 4096 4104 4160 4224 \n');
      vfs.file(`${d}/log_zero_flags`, 'Y\n');
      vfs.file(`${d}/size`, '', 'ENXIO');
    } else {
      vfs.file(`${d}/align`, '2097152\n');
      vfs.file(`${d}/mode`, 'none\n');
      vfs.file(`${d}/supported_alignments`, '4096 2097152 1073741824 \n');
      vfs.file(`${d}/size`, '', 'ENXIO');
      vfs.file(`${d}/resource`, '', 'ENXIO');
    }
    vfs.link(`/sys/bus/nd/devices/${kind}${r.id}.${id}`, d);
  }
  for (const ns of r.namespaces) {
    const name = namespaceName(r, ns);
    const d = `${dir}/${name}`;
    const mode = sysfsMode(r, ns, labelled);
    vfs.link(`/sys/bus/nd/devices/${name}`, d);
    vfs.file(`${d}/devtype`, labelled ? 'nd_namespace_pmem\n' : 'nd_namespace_io\n');
    vfs.file(`${d}/modalias`, nstypeAlias);
    vfs.file(`${d}/nstype`, labelled ? '5\n' : '4\n');
    vfs.file(`${d}/force_raw`, '0\n');
    vfs.file(`${d}/mode`, `${mode}\n`);
    vfs.file(`${d}/numa_node`, `${r.numaNode}\n`);
    vfs.file(`${d}/target_node`, `${r.targetNode}\n`);
    vfs.file(`${d}/size`, `${ns.size}\n`);
    if (ns.size > 0) vfs.file(`${d}/resource`, hex(namespaceStart(r, ns)) + '\n');
    else vfs.file(`${d}/resource`, '', 'ENXIO');
    const holder = ns.claim ? `${ns.claim.kind}${r.id}.${ns.claim.id}` : '';
    vfs.file(`${d}/holder`, `${holder}\n`);
    vfs.file(`${d}/holder_class`, ns.claim ? `${ns.claim.kind}\n` : '\n');
    if (labelled) {
      vfs.file(`${d}/alt_name`, `${ns.name}\n`);
      vfs.file(`${d}/uuid`, `${ns.uuid ?? ''}\n`);
      vfs.file(`${d}/dpa_extents`, ns.size > 0 ? '1\n' : '0\n');
      vfs.file(`${d}/sector_size`, ns.size > 0 || ns.sectorSizeSet ? '[512] 4096 \n' : '512 4096 \n');
    }
    if (!ns.enabled || ns.size === 0) continue;
    const claim = ns.claim;
    if (!claim) {
      vfs.link(`${d}/driver`, '/sys/bus/nd/drivers/nd_pmem');
      blockDevice(vfs, d, `pmem${r.id}${ns.id ? '.' + ns.id : ''}`, within(r.badblocks, ns.offset / SECTOR, ns.size / SECTOR), ns.offset / SECTOR);
      continue;
    }
    const cd = `${dir}/${claim.kind}${r.id}.${claim.id}`;
    vfs.link(`/sys/bus/nd/devices/${claim.kind}${r.id}.${claim.id}`, cd);
    vfs.file(`${cd}/devtype`, `nd_${claim.kind}\n`);
    vfs.file(`${cd}/modalias`, claim.kind === 'dax' ? 'nd:t7\n' : nstypeAlias);
    vfs.file(`${cd}/namespace`, `${name}\n`);
    vfs.file(`${cd}/numa_node`, `${r.numaNode}\n`);
    vfs.file(`${cd}/target_node`, `${r.targetNode}\n`);
    vfs.file(`${cd}/uuid`, `${claim.uuid}\n`);
    const blockName = `pmem${r.id}${ns.id ? '.' + ns.id : ''}`;
    if (claim.kind === 'btt') {
      vfs.link(`${cd}/driver`, '/sys/bus/nd/drivers/nd_pmem');
      vfs.file(`${cd}/sector_size`, [512, 520, 528, 4096, 4104, 4160, 4224].map((s) => (s === claim.sectorSize ? `[${s}]` : `${s}`)).join(' ') + ' \n');
      vfs.file(`${cd}/size`, `${claim.size}\n`);
      // The BTT's block device keeps no badblocks of its own (its map hides a bad block behind a free one).
      blockDevice(vfs, cd, `${blockName}s`, [], 0);
      continue;
    }
    vfs.file(`${cd}/align`, `${claim.align}\n`);
    vfs.file(`${cd}/supported_alignments`, '4096 2097152 1073741824 \n');
    vfs.file(`${cd}/resource`, hex(namespaceStart(r, ns) + claim.dataOffset) + '\n');
    vfs.file(`${cd}/size`, `${ns.size - claim.dataOffset}\n`);
    if (claim.kind === 'pfn') {
      vfs.file(`${cd}/mode`, claim.location === 'dev' ? 'pmem\n' : 'ram\n');
      vfs.link(`${cd}/driver`, '/sys/bus/nd/drivers/nd_pmem');
      const data = (ns.offset + claim.dataOffset) / SECTOR;
      blockDevice(vfs, cd, blockName, within(r.badblocks, data, (ns.size - claim.dataOffset) / SECTOR), data);
      continue;
    }
    vfs.file(`${cd}/mode`, 'pmem\n');
    vfs.link(`${cd}/driver`, '/sys/bus/nd/drivers/dax_pmem');
  }
}

function renderDax(state: SimState, vfs: Vfs): void {
  for (const { device: dev, regionId, path } of allDaxDevices(state)) {
    if (state.faults.some((f) => f.kind === 'device-vanishes' && f.device === dev.name)) continue;
    const d = `${path}/${dev.name}`;
    vfs.link(`/sys/bus/dax/devices/${dev.name}`, d);
    vfs.file(`${d}/align`, `${dev.align}\n`);
    vfs.file(`${d}/dev`, `252:${Number(dev.name.split('.')[1] ?? 0)}\n`);
    vfs.file(`${d}/modalias`, 'dax:t0\n');
    vfs.file(`${d}/numa_node`, `${dev.numaNode}\n`);
    vfs.file(`${d}/target_node`, `${dev.targetNode}\n`);
    vfs.file(`${d}/resource`, hex(dev.start) + '\n');
    vfs.file(`${d}/size`, `${dev.size}\n`);
    vfs.file(`${d}/mapping0/start`, hex(dev.start) + '\n');
    vfs.file(`${d}/mapping0/end`, hex(dev.start + dev.size - 1) + '\n');
    vfs.file(`${d}/mapping0/page_offset`, '0x0\n');
    if (dev.enabled) vfs.link(`${d}/driver`, `/sys/bus/dax/drivers/${dev.mode === 'system-ram' ? 'kmem' : 'device_dax'}`);
    renderDaxMm(state, dev, d, vfs);
    vfs.file(`${path}/dax_region/align`, `${dev.align}\n`);
    vfs.file(`${path}/dax_region/id`, `${regionId}\n`);
    vfs.file(`${path}/dax_region/size`, `${dev.size}\n`);
  }
}

/** Renders everything but the memory blocks (which are resolved on demand, there may be 10^5 of them). */
export function render(state: SimState): Vfs {
  const vfs = new Vfs();
  // One walk over the blocks for every count the files below show.
  const counts = nodeBlockCounts(state);
  const totals = nodeTotals(state, counts);
  vfs.file('/proc/meminfo', renderMeminfo(state, totals));
  vfs.file('/proc/cmdline', state.kernel.cmdline + '\n');
  vfs.file('/proc/sys/kernel/osrelease', state.kernel.release + '\n');
  vfs.file('/proc/sys/kernel/hostname', `${state.hostname ?? 'localhost'}\n`);
  vfs.file('/proc/keys', procKeys(state));
  // The emulated machine is read as root (its /proc/keys is root's).
  vfs.file('/proc/self/status', 'Name:\tpmem-console\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n');
  vfs.file('/proc/version', `Linux version ${state.kernel.release} ${state.kernel.version}\n`);
  vfs.file('/proc/self/mountinfo', mountinfo(state));
  vfs.file('/sys/devices/system/memory/block_size_bytes', state.memory.blockSize.toString(16) + '\n');
  vfs.file('/sys/devices/system/memory/auto_online_blocks', state.memory.autoOnline + '\n');
  vfs.file('/sys/module/memory_hotplug/parameters/memmap_on_memory', state.memory.memmapOnMemory ? 'Y\n' : 'N\n');
  vfs.file('/sys/module/memory_hotplug/parameters/online_policy', state.memory.onlinePolicy + '\n');
  for (const m of state.modules) vfs.dir(`/sys/module/${m}`);
  const has = (m: string) => state.modules.includes(m);
  if (has('libnvdimm')) for (const d of ['nd_bus', 'nvdimm', 'nd_region', ...(has('nd_pmem') ? ['nd_pmem'] : []), ...(has('dax_pmem') ? ['dax_pmem'] : [])]) vfs.dir(`/sys/bus/nd/drivers/${d}`);
  if (has('device_dax')) vfs.dir('/sys/bus/dax/drivers/device_dax');
  if (has('kmem')) vfs.dir('/sys/bus/dax/drivers/kmem');
  vfs.dir('/sys/bus/nd/devices');
  vfs.dir('/sys/bus/dax/devices');
  renderNodes(state, vfs, counts, renderNodeMeminfos(state, totals));
  for (const bus of state.buses) {
    const busDir = `${bus.parent}/ndbus${bus.id}`;
    vfs.file(`${busDir}/provider`, bus.provider + '\n');
    // The bus commands Linux names (nvdimm_bus_cmd_name): a platform that scrubs has the ARS commands and clear_error too.
    vfs.file(`${busDir}/commands`, bus.scrub ? 'ars_cap ars_start ars_status clear_error cmd_call \n' : bus.dimms.length ? 'cmd_call \n' : '\n');
    vfs.file(`${busDir}/wait_probe`, '1\n');
    if (bus.nfit) {
      vfs.file(`${busDir}/nfit/dsm_mask`, `${hex(bus.nfit.dsmMask)}\n`);
      vfs.file(`${busDir}/nfit/hw_error_scrub`, `${bus.nfit.hwErrorScrub}\n`);
      if (bus.nfit.revision !== undefined) vfs.file(`${busDir}/nfit/revision`, `${bus.nfit.revision}\n`);
      // drivers/acpi/nfit/core.c scrub_show: the scrubs completed since boot, with a "+" while one runs; no file without ARS.
      if (bus.scrub) vfs.file(`${busDir}/nfit/scrub`, `${bus.scrub.count}${bus.scrub.until !== null ? '+' : ''}\n`);
    }
    vfs.link(`${busDir}/driver`, '/sys/bus/nd/drivers/nd_bus');
    vfs.link(`/sys/bus/nd/devices/ndbus${bus.id}`, busDir);
    // drivers/nvdimm/core.c activate_show / capability_show: where the platform activates firmware live.
    if (bus.firmwareActivate) {
      vfs.file(`${busDir}/firmware/activate`, `${busActivateState(bus)}\n`);
      vfs.file(`${busDir}/firmware/capability`, bus.firmwareActivate.method === 'suspend' ? 'quiesce\n' : 'live\n');
    }
    renderTestDimms(vfs, bus);
    for (const dimm of bus.dimms) {
      const d = `${busDir}/${dimm.dev}`;
      vfs.link(`/sys/bus/nd/devices/${dimm.dev}`, d);
      vfs.file(`${d}/devtype`, 'nvdimm\n');
      if (bus.firmwareActivate && dimm.firmware?.canUpdate) {
        const a = dimmActivate(bus, dimm);
        vfs.file(`${d}/firmware/activate`, `${a.state}\n`);
        vfs.file(`${d}/firmware/result`, `${a.result}\n`);
      }
      vfs.file(`${d}/modalias`, 'nd:t1\n');
      vfs.file(`${d}/state`, bus.regions.some((r) => r.enabled && r.mappings.some((m) => m.dimm === dimm.dev)) ? 'active\n' : 'idle\n');
      vfs.file(`${d}/flags`, dimm.labelsInitialized ? 'label \n' : '\n');
      vfs.file(`${d}/available_slots`, dimm.labelSize ? `${dimm.labelsInitialized ? 1017 : 509}\n` : '0\n');
      // Linux 6.1 shows both files only for a DIMM with security commands; being frozen is the frozen file's 1, never a security word.
      if (dimm.security !== null) {
        vfs.file(`${d}/security`, `${dimm.security}\n`);
        vfs.file(`${d}/frozen`, dimm.frozen ? '1\n' : '0\n');
      }
      if (dimm.dsm) {
        vfs.file(`${d}/commands`, `${dimm.dsm.commands.join(' ')} \n`);
        vfs.file(`${d}/nfit/family`, `${dimm.dsm.family}\n`);
        vfs.file(`${d}/nfit/dsm_mask`, `${hex(dimm.dsm.mask)}\n`);
      }
      // cxl_pmem's nvdimms have the label commands and no NFIT attributes.
      if (dimm.kind === 'cxl') vfs.file(`${d}/commands`, 'get_size get_data set_data \n');
      else {
        for (const [name, value] of [['id', dimm.id], ['handle', hex(dimm.handle)], ['phys_id', hex(dimm.physId)], ['serial', dimm.serial], ['vendor', dimm.vendor], ['device', dimm.device], ['flags', (dimm.nfitFlags ?? []).map((w) => `${w} `).join('')]]) {
          vfs.file(`${d}/nfit/${name}`, `${value}\n`);
        }
      }
      if (dimm.enabled) vfs.link(`${d}/driver`, '/sys/bus/nd/drivers/nvdimm');
    }
    for (const r of bus.regions) renderRegion(state, vfs, busDir, r);
  }
  renderDax(state, vfs);
  if (state.cxl) renderCxl(state, state.cxl, vfs);
  renderMm(state, vfs);
  for (const [path, content] of Object.entries(state.files)) vfs.file(path, content);
  return vfs;
}

/** /proc/keys as root reads it: its user key ring's keys (Linux security/keys/proc.c: id, flags, usage, expiry, perm, uid, gid, type,
 *  description: summary). */
function procKeys(state: SimState): string {
  return (state.keyring ?? []).map((k, i) => {
    const [type, ...desc] = k.split(':');
    const id = (0x1a2b3c00 + i).toString(16).padStart(8, '0');
    return `${id} I--Q---     1 perm 3f010000     0     0 ${(type ?? '').padEnd(9)} ${desc.join(':')}: ${type === 'encrypted' ? 'default user:nvdimm-master 32' : '32'}\n`;
  }).join('');
}

function mountinfo(state: SimState): string {
  const lines = ['21 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw'];
  let id = 30;
  for (const r of state.buses.flatMap((b) => b.regions)) {
    for (const ns of r.namespaces) {
      if (!ns.mountpoint) continue;
      const dev = `pmem${r.id}${ns.id ? '.' + ns.id : ''}${ns.claim?.kind === 'btt' ? 's' : ''}`;
      lines.push(`${id++} 21 259:${ns.id} / ${ns.mountpoint} rw,relatime shared:${id} - ext4 /dev/${dev} rw,dax=always`);
    }
  }
  return lines.join('\n') + '\n';
}
