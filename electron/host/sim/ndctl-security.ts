// The emulated DIMM security commands: `ndctl setup-/update-/remove-passphrase`, `freeze-security`, `sanitize-dimm`, `wait-overwrite`
// and `disable-/enable-dimm` (ndctl/dimm.c, ndctl/keys.c, Linux drivers/nvdimm/security.c), with ndctl 76.1's messages and exit codes;
// a DIMM without security commands (QEMU's) refuses each as fixtures/real/qemu-faq-refusals.json shows.
import { keyBlobName, keyRingName, NDCTL_KEYS_DIR } from '../../../shared/actions/ndctl-keys.js';
import { BADBLOCK_SECTOR } from '../../../shared/model/poison.js';
import { ensureNamespaceSeed, refreshSeeds } from './kernel.js';
import { dimmsOf } from './ndjson-health.js';
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
      const elsewhere = (b: { offset: number; length: number }) => !dimmsOf(bus, r, b.offset * BADBLOCK_SECTOR, b.length * BADBLOCK_SECTOR).includes(d.dev);
      r.badblocks = r.badblocks.filter(elsewhere);
      r.latentBadblocks = (r.latentBadblocks ?? []).filter(elsewhere);
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
      const master = has('master-passphrase');
      // A zero key opens only a DIMM with no passphrase set; any other key is loaded from the key ring or its blob first.
      if (has('zero-key')) {
        if (d.passphrases?.user) return `Failed ${what} for ${d.dev}\n`;
      } else if (!keyLoadable(state, d, master)) return 'Unable to load key\n';
      else if (!d.passphrases?.[master ? 'master' : 'user']) return `Failed ${what} for ${d.dev}\n`;
    }
    if (d.frozen || d.security === 'locked' || d.security === 'overwrite' || dimmActive(d, bus)) return `Failed ${what} for ${d.dev}\n`;
    // The kernel overwrites only a DIMM whose driver is unbound (ndctl disable-dimm); a crypto erase with the user key drops that key.
    if (overwrite && d.enabled) return `Failed ${what} for ${d.dev}\n`;
    if (!overwrite && !has('zero-key') && !has('master-passphrase')) discardKey(state, d, false);
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

const KEY: Spec[] = [...BASE, { short: 'k', long: 'key-handle', value: true, argName: 'key-handle', help: 'master encryption key handle' }, { short: 'm', long: 'master-passphrase', help: 'use master passphrase' }];
const REMOVE: Spec[] = [...BASE, { short: 'm', long: 'master-passphrase', help: 'use master passphrase' }];

/** Where ndctl keeps a DIMM's sealed passphrase on the emulated machine. */
export function keyBlobPath(state: SimState, d: SimDimm, master: boolean): string {
  return `${NDCTL_KEYS_DIR}/${keyBlobName(d.id, state.hostname ?? 'localhost', master)}`;
}

/** A DIMM's passphrase in the user key ring. */
const keyDesc = (d: SimDimm, master: boolean) => keyRingName(d.id, master);

/** ndctl's verify_kek: a "user:" or "trusted:" handle whose key is in the user key ring; the message where it is not, or null. */
function kekProblem(state: SimState, kek: string): string | null {
  const [type, desc] = kek.split(':');
  if (!type) return 'No key type found for kek handle\n';
  if (type !== 'trusted' && type !== 'user') return `No such key type: ${type}`;
  if (!desc) return 'No description found for kek handle\n';
  // A twin of a machine whose key ring the console could not read has "*": any kek is taken to be there.
  return (state.keyring ?? []).some((k) => k === '*' || k === `${type}:${desc}`) ? null : 'No key encryption key found\n';
}

/** Seals a new passphrase with the kek: the key joins the key ring and its blob is written (ndctl/keys.c dimm_create_key). */
function createKey(state: SimState, d: SimDimm, master: boolean): string | null {
  const path = keyBlobPath(state, d, master);
  if ((state.keyring ?? []).includes(keyDesc(d, master))) return 'Error: key already present in user keyring\n';
  if (path in state.files) return `${path} already exists!\n`;
  (state.keyring ??= []).push(keyDesc(d, master));
  state.files[path] = `sealed ${master ? 'master ' : ''}passphrase of ${d.id}\n`;
  return null;
}

/** Whether the DIMM's passphrase can be had: in the key ring, or its blob there to load (ndctl/keys.c check_dimm_key). */
const keyLoadable = (state: SimState, d: SimDimm, master: boolean) => (state.keyring ?? []).includes(keyDesc(d, master)) || keyBlobPath(state, d, master) in state.files;

/** Drops a passphrase's key and blob (ndctl/keys.c dimm_remove_key). */
function discardKey(state: SimState, d: SimDimm, master: boolean): void {
  state.keyring = (state.keyring ?? []).filter((k) => k !== keyDesc(d, master));
  delete state.files[keyBlobPath(state, d, master)];
}

