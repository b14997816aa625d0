// The emulated `daxctl`: list, reconfigure-device, online-memory and offline-memory as daxctl 76.1 behaves.
import { byDeviceName } from '../../../shared/model/names.js';
import { toJsonC, type JsonValue } from './jsonc.js';
import { Errno, KernelError, blocksOf, hotAdd, hotRemove, readOnlyPass, setBlockState } from './kernel.js';
import { daxDeviceJson, daxctlDevices, sizeJson } from './ndjson.js';
import type { CommandResult } from './ndctl.js';
import { OptionError, parseOptions, type OptionSpec } from './options.js';
import { stateAfterProbe } from './mm.js';
import type { SimDaxDevice, SimState } from './state.js';

const exitFor = (e: Errno) => 256 - e.code;
const devices = (n: number) => `${n} device${n === 1 ? '' : 's'}`;

const LIST_OPTIONS: OptionSpec[] = [
  { short: 'r', long: 'region', value: true },
  { short: 'd', long: 'dev', value: true },
  { short: 'D', long: 'devices' },
  { short: 'R', long: 'regions' },
  { short: 'M', long: 'mappings' },
  { short: 'i', long: 'idle' },
  { short: 'u', long: 'human' },
  { short: 'v', long: 'verbose' },
];

const RECONFIG_OPTIONS: OptionSpec[] = [
  { short: 'r', long: 'region', value: true },
  { short: 's', long: 'size', value: true },
  { short: 'a', long: 'align', value: true },
  { short: 'm', long: 'mode', value: true },
  { short: 'N', long: 'no-online' },
  { long: 'no-movable' },
  { short: 'f', long: 'force' },
  { short: 'C', long: 'check-config' },
  { short: 'u', long: 'human' },
  { short: 'v', long: 'verbose' },
];

const MEMORY_OPTIONS: OptionSpec[] = [
  { short: 'r', long: 'region', value: true },
  { long: 'no-movable' },
  { short: 'u', long: 'human' },
  { short: 'v', long: 'verbose' },
];

const RACE_WARNING = (dev: string) =>
  `${dev}:\n  WARNING: detected a race while onlining memory\n  Some memory may not be in the expected zone. It is\n  recommended to disable any other onlining mechanisms,\n  and retry. If onlining is to be left to other agents,\n  use the --no-online option to suppress this warning\n`;

function list(state: SimState, argv: string[]): CommandResult {
  let o;
  try {
    o = parseOptions(argv, LIST_OPTIONS);
  } catch (e) {
    return { exitCode: 129, stdout: '', stderr: `  Error: ${(e as Error).message}\n` };
  }
  const has = (k: string) => (o.flags.get(k) ?? 0) > 0;
  let wantDevices = has('devices');
  const wantRegions = has('regions');
  if (!wantDevices && !wantRegions) wantDevices = true;
  const f = { human: has('human'), mappings: has('mappings') };
  const devFilter = o.values.get('dev');
  const regionFilter = o.values.get('region');
  const all = [...daxctlDevices(state)].sort((a, b) => byDeviceName(b.device.name, a.device.name));
  const items: JsonValue[] = [];
  for (const d of all) {
    if (devFilter && devFilter !== 'all' && devFilter !== d.device.name) continue;
    if (regionFilter && regionFilter !== 'all' && regionFilter !== `${d.regionId}` && regionFilter !== `region${d.regionId}`) continue;
    if (!has('idle') && !d.device.enabled) continue;
    const dev = daxDeviceJson(state, d.device, f);
    if (wantRegions) {
      const region: Record<string, JsonValue> = { path: d.daxctlPath, id: d.regionId, size: sizeJson(d.device.size, f), align: d.device.align };
      if (wantDevices) region.devices = [dev];
      items.push(region);
    } else items.push(dev);
  }
  if (items.length === 0) return { exitCode: 0, stdout: '', stderr: '' };
  const out = items.length > 1 || !f.human ? toJsonC(items) : toJsonC(items[0]!);
  return { exitCode: 0, stdout: out + '\n', stderr: '' };
}

