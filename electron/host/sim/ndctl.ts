// The emulated `ndctl`: the subcommands the console uses, with ndctl 76.1's output, errors and exit codes.
import { toJsonC, type JsonValue } from './jsonc.js';
import { Errno, KernelError, busOf, ensureNamespaceSeed, findNamespace, isLabelled, namespaceName, readOnlyPass, refreshSeeds } from './kernel.js';
import { busJson, dimmJson, namespaceJson, regionJson, type JsonFlags } from './ndjson.js';
import { OptionError } from './options.js';
import type { SimNamespace, SimRegion, SimState } from './state.js';
import { createNamespace } from './ndctl-create.js';
import { activateFirmware, updateFirmware } from './ndctl-firmware.js';
import { injectError } from './ndctl-inject-error.js';
import { injectSmart } from './ndctl-inject-smart.js';
import { clearErrors, scrubCommand } from './ndctl-media.js';
import { freezeSecurity, loadKeysCommand, removePassphrase, sanitizeDimm, setupPassphrase, updatePassphrase, waitOverwrite, xableDimm } from './ndctl-security.js';
import { busesInOrder, busMatches, exitFor, namespaceBusy, namespacesInOrder, plural, regionMatches, regionsInOrder, releaseClaim, optionsOrUsage, usageError, type CommandResult, type Spec } from './ndctl-common.js';

export type { CommandResult };

const LIST_OPTIONS: Spec[] = [
  { short: 'b', long: 'bus', value: true, argName: 'bus-id', help: 'filter by bus' },
  { short: 'r', long: 'region', value: true, argName: 'region-id', help: 'filter by region' },
  { short: 'd', long: 'dimm', value: true, argName: 'dimm-id', help: 'filter by dimm' },
  { short: 'n', long: 'namespace', value: true, argName: 'namespace-id', help: 'filter by namespace id' },
  { short: 'm', long: 'mode', value: true, argName: 'namespace-mode', help: 'filter by namespace mode' },
  { short: 't', long: 'type', value: true, argName: 'region-type', help: 'filter by region-type' },
  { short: 'U', long: 'numa-node', value: true, argName: 'numa node', help: 'filter by numa node' },
  { short: 'B', long: 'buses', help: 'include bus info' },
  { short: 'D', long: 'dimms', help: 'include dimm info' },
  { short: 'F', long: 'firmware', help: 'include firmware info' },
  { short: 'H', long: 'health', help: 'include dimm health' },
  { short: 'R', long: 'regions', help: 'include region info' },
  { short: 'N', long: 'namespaces', help: 'include namespace info (default)' },
  { short: 'X', long: 'device-dax', help: 'include device-dax info' },
  { short: 'C', long: 'capabilities', help: 'include region capability info' },
  { short: 'i', long: 'idle', help: 'include idle devices' },
  { short: 'c', long: 'configured', help: 'include configured namespaces, disabled or not' },
  { short: 'M', long: 'media-errors', help: 'include media errors' },
  { short: 'u', long: 'human', help: 'use human friendly number formats ' },
  { short: 'v', long: 'verbose', help: 'increase output detail' },
];

const XABLE_NAMESPACE_OPTIONS: Spec[] = [
  { short: 'b', long: 'bus', value: true, argName: 'bus-id', help: 'limit namespace to a bus with an id or provider of <bus-id>' },
  { short: 'r', long: 'region', value: true, argName: 'region-id', help: 'limit namespace to a region with an id or name of <region-id>' },
  { short: 'v', long: 'verbose', help: 'emit extra debug messages to stderr' },
  { short: 'f', long: 'force', help: 'destroy namespace even if currently active' },
];

const REGION_OPTIONS: Spec[] = [
  { short: 'b', long: 'bus', value: true, argName: 'bus-id', help: 'limit region to a bus with an id or provider of <bus-id>' },
  { short: 't', long: 'type', value: true, argName: 'region-type', help: 'region-type filter' },
  { short: 'v', long: 'verbose', help: 'emit extra debug messages to stderr' },
];

