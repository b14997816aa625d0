// A twin: an emulated machine built from what a real one showed (a Topology, e.g. from a capture bundle),
// so guarded actions can be tried on it before they touch the real machine.
import { formatDaxctlConf, NDCTL_KEYS_DIR } from '../../../shared/actions/index.js';
import { alignUp } from '../../../shared/units/index.js';
import { BADBLOCK_SECTOR, isMemmapRegion, memmapBytesPerBlock, type DaxDevice, type Namespace, type Region, type Topology } from '../../../shared/model/index.js';
import { cxlTwin } from './twin-cxl.js';
import { bttCapacity, ensureNamespaceSeed, infoBlockDataOffset, refreshSeeds } from './kernel.js';
import { DEFAULT_THRESHOLDS, TRANSLATE_SPA } from './ndjson-health.js';
import type { SimAccess, SimBlock, SimBus, SimClaim, SimDaxDevice, SimDimm, SimNamespace, SimNode, SimRegion, SimSideCache, SimState } from './state.js';

const KiB = 1024;
const GiB = 2 ** 30;
const SIM_ZONES = ['none', 'DMA', 'DMA32', 'Normal', 'Movable'] as const;
const NFIT_PARENT = '/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00';

const devNumber = (dev: string) => Number(/(\d+)$/.exec(dev)?.[1] ?? 0);
const nsId = (dev: string) => Number(/\.(\d+)$/.exec(dev)?.[1] ?? 0);

/** A memory-side cache as the kernel's numbers hold it (what was not read: the kernel's "other", 2). */
function sideCache(c: NonNullable<Topology['nodes'][number]['memorySideCache']>[number]): SimSideCache {
  return {
    level: c.level, size: c.size ?? 0, lineSize: c.lineSize ?? 0,
    indexing: c.indexing === 'direct-mapped' ? 0 : c.indexing === 'indexed' ? 1 : 2,
    writePolicy: c.writePolicy === 'write-back' ? 0 : c.writePolicy === 'write-through' ? 1 : 2,
  };
}

function access(a: Topology['nodes'][number]['access0']): SimAccess | null {
  if (!a) return null;
  return { readLatency: a.readLatencyNs ?? 0, writeLatency: a.writeLatencyNs ?? 0, readBandwidth: a.readBandwidthMBps ?? 0, writeBandwidth: a.writeBandwidthMBps ?? 0, initiators: a.initiators };
}

function blockOf(b: Topology['memory']['blocks'][number]): SimBlock {
  const online = b.state !== 'offline';
  const first = b.validZones[0] ?? '';
  const zone = online ? (SIM_ZONES.includes(first as SimBlock['zone']) ? (first as SimBlock['zone']) : 'Normal') : 'none';
  const boot = b.daxDevice === null;
  return { index: b.index, node: b.node < 0 ? 0 : b.node, state: online ? 'online' : 'offline', zone, boot, unmovable: boot && zone !== 'Movable', owner: b.daxDevice };
}

/** The daxctl.conf.d entries and daxctl's udev rule, as files the twin can show. */
function persistenceFiles(t: Topology): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of t.persistence.confFiles) files[f.path] = f.sections.map(formatDaxctlConf).join('\n');
  const rule = t.persistence.udevRule;
  if (rule) files[rule.path] = rule.command.startsWith('systemd: ') ? `ACTION=="add", SUBSYSTEM=="dax", TAG+="systemd", ENV{SYSTEMD_WANTS}="${rule.command.slice(9)}"\n` : `ACTION=="add", SUBSYSTEM=="dax", RUN+="${rule.command}"\n`;
  if (t.persistence.service) files[t.persistence.service] = '[Service]\nType=oneshot\nExecStart=/usr/bin/daxctl reconfigure-device -C %I\n';
  return files;
}

/** The raw namespace size whose usable size, after the claim's metadata, is what the tools reported. */
function rawNamespaceSize(reported: number, fits: (raw: number) => number, step: number): number {
  for (let raw = alignUp(reported, step); raw <= reported * 1.2 + step; raw += step) {
    if (fits(raw) === reported) return raw;
  }
  for (let raw = alignUp(reported, step); ; raw += step) if (fits(raw) >= reported) return raw;
}