/** `ndctl setup-passphrase <nmem> -k <kek> [-m]`: the kernel makes a random passphrase, sealed by the kek into /etc/ndctl/keys. */
export function setupPassphrase(state: SimState, argv: string[]): CommandResult {
  return eachDimm(state, argv, KEY, 'ndctl setup-passphrase <nmem0> [<nmem1>..<nmemN>] [<options>]', (n) => `passphrase enabled for ${nmems(n)}`, (o) => (d, bus) => {
    const kek = o.values.get('key-handle');
    const master = (o.flags.get('master-passphrase') ?? 0) > 0;
    if (!kek) return '';
    const bad = kekProblem(state, kek);
    if (bad) return bad;
    if (dimmActive(d, bus)) return `regions active on ${d.dev}, op failed\n`;
    const keyed = createKey(state, d, master);
    if (keyed) return keyed;
    if (d.frozen || (!master && d.passphrases?.user)) {
      discardKey(state, d, master);
      return `Failed ${master ? 'update master passphrase' : 'update passphrase'} for ${d.dev}\n`;
    }
    d.passphrases = { user: d.passphrases?.user ?? false, master: d.passphrases?.master ?? false, [master ? 'master' : 'user']: true };
    if (!master) d.security = 'unlocked';
    return null;
  });
}

/** `ndctl update-passphrase <nmem> [-k <kek>] [-m]`: a new passphrase, sealed anew; the old key and blob go. */
export function updatePassphrase(state: SimState, argv: string[]): CommandResult {
  return eachDimm(state, argv, KEY, 'ndctl update-passphrase <nmem0> [<nmem1>..<nmemN>] [<options>]', (n) => `passphrase updated for ${nmems(n)}`, (o) => (d, bus) => {
    const kek = o.values.get('key-handle');
    const master = (o.flags.get('master-passphrase') ?? 0) > 0;
    if (kek) {
      const bad = kekProblem(state, kek);
      if (bad) return bad;
    } else if (!keyLoadable(state, d, master)) return '';
    if (dimmActive(d, bus)) return `regions active on ${d.dev}, op failed\n`;
    if (!keyLoadable(state, d, master)) return 'Unable to load key\n';
    if (d.frozen) return `Failed ${master ? 'update master passphrase' : 'update passphrase'} for ${d.dev}\n`;
    discardKey(state, d, master);
    createKey(state, d, master);
    return null;
  });
}

/** `ndctl remove-passphrase <nmem> [-m]`: security disabled with the current passphrase; its key and blob are removed. */
export function removePassphrase(state: SimState, argv: string[]): CommandResult {
  return eachDimm(state, argv, REMOVE, 'ndctl remove-passphrase <nmem0> [<nmem1>..<nmemN>] [<options>]', (n) => `passphrase removed for ${nmems(n)}`, (o) => (d) => {
    const master = (o.flags.get('master-passphrase') ?? 0) > 0;
    if (!keyLoadable(state, d, master)) return 'Unable to load key\n';
    if (d.frozen || !d.passphrases?.[master ? 'master' : 'user']) return `Failed ${master ? 'remove master passphrase' : 'remove passphrase'} for ${d.dev}\n`;
    discardKey(state, d, master);
    d.passphrases = { user: d.passphrases.user, master: d.passphrases.master, [master ? 'master' : 'user']: false };
    if (!master) d.security = 'disabled';
    return null;
  });
}

/** `ndctl disable-dimm` / `enable-dimm <nmem>`: an overwrite needs the DIMM's driver unbound (ndctl/dimm.c action_disable). */
export function xableDimm(state: SimState, argv: string[], enable: boolean): CommandResult {
  const usage = `ndctl ${enable ? 'enable' : 'disable'}-dimm <nmem0> [<nmem1>..<nmemN>] [<options>]`;
  let o;
  try {
    o = parseOptions(argv, BASE);
  } catch (e) {
    return usageError((e as Error).message, usage, BASE);
  }
  if (o.args.length === 0) return usageError('', usage, BASE);
  let stderr = '';
  let count = 0;
  for (const bus of state.buses) {
    for (const d of bus.dimms) {
      if (!o.args.includes('all') && !o.args.includes(d.dev)) continue;
      if (!enable && dimmActive(d, bus)) {
        stderr += `${d.dev} is active, skipping...\n`;
        continue;
      }
      d.enabled = enable;
      count++;
    }
  }
  return { exitCode: count > 0 ? 0 : 1, stdout: '', stderr: `${stderr}${enable ? 'enabled' : 'disabled'} ${count} nmem${count > 1 ? 's' : ''}\n` };
}

/** `ndctl wait-overwrite <nmem>`: the wait happens before this runs (sim/timed.ts), so the overwrite has ended by now. */
export function waitOverwrite(state: SimState, argv: string[]): CommandResult {
  return eachDimm(state, argv, BASE, 'ndctl wait-overwrite <nmem0> [<nmem1>..<nmemN>] [<options>]', () => '', () => () => null);
}
