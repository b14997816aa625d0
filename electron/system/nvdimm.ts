// Turns ndctl's view (or, without ndctl, sysfs) into buses, DIMMs, regions and namespaces.
import type { Bus, Dimm, DimmDsm, Namespace, Region } from '../../shared/model/index.js';
import { byDeviceName } from '../../shared/model/names.js';
import { readDirOptional, readOptional, type Host } from '../host/host.js';
import { badSectors, busScrub, firmwareFrom, healthFrom, mediaErrorsFrom, parseBadblocksFile } from './health.js';
import type { NdBusJson, NdNamespaceJson } from './parse/tooljson.js';

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
    chardev: ns.chardev ?? (ns.daxregion as { devices?: { chardev?: string }[] } | undefined)?.devices?.[0]?.chardev ?? null,
    state: ns.state === 'disabled' ? 'disabled' : 'enabled',
    numaNode: ns.numa_node ?? -1,
    targetNode: ns.target_node ?? -1,
    badblockCount: ns.badblock_count ?? 0,
    ...(ns.badblocks ? { mediaErrors: mediaErrorsFrom(ns.badblocks) } : {}),
    legacy,
  };
}

/** The sysfs files of a DIMM's firmware commands. */
const DSM_FILES = ['commands', 'nfit/family', 'nfit/dsm_mask'] as const;
/** The sysfs files of a DIMM read beside ndctl's view: its flags, label slots and firmware commands. */
const DIMM_FILES = ['flags', 'available_slots', ...DSM_FILES] as const;

/** A DIMM's firmware commands from its files (trimmed; undefined where a file is not there), or null without a commands file. */
function dimmDsm(file: (attr: (typeof DSM_FILES)[number]) => string | undefined): DimmDsm | null {
  const commands = file('commands');
  if (commands === undefined) return null;
  const family = file('nfit/family');
  const mask = file('nfit/dsm_mask');
  return {
    family: family !== undefined && /^\d+$/.test(family) ? Number(family) : null,
    mask: mask !== undefined && /^0x[0-9a-f]+$/i.test(mask) ? Number.parseInt(mask, 16) : null,
    commands: commands.split(/\s+/).filter(Boolean),
  };
}

/** The sysfs files of a bus read beside ndctl's view: its scrub count and mode, and the commands it can send. */
const BUS_FILES = ['nfit/scrub', 'nfit/hw_error_scrub', 'commands'] as const;
/** The sysfs files of a region and of a namespace read beside ndctl's view. */
const REGION_FILES = ['nstype', 'resource', 'badblocks'] as const;
const NAMESPACE_FILES = ['resource', 'size'] as const;

/** A namespace's extent from its resource (hex) and size files, or null where either is missing. */
function extentOf(resource: string | undefined, size: string | undefined): Namespace['extent'] {
  if (!resource || !size || !/^0x[0-9a-f]+$/i.test(resource) || !/^\d+$/.test(size)) return null;
  return { start: Number.parseInt(resource, 16), size: Number(size) };
}