const LABEL_OPTIONS: Spec[] = [
  { short: 'b', long: 'bus', value: true, argName: 'bus-id', help: 'limit nmem to a bus with an id or provider of <bus-id>' },
  { short: 'v', long: 'verbose', help: 'turn on debug' },
  { short: 'f', long: 'force', help: 'force initialization even if existing index-block present' },
  { short: 'V', long: 'label-version', value: true, argName: 'version-number', help: 'specify a label version to initialize' },
];

function list(state: SimState, argv: string[]): CommandResult {
  const o = optionsOrUsage(argv, LIST_OPTIONS, 'ndctl list [<options>]');
  if ('exitCode' in o) return o;
  const has = (k: string) => (o.flags.get(k) ?? 0) > 0;
  const verbose = o.flags.get('verbose') ?? 0;
  const want = { buses: has('buses'), dimms: has('dimms'), regions: has('regions'), namespaces: has('namespaces'), idle: has('idle'), health: has('health'), caps: has('capabilities'), media: has('media-errors'), firmware: has('firmware') };
  if (verbose >= 3) Object.assign(want, { idle: true, health: true, caps: true, firmware: true });
  if (verbose >= 2) Object.assign(want, { dimms: true, buses: true, regions: true, media: true });
  if (verbose >= 1) want.namespaces = true;
  const param = { bus: o.values.get('bus'), region: o.values.get('region'), dimm: o.values.get('dimm'), namespace: o.values.get('namespace'), mode: o.values.get('mode') };
  if (!want.buses && !want.dimms && !want.regions && !want.namespaces) {
    want.buses = !!param.bus;
    want.regions = !!param.region;
    want.dimms = !!param.dimm;
  }
  if (!want.buses && !want.dimms && !want.regions && !want.namespaces) want.namespaces = true;
  const f: JsonFlags = { human: has('human'), verbose: verbose > 0, dax: has('device-dax') || verbose > 0, mappings: false, capabilities: want.caps, health: want.health, dimms: want.dimms, firmware: want.firmware, media: want.media };
  const modeOf = (r: SimRegion, ns: SimNamespace) => String(namespaceJson(state, r, ns, f).mode);

  let jbuses: JsonValue[] | null = null;
  let jdimms: JsonValue[] | null = null;
  let jregions: JsonValue[] | null = null;
  let jnamespaces: JsonValue[] | null = null;
  for (const bus of busesInOrder(state)) {
    if (!busMatches(bus, param.bus)) continue;
    let jbus: Record<string, JsonValue> | null = null;
    if (want.buses) {
      jbus = busJson(bus, f);
      (jbuses ??= []).push(jbus);
      // ndctl's filter_bus starts each bus's own dimms and regions arrays (list.c).
      jdimms = null;
      jregions = null;
    }
    if (want.dimms) {
      for (const d of [...bus.dimms].reverse()) {
        if (param.dimm && param.dimm !== 'all' && param.dimm !== d.dev) continue;
        if (!want.idle && !d.enabled) continue;
        if (!jdimms) {
          jdimms = [];
          if (jbus) jbus.dimms = jdimms;
        }
        jdimms.push(dimmJson(d, f, bus));
      }
    }
    for (const r of regionsInOrder(state).filter((x) => bus.regions.includes(x))) {
      if (!regionMatches(r, param.region)) continue;
      if (param.dimm && param.dimm !== 'all' && !r.mappings.some((m) => m.dimm === param.dimm)) continue;
      let container: Record<string, JsonValue> | null = null;
      if (want.regions) {
        if (!want.idle && !r.enabled) continue;
        container = regionJson(state, r, f, param.dimm);
        if (!jregions) {
          jregions = [];
          if (jbus) jbus.regions = jregions;
        }
        jregions.push(container);
      } else container = jbus;
      if (!want.namespaces || !r.enabled) continue;
      let regionNamespaces: JsonValue[] | null = null;
      for (const ns of namespacesInOrder(r)) {
        const active = ns.enabled && ns.size > 0 && r.enabled;
        if (!want.idle && !active) continue;
        if (param.namespace && param.namespace !== 'all' && param.namespace !== namespaceName(r, ns)) continue;
        if (param.mode && param.mode !== modeOf(r, ns)) continue;
        const j = namespaceJson(state, r, ns, f);
        if (container) {
          if (!regionNamespaces) {
            regionNamespaces = (container.namespaces as JsonValue[] | undefined) ?? [];
            container.namespaces = regionNamespaces;
          }
          regionNamespaces.push(j);
          jnamespaces ??= [];
        } else (jnamespaces ??= []).push(j);
      }
    }
  }
  const display = (arr: JsonValue[]) => (arr.length > 1 || !f.human ? toJsonC(arr) : toJsonC(arr[0]!)) + '\n';
  let stdout = '';
  if (jbuses) stdout = display(jbuses);
  else if ((jdimms ? 1 : 0) + (jregions ? 1 : 0) + (jnamespaces ? 1 : 0) > 1) {
    const platform: Record<string, JsonValue> = {};
    if (jdimms) platform.dimms = jdimms;
    if (jregions) platform.regions = jregions;
    if (jnamespaces && !jregions) platform.namespaces = jnamespaces;
    stdout = toJsonC(platform) + '\n';
  } else if (jdimms) stdout = display(jdimms);
  else if (jregions) stdout = display(jregions);
  else if (jnamespaces) stdout = display(jnamespaces);
  return { exitCode: 0, stdout, stderr: '' };
}

