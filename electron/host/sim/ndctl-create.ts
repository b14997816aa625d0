// The emulated `ndctl create-namespace`, as ndctl 76.1 does it (new namespaces and -e reconfiguration).
import { isPowerOfTwo } from '../../../shared/units/index.js';
import { toJsonC } from './jsonc.js';
import { Errno, busOf, ensureNamespaceSeed, findNamespace, freeExtents, isLabelled, makeClaim, maxAvailableExtent, refreshSeeds } from './kernel.js';
import { namespaceJson, type JsonFlags } from './ndjson.js';
import type { SimNamespace, SimRegion, SimState } from './state.js';
import { simUuid } from './uuid.js';
import { clearMetadataPoison } from './poison.js';
import { busMatches, exitFor, namespaceBusy, regionMatches, regionsInOrder, releaseClaim, optionsOrUsage, usageError, type CommandResult, type Spec } from './ndctl-common.js';

const CREATE_OPTIONS: Spec[] = [
  { short: 'b', long: 'bus', value: true, argName: 'bus-id', help: 'limit namespace to a bus with an id or provider of <bus-id>' },
  { short: 'r', long: 'region', value: true, argName: 'region-id', help: 'limit namespace to a region with an id or name of <region-id>' },
  { short: 'v', long: 'verbose', help: 'emit extra debug messages to stderr' },
  { short: 'e', long: 'reconfig', value: true, argName: 'reconfig namespace', help: 'reconfigure existing namespace' },
  { short: 'u', long: 'uuid', value: true, argName: 'uuid', help: 'specify the uuid for the namespace (default: autogenerate)' },
  { short: 'n', long: 'name', value: true, argName: 'name', help: 'specify an optional free form name for the namespace' },
  { short: 's', long: 'size', value: true, argName: 'size', help: 'specify the namespace size in bytes (default: available capacity)' },
  { short: 'm', long: 'mode', value: true, argName: 'operation-mode', help: "specify a mode for the namespace, 'sector', 'fsdax', 'devdax' or 'raw'" },
  { short: 'M', long: 'map', value: true, argName: 'memmap-location', help: "specify 'mem' or 'dev' for the location of the memmap" },
  { short: 'l', long: 'sector-size', value: true, argName: 'lba-size', help: 'specify the logical sector size in bytes' },
  { short: 't', long: 'type', value: true, argName: 'type', help: "specify the type of namespace to create 'pmem' or 'blk'" },
  { short: 'a', long: 'align', value: true, argName: 'align', help: 'specify the namespace alignment in bytes (default: 2M)' },
  { short: 'f', long: 'force', help: 'reconfigure namespace even if currently active' },
  { short: 'L', long: 'autolabel', help: 'automatically initialize labels' },
  { short: 'c', long: 'continue', help: 'continue creating namespaces as long as the filter criteria are met' },
  { short: 'R', long: 'autorecover', help: 'automatically cleanup on failure' },
];

function parseNdctlSize(text: string): number | null {
  const m = /^(\d+)([kKmMgGtT]?)$/.exec(text.trim());
  if (!m) return null;
  const mult = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Number(m[1]) * mult;
}

type Mode = 'raw' | 'sector' | 'fsdax' | 'devdax';
const MODE_ALIASES: Record<string, Mode> = { raw: 'raw', sector: 'sector', safe: 'sector', fsdax: 'fsdax', memory: 'fsdax', devdax: 'devdax', dax: 'devdax' };

function currentMode(state: SimState, r: SimRegion, ns: SimNamespace): Mode {
  if (ns.claim?.kind === 'btt') return 'sector';
  if (ns.claim?.kind === 'pfn') return 'fsdax';
  if (ns.claim?.kind === 'dax') return 'devdax';
  return r.pagemap && !isLabelled(state, r) ? 'fsdax' : 'raw';
}