function findTargets(state: SimState, args: string[]): SimDaxDevice[] | null {
  const known = daxctlDevices(state);
  const out: SimDaxDevice[] = [];
  for (const a of args) {
    if (a === 'all') {
      out.push(...known.map((d) => d.device));
      continue;
    }
    const d = known.find((k) => k.device.name === a);
    if (!d) return null;
    out.push(d.device);
  }
  return out;
}

/** Onlines a device's offline blocks; returns how many it onlined and what it printed. */
function onlineDevice(state: SimState, dev: SimDaxDevice, movable: boolean): { onlined: number; stderr: string; error: Errno | null } {
  const blocks = blocksOf(state, dev.name);
  let onlined = 0;
  for (const b of blocks) {
    if (b.state === 'online') continue;
    try {
      setBlockState(state, b, movable ? 'online_movable' : 'online');
      onlined++;
    } catch (e) {
      if (e instanceof KernelError) return { onlined, stderr: `${dev.name}: failed to online memory${b.index}: ${e.errno.text}\n`, error: e.errno };
      throw e;
    }
  }
  if (onlined === 0) return { onlined, stderr: `${RACE_WARNING(dev.name)}${dev.name}: all memory sections (${blocks.length}) already online\n`, error: null };
  const wrongZone = blocks.some((b) => b.state === 'online' && (b.zone === 'Movable') !== movable);
  return { onlined, stderr: wrongZone ? RACE_WARNING(dev.name) : '', error: null };
}

/** Offlines a device's online blocks, stopping at the first that refuses. */
function offlineDevice(state: SimState, dev: SimDaxDevice): { offlined: number; stderr: string; error: Errno | null } {
  const blocks = blocksOf(state, dev.name);
  let offlined = 0;
  for (const b of blocks) {
    if (b.state === 'offline') continue;
    try {
      setBlockState(state, b, 'offline');
      offlined++;
    } catch (e) {
      if (e instanceof KernelError) return { offlined, stderr: `${dev.name}: failed to offline memory${b.index}: ${e.errno.text}\n`, error: e.errno };
      throw e;
    }
  }
  if (offlined === 0) return { offlined, stderr: `${dev.name}: all memory sections (${blocks.length}) already offline\n`, error: null };
  return { offlined, stderr: '', error: null };
}

function reconfigure(state: SimState, argv: string[]): CommandResult {
  let o;
  try {
    o = parseOptions(argv, RECONFIG_OPTIONS);
  } catch (e) {
    return { exitCode: 129, stdout: '', stderr: `  Error: ${(e as Error).message}\n` };
  }
  const has = (k: string) => (o.flags.get(k) ?? 0) > 0;
  const fail = (e: Errno, prefix = '') => ({ exitCode: exitFor(e), stdout: '', stderr: `${prefix}error reconfiguring devices: ${e.text}\nreconfigured 0 devices\n` });
  const targets = findTargets(state, o.args);
  if (!targets || targets.length === 0) return fail(Errno.ENXIO);
  const mode = o.values.get('mode');
  const out: JsonValue[] = [];
  let stderr = '';
  let done = 0;
  for (const dev of targets) {
    if (mode !== 'system-ram' && mode !== 'devdax') return fail(Errno.EINVAL, `${dev.name}: unknown mode requested: 0\n`);
    if (mode === 'system-ram') {
      if (dev.mode === 'system-ram') stderr += `${dev.name} was already in system-ram mode\n`;
      else {
        const total = blocksOf(state, dev.name).length;
        if (dev.targetNode < 0) return fail(Errno.EINVAL, `${dev.name}: error: invalid target node ${dev.targetNode}\n`);
        dev.mode = 'system-ram';
        const added = hotAdd(state, dev);
        // kmem's probe sets the device's whole state (where the kernel has it); daxctl's per-block onlining below does not change it.
        if (state.kernel.daxState) dev.hotplugState = stateAfterProbe(state);
        if (added.length === 0 && total === 0) {
          dev.mode = 'devdax';
          return fail(Errno.EINVAL);
        }
      }
      if (!has('no-online')) {
        const r = onlineDevice(state, dev, !has('no-movable'));
        stderr += r.stderr;
        if (r.error) return { exitCode: exitFor(r.error), stdout: '', stderr: `${stderr}error reconfiguring devices: ${r.error.text}\nreconfigured ${devices(done)}\n` };
      }
    } else {
      if (dev.mode === 'devdax') stderr += `${dev.name} was already in devdax mode\n`;
      else {
        const blocks = blocksOf(state, dev.name);
        if (blocks.some((b) => b.state === 'online')) {
          if (!has('force')) return fail(Errno.EBUSY, stderr);
          const r = offlineDevice(state, dev);
          if (r.error) return { exitCode: exitFor(r.error), stdout: '', stderr: `${stderr}${r.stderr}error reconfiguring devices: ${r.error.text}\nreconfigured ${devices(done)}\n` };
        }
        hotRemove(state, dev);
        dev.mode = 'devdax';
        delete dev.hotplugState;
      }
    }
    out.push(daxDeviceJson(state, dev, { human: has('human'), mappings: false }));
    done++;
  }
  return { exitCode: 0, stdout: toJsonC(out) + '\n', stderr: `${stderr}reconfigured ${devices(done)}\n` };
}

