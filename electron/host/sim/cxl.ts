// The emulated `cxl` (ndctl 76.1's cxl tool): list, the region commands and memdev enable/disable, with their output, quirks and exit codes.
import { cxlFilterWalk, displayJsonArray, listDefaults, type CxlListParams } from './cxl-list.js';
import { toJsonC } from './jsonc.js';
import { maxAvailableExtent, regionJson } from './cxl-json.js';
import { busMatches, decoderMatches, memdevMatches, memdevUnderDecoder, regionMatches } from './cxl-filter.js';
import { allocHpa, commitRegion, deleteRegion, disableRegion, enableRegion, isValidGranularity, resetAndDetach, setDpaSize } from './cxl-region.js';
import { cxlOf, decoderName, disableMemdev, enableMemdev, freeRegionId, type SimCxl, type SimCxlDecoder, type SimCxlMemdev, type SimCxlRegion } from './cxl-state.js';
import { Errno, KernelError } from './kernel.js';
import { exitFor, usageError, type CommandResult, type Spec } from './ndctl-common.js';
import { OptionError, parseOptions } from './options.js';
import { simUuid } from './uuid.js';
import type { SimState } from './state.js';

const LIST_OPTIONS: Spec[] = [
  { short: 'm', long: 'memdev', value: true, argName: 'memory device name(s)', help: 'filter by CXL memory device name(s)' },
  { short: 's', long: 'serial', value: true, argName: 'memory device serial(s)', help: 'filter by CXL memory device serial number(s)' },
  { short: 'M', long: 'memdevs', help: 'include CXL memory device info' },
  { short: 'b', long: 'bus', value: true, argName: 'bus device name', help: 'filter by CXL bus device name(s)' },
  { short: 'B', long: 'buses', help: 'include CXL bus info' },
  { short: 'p', long: 'port', value: true, argName: 'port device name', help: 'filter by CXL port device name(s)' },
  { short: 'P', long: 'ports', help: 'include CXL port info' },
  { short: 'S', long: 'single', help: 'skip listing descendant objects' },
  { short: 'e', long: 'endpoint', value: true, argName: 'endpoint device name', help: 'filter by CXL endpoint device name(s)' },
  { short: 'E', long: 'endpoints', help: 'include CXL endpoint info' },
  { short: 'd', long: 'decoder', value: true, argName: 'decoder device name', help: 'filter by CXL decoder device name(s) / class' },
  { short: 'D', long: 'decoders', help: 'include CXL decoder info' },
  { short: 'T', long: 'targets', help: 'include CXL target data with decoders, ports, or regions' },
  { short: 'r', long: 'region', value: true, argName: 'region name', help: 'filter by CXL region name(s)' },
  { short: 'R', long: 'regions', help: 'include CXL regions' },
  { short: 'i', long: 'idle', help: 'include disabled devices' },
  { short: 'u', long: 'human', help: 'use human friendly number formats' },
  { short: 'H', long: 'health', help: 'include memory device health information' },
  { short: 'I', long: 'partition', help: 'include memory device partition information' },
  { short: 'A', long: 'alert-config', help: 'include alert configuration information' },
  { short: 'v', long: 'verbose', help: 'increase output detail' },
];

const REGION_BASE: Spec[] = [
  { short: 'b', long: 'bus', value: true, argName: 'bus name', help: 'Limit operation to the specified bus' },
  { short: 'd', long: 'decoder', value: true, argName: 'root decoder name', help: 'Limit to / use the specified root decoder' },
  { long: 'debug', help: 'turn on debug' },
];
const CREATE_OPTIONS: Spec[] = [
  ...REGION_BASE,
  { short: 's', long: 'size', value: true, argName: 'size in bytes or with a K/M/G etc. suffix', help: 'total size desired for the resulting region.' },
  { short: 'w', long: 'ways', value: true, argName: 'n', help: 'number of memdevs participating in the regions interleave set' },
  { short: 'g', long: 'granularity', value: true, argName: 'n', help: 'granularity of the interleave set' },
  { short: 't', long: 'type', value: true, argName: 'region type', help: "region type - 'pmem' or 'ram'" },
  { short: 'm', long: 'memdevs', help: 'non-option arguments are memdevs' },
  { short: 'u', long: 'human', help: 'use human friendly number formats' },
];
const DESTROY_OPTIONS: Spec[] = [...REGION_BASE, { short: 'f', long: 'force', help: 'destroy region even if currently active' }];
const MEMDEV_OPTIONS: Spec[] = [
  { short: 'v', long: 'verbose', help: 'turn on debug' },
  { short: 'S', long: 'serial', help: 'use serial numbers to id memdevs' },
];
const DISABLE_MEMDEV_OPTIONS: Spec[] = [...MEMDEV_OPTIONS, { short: 'f', long: 'force', help: 'DANGEROUS: override active memdev safety checks' }];

