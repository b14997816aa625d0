// The emulated `ndctl inject-smart` (ndctl/inject-smart.c over the Intel DSM family, ndctl/lib/intel.c) and the firmware's side of it
// (the kernel's tools/testing/nvdimm nfit_test_cmd_smart_inject / _set_threshold): set thresholds and alarms, inject or uninject media
// temperature, spares, fatal health and an unsafe shutdown, as fixtures/real/qemu-nfit-test.json recorded them. A demo uses it to make
// a DIMM's health change under the console.
import { toJsonC } from './jsonc.js';
import { Errno } from './kernel.js';
import { dimmJson, type JsonFlags } from './ndjson.js';
import { DEFAULT_THRESHOLDS, healthJson } from './ndjson-health.js';
import { busesInOrder, busMatches, exitFor, oneOperand, optionsOrUsage, type CommandResult, type Spec } from './ndctl-common.js';
import { parseOptions } from './options.js';
import type { SimBus, SimDimm, SimHealth, SimState } from './state.js';

const SPECS: Spec[] = [
  { short: 'b', long: 'bus', value: true, argName: 'bus-id', help: 'limit dimm to a bus with an id or provider of <bus-id>' },
  { short: 'v', long: 'verbose', help: 'emit extra debug messages to stderr' },
  { short: 'u', long: 'human', help: 'use human friendly number formats' },
  { short: 'm', long: 'media-temperature', value: true, argName: 'smart media temperature attribute', help: 'inject a value for smart media temperature' },
  { short: 'M', long: 'media-temperature-threshold', value: true, argName: 'set smart media temperature threshold', help: 'set threshold value for smart media temperature' },
  { long: 'media-temperature-alarm', value: true, argName: 'smart media temperature alarm', help: 'enable or disable the smart media temperature alarm' },
  { long: 'media-temperature-uninject', help: 'uninject media temperature' },
  { short: 'c', long: 'ctrl-temperature', value: true, argName: 'smart controller temperature attribute', help: 'inject a value for smart controller temperature' },
  { short: 'C', long: 'ctrl-temperature-threshold', value: true, argName: 'set smart controller temperature threshold', help: 'set threshold value for smart controller temperature' },
  { long: 'ctrl-temperature-alarm', value: true, argName: 'smart controller temperature alarm', help: 'enable or disable the smart controller temperature alarm' },
  { long: 'ctrl-temperature-uninject', help: 'uninject controller temperature' },
  { short: 's', long: 'spares', value: true, argName: 'smart spares attribute', help: 'inject a value for smart spares' },
  { short: 'S', long: 'spares-threshold', value: true, argName: 'set smart spares threshold', help: 'set a threshold value for smart spares' },
  { long: 'spares-alarm', value: true, argName: 'smart spares alarm', help: 'enable or disable the smart spares alarm' },
  { long: 'spares-uninject', help: 'uninject spare percentage' },
  { short: 'f', long: 'fatal', help: 'inject fatal smart health status' },
  { short: 'F', long: 'fatal-uninject', help: 'uninject fatal health condition' },
  { short: 'U', long: 'unsafe-shutdown', help: 'inject smart unsafe shutdown status' },
  { long: 'unsafe-shutdown-uninject', help: 'uninject unsafe shutdown status' },
  { short: 'N', long: 'uninject-all', help: 'uninject all possible fields' },
];
const USAGE = 'ndctl inject-smart <dimm> [<options>]';

/** A temperature as the Intel DSM carries it (ndctl_encode_smart_temperature then the 16-bit field): whole degrees in 1/16 units,
 *  bit 15 the sign; what does not fit wraps (5000 C reads back as 904 C). */
export function smartTemperature(celsius: number): number {
  const t = ((Math.trunc(Math.abs(celsius)) * 16) | (celsius < 0 ? 0x8000 : 0)) & 0xffff;
  const v = (t & 0x7fff) / 16;
  return t & 0x8000 ? -v : v;
}

/** C's strtod/strtoul on an argument: the leading number, 0 where there is none. */
const leadingNumber = (s: string, integer: boolean): number => {
  const m = (integer ? /^\s*[+-]?(0x[0-9a-f]+|\d+)/i : /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i).exec(s);
  return m ? Number(m[0]) : 0;
};

