// The emulated `ndctl inject-error` (ndctl/inject-error.c, ndctl/lib/inject.c) on a platform with ACPI error injection (nfit_test,
// Optane's): inject poison into a namespace's data, uninject it, list what is injected, with ndctl 76.1's output and exit codes as
// fixtures/real/qemu-nfit-test.json recorded them. A demo uses it to put poison under the console.
import { toJsonC } from './jsonc.js';
import { Errno, busOf, findNamespace, namespaceName } from './kernel.js';
import { hexJson, namespaceJson, type JsonFlags } from './ndjson.js';
import { busMatches, exitFor, oneOperand, regionMatches, optionsOrUsage, type CommandResult, type Spec } from './ndctl-common.js';
import { dataRange, hasErrorInjection, injectPoison, uninjectPoison } from './poison.js';
import { within } from './sector-runs.js';
import type { SimState } from './state.js';

const SPECS: Spec[] = [
  { short: 'b', long: 'bus', value: true, argName: 'bus-id', help: 'limit namespace to a bus with an id or provider of <bus-id>' },
  { short: 'r', long: 'region', value: true, argName: 'region-id', help: 'limit namespace to a region with an id or name of <region-id>' },
  { short: 'v', long: 'verbose', help: 'emit extra debug messages to stderr' },
  { short: 'B', long: 'block', value: true, argName: 'namespace block offset (512B)', help: 'specify the block at which to (un)inject the error' },
  { short: 'n', long: 'count', value: true, argName: 'count', help: 'specify the number of blocks of errors to (un)inject' },
  { short: 'd', long: 'uninject', help: 'un-inject a previously injected error' },
  { short: 't', long: 'status', help: 'get error injection status' },
  { short: 'N', long: 'no-notify', help: 'firmware should not notify OS' },
  { short: 'S', long: 'saturate', help: "inject full sector, not just 'ars_unit' bytes" },
  { short: 'u', long: 'human', help: 'use human friendly number formats ' },
];
const USAGE = 'ndctl inject-error <namespace> [<options>]';
const WARNING = "Warning: Un-injecting previously injected errors here will\nnot cause the kernel to 'forget' its badblock entries. Those\nhave to be cleared through the normal process of writing\nthe affected blocks\n\n";

const fail = (e: Errno, stderr: string): CommandResult => ({ exitCode: exitFor(e), stdout: '', stderr });

/** A block or count as parse_size64 reads it: a number (decimal, 0x hex) with an optional k/m/g/t suffix; null where it is not one. */
function parseSize(s: string): number | null {
  const m = /^(0x[0-9a-f]+|\d+)([kmgt]?)$/i.exec(s.trim());
  if (!m) return null;
  return Number(m[1]) * 1024 ** ' kmgt'.indexOf((m[2] || ' ').toLowerCase());
}

/** `ndctl inject-error [--uninject|--status] [--block B --count N] [--no-notify] [--saturate] [-u] <namespace>`. */
export function injectError(state: SimState, argv: string[]): CommandResult {
  const o = optionsOrUsage(argv, SPECS, USAGE);
  if ('exitCode' in o) return o;
  const flag = (k: string) => (o.flags.get(k) ?? 0) > 0;
  const uninject = flag('uninject');
  const status = flag('status');
  const blockArg = o.values.get('block');
  const countArg = o.values.get('count');
  if ((uninject && status) || (status && (blockArg !== undefined || countArg !== undefined || flag('saturate')))) return fail(Errno.EINVAL, '  Error: status is invalid with inject or uninject\n\n');
  const block = blockArg === undefined ? 0 : parseSize(blockArg);
  if (block === null) return fail(Errno.EINVAL, `  Error: Invalid block: ${blockArg}\n\n`);
  const count = countArg === undefined ? 0 : parseSize(countArg);
  if (count === null) return fail(Errno.EINVAL, `  Error: Invalid count: ${countArg}\n\n`);
  if (!status && (blockArg === undefined || countArg === undefined)) return fail(Errno.EINVAL, '  Error: block and count required for inject/uninject\n\n');
  const operands = oneOperand(o.args, 'specify a namespace to inject error to', USAGE, SPECS);
  if (operands) return operands;
  const name = o.args[0]!;
  const found = findNamespace(state, name);
  const bus = found ? busOf(state, found.region) : null;
  if (!found || !bus || !busMatches(bus, o.values.get('bus')) || !regionMatches(found.region, o.values.get('region')) || !found.region.enabled) return fail(Errno.ENXIO, `  Error: ${name}: no such namespace\n\n`);
  const { region: r, namespace: ns } = found;
  const dev = namespaceName(r, ns);
  if (!hasErrorInjection(bus)) return fail(Errno.EOPNOTSUPP, `${dev}: error injection not supported\n`);
  const range = dataRange(ns);
  const verb = status ? 'get injection status' : uninject ? 'uninject error' : 'inject error';
  if (!range) return fail(Errno.EOPNOTSUPP, `Unable to ${verb}: ${Errno.EOPNOTSUPP.text} (-${Errno.EOPNOTSUPP.code})\n`);
  const human = flag('human');
  if (status) {
    const runs = within(r.injected ?? [], range.offset, range.length);
    if (runs.length === 0) return { exitCode: 0, stdout: '', stderr: '' };
    return { exitCode: 0, stdout: toJsonC({ badblocks: runs.map((b) => ({ block: hexJson(b.offset - range.offset, { human }), count: hexJson(b.length, { human }) })) }) + '\n', stderr: '' };
  }
  if (block + count > range.length) return fail(Errno.EINVAL, `Unable to ${verb}: ${Errno.EINVAL.text} (-${Errno.EINVAL.code})\n`);
  const run = { offset: range.offset + block, length: count };
  if (uninject) uninjectPoison(r, run);
  else injectPoison(bus, r, run, !flag('no-notify'));
  const f: JsonFlags = { human, verbose: false, dax: false, mappings: false, capabilities: false, health: false, dimms: false, media: true };
  return { exitCode: 0, stdout: (uninject ? WARNING : '') + toJsonC(namespaceJson(state, r, ns, f)) + '\n', stderr: '' };
}