function list(state: SimState, argv: string[]): CommandResult {
  const o = parseOptions(argv, LIST_OPTIONS);
  if (o.args.length) return usageError(`unknown parameter "${o.args[0]}"`, 'cxl list [<options>]', LIST_OPTIONS);
  const flag = (name: string) => (o.flags.get(name) ?? 0) > 0;
  const value = (name: string) => o.values.get(name);
  if (flag('single') && value('port') === undefined) return usageError('-S/--single expects a port filter: -p/--port=', 'cxl list [<options>]', LIST_OPTIONS);
  const params: CxlListParams = {
    memdevs: flag('memdevs'), buses: flag('buses'), ports: flag('ports'), endpoints: flag('endpoints'), decoders: flag('decoders'), regions: flag('regions'),
    targets: flag('targets'), idle: flag('idle'), human: flag('human'), single: flag('single'), partition: flag('partition'),
    memdev: value('memdev'), serial: value('serial'), bus: value('bus'), port: value('port'), endpoint: value('endpoint'), decoder: value('decoder'), region: value('region'),
  };
  const p = listDefaults(params, o.flags.get('verbose') ?? 0);
  const out = state.cxl ? cxlFilterWalk(state.cxl, p) : [];
  return { exitCode: 0, ...displayJsonArray(out, p.human) };
}