/** The values nfit_test's uninject puts back (smart_def), or this DIMM's own from before its first injection. */
function baseline(h: SimHealth): NonNullable<SimHealth['uninjected']> {
  return (h.uninjected ??= { state: h.state, temperature: h.temperature, spares: h.spares, shutdownState: h.shutdownState });
}

/** `ndctl inject-smart <dimm> [options]`: thresholds and alarms first (smart_set_thresh), then each injection; the DIMM's JSON with
 *  its health after, or the first error (exit 256 - errno). With -N a field the firmware cannot inject is said and the rest goes on. */
export function injectSmart(state: SimState, argv: string[]): CommandResult {
  const o = optionsOrUsage(argv, SPECS, USAGE);
  if ('exitCode' in o) return o;
  const flag = (k: string) => (o.flags.get(k) ?? 0) > 0;
  const value = (k: string) => o.values.get(k);
  const all = flag('uninject-all');
  const uninject = (k: string) => all || flag(`${k}-uninject`);
  for (const k of ['media-temperature', 'ctrl-temperature', 'spares'])
    if (value(k) !== undefined && flag(`${k}-uninject`)) return { exitCode: exitFor(Errno.EINVAL), stdout: '', stderr: `  Error: Cannot use ${k.replace('-', '_')} inject and uninject together\n\n` };
  const alarms = ['media-temperature', 'ctrl-temperature', 'spares'].map((k) => value(`${k}-alarm`));
  const setting = ['media-temperature-threshold', 'ctrl-temperature-threshold', 'spares-threshold'].some((k) => value(k) !== undefined) || alarms.some((a) => a !== undefined);
  const injecting = ['media-temperature', 'ctrl-temperature', 'spares'].some((k) => value(k) !== undefined || uninject(k)) || flag('fatal') || flag('unsafe-shutdown') || uninject('fatal') || uninject('unsafe-shutdown');
  if (!setting && !injecting) return { exitCode: exitFor(Errno.EINVAL), stdout: '', stderr: '  Error: No valid operation specified\n\n' };
  const operands = oneOperand(o.args, 'specify a dimm for the smart operation', USAGE, SPECS);
  if (operands) return operands;
  const name = o.args[0]!;
  const bus = value('bus');
  let dimm: SimDimm | undefined;
  let onBus: SimBus | undefined;
  for (const b of busesInOrder(state)) {
    if (!busMatches(b, bus)) continue;
    dimm = [...b.dimms].reverse().find((d) => d.dev === name || name === 'all');
    onBus = b;
    if (dimm) break;
  }
  if (!dimm || !onBus) return { exitCode: exitFor(Errno.ENXIO), stdout: '', stderr: `  Error: ${name}: no such dimm\n\n` };
  const h = dimm.health;
  if (!h) return { exitCode: exitFor(Errno.EIO), stdout: '', stderr: `  Error: ${dimm.dev}: smart injection not supported by either platform firmware or the kernel.\n` };
  let stderr = '';
  if (setting) {
    const t = (h.thresholds ??= structuredClone(DEFAULT_THRESHOLDS));
    const mt = value('media-temperature-threshold');
    const ct = value('ctrl-temperature-threshold');
    const st = value('spares-threshold');
    if (mt !== undefined) t.temperature = smartTemperature(leadingNumber(mt, false));
    if (ct !== undefined) t.controllerTemperature = smartTemperature(leadingNumber(ct, false));
    if (st !== undefined) t.spares = leadingNumber(st, true) & 0xff;
    // strncmp "on" / "off": any other word leaves that alarm as it was.
    const keys = ['temperature', 'controllerTemperature', 'spares'] as const;
    alarms.forEach((a, i) => {
      if (a?.startsWith('on')) t.enabled[keys[i]!] = true;
      else if (a?.startsWith('off')) t.enabled[keys[i]!] = false;
    });
  }
  if (injecting) {
    const base = baseline(h);
    const m = value('media-temperature');
    if (m !== undefined || uninject('media-temperature')) h.temperature = uninject('media-temperature') ? base.temperature : smartTemperature(leadingNumber(m!, false));
    // The Intel DSM has no controller-temperature injection: libndctl refuses the field (ENXIO) before anything is sent.
    if (value('ctrl-temperature') !== undefined || uninject('ctrl-temperature')) {
      stderr += `  Error: ${dimm.dev}: smart inject ctrl_temperature cmd invalid: ${Errno.ENXIO.text} (-${Errno.ENXIO.code})\n\n`;
      if (!all) return { exitCode: exitFor(Errno.ENXIO), stdout: '', stderr };
    }
    const s = value('spares');
    if (s !== undefined || uninject('spares')) h.spares = uninject('spares') ? base.spares : leadingNumber(s!, true) & 0xff;
    if (flag('fatal') || uninject('fatal')) h.state = uninject('fatal') ? base.state : 'fatal';
    if (flag('unsafe-shutdown') || uninject('unsafe-shutdown')) {
      if (uninject('unsafe-shutdown')) h.shutdownState = 'clean';
      else {
        h.shutdownState = 'dirty';
        h.shutdownCount = (h.shutdownCount ?? 0) + 1;
      }
    }
  }
  const f: JsonFlags = { human: flag('human'), verbose: false, dax: false, mappings: false, capabilities: false, health: false, dimms: false };
  const j = { ...dimmJson(dimm, f, onBus), health: healthJson(h) };
  // util_display_json_array: one element with -u prints as the object alone.
  return { exitCode: 0, stdout: toJsonC(f.human ? j : [j]) + '\n', stderr };
}