function daxDeviceOf(d: DaxDevice | undefined, fallback: { name: string; start: number; size: number; align: number; targetNode: number; numaNode: number }): SimDaxDevice {
  return {
    name: fallback.name, start: d?.ranges[0]?.start ?? fallback.start, size: d?.size ?? fallback.size, align: d?.align || fallback.align,
    targetNode: d?.targetNode ?? fallback.targetNode, numaNode: d?.numaNode ?? fallback.numaNode,
    // The sim has no famfs: a famfs or unknown device is modelled as devdax (the planners refuse to act on either, so no twin runs it).
    mode: d?.mode === 'system-ram' ? 'system-ram' : 'devdax', enabled: d ? d.state === 'enabled' : true,
    ...(d?.hotplugState ? { hotplugState: d.hotplugState as SimDaxDevice['hotplugState'] } : {}),
    ...(typeof d?.memmapOnMemory === 'boolean' ? { memmapOnMemory: d.memmapOnMemory } : {}),
  };
}

function namespaceOf(t: Topology, r: Region, sr: SimRegion, ns: Namespace, offset: number, ids: { btt: number; pfn: number }, uuids: () => string): SimNamespace {
  const start = sr.start + offset;
  const step = r.labelled ? sr.align : 4096;
  const align = ns.align ?? 2 * 2 ** 20;
  let size = ns.size;
  let claim: SimClaim | null = null;
  if (!r.labelled && (ns.mode === 'raw' || (sr.pagemap && ns.mode === 'fsdax' && ns.map === 'mem' && !ns.uuid))) {
    size = r.size; // a label-less region has one namespace spanning it; fsdax map=mem without a uuid is the region's own page map
  } else if (ns.mode === 'sector') {
    const sector = ns.sectorSize ?? 512;
    size = r.labelled ? rawNamespaceSize(ns.size, (raw) => bttCapacity(raw, sector), step) : r.size;
    claim = { kind: 'btt', id: ids.btt++, uuid: ns.uuid ?? uuids(), sectorSize: sector, size: bttCapacity(size, sector) };
  } else if (ns.mode === 'fsdax') {
    const loc = ns.map === 'mem' ? 'mem' : 'dev';
    size = r.labelled ? rawNamespaceSize(ns.size, (raw) => raw - infoBlockDataOffset(start, raw, align, loc), step) : r.size;
    claim = { kind: 'pfn', id: ids.pfn++, uuid: ns.uuid ?? uuids(), align, location: loc, dataOffset: infoBlockDataOffset(start, size, align, loc) };
  } else if (ns.mode === 'devdax') {
    size = r.labelled ? rawNamespaceSize(ns.size, (raw) => raw - infoBlockDataOffset(start, raw, align, 'dev'), step) : r.size;
    const dataOffset = infoBlockDataOffset(start, size, align, 'dev');
    const name = ns.chardev ?? `dax${sr.id}.${nsId(ns.dev)}`;
    const device = daxDeviceOf(t.daxDevices.find((d) => d.dev === name), { name, start: start + dataOffset, size: size - dataOffset, align, targetNode: r.targetNode, numaNode: r.numaNode });
    claim = { kind: 'dax', id: nsId(name), uuid: ns.uuid ?? uuids(), align, dataOffset, device };
  }
  return { id: nsId(ns.dev), uuid: r.labelled ? uuids() : null, name: ns.name ?? '', size, offset, enabled: ns.state === 'enabled', claim, mountpoint: null };
}