/** parse_size64: a number with an optional K/M/G/T suffix (binary), or null. */
function parseSize(text: string): number | null {
  const m = /^(\d+)([kKmMgGtT]?)$/.exec(text);
  if (!m) return null;
  const shift = { '': 0, k: 10, m: 20, g: 30, t: 40 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Number(m[1]) * 2 ** shift;
}

/** The root decoders of the buses the -b filter lets through, in walk order. */
function rootDecoders(cxl: SimCxl, bus: string | undefined): SimCxlDecoder[] {
  return cxl.buses.filter((b) => busMatches(cxl, b.id, bus)).flatMap((b) => cxl.decoders.filter((d) => d.port === b.id).sort((x, y) => x.id - y.id));
}

const log = (fn: string, msg: string) => `cxl region: ${fn}: ${msg}\n`;

/** create_region (cxl/region.c) from a parsed command; its failures are logged and returned, but cmd_create_region's exit code only
 *  counts parse failures: region_action overwrites the create's rc (exit 0, "created 0 regions"). */
function createRegion(state: SimState, cxl: SimCxl, o: ReturnType<typeof parseOptions>): { parseFailed: boolean; stderr: string; stdout: string } {
  const value = (n: string) => o.values.get(n);
  const fail = (fn: string, msg: string) => ({ parseFailed: true, stderr: log(fn, msg), stdout: '' });
  const decoderArg = value('decoder');
  if (decoderArg === undefined) return fail('parse_create_options', 'no root decoder specified');
  const mems = o.args.flatMap((a) => a.split(/[ ,]/).filter(Boolean));
  const csv = mems.join(',');
  // collect_memdevs: a listing of the enabled memdevs below the decoder, filtered by the operands, in the operands' order.
  const memdevs = cxl.memdevs
    .filter((m) => m.enabled && (!mems.length || memdevMatches(m, csv, undefined)) && memdevUnderDecoder(cxl, m, decoderArg))
    .sort((a, b) => a.endpoint! - b.endpoint!);
  if (!memdevs.length) return fail('collect_memdevs', `no active memdevs found: decoder: ${decoderArg} filter: ${csv || 'none'}`);
  const pos = (m: SimCxlMemdev) => mems.findIndex((w) => memdevMatches(m, w, undefined));
  if (mems.length) memdevs.sort((a, b) => pos(a) - pos(b));
  const type = value('type') ?? 'pmem';
  if (type !== 'pmem' && type !== 'ram') return fail('parse_create_options', `unsupported type: ${type}`);
  const sizeArg = value('size');
  const size = sizeArg === undefined ? 0 : parseSize(sizeArg);
  if (size === null) return fail('parse_create_options', `Invalid size: ${sizeArg}`);
  const waysArg = value('ways');
  const ways = waysArg === undefined ? (mems.length || memdevs.length) : Number.parseInt(waysArg, 10);
  if (!(ways > 0)) return fail('parse_create_options', `Invalid interleave ways: ${ways}`);
  if (ways > memdevs.length || (mems.length && ways !== memdevs.length)) {
    return fail('validate_ways', `Interleave ways ${ways} is ${ways > memdevs.length ? 'greater' : 'less'} than number of memdevs ${mems.length ? 'specified' : 'found'}: ${memdevs.length}`);
  }
  const gArg = value('granularity');
  const granularity = gArg === undefined ? 0 : Number.parseInt(gArg, 10);
  if (gArg !== undefined && !(granularity > 0)) return fail('parse_create_options', `Invalid interleave granularity: ${granularity}`);
  if (size && size % ways) return fail('parse_create_options', `size (${size}) is not an integral multiple of interleave-ways (${ways})`);
  const failed = (fn: string, msg: string) => ({ parseFailed: false, stderr: log(fn, msg), stdout: '' });
  const root = rootDecoders(cxl, value('bus')).find((d) => decoderMatches(cxl, d, decoderArg));
  if (!root) return failed('create_region_validate_config', `${decoderArg} not found in CXL topology`);
  if (type === 'ram' && !root.caps?.ram) return failed('validate_decoder', `${decoderName(root)} is not volatile capable`);
  if (type === 'pmem' && !root.caps?.pmem) return failed('validate_decoder', `${decoderName(root)} is not pmem capable`);
  const minSize = Math.min(...memdevs.slice(0, ways).map((m) => m.pmemSize));
  let regionSize = size || minSize * ways;
  if (!regionSize) return failed('create_region', 'create_region: unable to determine region size');
  const extent = maxAvailableExtent(cxl, root);
  if (size && size > extent) return failed('create_region', `${decoderName(root)}: region size 0x${size.toString(16)} exceeds max available space`);
  if (regionSize > extent) regionSize = Math.floor(extent / (256 * 2 ** 20 * ways)) * 256 * 2 ** 20 * ways;
  // cxl 76.1 creates pmem regions only (ram regions came with a later ndctl).
  if (type === 'ram') return failed('create_region', "region type 'ram' not supported yet");
  const region: SimCxlRegion = { id: freeRegionId(cxl), decoder: decoderName(root), type: 'pmem', start: 0, size: 0, ways: 0, granularity: 0, uuid: '', targets: [], committed: false, enabled: false };
  cxl.regions.push(region);
  const name = `region${region.id}`;
  const g = granularity || root.granularity;
  const step = (dev: string, op: string, f: () => void): string | null => {
    try {
      f();
      return null;
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      return log('create_region', `${dev}: ${op} failed: ${e.errno.text}`);
    }
  };
  const error =
    step(name, 'set_interleave_granularity', () => {
      if (!isValidGranularity(g) || (root.ways > 1 && g !== root.granularity)) throw new KernelError(Errno.EINVAL);
      region.granularity = g;
    }) ??
    step(name, 'set_interleave_ways', () => void (region.ways = ways)) ??
    step(name, 'set_uuid', () => void (region.uuid = simUuid())) ??
    step(name, 'set_size', () => {
      const start = allocHpa(cxl, root, regionSize, ways);
      if (start === null) throw new KernelError(Errno.ENOSPC);
      Object.assign(region, { start, size: regionSize });
    }) ??
    attachTargets(cxl, region, memdevs.slice(0, ways), step);
  if (error) {
    deleteRegion(cxl, region);
    return { parseFailed: false, stderr: error, stdout: '' };
  }
  commitRegion(cxl, region);
  enableRegion(state, cxl, region);
  // Printed with the targets, and human-readable only on a terminal (isatty), never through a pipe: -u does not change it.
  return { parseFailed: false, stdout: toJsonC(regionJson(cxl, region, { human: false, targets: true, partition: false })) + '\n', stderr: '' };
}

function attachTargets(cxl: SimCxl, region: SimCxlRegion, memdevs: SimCxlMemdev[], step: (dev: string, op: string, f: () => void) => string | null): string | null {
  for (const m of memdevs) {
    const d = cxl.decoders.filter((x) => x.port === m.endpoint).sort((a, b) => a.id - b.id).find((x) => x.size === 0 && x.dpaSize === 0);
    if (!d) return log('cxl_memdev_find_decoder', `could not get a free decoder for mem${m.id}`);
    const dev = decoderName(d);
    const err =
      (d.mode !== region.type ? step(dev, 'set_dpa_size', () => setDpaSize(cxl, d, 0)) ?? step(dev, 'set_mode', () => void (d.mode = region.type)) : null) ??
      step(dev, 'set_dpa_size', () => setDpaSize(cxl, d, region.size / region.ways));
    if (err) return err;
    region.targets.push(dev);
  }
  return null;
}

type RegionAction = 'create' | 'enable' | 'disable' | 'destroy';

/** region_action: create (for create-region), then the action on every region under the matching root decoders named by an operand. */
function regionAction(state: SimState, argv: string[], action: RegionAction): CommandResult {
  const specs = action === 'create' ? CREATE_OPTIONS : action === 'destroy' ? DESTROY_OPTIONS : REGION_BASE;
  const o = parseOptions(argv, specs);
  const cxl = cxlOf(state);
  let stderr = '';
  let stdout = '';
  let count = 0;
  let rc = 0;
  if (action === 'create') {
    const r = createRegion(state, cxl, o);
    stderr += r.stderr;
    stdout += r.stdout;
    if (r.parseFailed) return { exitCode: 1, stdout, stderr: stderr + log('cmd_create_region', 'created 0 regions') };
    if (r.stdout) count = 1;
    else rc = 1;
  }
  let errRc: Errno | null = null;
  for (const root of rootDecoders(cxl, o.values.get('bus')).filter((d) => decoderMatches(cxl, d, o.values.get('decoder')))) {
    rc = 0;
    if (action === 'create') continue;
    for (const r of cxl.regions.filter((x) => x.decoder === decoderName(root)).sort((a, b) => a.start - b.start)) {
      if (!o.args.some((a) => regionMatches(r, a))) continue;
      try {
        if (action === 'enable') enableRegion(state, cxl, r);
        else if (action === 'disable') disableRegion(state, cxl, r);
        else if (action === 'destroy') destroyRegion(state, cxl, r, (o.flags.get('force') ?? 0) > 0);
        count++;
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        if (e.message !== e.errno.text) stderr += log('destroy_region', e.message);
        stderr += log('decoder_region_action', `region${r.id}: failed: ${e.errno.text}`);
        errRc = e.errno;
      }
    }
  }
  if (errRc) stderr += log('region_action', `one or more failures, last failure: ${errRc.text}`);
  const past = { create: 'created', enable: 'enabled', disable: 'disabled', destroy: 'destroyed' }[action];
  stderr += log(`cmd_${action}_region`, `${past} ${count} region${count === 1 ? '' : 's'}`);
  return { exitCode: errRc || rc ? 1 : 0, stdout, stderr };
}

/** destroy_region: refuses an enabled region without --force, else disables it, resets the decode, frees the DPA and deletes it. */
function destroyRegion(state: SimState, cxl: SimCxl, r: SimCxlRegion, force: boolean): void {
  if (r.enabled) {
    if (!force) throw new KernelError(Errno.EBUSY, `region${r.id} active. Disable it or use --force`);
    disableRegion(state, cxl, r);
  }
  resetAndDetach(cxl, r);
  deleteRegion(cxl, r);
}

/** cxl enable-memdev / disable-memdev. disable refuses without -f whatever the memdev is doing: cxl 76.1 assumes it is in an active region. */
function memdevAction(state: SimState, argv: string[], action: 'enable' | 'disable'): CommandResult {
  const specs = action === 'disable' ? DISABLE_MEMDEV_OPTIONS : MEMDEV_OPTIONS;
  const usage = `cxl ${action}-memdev <mem0> [<mem1>..<memN>] [<options>]`;
  const o = parseOptions(argv, specs);
  if (!o.args.length) return usageError('', usage, specs);
  const cxl = cxlOf(state);
  const bySerial = (o.flags.get('serial') ?? 0) > 0;
  let stderr = '';
  let count = 0;
  let err = false;
  for (const arg of o.args) {
    let found = false;
    for (const m of cxl.memdevs) {
      if (!memdevMatches(m, bySerial ? undefined : arg, bySerial ? arg : undefined)) continue;
      found = true;
      if (action === 'enable') {
        enableMemdev(cxl, m);
        count++;
      } else if (!m.enabled) count++;
      else if (!(o.flags.get('force') ?? 0)) {
        stderr += `cxl memdev: action_disable: mem${m.id} is part of an active region\n`;
        err = true;
      } else {
        forceDisable(state, cxl, m.id);
        count++;
      }
    }
    if (!found) stderr += `cxl memdev: memdev_action: no memdev matches ${arg}\n`;
  }
  const n = count > 0 ? count : 0;
  stderr += `cxl memdev: cmd_${action}_memdev: ${action}d ${n} mem${n > 1 ? 's' : ''}\n`;
  return { exitCode: count > 0 || !err ? 0 : 1, stdout: '', stderr };
}

/** Unbinding a memdev under a region takes the region down with it: its decode stays, its driver goes, as disable-region does. */
function forceDisable(state: SimState, cxl: SimCxl, id: number): void {
  const m = cxl.memdevs.find((x) => x.id === id)!;
  const mine = cxl.decoders.filter((d) => d.port === m.endpoint).map(decoderName);
  for (const r of cxl.regions.filter((x) => x.targets.some((t) => mine.includes(t)))) disableRegion(state, cxl, r);
  disableMemdev(cxl, m);
}

/** Runs a cxl command line (argv without "cxl"). */
export function cxl(state: SimState, argv: string[]): CommandResult {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'version':
      case '--version':
        return { exitCode: 0, stdout: `${state.tools.cxl}\n`, stderr: '' };
      case 'list':
        return list(state, rest);
      case 'create-region':
        return regionAction(state, rest, 'create');
      case 'enable-region':
        return regionAction(state, rest, 'enable');
      case 'disable-region':
        return regionAction(state, rest, 'disable');
      case 'destroy-region':
        return regionAction(state, rest, 'destroy');
      case 'enable-memdev':
        return memdevAction(state, rest, 'enable');
      case 'disable-memdev':
        return memdevAction(state, rest, 'disable');
      case undefined:
        return { exitCode: 1, stdout: '', stderr: '\n usage: cxl [--version] [--help] COMMAND [ARGS]\n\n' };
      default:
        return { exitCode: 1, stdout: '', stderr: `cxl: '${cmd}' is not a cxl command the simulator knows. See 'cxl --help' on a real machine.\n` };
    }
  } catch (e) {
    if (e instanceof KernelError) return { exitCode: exitFor(e.errno), stdout: '', stderr: `${e.message}\n` };
    if (e instanceof OptionError) return { exitCode: 129, stdout: '', stderr: `  Error: ${e.message}\n` };
    throw e;
  }
}
