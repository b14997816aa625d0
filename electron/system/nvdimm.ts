// Turns ndctl's view (or, without ndctl, sysfs) into buses, DIMMs, regions and namespaces.
import type { Bus, Dimm, DimmDsm, Namespace, Region } from '../../shared/model/index.js';
import { byDeviceName } from '../../shared/model/names.js';
import { parseU64 } from '../../shared/units/index.js';
import { readDirOptional, readOptional, type Host } from '../host/host.js';
import { badSectors, busScrub, firmwareFrom, healthFrom, mediaErrorsFrom, parseBadblocksFile } from './health.js';
import type { NdBusJson, NdNamespaceJson } from './parse/tooljson.js';
import { ReadNotes } from './values.js';

const ND = '/sys/bus/nd/devices';

const modes = ['raw', 'sector', 'fsdax', 'devdax'] as const;
const toMode = (m: string): Namespace['mode'] => ((modes as readonly string[]).includes(m) ? (m as Namespace['mode']) : m === 'memory' ? 'fsdax' : m === 'dax' ? 'devdax' : m === 'safe' ? 'sector' : 'raw');

/** The NVDIMM part of a topology. */
export interface NvdimmView {
  buses: Bus[];
  dimms: Dimm[];
  regions: Region[];
  namespaces: Namespace[];
}

function namespaceFrom(ns: NdNamespaceJson, region: string, legacy: boolean): Namespace {
  return {
    dev: ns.dev,
    region,
    mode: toMode(ns.mode),
    map: ns.map === 'mem' || ns.map === 'dev' ? ns.map : null,
    size: ns.size,
    uuid: ns.uuid && ns.uuid !== '00000000-0000-0000-0000-000000000000' ? ns.uuid : null,
    name: ns.name ?? null,
    sectorSize: ns.sector_size ?? null,
    align: ns.align ?? null,
    blockdev: ns.blockdev ?? null,
    chardev: ns.chardev ?? ns.daxregion?.devices?.[0]?.chardev ?? null,
    state: ns.state === 'disabled' ? 'disabled' : 'enabled',
    numaNode: ns.numa_node ?? -1,
    targetNode: ns.target_node ?? -1,
    badblockCount: ns.badblock_count ?? 0,
    ...(ns.badblocks ? { mediaErrors: mediaErrorsFrom(ns.badblocks) } : {}),
    legacy,
  };
}

/** An interleave-set cookie as hex text: ndctl prints it as a number (signed 64-bit, so a cookie from 2^63 up is negative; a big one
 *  comes as its digits, parse/tooljson.ts) or, with -u, as 0x hex. */
function isetText(v: number | string | undefined): string | null {
  if (v === undefined) return null;
  const s = String(v).trim();
  if (/^0x/i.test(s)) return s.toLowerCase();
  return `0x${BigInt.asUintN(64, BigInt(s)).toString(16)}`;
}

/** The sysfs files of a DIMM's firmware commands. */
const DSM_FILES = ['commands', 'nfit/family', 'nfit/dsm_mask', 'nfit/flags'] as const;
/** The sysfs files of a DIMM read beside ndctl's view: its flags, label slots and firmware commands. */
const DIMM_FILES = ['flags', 'available_slots', ...DSM_FILES] as const;

/** A DIMM's firmware commands from its files (trimmed; undefined where a file is not there), or null without a commands file. */
function dimmDsm(dir: string, file: (attr: (typeof DSM_FILES)[number]) => string | undefined, values: ReadNotes): DimmDsm | null {
  const commands = file('commands');
  if (commands === undefined) return null;
  const family = values.u64(`${dir}/nfit/family`, file('nfit/family'));
  return {
    family: family !== null && family < 2 ** 31 ? family : null,
    mask: values.hex(`${dir}/nfit/dsm_mask`, file('nfit/dsm_mask')),
    commands: commands.split(/\s+/).filter(Boolean),
  };
}

/** A DIMM's NFIT state flags (nfit/flags: the kernel's words for the ACPI NFIT memory device flags), or null where it shows none. */
function nfitFlagsOf(text: string | undefined): string[] | null {
  return text === undefined ? null : text.split(/\s+/).filter(Boolean);
}

/** The sysfs files of a bus read beside ndctl's view: its scrub count and mode, and the commands it can send. */
const BUS_FILES = ['nfit/scrub', 'nfit/hw_error_scrub', 'commands'] as const;
/** The sysfs files of a region and of a namespace read beside ndctl's view. */
const REGION_FILES = ['nstype', 'resource', 'badblocks'] as const;
const NAMESPACE_FILES = ['resource', 'size'] as const;