/** ndctl create-namespace [<options>]. */
export function createNamespace(state: SimState, argv: string[]): CommandResult {
  const usage = 'ndctl create-namespace [<options>]';
  const o = optionsOrUsage(argv, CREATE_OPTIONS, usage);
  if ('exitCode' in o) return o;
  const modeText = o.values.get('mode');
  let mode: Mode | undefined;
  if (modeText !== undefined) {
    mode = MODE_ALIASES[modeText];
    if (!mode) return usageError(`invalid mode '${modeText}'\n`, usage, CREATE_OPTIONS);
  }
  let align: number | undefined;
  const alignText = o.values.get('align');
  if (alignText !== undefined) {
    const a = parseNdctlSize(alignText);
    if (a === null || !isPowerOfTwo(a) || a < 4096) return usageError('align must be a power-of-2 greater than 4096\n', usage, CREATE_OPTIONS);
    align = a;
  }
  const sizeText = o.values.get('size');
  let size: number | undefined;
  if (sizeText !== undefined) {
    const s = parseNdctlSize(sizeText);
    if (s === null) return usageError(`invalid size '${sizeText}'\n`, usage, CREATE_OPTIONS);
    size = s;
  }
  const map = o.values.get('map');
  if (map !== undefined && map !== 'mem' && map !== 'dev') return usageError(`invalid map location '${map}'\n`, usage, CREATE_OPTIONS);
  const sectorText = o.values.get('sector-size');
  const force = (o.flags.get('force') ?? 0) > 0;
  const reconfig = o.values.get('reconfig');
  const fail = (verb: string, errno: Errno, prefix = ''): CommandResult => ({
    exitCode: verb === 'create' ? exitFor(Errno.ENODEV) : exitFor(errno),
    stdout: '',
    stderr: `${prefix}failed to ${verb} namespace: ${errno.text}\n`,
  });

  const configure = (r: SimRegion, ns: SimNamespace, m: Mode, alignValue: number): CommandResult => {
    const labelled = isLabelled(state, r);
    if (labelled) {
      ns.sectorSizeSet = true;
      ns.uuid = o.values.get('uuid') ?? simUuid();
      ns.name = o.values.get('name') ?? ns.name ?? '';
    }
    const sectorSize = sectorText ? Number(sectorText) : m === 'sector' ? 4096 : 512;
    if (m === 'sector' && ![512, 520, 528, 4096, 4104, 4160, 4224].includes(sectorSize)) return fail(reconfig ? 'reconfigure' : 'create', Errno.EINVAL);
    if ((m === 'fsdax' || m === 'devdax') && ![4096, 2 ** 21, 2 ** 30].includes(alignValue)) return fail(reconfig ? 'reconfigure' : 'create', Errno.EINVAL);
    // A legacy (e820) namespace is fsdax with its memmap in RAM as it is: ndctl gives it back whole, with no info block (recorded in
    // qemu-memmap-roundtrip.json: 536870912 bytes, as after -m raw).
    const plainFsdax = m === 'fsdax' && map === 'mem' && r.pagemap && !labelled;
    ns.claim = m === 'raw' || plainFsdax ? null : makeClaim(state, r, ns, m, { align: alignValue, sectorSize, map: (map as 'dev' | 'mem' | undefined) ?? 'dev', uuid: simUuid() });
    ns.enabled = true;
    clearMetadataPoison(r, ns);
    refreshSeeds(r);
    if (labelled) ensureNamespaceSeed(r);
    const f: JsonFlags = { human: false, verbose: false, dax: true, mappings: false, capabilities: false, health: false, dimms: false };
    return { exitCode: 0, stdout: toJsonC(namespaceJson(state, r, ns, f)) + '\n', stderr: '' };
  };

  const defaultAlign = (r: SimRegion, ns: SimNamespace | null, m: Mode): number => {
    if (align !== undefined) return align;
    if (ns && ns.size > 0 && currentMode(state, r, ns) === m) {
      if (ns.claim?.kind === 'pfn' || ns.claim?.kind === 'dax') return ns.claim.align;
      return 4096;
    }
    return 2 ** 21;
  };

  if (reconfig) {
    const found = findNamespace(state, reconfig);
    if (!found || !found.region.enabled) return fail('reconfigure', Errno.ENXIO);
    const { region: r, namespace: ns } = found;
    const active = ns.enabled && ns.size > 0;
    if (active && !force) return fail('reconfigure', Errno.EBUSY, `  Error: ${reconfig} is active, specify --force for re-configuration\n\n`);
    if (namespaceBusy(state, ns)) return fail('reconfigure', Errno.EBUSY);
    const m = mode ?? currentMode(state, r, ns);
    const a = defaultAlign(r, ns, m);
    releaseClaim(r, ns);
    if (isLabelled(state, r) && size !== undefined && size !== ns.size) {
      const oldSize = ns.size;
      ns.size = 0;
      const extent = freeExtents(r).find(([, l]) => l >= size!);
      if (!extent || size % r.align !== 0 || size === 0) {
        ns.size = oldSize;
        return fail('reconfigure', Errno.ENOSPC);
      }
      ns.offset = extent[0];
      ns.size = size;
    } else if (!isLabelled(state, r) && size !== undefined) {
      return { exitCode: exitFor(Errno.EINVAL), stdout: '', stderr: '  Error: Legacy / label-less namespaces do not support sub-dividing a region\n\n  Error: Retry without -s/--size=\n\nfailed to reconfigure namespace: Invalid argument\n' };
    }
    return configure(r, ns, m, a);
  }

  const m = mode ?? 'fsdax';
  const regionFilter = o.values.get('region');
  const candidates = regionsInOrder(state).filter((r) => regionMatches(r, regionFilter) && busMatches(busOf(state, r), o.values.get('bus')));
  if (regionFilter && candidates.length === 0) return fail('create', Errno.ENXIO);
  let lastError: CommandResult = fail('create', Errno.ENOSPC);
  for (const r of candidates) {
    if (!r.enabled) {
      lastError = fail('create', Errno.ENOSPC);
      continue;
    }
    if (!isLabelled(state, r)) {
      if (size !== undefined) {
        lastError = { exitCode: exitFor(Errno.ENODEV), stdout: '', stderr: '  Error: Legacy / label-less namespaces do not support sub-dividing a region\n\n  Error: Retry without -s/--size=\n\nfailed to create namespace: Invalid argument\n' };
        continue;
      }
      const ns = r.namespaces.find((n) => n.id === 0);
      if (!ns || (ns.enabled && ns.size > 0)) {
        lastError = fail('create', Errno.ENOSPC);
        continue;
      }
      return configure(r, ns, m, defaultAlign(r, null, m));
    }
    const want = size ?? maxAvailableExtent(state, r);
    const extent = freeExtents(r).find(([, l]) => l >= want);
    if (!extent || want === 0 || want % r.align !== 0) {
      lastError = fail('create', Errno.ENOSPC);
      continue;
    }
    const ns = r.namespaces.find((n) => n.id === 0 && !(n.enabled && n.size > 0)) ?? r.namespaces.find((n) => n.id === r.seeds.namespace);
    if (!ns) {
      lastError = fail('create', Errno.ENXIO);
      continue;
    }
    ns.offset = extent[0];
    ns.size = want;
    return configure(r, ns, m, defaultAlign(r, null, m));
  }
  return lastError;
}