/** Builds the NVDIMM view from `ndctl list -BDRNHFMiv` output, with the sysfs files ndctl does not show read in one batch. */
export async function nvdimmFromNdctl(host: Host, buses: NdBusJson[]): Promise<NvdimmView> {
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
      const { running, ...scrub } = busScrub({ scrub: file(`${ND}/${b.dev}/nfit/scrub`), hwErrorScrub: file(`${ND}/${b.dev}/nfit/hw_error_scrub`), commands: file(`${ND}/${b.dev}/commands`) });
      // The kernel's file first: ndctl 76.1 says "idle" even while a scrub runs (libndctl never sets its "active").
      const scrubState = running !== null ? (running ? 'active' : 'idle') : b.scrub_state === 'active' ? 'active' : b.scrub_state === 'idle' ? 'idle' : null;
      view.buses.push({ dev: b.dev, provider: b.provider, scrubState, ...scrub });
    }
    for (const d of b.dimms ?? []) {
      const flags = text(`${ND}/${d.dev}/flags`).split(/\s+/).filter(Boolean);
      view.dimms.push({
        dev: d.dev, bus: b.dev, id: d.id ?? null, handle: d.handle ?? null, physId: d.phys_id ?? null,
        state: d.state === 'disabled' ? 'disabled' : 'enabled', security: d.security ?? null, flags, labelled: Number(text(`${ND}/${d.dev}/available_slots`)) > 0,
        health: d.health ? healthFrom(d.health) : null,
        securityFrozen: d.security_frozen === true || d.security === 'frozen',
        firmware: d.firmware ? firmwareFrom(d.firmware) : null,
        dsm: dimmDsm((a) => file(`${ND}/${d.dev}/${a}`)),
      });
    }
    for (const r of b.regions ?? []) {
      const nstype = file(`${ND}/${r.dev}/nstype`);
      const resource = file(`${ND}/${r.dev}/resource`);
      const labelled = nstype ? nstype === '5' : r.iset_id !== undefined;
      // ndctl's list (with the DIMMs each run lies on) where it gave one; else the kernel's own file.
      const badblocksFile = file(`${ND}/${r.dev}/badblocks`);
      const mediaErrors = r.badblocks ? mediaErrorsFrom(r.badblocks) : badblocksFile !== undefined ? parseBadblocksFile(badblocksFile) : undefined;
      view.regions.push({
        dev: r.dev, bus: b.dev, size: r.size, availableSize: r.available_size, maxAvailableExtent: r.max_available_extent ?? r.available_size,
        align: r.align ?? 16 * 2 ** 20, type: r.type === 'blk' ? 'blk' : 'pmem', numaNode: r.numa_node ?? -1, targetNode: r.target_node ?? -1,
        isetId: r.iset_id === undefined ? null : typeof r.iset_id === 'number' ? `0x${r.iset_id.toString(16)}` : r.iset_id,
        mappings: (r.mappings ?? []).map((m) => ({ dimm: m.dimm, offset: m.offset, length: m.length, position: m.position })),
        persistenceDomain: r.persistence_domain ?? null, badblockCount: r.badblock_count ?? (mediaErrors ? badSectors(mediaErrors) : 0),
        ...(mediaErrors ? { mediaErrors } : {}),
        state: r.state === 'disabled' ? 'disabled' : 'enabled', labelled, resource: resource ? Number.parseInt(resource, 16) : null,
      });
      for (const ns of nsOf(r)) view.namespaces.push({ ...namespaceFrom(ns, r.dev, !labelled), extent: extentOf(file(`${ND}/${ns.dev}/resource`), file(`${ND}/${ns.dev}/size`)) });
    }
    for (const ns of b.namespaces ?? []) view.namespaces.push(namespaceFrom(ns, `region${ns.dev.replace(/^namespace(\d+)\..*$/, '$1')}`, false));
  }
  const byNum = (a: { dev: string }, b: { dev: string }) => byDeviceName(a.dev, b.dev);
  view.dimms.sort(byNum);
  view.regions.sort(byNum);
  view.namespaces.sort(byNum);
  return view;
}

