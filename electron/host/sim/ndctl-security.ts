// The emulated DIMM security commands: `ndctl setup-/update-/remove-passphrase`, `freeze-security`, `sanitize-dimm`, `wait-overwrite`,
// `load-keys` and `disable-/enable-dimm` (ndctl/dimm.c, ndctl/keys.c over sim/keyring.ts, the kernel and firmware in
// sim/dimm-security.ts), with ndctl 76.1's messages and exit codes as fixtures/real/qemu-nfit-test.json recorded them; a DIMM without
// security commands (QEMU's) refuses each as fixtures/real/qemu-faq-refusals.json shows.
import { changePassphrase, cryptoErase, disablePassphrase, freeze, startOverwrite, unlockAtProbe } from './dimm-security.js';
import { blobPath, checkKey, createKey, dimmActive, kekProblem, keyForOp, loadKey, loadKeys, moveKeyToOld, removeKey } from './keyring.js';
import { optionsOrUsage, usageError, type CommandResult, type Spec } from './ndctl-common.js';
import type { ParsedOptions } from './options.js';
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
const KEY: Spec[] = [...BASE, { short: 'k', long: 'key-handle', value: true, argName: 'key-handle', help: 'master encryption key handle' }, { short: 'm', long: 'master-passphrase', help: 'use master passphrase' }];
const REMOVE: Spec[] = [...BASE, { short: 'm', long: 'master-passphrase', help: 'use master passphrase' }];

/** What one DIMM's action said, and whether it succeeded. */
type DimmOp = (dimm: SimDimm, bus: SimBus) => { ok: boolean; say: string };
const ok = (say = '') => ({ ok: true, say });
const no = (say = '') => ({ ok: false, say });

/** ndctl's dimm_action: each named DIMM in turn; what failed is said per DIMM, the count at the end, exit 1 when none succeeded. */
function eachDimm(state: SimState, argv: string[], specs: Spec[], usage: string, summary: (n: number) => string, op: (o: ParsedOptions) => DimmOp): CommandResult {
  const o = optionsOrUsage(argv, specs, usage);
  if ('exitCode' in o) return o;
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
      const r = d.security === null ? no(`  Error: ${d.dev}: security operation not supported\n\n`) : act(d, bus);
      stderr += r.say;
      if (r.ok) count++;
    }
  }
  return { exitCode: count > 0 ? 0 : 1, stdout: '', stderr: `${stderr}${summary(count)}` };
}

/** ndctl's count: "0 nmem.", "1 nmem.", "2 nmems." (dimm.c adds the s only above one). */
const nmems = (n: number) => `${n} nmem${n > 1 ? 's' : ''}.\n`;

/** `ndctl freeze-security <nmem>`: no passphrase change, erase or overwrite until the next power cycle. */
export function freezeSecurity(state: SimState, argv: string[]): CommandResult {
  return eachDimm(state, argv, BASE, 'ndctl freeze-security <nmem0> [<nmem1>..<nmemN>] [<options>]', (n) => `security froze ${nmems(n)}`, () => (d) =>
    freeze(d) === 'ok' ? ok() : no(`  Error: Failed to freeze security for ${d.dev}\n\n`),
  );
}

/** `ndctl sanitize-dimm [--crypto-erase|--overwrite] [-z] [-m] <nmem>`: a crypto erase with the DIMM's user key (its master key with -m,
 *  the zero key with -z); an overwrite starts with the user key where there is one, and runs on (security "overwrite") until it ends. */
export function sanitizeDimm(state: SimState, argv: string[], now: number): CommandResult {
  const overwrite = argv.includes('--overwrite') || argv.some((a) => /^-[a-z]*o/.test(a) && !a.startsWith('--'));
  const summary = (n: number) => (overwrite ? `overwrite issued for ${nmems(n)}` : `sanitized ${nmems(n)}`);
  return eachDimm(state, argv, SANITIZE, 'ndctl sanitize-dimm <nmem0> [<nmem1>..<nmemN>] [<options>]', summary, (o) => (d, bus) => {
    const has = (k: string) => (o.flags.get(k) ?? 0) > 0;
    const master = has('master-passphrase');
    if (overwrite && master) return no(`  Error: ${d.dev}: overwrite does not support master passphrase\n\n`);
    if (overwrite) {
      const key = keyForOp(state, d, bus, 'user');
      return startOverwrite(d, bus, key.token, now) === 'ok' ? ok(key.say) : no(`${key.say}Failed overwrite for ${d.dev}\n`);
    }
    let token: string | null = null;
    if (!has('zero-key')) {
      const key = keyForOp(state, d, bus, master ? 'master' : 'user');
      if (key.token === null) return no(`${key.say}Unable to load key\n`);
      token = key.token;
    }
    if (cryptoErase(d, bus, master ? 'master' : 'user', token) !== 'ok') return no(`Failed ${master ? 'master crypto erase' : 'crypto erase'} for ${d.dev}\n`);
    // A user-key erase leaves that key for nothing: ndctl discards it and its blob.
    if (!has('zero-key') && !master) return ok(removeKey(state, d, 'user') ? 'Unable to cleanup key.\n' : '');
    return ok();
  });
}

/** `ndctl setup-passphrase <nmem> -k <kek> [-m]`: the kernel makes a random passphrase, sealed by the kek into /etc/ndctl/keys; where the
 *  DIMM refuses it, the new key goes again. */