const MONITOR: Spec[] = [
  { short: 'b', long: 'bus', value: true, argName: 'bus-id', help: 'filter by bus' },
  { short: 'r', long: 'region', value: true, argName: 'region-id', help: 'filter by region' },
  { short: 'd', long: 'dimm', value: true, argName: 'dimm-id', help: 'filter by dimm' },
  { short: 'n', long: 'namespace', value: true, argName: 'namespace-id', help: 'filter by namespace id' },
  { short: 'D', long: 'dimm-event', value: true, argName: 'name of event type', help: 'filter by DIMM event type' },
  { short: 'l', long: 'log', value: true, argName: 'file | syslog | standard', help: 'where to output the monitor\'s notification' },
  { short: 'c', long: 'config-file', value: true, argName: 'config-file', help: 'override the default config' },
  { long: 'daemon', help: 'run ndctl monitor as a daemon' },
  { short: 'u', long: 'human', help: 'use human friendly output formats' },
  { short: 'v', long: 'verbose', help: 'emit extra debug messages to log' },
  { short: 'p', long: 'poll', value: true, argName: 'poll-timeout', help: 'poll and report events/status every <n> seconds' },
];

/** What starting `ndctl monitor` does to the DIMMs it watches (ndctl/monitor.c enable_dimm_supported_threshold_alarms): it enables the
 *  threshold alarms of the events it watches (spares, media and controller temperature; all by default), as a side effect that outlives
 *  it. The emulated machine runs no daemon: this is that side effect alone, for a replay of a session that ran one. Returns what
 *  ndctl said where it refused to start. */
export function monitorEnablesAlarms(state: SimState, argv: string[]): string | null {
  let o;
  try {
    o = parseOptions(argv, MONITOR);
  } catch (e) {
    return `  Error: ${(e as Error).message}\n`;
  }
  const events = (o.values.get('dimm-event') ?? 'all').split(' ').filter(Boolean);
  const known = ['all', 'dimm-spares-remaining', 'dimm-media-temperature', 'dimm-controller-temperature', 'dimm-health-state', 'dimm-unclean-shutdown'];
  const unknown = events.find((e) => !known.includes(e));
  if (unknown) return `no dimm-event named ${unknown}\n`;
  const watches = (e: string) => events.includes('all') || events.includes(e);
  for (const b of busesInOrder(state)) {
    if (!busMatches(b, o.values.get('bus'))) continue;
    for (const d of b.dimms) {
      const dimm = o.values.get('dimm');
      if (dimm && dimm !== 'all' && dimm !== d.dev) continue;
      if (!d.health) continue;
      const t = (d.health.thresholds ??= structuredClone(DEFAULT_THRESHOLDS));
      if (watches('dimm-spares-remaining')) t.enabled.spares = true;
      if (watches('dimm-media-temperature')) t.enabled.temperature = true;
      if (watches('dimm-controller-temperature')) t.enabled.controllerTemperature = true;
    }
  }
  return null;
}