function namespaceTargets(state: SimState, args: string[], regionFilter: string | undefined, busFilter: string | undefined): { region: SimRegion; namespace: SimNamespace }[] | null {
  const out: { region: SimRegion; namespace: SimNamespace }[] = [];
  for (const a of args) {
    if (a === 'all') {
      for (const r of regionsInOrder(state)) {
        if (!regionMatches(r, regionFilter) || !busMatches(busOf(state, r), busFilter) || !r.enabled) continue;
        for (const ns of namespacesInOrder(r)) if (ns.size > 0) out.push({ region: r, namespace: ns });
      }
      continue;
    }
    const found = findNamespace(state, a);
    if (!found || !regionMatches(found.region, regionFilter) || !busMatches(busOf(state, found.region), busFilter) || !found.region.enabled) return null;
    out.push(found);
  }
  return out;
}

function xableNamespace(state: SimState, argv: string[], action: 'destroy' | 'enable' | 'disable'): CommandResult {
  const specs = action === 'destroy' ? XABLE_NAMESPACE_OPTIONS : XABLE_NAMESPACE_OPTIONS.filter((s) => s.long !== 'force');
  const usage = `ndctl ${action}-namespace <namespace> [<options>]`;
  const o = optionsOrUsage(argv, specs, usage);
  if ('exitCode' in o) return o;
  const gerund = { destroy: 'destroying', enable: 'enabling', disable: 'disabling' }[action];
  const past = { destroy: 'destroyed', enable: 'enabled', disable: 'disabled' }[action];
  if (o.args.length === 0) return usageError('specify a namespace to ' + action + ', or "all"\n', usage, specs);
  const targets = namespaceTargets(state, o.args, o.values.get('region'), o.values.get('bus'));
  if (!targets) return { exitCode: exitFor(Errno.ENXIO), stdout: '', stderr: `error ${gerund} namespaces: ${Errno.ENXIO.text}\n${past} 0 namespaces\n` };
  const force = (o.flags.get('force') ?? 0) > 0;
  let done = 0;
  let error: Errno | null = null;
  let prefix = '';
  for (const { region: r, namespace: ns } of targets) {
    const active = ns.enabled && ns.size > 0;
    if (action === 'enable') {
      if (ns.size === 0) continue;
      ns.enabled = true;
      done++;
      continue;
    }
    if (action === 'destroy' && active && !force) {
      prefix += `  Error: ${namespaceName(r, ns)} is active, specify --force for re-configuration\n\n`;
      error = Errno.EBUSY;
      continue;
    }
    if (active && namespaceBusy(state, ns)) {
      if (ns.mountpoint) prefix += `${namespaceName(r, ns)}: /dev/pmem${r.id}${ns.id ? '.' + ns.id : ''} is mounted at ${ns.mountpoint}\n`;
      error = Errno.EBUSY;
      continue;
    }
    if (action === 'disable') {
      ns.enabled = false;
      done++;
      continue;
    }
    releaseClaim(r, ns);
    if (isLabelled(state, r)) {
      ns.size = 0;
      ns.uuid = null;
      ns.name = '';
      ns.enabled = false;
    } else ns.enabled = false;
    done++;
  }
  const summary = `${past} ${plural(done, 'namespace')}\n`;
  if (error) return { exitCode: exitFor(error), stdout: '', stderr: `${prefix}error ${gerund} namespaces: ${error.text}\n${summary}` };
  return { exitCode: 0, stdout: '', stderr: summary };
}