export function setupPassphrase(state: SimState, argv: string[]): CommandResult {
  return eachDimm(state, argv, KEY, 'ndctl setup-passphrase <nmem0> [<nmem1>..<nmemN>] [<options>]', (n) => `passphrase enabled for ${nmems(n)}`, (o) => (d, bus) => {
    const kek = o.values.get('key-handle');
    const kind = (o.flags.get('master-passphrase') ?? 0) > 0 ? 'master' : 'user';
    if (!kek) return no();
    const bad = kekProblem(state, kek);
    if (bad) return no(bad);
    const key = createKey(state, d, bus, kek, kind);
    if (!('token' in key)) return no(key.say);
    if (changePassphrase(d, kind, null, key.token) === 'ok') return ok();
    removeKey(state, d, kind);
    return no();
  });
}

/** `ndctl update-passphrase <nmem> [-k <kek>] [-m]`: the current key moves aside (nvdimm-old), a new one is made, the DIMM changes from
 *  the one to the other, and the old key goes. A step that fails leaves what it had done (ndctl/keys.c ndctl_dimm_update_key). */
export function updatePassphrase(state: SimState, argv: string[]): CommandResult {
  return eachDimm(state, argv, KEY, 'ndctl update-passphrase <nmem0> [<nmem1>..<nmemN>] [<options>]', (n) => `passphrase updated for ${nmems(n)}`, (o) => (d, bus) => {
    let kek = o.values.get('key-handle');
    const kind = (o.flags.get('master-passphrase') ?? 0) > 0 ? 'master' : 'user';
    if (kek) {
      const bad = kekProblem(state, kek);
      if (bad) return no(bad);
    } else if (checkKey(state, d, kind) === null) return no();
    // Without -k, the kek the current key was sealed by (ndctl reads it from the key: get_current_kek).
    kek ??= state.files[blobPath(state, d, kind)]?.match(/sealed by (\S+):/)?.[1] ?? 'user:nvdimm-master';
    const old = moveKeyToOld(state, d, bus, kind);
    if (!('token' in old)) return no(old.say);
    let next = createKey(state, d, bus, kek, kind);
    let say = '';
    if (!('token' in next)) {
      say = next.say;
      next = loadKey(state, d, bus, kind);
      if (!('token' in next)) return no(say + next.say);
    }
    if (changePassphrase(d, kind, old.token, next.token) !== 'ok') return no(say);
    const cleanup = removeKey(state, d, kind === 'user' ? 'user-old' : 'master-old');
    return cleanup ? no(say + cleanup) : ok(say);
  });
}

/** `ndctl remove-passphrase <nmem> [-m]`: security disabled with the current passphrase; its key and blob are removed. */
export function removePassphrase(state: SimState, argv: string[]): CommandResult {
  return eachDimm(state, argv, REMOVE, 'ndctl remove-passphrase <nmem0> [<nmem1>..<nmemN>] [<options>]', (n) => `passphrase removed for ${nmems(n)}`, (o) => (d, bus) => {
    const kind = (o.flags.get('master-passphrase') ?? 0) > 0 ? 'master' : 'user';
    const key = keyForOp(state, d, bus, kind);
    if (key.token === null) return no(`${key.say}Unable to load key\n`);
    if (disablePassphrase(d, kind, key.token) !== 'ok') return no(`Failed ${kind === 'master' ? 'remove master passphrase' : 'remove passphrase'} for ${d.dev}\n`);
    return ok(removeKey(state, d, kind) ? 'Unable to cleanup key.\n' : '');
  });
}

/** `ndctl disable-dimm` / `enable-dimm <nmem>`: the driver unbinds (not while a region on the DIMM is enabled) or binds; at its probe a
 *  DIMM the kernel knows is locked is unlocked with its key from the key ring. */
export function xableDimm(state: SimState, argv: string[], enable: boolean): CommandResult {
  const usage = `ndctl ${enable ? 'enable' : 'disable'}-dimm <nmem0> [<nmem1>..<nmemN>] [<options>]`;
  const o = optionsOrUsage(argv, BASE, usage);
  if ('exitCode' in o) return o;
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
      if (enable && !d.enabled) unlockAtProbe(state, d);
      d.enabled = enable;
      count++;
    }
  }
  return { exitCode: count > 0 ? 0 : 1, stdout: '', stderr: `${stderr}${enable ? 'enabled' : 'disabled'} ${count} nmem${count > 1 ? 's' : ''}\n` };
}

/** `ndctl wait-overwrite <nmem>`: the wait happens before this runs (sim/timed.ts), so the overwrite has ended by now. */
export function waitOverwrite(state: SimState, argv: string[]): CommandResult {
  return eachDimm(state, argv, BASE, 'ndctl wait-overwrite <nmem0> [<nmem1>..<nmemN>] [<options>]', () => '', () => () => ok());
}

/** `ndctl load-keys`: the kek and each DIMM's key from /etc/ndctl/keys into root's key ring (as at boot). */
export function loadKeysCommand(state: SimState, argv: string[]): CommandResult {
  if (argv.length) return { exitCode: 129, stdout: '', stderr: argv.map((a) => `  Error: unknown parameter "${a}"\n\n`).join('') + usageError('', 'ndctl load-keys [<options>]', []).stderr };
  const r = loadKeys(state);
  return { exitCode: 0, ...r };
}
