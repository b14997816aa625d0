// The emulated `ndctl start-scrub`, `wait-scrub` and `clear-errors` (ndctl/bus.c, ndctl/namespace.c namespace_clear_bb, libndctl's
// scrub calls), with ndctl 76.1's output, messages and exit codes; on QEMU's NVDIMM they fail as fixtures/real/qemu-faq-refusals.json shows.
import { BADBLOCK_SECTOR as SECTOR } from '../../../shared/model/poison.js';
import { toJsonC } from './jsonc.js';
import { Errno, findNamespace, namespaceName } from './kernel.js';
import { busJson, namespaceJson, type JsonFlags } from './ndjson.js';
import { busesInOrder, busMatches, exitFor, namespaceBusy, plural, optionsOrUsage, usageError, type CommandResult, type Spec } from './ndctl-common.js';
import { clearPoison } from './poison.js';
import type { SimBus, SimRegion, SimState } from './state.js';

const BASE: Spec[] = [{ short: 'v', long: 'verbose', help: 'turn on debug' }];
const WAIT: Spec[] = [...BASE, { short: 'p', long: 'poll', value: true, argName: 'n', help: 'poll interval (seconds)' }];
const CLEAR: Spec[] = [
  { short: 'b', long: 'bus', value: true, argName: 'bus-id', help: 'limit namespace to a bus with an id or provider of <bus-id>' },
  { short: 'r', long: 'region', value: true, argName: 'region-id', help: 'limit namespace to a region with an id or name of <region-id>' },
  { short: 'v', long: 'verbose', help: 'emit extra debug messages to stderr' },
  { short: 's', long: 'scrub', help: 'run a scrub to find latent errors' },
];

/** Whether a bus can scrub: an NFIT bus whose platform has ARS shows nfit/scrub (libndctl reads and writes that file). */
const canScrub = (bus: SimBus) => !!bus.nfit && !!bus.scrub;

/** Starts an address range scrub on a bus that can (the kernel's nfit/scrub write of "1"); one already running goes on. */
export function startScrub(bus: SimBus, now: number): void {
  if (bus.scrub && bus.scrub.until === null) bus.scrub.until = now + bus.scrub.durationMs;
}

/** The buses a start-scrub or wait-scrub names (all when none, as ndctl's bus_action). */
export function busesNamed(state: SimState, args: string[]): SimBus[] {
  return busesInOrder(state).filter((b) => args.length === 0 || args.some((a) => busMatches(b, a)));
}

/** `ndctl start-scrub [bus…]` and `ndctl wait-scrub [bus…]`: the buses' JSON on success. The wait itself happens before this runs
 *  (sim/timed.ts), so a bus's scrub has ended by now. */
export function scrubCommand(state: SimState, argv: string[], action: 'start' | 'wait', now: number): CommandResult {
  const specs = action === 'start' ? BASE : WAIT;
  const o = optionsOrUsage(argv, specs, `ndctl ${action}-scrub [<bus-id> <bus-id2> ... <bus-idN>] [<options>]`);
  if ('exitCode' in o) return o;
  const jbuses = [];
  let fail: Errno | null = null;
  for (const bus of busesNamed(state, o.args)) {
    // Not an NFIT bus: libndctl has no scrub path (EOPNOTSUPP); an NFIT bus without ARS has no nfit/scrub file to open (ENOENT).
    if (!bus.nfit) fail ??= Errno.EOPNOTSUPP;
    else if (!canScrub(bus)) fail ??= Errno.ENOENT;
    else {
      if (action === 'start') startScrub(bus, now);
      // start-scrub and wait-scrub print the bus as util_bus_to_json does with UTIL_JSON_FIRMWARE.
      jbuses.push(busJson(bus, { firmware: true }));
    }
  }
  if (jbuses.length) return { exitCode: 0, stdout: toJsonC(jbuses) + '\n', stderr: '' };
  const err = fail ?? Errno.ENXIO;
  return { exitCode: exitFor(err), stdout: '', stderr: `error ${action === 'start' ? 'starting scrub' : 'waiting for scrub completion'}: ${err.text}\n` };
}

/** Clears the poison runs that lie wholly inside a namespace's data (ndctl's nstype_clear_badblocks): the kernel's list and the
 *  platform's record forget them; returns the sectors cleared. */
function clearInside(r: SimRegion, begin: number, end: number): number {
  let cleared = 0;
  for (const b of [...r.badblocks]) {
    const bbBegin = b.offset * SECTOR;
    const bbEnd = bbBegin + b.length * SECTOR - 1;
    if (bbBegin < begin || bbEnd > end) continue;
    clearPoison(r, b);
    cleared += b.length;
  }
  return cleared;
}

/** `ndctl clear-errors [--scrub] <namespace>`: waits for the bus's scrub (started first with --scrub: sim/timed.ts), takes the namespace
 *  down, clears the poison inside its data, brings it back and prints it with its remaining media errors. */
export function clearErrors(state: SimState, argv: string[]): CommandResult {
  const usage = 'ndctl clear_errors <namespace> [<options>]';
  const o = optionsOrUsage(argv, CLEAR, usage);
  if ('exitCode' in o) return o;
  if (o.args.length === 0) return usageError('specify a namespace to clear errors, or "all"\n', usage, CLEAR);
  let cleared = 0;
  let stderr = '';
  let stdout = '';
  let fail: Errno | null = null;
  let matched = 0;
  const f: JsonFlags = { human: false, verbose: false, dax: false, mappings: false, capabilities: false, health: false, dimms: false, media: true };
  for (const name of o.args) {
    const found = findNamespace(state, name);
    if (!found || !found.region.enabled || found.namespace.size === 0) continue;
    matched++;
    const { region: r, namespace: ns } = found;
    const bus = state.buses.find((b) => b.regions.includes(r))!;
    const dev = namespaceName(r, ns);
    if (ns.claim?.kind === 'btt') continue; // ndctl skips BTT namespaces: not cleared, not an error
    if (!canScrub(bus)) {
      stderr += `  Error: ${dev}: Unable to determine scrub state: ${Errno.EOPNOTSUPP.text}\n\n`;
      fail ??= Errno.EOPNOTSUPP;
      continue;
    }
    const holder = ns.claim?.kind === 'dax' ? `dax${r.id}.${ns.claim.id}` : ns.claim?.kind === 'pfn' ? `pfn${r.id}.${ns.claim.id}` : dev;
    if (namespaceBusy(state, ns)) {
      stderr += `  Error: ${holder}: unable to disable namespace: ${Errno.EBUSY.text}\n\n`;
      fail ??= Errno.EBUSY;
      continue;
    }
    const start = ns.offset;
    const data = ns.claim?.kind === 'pfn' || ns.claim?.kind === 'dax' ? ns.claim.dataOffset : 0;
    clearInside(r, start + data, start + ns.size - 1);
    ns.enabled = true;
    stdout += toJsonC(namespaceJson(state, r, ns, f)) + '\n';
    cleared++;
  }
  if (matched === 0) fail = Errno.ENXIO;
  if (fail && cleared === 0) return { exitCode: exitFor(fail), stdout, stderr: `${stderr}error clearing namespaces: ${fail.text}\ncleared ${plural(cleared, 'namespace')}\n` };
  return { exitCode: fail ? exitFor(fail) : cleared ? 0 : 1, stdout, stderr: `${stderr}cleared ${plural(cleared, 'namespace')}\n` };
}