function xableRegion(state: SimState, argv: string[], action: 'enable' | 'disable'): CommandResult {
  const usage = `ndctl ${action}-region <region> [<options>]`;
  const o = optionsOrUsage(argv, REGION_OPTIONS, usage);
  if ('exitCode' in o) return o;
  if (o.args.length === 0) return usageError(`specify a region to ${action}, or "all"\n`, usage, REGION_OPTIONS);
  const targets = regionsInOrder(state).filter((r) => busMatches(busOf(state, r), o.values.get('bus')) && o.args.some((a) => regionMatches(r, a)));
  if (targets.length === 0) return { exitCode: exitFor(Errno.ENXIO), stdout: '', stderr: `error ${action === 'enable' ? 'enabling' : 'disabling'} regions: ${Errno.ENXIO.text}\n${action}d 0 regions\n` };
  let done = 0;
  let error: Errno | null = null;
  let prefix = '';
  for (const r of targets) {
    if (action === 'disable') {
      if (r.namespaces.some((ns) => ns.enabled && ns.size > 0 && namespaceBusy(state, ns))) {
        error = Errno.EBUSY;
        continue;
      }
      r.enabled = false;
      done++;
      continue;
    }
    // The region's driver does not bind while a DIMM of it is being overwritten (libnvdimm's probe: EBUSY); ndctl says so per region and
    // goes on (exit 0, the count says it).
    if (!r.enabled && r.mappings.some((m) => busOf(state, r).dimms.find((d) => d.dev === m.dimm)?.security === 'overwrite')) {
      prefix += `libndctl: ndctl_region_enable: region${r.id}: failed to enable\n`;
      continue;
    }
    if (!r.enabled) {
      r.enabled = true;
      if (isLabelled(state, r)) {
        r.namespaces = r.namespaces.filter((n) => n.size > 0);
        r.seeds.namespace = -1;
        ensureNamespaceSeed(r);
      }
      refreshSeeds(r);
    }
    done++;
  }
  const summary = `${prefix}${action}d ${plural(done, 'region')}\n`;
  if (error) return { exitCode: exitFor(error), stdout: '', stderr: `error ${action === 'enable' ? 'enabling' : 'disabling'} regions: ${error.text}\n${summary}` };
  return { exitCode: 0, stdout: '', stderr: summary };
}