/** A namespace's extent from its resource (hex) and size files, or null where either is missing or does not read (noted). */
function extentOf(dir: string, resource: string | undefined, size: string | undefined, values: ReadNotes): Namespace['extent'] {
  const start = values.hex(`${dir}/resource`, resource);
  const bytes = values.u64(`${dir}/size`, size);
  return start === null || bytes === null ? null : { start, size: bytes };
}

/** Builds the NVDIMM view from `ndctl list -BDRNHFMiv` output, with the sysfs files ndctl does not show read in one batch. */
export async function nvdimmFromNdctl(host: Host, buses: NdBusJson[], values = new ReadNotes([])): Promise<NvdimmView> {
  const view: NvdimmView = { buses: [], dimms: [], regions: [], namespaces: [] };
  const nsOf = (r: { namespaces?: NdNamespaceJson[] }) => r.namespaces ?? [];
  const paths = buses.flatMap((b) => [
    ...(b.dev ? BUS_FILES.map((f) => `${ND}/${b.dev}/${f}`) : []),
    ...(b.dimms ?? []).flatMap((d) => DIMM_FILES.map((f) => `${ND}/${d.dev}/${f}`)),
    ...(b.regions ?? []).flatMap((r) => [...REGION_FILES.map((f) => `${ND}/${r.dev}/${f}`), ...nsOf(r).flatMap((ns) => NAMESPACE_FILES.map((f) => `${ND}/${ns.dev}/${f}`))]),
  ]);
  const files = await host.readFiles(paths);
  const file = (p: string) => {
    const v = files.get(p);
    return typeof v === 'string' ? v.trim() : undefined;
  };
  const text = (p: string) => file(p) ?? '';
  for (const b of buses) {
    if (b.dev) {
      const { running, ...scrub } = busScrub({ scrub: file(`${ND}/${b.dev}/nfit/scrub`), hwErrorScrub: file(`${ND}/${b.dev}/nfit/hw_error_scrub`), commands: file(`${ND}/${b.dev}/commands`) }, `${ND}/${b.dev}`, values);
      // The kernel's file first ("N+" while a scrub runs, as ndctl reads it), the tool's word where there is none.
      const scrubState = running !== null ? (running ? 'active' : 'idle') : b.scrub_state === 'active' ? 'active' : b.scrub_state === 'idle' ? 'idle' : null;
      view.buses.push({ dev: b.dev, provider: b.provider, scrubState, ...scrub });
    }
    for (const d of b.dimms ?? []) {
      const flags = text(`${ND}/${d.dev}/flags`).split(/\s+/).filter(Boolean);
      view.dimms.push({
        dev: d.dev, bus: b.dev, id: d.id ?? null, handle: d.handle ?? null, physId: d.phys_id ?? null,
        state: d.state === 'disabled' ? 'disabled' : 'enabled', security: d.security ?? null, flags, labelled: (values.u64(`${ND}/${d.dev}/available_slots`, file(`${ND}/${d.dev}/available_slots`)) ?? 0) > 0,
        health: d.health ? healthFrom(d.health) : null,
        securityFrozen: d.security_frozen === true || d.security === 'frozen',
        firmware: d.firmware ? firmwareFrom(d.firmware) : null,
        dsm: dimmDsm(`${ND}/${d.dev}`, (a) => file(`${ND}/${d.dev}/${a}`), values),
        nfitFlags: nfitFlagsOf(file(`${ND}/${d.dev}/nfit/flags`)),
      });
    }
    for (const r of b.regions ?? []) {
      const nstypeText = file(`${ND}/${r.dev}/nstype`);
      const nstype = values.u64(`${ND}/${r.dev}/nstype`, nstypeText) === null ? undefined : nstypeText;
      const resource = file(`${ND}/${r.dev}/resource`);
      const labelled = nstype ? nstype === '5' : r.iset_id !== undefined;
      // ndctl's list (with the DIMMs each run lies on) where it gave one; else the kernel's own file.
      const badblocksFile = file(`${ND}/${r.dev}/badblocks`);
      const mediaErrors = r.badblocks ? mediaErrorsFrom(r.badblocks) : badblocksFile !== undefined ? parseBadblocksFile(badblocksFile, `${ND}/${r.dev}/badblocks`, values) : undefined;
      view.regions.push({
        dev: r.dev, bus: b.dev, size: r.size, availableSize: r.available_size, maxAvailableExtent: r.max_available_extent ?? r.available_size,
        align: r.align ?? 16 * 2 ** 20, type: r.type === 'blk' ? 'blk' : 'pmem', numaNode: r.numa_node ?? -1, targetNode: r.target_node ?? -1,
        isetId: isetText(r.iset_id),
        // In interleave order: ndctl lists the last mapping first (libndctl prepends each), sysfs numbers them in order.
        mappings: (r.mappings ?? []).map((m) => ({ dimm: m.dimm, offset: m.offset, length: m.length, position: m.position })).sort((a, b) => a.position - b.position),
        persistenceDomain: r.persistence_domain ?? null, badblockCount: r.badblock_count ?? (mediaErrors ? badSectors(mediaErrors) : 0),
        ...(mediaErrors ? { mediaErrors } : {}),
        state: r.state === 'disabled' ? 'disabled' : 'enabled', labelled, resource: values.hex(`${ND}/${r.dev}/resource`, resource),
      });
      for (const ns of nsOf(r)) view.namespaces.push({ ...namespaceFrom(ns, r.dev, !labelled), extent: extentOf(`${ND}/${ns.dev}`, file(`${ND}/${ns.dev}/resource`), file(`${ND}/${ns.dev}/size`), values) });
    }
    for (const ns of b.namespaces ?? []) view.namespaces.push(namespaceFrom(ns, `region${ns.dev.replace(/^namespace(\d+)\..*$/, '$1')}`, false));
  }
  const byNum = (a: { dev: string }, b: { dev: string }) => byDeviceName(a.dev, b.dev);
  view.buses.sort(byNum);
  view.dimms.sort(byNum);
  view.regions.sort(byNum);
  view.namespaces.sort(byNum);
  return view;
}