function regionOf(t: Topology, r: Region, start: number, uuids: () => string): SimRegion {
  const sr: SimRegion = {
    id: devNumber(r.dev), start, size: r.size, align: r.align || 16 * 2 ** 20, numaNode: Math.max(0, r.numaNode), targetNode: r.targetNode,
    persistenceDomain: r.persistenceDomain || 'unknown', enabled: r.state === 'enabled',
    pagemap: !r.labelled && isMemmapRegion(t, r.dev), mappings: r.mappings,
    setCookie: r.isetId ?? '0x0', labelCookie: r.isetId ?? '0x0', namespaces: [], seeds: { namespace: 0, btt: 0, pfn: 0, dax: 0 },
    // The known poison, in the kernel's sectors (what a scrub might still find is unknown to a twin).
    badblocks: (r.mediaErrors ?? []).map((e) => ({ offset: Math.floor(e.offset / BADBLOCK_SECTOR), length: Math.ceil(e.length / BADBLOCK_SECTOR) })),
  };
  let offset = 0;
  const ids = { btt: 0, pfn: 0 };
  const namespaces = t.namespaces.filter((n) => n.region === r.dev && n.size > 0).sort((a, b) => nsId(a.dev) - nsId(b.dev));
  for (const ns of namespaces) {
    const sn = namespaceOf(t, r, sr, ns, offset, ids, uuids);
    sr.namespaces.push(sn);
    offset += sn.size;
  }
  // A label-less region always has its one namespace spanning it, even while the region is disabled and nothing lists it.
  if (!r.labelled && sr.namespaces.length === 0) sr.namespaces.push({ id: 0, uuid: null, name: '', size: r.size, offset: 0, enabled: true, claim: null, mountpoint: null });
  refreshSeeds(sr);
  if (r.labelled) {
    sr.seeds.namespace = -1;
    ensureNamespaceSeed(sr);
  }
  return sr;
}

function healthOf(h: NonNullable<Topology['dimms'][number]['health']>): NonNullable<SimDimm['health']> {
  return {
    state: h.healthState, temperature: h.temperatureCelsius ?? 0, controllerTemperature: h.controllerTemperatureCelsius ?? (h.temperatureCelsius ?? 0) + 6,
    spares: h.sparesPercent ?? 0, lifeUsed: h.lifeUsedPercent ?? 0, shutdownState: h.shutdownState ?? 'clean', shutdownCount: h.shutdownCount ?? 0,
    ...(h.alarms ? { alarms: { ...h.alarms } } : {}),
    // A threshold shown is an enabled alarm; one not shown (null) is a disabled one, its value unknown to the twin.
    ...(h.thresholds
      ? {
          thresholds: {
            temperature: h.thresholds.temperature ?? DEFAULT_THRESHOLDS.temperature, controllerTemperature: h.thresholds.controllerTemperature ?? DEFAULT_THRESHOLDS.controllerTemperature,
            spares: h.thresholds.spares ?? DEFAULT_THRESHOLDS.spares, enabled: { temperature: h.thresholds.temperature !== null, controllerTemperature: h.thresholds.controllerTemperature !== null, spares: h.thresholds.spares !== null },
          },
        }
      : {}),
  };
}

const SECURITY_STATES: readonly string[] = ['disabled', 'unlocked', 'locked', 'overwrite'];

function dimmOf(d: Topology['dimms'][number], labelled: boolean): SimDimm {
  const vendor = d.id && /^[0-9a-f]{4}-/i.test(d.id) ? `0x${d.id.slice(0, 4)}` : '0x0000';
  const serial = d.id ? `0x${d.id.split('-').pop()}` : '0x00000000';
  return {
    dev: d.dev, id: d.id ?? d.dev, handle: d.handle ?? devNumber(d.dev), physId: d.physId ?? devNumber(d.dev), serial, vendor, device: '0x0000',
    labelSize: d.labelled || labelled ? 128 * KiB : 0, labelsInitialized: labelled, enabled: d.state === 'enabled',
    // The states a sim keeps (ndctl's words); "frozen" is the frozen file's 1 on Linux 6.1. A passphrase is set where the DIMM is
    // unlocked or locked; the twin takes the user one (the master one cannot be seen from the host).
    security: d.security === null ? null : d.security === 'frozen' ? 'unlocked' : SECURITY_STATES.includes(d.security) ? d.security : 'disabled',
    frozen: d.securityFrozen === true || d.security === 'frozen',
    passphrases: { user: d.security === 'unlocked' || d.security === 'locked' || d.security === 'frozen', master: false },
    overwriteMs: 0,
    health: d.health ? healthOf(d.health) : null,
    ...(d.firmware?.currentVersion ? { firmware: { current: Number.parseInt(d.firmware.currentVersion, 16), next: d.firmware.nextVersion ? Number.parseInt(d.firmware.nextVersion, 16) : null, canUpdate: d.firmware.canUpdate ?? false } } : {}),
    ...(d.dsm ? { dsm: { family: d.dsm.family ?? 0, mask: d.dsm.mask ?? 0, commands: d.dsm.commands } } : {}),
    ...(d.nfitFlags?.length ? { nfitFlags: [...d.nfitFlags] } : {}),
  };
}