function memory(state: SimState, argv: string[], action: 'online' | 'offline'): CommandResult {
  let o;
  try {
    o = parseOptions(argv, MEMORY_OPTIONS);
  } catch (e) {
    return { exitCode: 129, stdout: '', stderr: `  Error: ${(e as Error).message}\n` };
  }
  const verb = action === 'online' ? 'onlining' : 'offlining';
  const past = action === 'online' ? 'onlined' : 'offlined';
  const targets = findTargets(state, o.args);
  if (!targets || targets.length === 0) return { exitCode: exitFor(Errno.ENXIO), stdout: '', stderr: `error ${verb} memory: ${Errno.ENXIO.text}\n${past} memory for 0 devices\n` };
  let stderr = '';
  let done = 0;
  for (const dev of targets) {
    if (dev.mode !== 'system-ram') {
      stderr += `${dev.name}: memory operations are not supported in devdax mode\n`;
      return { exitCode: exitFor(Errno.EOPNOTSUPP), stdout: '', stderr: `${stderr}error ${verb} memory: ${Errno.EOPNOTSUPP.text}\n${past} memory for ${devices(done)}\n` };
    }
    const r = action === 'online' ? onlineDevice(state, dev, !(o.flags.get('no-movable') ?? 0)) : offlineDevice(state, dev);
    stderr += r.stderr;
    if (r.error) return { exitCode: exitFor(r.error), stdout: '', stderr: `${stderr}error ${verb} memory: ${r.error.text}\n${past} memory for ${devices(done)}\n` };
    const changed = 'onlined' in r ? r.onlined : r.offlined;
    if (changed > 0) done++;
  }
  return { exitCode: done > 0 ? 0 : 1, stdout: '', stderr: `${stderr}${past} memory for ${devices(done)}\n` };
}

/** Runs a daxctl command line (argv without "daxctl"). */
export function daxctl(state: SimState, argv: string[]): CommandResult {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'version':
      case '--version':
        return { exitCode: 0, stdout: `${state.tools.daxctl}\n`, stderr: '' };
      case 'list':
        return readOnlyPass(state, () => list(state, rest));
      case 'reconfigure-device':
        return reconfigure(state, rest);
      case 'online-memory':
        return memory(state, rest, 'online');
      case 'offline-memory':
        return memory(state, rest, 'offline');
      default:
        return { exitCode: 1, stdout: '', stderr: `daxctl: '${cmd ?? ''}' is not a daxctl command. See 'daxctl --help'.\n` };
    }
  } catch (e) {
    if (e instanceof KernelError) return { exitCode: exitFor(e.errno), stdout: '', stderr: `${e.message}\n` };
    if (e instanceof OptionError) return { exitCode: 129, stdout: '', stderr: `  Error: ${e.message}\n` };
    throw e;
  }
}