/** Builds the NVDIMM view from sysfs alone, for machines without ndctl. A file that does not read is noted; a region or namespace whose
 *  size does not read is left out, with a note. */
export async function nvdimmFromSysfs(host: Host, values = new ReadNotes([])): Promise<NvdimmView> {
  const view: NvdimmView = { buses: [], dimms: [], regions: [], namespaces: [] };
  const base = '/sys/bus/nd/devices';
  const names = await readDirOptional(host, base);
  const read = async (dev: string, attr: string) => ((await readOptional(host, `${base}/${dev}/${attr}`)) ?? '').trim();
  const optional = async (dev: string, attr: string) => (await readOptional(host, `${base}/${dev}/${attr}`))?.trim();
  /** A u64 file (decimal or hex), counted as 0 where it is missing or does not read (noted). */
  const u64 = async (dev: string, attr: string) => values.u64(`${base}/${dev}/${attr}`, await optional(dev, attr), 'counted as 0') ?? 0;
  const node = async (dev: string, attr: string) => values.node(`${base}/${dev}/${attr}`, await optional(dev, attr)) ?? -1;
  for (const dev of names.filter((n) => /^ndbus\d+$/.test(n))) {
    const { running, ...scrub } = busScrub({ scrub: await optional(dev, 'nfit/scrub'), hwErrorScrub: await optional(dev, 'nfit/hw_error_scrub'), commands: await optional(dev, 'commands') }, `${base}/${dev}`, values);
    view.buses.push({ dev, provider: await read(dev, 'provider'), scrubState: running === null ? null : running ? 'active' : 'idle', ...scrub });
  }
  const busOf = async (dev: string) => {
    try {
      const target = await host.readLink(`${base}/${dev}`);
      return /(ndbus\d+)/.exec(target)?.[1] ?? '';
    } catch {
      return '';
    }
  };
  for (const dev of names.filter((n) => /^nmem\d+$/.test(n))) {
    const flags = (await read(dev, 'flags')).split(/\s+/).filter(Boolean);
    const handle = values.hex(`${base}/${dev}/nfit/handle`, await optional(dev, 'nfit/handle'));
    const files = new Map<string, string>();
    for (const a of DSM_FILES) {
      const v = await readOptional(host, `${base}/${dev}/${a}`);
      if (v !== null) files.set(a, v.trim());
    }
    const security = await read(dev, 'security');
    view.dimms.push({
      dev, bus: await busOf(dev), id: (await read(dev, 'nfit/id')) || null, handle: handle !== null && handle < 2 ** 32 ? handle : null, physId: null, state: 'enabled',
      security: security || null, flags, labelled: (await u64(dev, 'available_slots')) > 0, health: null,
      securityFrozen: security === 'frozen' || (await read(dev, 'frozen')) === '1', firmware: null, dsm: dimmDsm(`${base}/${dev}`, (a) => files.get(a), values),
      nfitFlags: nfitFlagsOf(files.get('nfit/flags')),
    });
  }
  for (const dev of names.filter((n) => /^region\d+$/.test(n))) {
    const size = values.u64(`${base}/${dev}/size`, await optional(dev, 'size'));
    if (size === null) {
      values.add(`${base}/${dev}: ${dev} is left out: its size could not be read`);
      continue;
    }
    const labelled = values.u64(`${base}/${dev}/nstype`, await optional(dev, 'nstype')) === 5;
    const mappings = [];
    const count = Math.min(await u64(dev, 'mappings'), 64);
    for (let i = 0; i < count; i++) {
      const path = `${base}/${dev}/mapping${i}`;
      const text = await read(dev, `mapping${i}`);
      const [dimm, offset, length, position] = text.split(',');
      const [o, l, p] = [offset, length, position].map((x) => (x === undefined ? null : parseU64(x)));
      if (!dimm || o === null || l === null || p === null || o === undefined || l === undefined || p === undefined) values.badFile(path, text, 'a mapping ("nmemN,OFFSET,LENGTH,POSITION")', 'left out');
      else mappings.push({ dimm, offset: o, length: l, position: p });
    }
    const enabled = await host.readLink(`${base}/${dev}/driver`).then(() => true, () => false);
    const mediaErrors = parseBadblocksFile(await read(dev, 'badblocks'), `${base}/${dev}/badblocks`, values);
    view.regions.push({
      dev, bus: await busOf(dev), size, availableSize: labelled ? await u64(dev, 'available_size') : 0, maxAvailableExtent: labelled ? await u64(dev, 'max_available_extent') : 0,
      align: values.hex(`${base}/${dev}/align`, await optional(dev, 'align'), 'taken as 16 MiB') ?? 16 * 2 ** 20, type: 'pmem', numaNode: await node(dev, 'numa_node'), targetNode: await node(dev, 'target_node'),
      isetId: labelled ? (await read(dev, 'set_cookie')) || null : null, mappings: mappings.sort((a, b) => a.position - b.position), persistenceDomain: (await read(dev, 'persistence_domain')) || 'unknown',
      badblockCount: badSectors(mediaErrors), mediaErrors,
      state: enabled ? 'enabled' : 'disabled', labelled, resource: values.hex(`${base}/${dev}/resource`, await optional(dev, 'resource')),
    });
    for (const nsName of names.filter((n) => n.startsWith(`namespace${dev.slice(6)}.`))) {
      const nsSize = values.u64(`${base}/${nsName}/size`, await optional(nsName, 'size'));
      if (nsSize === null) {
        if ((await optional(nsName, 'size')) !== undefined) values.add(`${base}/${nsName}: ${nsName} is left out: its size could not be read`);
        continue;
      }
      if (nsSize === 0) continue;
      const holder = await read(nsName, 'holder');
      const holderSize = holder ? values.u64(`${base}/${holder}/size`, await optional(holder, 'size')) ?? 0 : 0;
      const mode = toMode(await read(nsName, 'mode'));
      const uuid = holder ? await read(holder, 'uuid') : await read(nsName, 'uuid');
      let chardev: string | null = null;
      if (mode === 'devdax' && holder) chardev = (await readDirOptional(host, `${base}/${holder}`)).find((n) => /^dax\d+\.\d+$/.test(n)) ?? null;
      const enabledNs = await host.readLink(`${base}/${holder || nsName}/driver`).then(() => true, () => false);
      const align = holder ? values.u64(`${base}/${holder}/align`, await optional(holder, 'align')) : null;
      view.namespaces.push({
        dev: nsName, region: dev, mode, map: mode === 'fsdax' || mode === 'devdax' ? (holder ? 'dev' : 'mem') : null, size: holderSize || nsSize,
        uuid: uuid || null, name: (await read(nsName, 'alt_name')) || null, sectorSize: mode === 'devdax' ? null : 512, align: align || null,
        blockdev: null, chardev, state: enabledNs ? 'enabled' : 'disabled', numaNode: await node(nsName, 'numa_node'), targetNode: await node(nsName, 'target_node'), badblockCount: 0,
        extent: extentOf(`${base}/${nsName}`, await optional(nsName, 'resource'), String(nsSize), values), legacy: !labelled,
      });
    }
  }
  return view;
}