/** Where an nd bus hangs under /sys/devices, by its provider. */
function busParent(provider: string): string {
  if (provider === 'ACPI.NFIT') return NFIT_PARENT;
  if (provider === 'CXL') return '/sys/devices/platform/ACPI0017:00/root0/nvdimm-bridge0';
  return `/sys/devices/platform/${provider === 'e820' ? 'e820_pmem' : provider}`;
}

/** Builds an emulated machine that answers like the machine a topology describes (a twin of it). */
export function twinFromTopology(t: Topology, label: string): SimState {
  let n = 0;
  const uuids = () => `00000000-7717-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
  const blockSize = t.memory.blockSize || 128 * 2 ** 20;
  const blocks = t.memory.blocks.map(blockOf);
  // What hot-added online memory adds to MemTotal, per node, in kB: a block that keeps its own memmap (memmap_on_memory) adds less.
  const ownMemmap = new Set(t.daxDevices.filter((d) => d.memmapOnMemory === true).map((d) => d.dev));
  const hotAddedPerNode = new Map<number, number>();
  for (const b of blocks) {
    if (b.boot || b.state !== 'online') continue;
    const kb = blockSize / KiB - (b.owner !== null && ownMemmap.has(b.owner) ? memmapBytesPerBlock(blockSize) / KiB : 0);
    hotAddedPerNode.set(b.node, (hotAddedPerNode.get(b.node) ?? 0) + kb);
  }
  const hotAddedOnline = (node: number | null) => (node === null ? [...hotAddedPerNode.values()].reduce((a, n) => a + n, 0) : hotAddedPerNode.get(node) ?? 0);

  const nodes: SimNode[] = t.nodes.map((node) => ({
    id: node.id, cpulist: node.cpulist,
    distances: t.nodes.map((o) => node.distances.find((d) => d.node === o.id)?.distance ?? (o.id === node.id ? 10 : 20)),
    access0: access(node.access0), access1: access(node.access1),
    tier: node.memoryTier ?? t.tiers.find((tier) => tier.nodes.includes(node.id))?.id ?? (node.cpulist ? 4 : 22),
    bootMemKb: Math.max(0, node.memTotal / KiB - hotAddedOnline(node.id)), bootFreeKb: Math.max(0, node.memFree / KiB - hotAddedOnline(node.id)),
    ...(node.memorySideCache?.length ? { memorySideCache: node.memorySideCache.map(sideCache) } : {}),
  }));

  let lastRam = 4 * GiB;
  for (const b of blocks) lastRam = Math.max(lastRam, (b.index + 1) * blockSize);
  let nextStart = alignUp(lastRam, 64 * GiB);
  const buses: SimBus[] = t.buses.map((bus) => {
    const regions = t.regions.filter((r) => r.bus === bus.dev).map((r) => {
      const start = r.resource ?? nextStart;
      nextStart = alignUp(Math.max(nextStart, start + r.size), 64 * GiB);
      return regionOf(t, r, start, uuids);
    });
    const labelledDimms = new Set(t.regions.filter((r) => r.labelled).flatMap((r) => r.mappings.map((m) => m.dimm)));
    return {
      id: devNumber(bus.dev), provider: bus.provider, parent: busParent(bus.provider),
      // cxl_pmem's nvdimms always keep labels, and have no NFIT attributes.
      dimms: t.dimms.filter((d) => d.bus === bus.dev).map((d) => (bus.provider === 'CXL' ? { ...dimmOf(d, true), kind: 'cxl' as const } : dimmOf(d, labelledDimms.has(d.dev)))), regions,
      // A bus that scrubs scrubs at once on a twin: a prediction does not wait for the media.
      // A platform that scrubs translates an address to its DIMM (Translate SPA), as nfit_test does in its own way: the media errors'
      // DIMMs stay named.
      ...(typeof bus.hwErrorScrub === 'boolean' || typeof bus.scrubCount === 'number'
        ? { nfit: { dsmMask: typeof bus.scrubCount === 'number' ? TRANSLATE_SPA : 0, hwErrorScrub: bus.hwErrorScrub ? 1 : 0, ...(bus.provider.startsWith('nfit_test.') ? { translateSpa: 'last-mapping' as const } : {}) } }
        : {}),
      ...(typeof bus.scrubCount === 'number' ? { scrub: { count: bus.scrubCount, until: null, durationMs: 0 } } : {}),
    };
  });

  const hmem = t.daxDevices.filter((d) => d.namespace === null).map((d) => {
    const region = t.daxRegions.find((r) => r.id === d.region);
    return { id: d.region, path: region?.path ?? `/sys/devices/platform/hmem.${d.region}/dax_region${d.region}`, align: region?.align || d.align, device: daxDeviceOf(d, { name: d.dev, start: 0, size: d.size, align: d.align, targetNode: d.targetNode, numaNode: d.numaNode }) };
  });

  const cxl = cxlTwin(t);
  const added = hotAddedOnline(null);
  const meminfoKb = Object.entries(t.meminfo.fields).map(([k, v]): [string, number] => {
    const kb = k.startsWith('HugePages_') ? v : v / KiB;
    return [k, ['MemTotal', 'MemFree', 'MemAvailable'].includes(k) ? Math.max(0, kb - added) : kb];
  });

  return {
    version: 1,
    preset: `twin:${label}`,
    description: `Twin of ${t.host.label} as seen at ${t.takenAt}`,
    kernel: {
      release: t.kernel ?? 'unknown', version: '', cmdline: '',
      // What the kernel has, as far as the read shows it: a state file on some dax device, a memmap_on_memory file on some.
      daxState: t.daxDevices.some((d) => typeof d.hotplugState === 'string'), memmapPerDevice: t.daxDevices.some((d) => typeof d.memmapOnMemory === 'boolean'),
    },
    ...(t.weightedInterleave ? { mempolicy: { auto: t.weightedInterleave.auto ?? false, weights: Object.fromEntries(t.weightedInterleave.weights.map((w) => [String(w.node), w.weight])) } } : {}),
    tools: { ndctl: t.tools.ndctl, daxctl: t.tools.daxctl, cxl: t.tools.cxl ?? null },
    modules: ['libnvdimm', 'nd_pmem', 'nd_btt', 'dax_pmem', 'device_dax', 'kmem', ...(t.buses.some((b) => b.provider === 'ACPI.NFIT') ? ['nfit'] : []), ...(hmem.length ? ['dax_hmem'] : [])],
    memory: {
      blockSize, autoOnline: t.memory.autoOnlineBlocks ?? 'offline', onlinePolicy: t.memory.onlinePolicy ?? 'contig-zones',
      memmapOnMemory: t.memory.memmapOnMemory ?? false, blocks,
    },
    nodes,
    buses,
    hmem,
    meminfoKb,
    demotionEnabled: t.demotionEnabled ?? false,
    numaBalancing: t.numaBalancing ?? 0,
    files: { ...persistenceFiles(t), ...Object.fromEntries((t.keys?.blobs ?? []).map((b) => [`${NDCTL_KEYS_DIR}/${b}`, 'sealed passphrase\n'])) },
    faults: [],
    ...(t.hostname ? { hostname: t.hostname } : {}),
    // The keys the console saw; where it could not read /proc/keys, any key-encryption key is taken to be there ("*").
    keyring: t.keys?.keyring ?? ['*'],
    ...(cxl ? { cxl } : {}),
  };
}
