// The emulated `ndctl freeze-security`, `sanitize-dimm` and `wait-overwrite` (ndctl/dimm.c, ndctl/keys.c, Linux drivers/nvdimm/security.c),
// with ndctl 76.1's messages and exit codes; a DIMM without security commands (QEMU's) refuses each as fixtures/real/qemu-faq-refusals.json shows.
import { ensureNamespaceSeed, refreshSeeds } from './kernel.js';
import { parseOptions } from './options.js';
import { usageError, type CommandResult, type Spec } from './ndctl-common.js';
import type { SimBus, SimDimm, SimState } from './state.js';

const BASE: Spec[] = [
  { short: 'b', long: 'bus', value: true, argName: 'bus-id', help: '<nmem> must be on a bus with an id/provider of <bus-id>' },
  { short: 'v', long: 'verbose', help: 'turn on debug' },
];
const SANITIZE: Spec[] = [
  ...BASE,
  { short: 'c', long: 'crypto-erase', help: 'crypto erase a dimm' },
  { short: 'o', long: 'overwrite', help: 'overwrite a dimm' },
  { short: 'z', long: 'zero-key', help: 'pass in a zero key' },
  { short: 'm', long: 'master-passphrase', help: 'use master passphrase' },
];

/** How long an overwrite takes in the sim (a real one takes hours: every cell of the DIMM is written). */
export const SIM_OVERWRITE_MS = 5000;

type DimmOp = (dimm: SimDimm, bus: SimBus) => string | null;

/** ndctl's dimm_action: each named DIMM in turn; what failed is said per DIMM, the count at the end, exit 1 when none succeeded. */
function eachDimm(state: SimState, argv: string[], specs: Spec[], usage: string, summary: (n: number) => string, op: (o: ReturnType<typeof parseOptions>) => DimmOp): CommandResult {
  let o;
  try {
    o = parseOptions(argv, specs);
  } catch (e) {
    return usageError((e as Error).message, usage, specs);
  }
  if (o.args.length === 0) return usageError('', usage, specs);
  let stderr = '';
  const bad = o.args.filter((a) => a !== 'all' && !/^nmem\d+$/.test(a));
  for (const a of bad) stderr += `'${a}' is not a valid dimm name\n`;
  if (bad.length === o.args.length) return { exitCode: 129, stdout: '', stderr };
  const act = op(o);
  let count = 0;
  for (const bus of state.buses) {
    for (const d of bus.dimms) {
      if (!o.args.includes('all') && !o.args.includes(d.dev)) continue;
      const failure = d.security === null ? `  Error: ${d.dev}: security operation not supported\n\n` : act(d, bus);
      if (failure === null) count++;
      else stderr += failure;
    }
  }
  return { exitCode: count > 0 ? 0 : 1, stdout: '', stderr: `${stderr}${summary(count)}` };
}

/** ndctl's count: "0 nmem.", "1 nmem.", "2 nmems." (dimm.c adds the s only above one). */
const nmems = (n: number) => `${n} nmem${n > 1 ? 's' : ''}.\n`;

/** Whether any region the DIMM is part of is enabled: the kernel refuses a security change on an active DIMM (EBUSY). */
const dimmActive = (d: SimDimm, bus: SimBus) => bus.regions.some((r) => r.enabled && r.mappings.some((m) => m.dimm === d.dev));

/** `ndctl freeze-security <nmem>`: no passphrase change, erase or overwrite until the next power cycle. */
export function freezeSecurity(state: SimState, argv: string[]): CommandResult {
  return eachDimm(state, argv, BASE, 'ndctl freeze-security <nmem0> [<nmem1>..<nmemN>] [<options>]', (n) => `security froze ${nmems(n)}`, () => (d) => {
    if (d.security === 'overwrite') return `Failed to freeze security for ${d.dev}\n`;
    d.frozen = true;
    return null;
  });
}

/** What erasing a DIMM leaves: every region it is part of loses every namespace (an interleaved region loses data on all its DIMMs). */
function eraseRegionsOf(d: SimDimm, bus: SimBus, overwrite: boolean): void {
  for (const r of bus.regions.filter((x) => x.mappings.some((m) => m.dimm === d.dev))) {
    r.namespaces = [];
    r.seeds.namespace = -1;
    ensureNamespaceSeed(r);
    refreshSeeds(r);
    // An overwrite writes every cell, so no poison is left on this DIMM's part of the media; a crypto erase only changes the key.
    if (overwrite) {
      r.badblocks = [];
      r.latentBadblocks = [];
    }
  }
}

/** `ndctl sanitize-dimm [--crypto-erase|--overwrite] [-z] <nmem>`: a crypto erase needs the DIMM's user key (or -z where no passphrase is
 *  set); an overwrite starts and runs on (security "overwrite") until wait-overwrite sees it end. */
export function sanitizeDimm(state: SimState, argv: string[], now: number): CommandResult {
  const overwrite = argv.includes('--overwrite') || argv.includes('-o');
  const summary = (n: number) => (overwrite ? `overwrite issued for ${nmems(n)}` : `sanitized ${nmems(n)}`);
  return eachDimm(state, argv, SANITIZE, 'ndctl sanitize-dimm <nmem0> [<nmem1>..<nmemN>] [<options>]', summary, (o) => (d, bus) => {
    const has = (k: string) => (o.flags.get(k) ?? 0) > 0;
    if (overwrite && has('master-passphrase')) return `  Error: ${d.dev}: overwrite does not support master passphrase\n\n`;
    const what = overwrite ? 'overwrite' : has('master-passphrase') ? 'master crypto erase' : 'crypto erase';
    if (!overwrite) {
      const key = has('zero-key') ? 'zero' : has('master-passphrase') ? 'master' : 'user';
      if (key !== 'zero' && !d.passphrases?.[key]) return 'Unable to load key\n';
      // A zero key opens only a DIMM with no passphrase set.
      if (key === 'zero' && d.passphrases?.user) return `Failed ${what} for ${d.dev}\n`;
    }
    if (d.frozen || d.security === 'locked' || d.security === 'overwrite' || dimmActive(d, bus)) return `Failed ${what} for ${d.dev}\n`;
    eraseRegionsOf(d, bus, overwrite);
    if (overwrite) {
      d.security = 'overwrite';
      d.overwriteUntil = now + (d.overwriteMs ?? SIM_OVERWRITE_MS);
    } else {
      d.security = 'disabled';
      d.passphrases = { user: false, master: d.passphrases?.master ?? false };
    }
    return null;
  });
}

/** `ndctl wait-overwrite <nmem>`: the wait happens before this runs (sim/timed.ts), so the overwrite has ended by now. */
export function waitOverwrite(state: SimState, argv: string[]): CommandResult {
  return eachDimm(state, argv, BASE, 'ndctl wait-overwrite <nmem0> [<nmem1>..<nmemN>] [<options>]', () => '', () => () => null);
}