/** Builds the NVDIMM view from sysfs alone, for machines without ndctl. */
export async function nvdimmFromSysfs(host: Host): Promise<NvdimmView> {
  const view: NvdimmView = { buses: [], dimms: [], regions: [], namespaces: [] };
  const base = '/sys/bus/nd/devices';
  const names = await readDirOptional(host, base);
  const read = async (dev: string, attr: string) => ((await readOptional(host, `${base}/${dev}/${attr}`)) ?? '').trim();
  const optional = async (dev: string, attr: string) => (await readOptional(host, `${base}/${dev}/${attr}`))?.trim();
  for (const dev of names.filter((n) => /^ndbus\d+$/.test(n))) {
    const { running, ...scrub } = busScrub({ scrub: await optional(dev, 'nfit/scrub'), hwErrorScrub: await optional(dev, 'nfit/hw_error_scrub'), commands: await optional(dev, 'commands') });
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
    const handle = await read(dev, 'nfit/handle');
    const files = new Map<string, string>();
    for (const a of DSM_FILES) {
      const v = await readOptional(host, `${base}/${dev}/${a}`);
      if (v !== null) files.set(a, v.trim());
    }
    const security = await read(dev, 'security');
    view.dimms.push({
      dev, bus: await busOf(dev), id: (await read(dev, 'nfit/id')) || null, handle: handle ? Number.parseInt(handle, 16) : null, physId: null, state: 'enabled',
      security: security || null, flags, labelled: Number(await read(dev, 'available_slots')) > 0, health: null,
      securityFrozen: security === 'frozen' || (await read(dev, 'frozen')) === '1', firmware: null, dsm: dimmDsm((a) => files.get(a)),
    });
  }
  for (const dev of names.filter((n) => /^region\d+$/.test(n))) {
    const num = async (a: string) => Number((await read(dev, a)) || 0);
    const labelled = (await read(dev, 'nstype')) === '5';
    const mappings = [];
    for (let i = 0; i < (await num('mappings')); i++) {
      const [dimm, offset, length, position] = (await read(dev, `mapping${i}`)).split(',');
      mappings.push({ dimm: dimm ?? '', offset: Number(offset), length: Number(length), position: Number(position) });
    }
    const enabled = await host.readLink(`${base}/${dev}/driver`).then(() => true, () => false);
    const mediaErrors = parseBadblocksFile(await read(dev, 'badblocks'));
    view.regions.push({
      dev, bus: await busOf(dev), size: await num('size'), availableSize: labelled ? await num('available_size') : 0, maxAvailableExtent: labelled ? await num('max_available_extent') : 0,
      align: Number.parseInt((await read(dev, 'align')) || '0x1000000', 16), type: 'pmem', numaNode: await num('numa_node'), targetNode: await num('target_node'),
      isetId: labelled ? (await read(dev, 'set_cookie')) || null : null, mappings, persistenceDomain: (await read(dev, 'persistence_domain')) || 'unknown',
      badblockCount: badSectors(mediaErrors), mediaErrors,
      state: enabled ? 'enabled' : 'disabled', labelled, resource: Number.parseInt((await read(dev, 'resource')) || '0', 16),
    });
    for (const nsName of names.filter((n) => n.startsWith(`namespace${dev.slice(6)}.`))) {
      const size = Number((await read(nsName, 'size')) || 0);
      if (size === 0) continue;
      const holder = await read(nsName, 'holder');
      const holderSize = holder ? Number((await read(holder, 'size')) || 0) : 0;
      const mode = toMode(await read(nsName, 'mode'));
      const uuid = holder ? await read(holder, 'uuid') : await read(nsName, 'uuid');
      let chardev: string | null = null;
      if (mode === 'devdax' && holder) chardev = (await readDirOptional(host, `${base}/${holder}`)).find((n) => /^dax\d+\.\d+$/.test(n)) ?? null;
      const enabledNs = await host.readLink(`${base}/${holder || nsName}/driver`).then(() => true, () => false);
      view.namespaces.push({
        dev: nsName, region: dev, mode, map: mode === 'fsdax' || mode === 'devdax' ? (holder ? 'dev' : 'mem') : null, size: holderSize || size,
        uuid: uuid || null, name: (await read(nsName, 'alt_name')) || null, sectorSize: mode === 'devdax' ? null : 512, align: holder ? Number((await read(holder, 'align')) || 0) || null : null,
        blockdev: null, chardev, state: enabledNs ? 'enabled' : 'disabled', numaNode: Number((await read(nsName, 'numa_node')) || -1), targetNode: Number((await read(nsName, 'target_node')) || -1), badblockCount: 0,
        extent: extentOf(await read(nsName, 'resource'), String(size)), legacy: !labelled,
      });
    }
  }
  return view;
}