function initLabels(state: SimState, argv: string[]): CommandResult {
  const usage = 'ndctl init-labels <nmem0> [<nmem1>..<nmemN>] [<options>]';
  const o = optionsOrUsage(argv, LABEL_OPTIONS, usage);
  if ('exitCode' in o) return o;
  if (o.args.length === 0) return usageError('specify a dimm to init, or "all"\n', usage, LABEL_OPTIONS);
  const force = (o.flags.get('force') ?? 0) > 0;
  let done = 0;
  let prefix = '';
  let error: Errno | null = null;
  for (const bus of state.buses.filter((b) => busMatches(b, o.values.get('bus')))) {
    for (const d of bus.dimms) {
      if (!o.args.includes('all') && !o.args.includes(d.dev)) continue;
      if (d.labelSize === 0) continue;
      const regions = bus.regions.filter((r) => r.mappings.some((m) => m.dimm === d.dev));
      if (regions.some((r) => r.enabled)) {
        prefix += `${d.dev}: regions active, abort label write\n`;
        error = Errno.EBUSY;
        continue;
      }
      if (d.labelsInitialized && !force) {
        prefix += `${d.dev}: error: labels already initialized, use --force to overwrite\n`;
        error = Errno.EBUSY;
        continue;
      }
      d.labelsInitialized = true;
      for (const r of regions) r.namespaces = [];
      done++;
    }
  }
  const summary = `initialized ${done} nmem${done > 1 ? 's' : ''}\n`;
  return { exitCode: error && done === 0 ? exitFor(error) : 0, stdout: '', stderr: prefix + summary };
}

/** Runs an ndctl command line (argv without "ndctl"). */
export function ndctl(state: SimState, argv: string[]): CommandResult {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'version':
      case '--version':
        return { exitCode: 0, stdout: `${state.tools.ndctl}\n`, stderr: '' };
      case 'list':
        return readOnlyPass(state, () => list(state, rest));
      case 'create-namespace':
        return createNamespace(state, rest);
      case 'destroy-namespace':
        return xableNamespace(state, rest, 'destroy');
      case 'enable-namespace':
        return xableNamespace(state, rest, 'enable');
      case 'disable-namespace':
        return xableNamespace(state, rest, 'disable');
      case 'enable-region':
        return xableRegion(state, rest, 'enable');
      case 'disable-region':
        return xableRegion(state, rest, 'disable');
      case 'init-labels':
        return initLabels(state, rest);
      case 'start-scrub':
        return scrubCommand(state, rest, 'start', Date.now());
      case 'wait-scrub':
        return scrubCommand(state, rest, 'wait', Date.now());
      case 'clear-errors':
        return clearErrors(state, rest);
      case 'freeze-security':
        return freezeSecurity(state, rest);
      case 'sanitize-dimm':
        return sanitizeDimm(state, rest, Date.now());
      case 'wait-overwrite':
        return waitOverwrite(state, rest);
      case 'setup-passphrase':
        return setupPassphrase(state, rest);
      case 'update-passphrase':
        return updatePassphrase(state, rest);
      case 'remove-passphrase':
        return removePassphrase(state, rest);
      case 'update-firmware':
        return updateFirmware(state, rest, (path) => path in state.files);
      case 'activate-firmware':
        return activateFirmware(state, rest, Date.now());
      case 'inject-error':
        return injectError(state, rest);
      case 'inject-smart':
        return injectSmart(state, rest);
      case 'load-keys':
        return loadKeysCommand(state, rest);
      case 'enable-dimm':
        return xableDimm(state, rest, true);
      case 'disable-dimm':
        return xableDimm(state, rest, false);
      case undefined:
        return { exitCode: 1, stdout: '', stderr: '\n usage: ndctl [--version] [--help] COMMAND [ARGS]\n\n' };
      default:
        return { exitCode: 1, stdout: '', stderr: `ndctl: '${cmd}' is not a ndctl command. See 'ndctl --help'.\n` };
    }
  } catch (e) {
    if (e instanceof KernelError) return { exitCode: exitFor(e.errno), stdout: '', stderr: `${e.message}\n` };
    if (e instanceof OptionError) return { exitCode: 129, stdout: '', stderr: `  Error: ${e.message}\n` };
    throw e;
  }
}
