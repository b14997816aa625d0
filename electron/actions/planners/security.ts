// Planners for a DIMM's security, the other FAQ of the kmem series (secrets that survive power cycles): passphrases that lock the DIMM
// at power loss, freezing them, and erasing the DIMM (ndctl setup-passphrase(1), sanitize-dimm(1); ndctl's intel-nvdimm-security).
import { keyBlobName, keyRingName, NDCTL_KEYS_DIR, type Guard, type Params, type Step } from '../../../shared/actions/index.js';
import type { Dimm, Topology } from '../../../shared/model/index.js';
import { formatBytes } from '../../../shared/units/index.js';
import { block, findDimm, run, warn, type Draft, type PlanInput } from './draft.js';
import { namespaceInUse } from './guards.js';

/** What a DIMM's security allows: a DIMM without security commands (QEMU's) or with its security frozen allows no change. */
function securityGuards(d: Dimm, guards: Guard[]): void {
  if (d.security === null) guards.push(block('no-security', `${d.dev}'s firmware has no security commands (the kernel shows no security file${d.dsm ? `; its commands: ${d.dsm.commands.join(' ')}` : ''}): ndctl says "security operation not supported"`));
  else if (d.securityFrozen) guards.push(block('frozen', `${d.dev}'s security is frozen until the next power cycle: no passphrase change, erase or overwrite until then`));
  else if (d.security === 'overwrite') guards.push(block('overwrite', `${d.dev} is being overwritten; wait for it to end`));
  else if (d.security === 'locked') guards.push(block('locked', `${d.dev} is locked: unlock it with its passphrase first (its key is loaded at boot by ndctl load-keys)`));
}

/** dimm.freeze-security: until the next power cycle the DIMM's passphrase cannot be changed or removed, and it cannot be erased. */
export function planFreezeSecurity(input: PlanInput, p: Params): Draft {
  const guards: Guard[] = [];
  const d = findDimm(input.topology, p.dimm!, guards);
  if (d) securityGuards(d, guards);
  // The firmware freezes only a DIMM whose security is enabled (Intel's DSM: Invalid Security State; nfit_test recorded it).
  if (d && d.security === 'disabled') guards.push(block('no-passphrase', `${d.dev} has no passphrase, and the firmware freezes only a DIMM that has one ("Failed to freeze security for ${d.dev}"); to keep it from being given one by malware, give it one yourself first (dimm.passphrase-setup --dimm ${d.dev})`));
  return {
    object: p.dimm!, summary: `Freeze ${p.dimm}'s security until the next power cycle`,
    risk: 'disruptive', guards,
    steps: [run(['ndctl', 'freeze-security', p.dimm!], `${p.dimm}'s passphrase cannot be set, changed or removed, and the DIMM cannot be erased, until the next power cycle`)],
    rollback: null, noRollbackBecause: 'only a power cycle unfreezes a DIMM',
  };
}

/** dimm.sanitize: every byte of the DIMM erased; every region it is part of loses every namespace (an interleaved region spans DIMMs). */
export function planSanitize(input: PlanInput, p: Params): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const overwrite = p.method === 'overwrite';
  const d = findDimm(t, p.dimm!, guards);
  const regions = d ? t.regions.filter((r) => r.mappings.some((m) => m.dimm === d.dev)) : [];
  const lost = regions.flatMap((r) => t.namespaces.filter((n) => n.region === r.dev && n.size > 0));
  if (d) {
    securityGuards(d, guards);
    const what = regions.map((r) => {
      const nss = lost.filter((n) => n.region === r.dev).map((n) => `${n.dev} (${n.mode}, ${formatBytes(n.size)}${n.name ? `, "${n.name}"` : ''})`);
      const others = [...new Set(r.mappings.map((m) => m.dimm))].filter((x) => x !== d.dev);
      const used = r.size - r.availableSize;
      // A disabled region lists no namespaces (their devices are gone until it is enabled); its labels still hold them.
      const held = r.state === 'disabled' ? (used > 0 ? `disabled, so its namespaces are not listed; ${formatBytes(used)} of it is allocated to them` : 'disabled, with no space allocated to namespaces') : nss.length ? nss.join(', ') : 'no namespaces';
      return `${r.dev}${others.length ? ` (interleaved with ${others.join(', ')})` : ''}: ${held}`;
    });
    if (regions.length) guards.push(warn('destroys', `sanitizing ${d.dev} destroys every namespace of ${regions.length === 1 ? 'the region' : `the ${regions.length} regions`} it is part of: ${what.join('; ')}`));
    const enabled = regions.filter((r) => r.state === 'enabled');
    if (enabled.length) guards.push(block('regions-enabled', `${enabled.map((r) => r.dev).join(', ')} ${enabled.length === 1 ? 'is' : 'are'} enabled; the kernel refuses to erase an active DIMM. Disable ${enabled.length === 1 ? 'it' : 'them'} first (region.disable --region ${enabled[0]!.dev}${enabled.length > 1 ? ', …' : ''}), after stopping what uses ${enabled.length === 1 ? 'it' : 'them'}`));
    for (const ns of lost) if (ns.state === 'enabled') namespaceInUse(input, ns, guards);
    if (!overwrite && d.security === 'unlocked') {
      const found = keyFound(t, d, false);
      const path = keyBlobPath(t, d, false);
      if (found === false) guards.push(block('no-key', `${d.dev} has a passphrase, and ${path} is not there nor its key in the key ring: ndctl cannot load it to erase ("Unable to load key"); an overwrite needs no key`));
      else guards.push(warn('key', `${d.dev} has a passphrase: ndctl erases with the key it keeps in ${path} (sealed by the key-encryption key in root's key ring) and then deletes it`));
    }
  }
  // Linux 6.1 overwrites a DIMM with its driver bound, as long as no region on it is enabled (security.c; the kernel's nfit_test
  // recorded it); the DIMM comes back in the security state it had, its passphrase kept.
  const steps: Step[] = overwrite
    ? [
      run(['ndctl', 'sanitize-dimm', '--overwrite', p.dimm!], `${p.dimm} starts writing every cell: all its data, and every namespace of ${regions.map((r) => r.dev).join(', ') || 'its regions'}, is gone`),
      run(['ndctl', 'wait-overwrite', p.dimm!], `waits until the overwrite ends (hours on a large DIMM); ${p.dimm} is back, empty, ${d?.security === 'unlocked' ? 'with its passphrase' : 'with no passphrase'}`),
    ]
    : [run(['ndctl', 'sanitize-dimm', '--crypto-erase', ...(d && d.security === 'disabled' ? ['--zero-key'] : []), p.dimm!], `${p.dimm} gets a new media key: all its data, and every namespace of ${regions.map((r) => r.dev).join(', ') || 'its regions'}, is unreadable for good`)];
  return {
    object: p.dimm!, summary: `Sanitize ${p.dimm} by ${overwrite ? 'overwriting every cell' : 'crypto erase'}: ${lost.length ? `${lost.length} namespace${lost.length === 1 ? '' : 's'} (${lost.map((n) => n.dev).join(', ')}) and ` : ''}all data on it is destroyed`,
    risk: 'destructive', guards, steps,
    rollback: null, noRollbackBecause: 'erased data cannot be brought back',
  };
}

/** Where ndctl keeps a DIMM's sealed passphrase, as far as the machine's read tells. */
export function keyBlobPath(t: Topology, d: Dimm, master: boolean): string {
  return `${NDCTL_KEYS_DIR}/${keyBlobName(d.id ?? '<id>', t.hostname ?? '<hostname>', master)}`;
}

/** Whether ndctl can get a DIMM's passphrase: its key in the key ring the console sees, or its blob (null where neither can be told). */
function keyFound(t: Topology, d: Dimm, master: boolean): boolean | null {
  const blob = keyBlobName(d.id ?? '<id>', t.hostname ?? '<hostname>', master);
  if (t.keys?.blobs?.includes(blob) || t.keys?.keyring?.includes(keyRingName(d.id ?? '<id>', master))) return true;
  return t.keys?.blobs ? false : null;
}

/** The regions on a DIMM that are enabled: ndctl changes no passphrase while one is ("regions active on nmemX, op failed"). */
function activeRegionsGuard(t: Topology, d: Dimm, guards: Guard[]): void {
  const enabled = t.regions.filter((r) => r.state === 'enabled' && r.mappings.some((m) => m.dimm === d.dev));
  if (enabled.length) guards.push({ ...block('regions-enabled', `${enabled.map((r) => r.dev).join(', ')} on ${d.dev} ${enabled.length === 1 ? 'is' : 'are'} enabled; ndctl changes a passphrase only while every region on the DIMM is disabled: pmem-console apply region.disable --region ${enabled[0]!.dev} --confirm ${enabled[0]!.dev}, after stopping what uses it`), fix: { action: 'region.disable', params: { region: enabled[0]!.dev } } });
}

/** The key-encryption key must be in root's user key ring: refused where the console read that ring and the key is not there, said where
 *  it could not read it. */
function kekGuard(t: Topology, kek: string, guards: Guard[]): void {
  const ring = t.keys?.keyring;
  const load = `load it first (keyctl add ${kek.split(':')[0]} ${kek.split(':')[1]} … @u, as root; ndctl load-keys does it at boot)`;
  if (ring && !ring.includes(kek)) guards.push(block('no-kek', `${kek} is not in root's key ring (its keys: ${ring.filter((k) => /^(user|trusted):/.test(k)).join(', ') || 'none'}): ndctl would say "No key encryption key found"; ${load}`));
  else if (!ring) guards.push(warn('kek', `the console could not read root's key ring (it reads as another user): ndctl, run as root, needs ${kek} there or it says "No key encryption key found"; ${load}`));
}

const whatLossMeans = 'Keep copies of the blob and of the key-encryption key somewhere safe: without both, a DIMM that locked at a power loss cannot be unlocked, and the data on it is lost (a master-passphrase erase or an overwrite brings the DIMM back, empty).';

/** What the passphrase planners start from: the DIMM (or a guard saying it is missing), which passphrase, where its blob is, and
 *  what its security allows. */
function passphraseTarget(input: PlanInput, p: Params): { t: Topology; guards: Guard[]; master: boolean; d: Dimm | null; path: string } {
  const t = input.topology;
  const guards: Guard[] = [];
  const master = p.passphrase === 'master';
  const d = findDimm(t, p.dimm!, guards);
  if (d) securityGuards(d, guards);
  return { t, guards, master, d, path: d ? keyBlobPath(t, d, master) : NDCTL_KEYS_DIR };
}

/** dimm.passphrase-setup: the kernel makes a random passphrase, sealed by the kek into /etc/ndctl/keys; the DIMM locks at power loss. */
export function planPassphraseSetup(input: PlanInput, p: Params): Draft {
  const { t, guards, master, d, path } = passphraseTarget(input, p);
  if (d) {
    if (!master && (d.security === 'unlocked' || d.security === 'locked')) guards.push(block('has-passphrase', `${d.dev} has a passphrase already; replace it with dimm.passphrase-update --dimm ${d.dev}`));
    if (keyFound(t, d, master)) guards.push(block('blob-exists', `${path} exists already; ndctl refuses to overwrite it`));
    activeRegionsGuard(t, d, guards);
    kekGuard(t, p.kek!, guards);
    guards.push(warn('key', `the ${master ? 'master ' : ''}passphrase is kept sealed by ${p.kek} in ${path}, and loaded at boot by ndctl load-keys. ${whatLossMeans}`));
  }
  return {
    object: p.dimm!, summary: `Give ${p.dimm} a ${master ? 'master' : 'user'} passphrase sealed by ${p.kek}${master ? '' : ': it locks at every power loss'}`,
    risk: 'disruptive', guards,
    steps: [run(['ndctl', 'setup-passphrase', ...(master ? ['-m'] : []), '-k', p.kek!, p.dimm!], `the kernel makes a random passphrase for ${p.dimm}; it is sealed by ${p.kek} into ${path}`)],
    rollback: { action: 'dimm.passphrase-remove', params: { dimm: p.dimm!, passphrase: master ? 'master' : 'user' } }, noRollbackBecause: null,
  };
}

/** dimm.passphrase-update: a new passphrase replaces the old one; the old key and blob are removed. */
export function planPassphraseUpdate(input: PlanInput, p: Params): Draft {
  const { t, guards, master, d, path } = passphraseTarget(input, p);
  if (d) {
    if (!master && d.security === 'disabled') guards.push(block('no-passphrase', `${d.dev} has no passphrase to replace; give it one with dimm.passphrase-setup`));
    if (keyFound(t, d, master) === false) guards.push(block('no-key', `${path} is not there and the key ring shows no key for ${d.dev}: ndctl cannot load the current passphrase ("Unable to load key")`));
    activeRegionsGuard(t, d, guards);
    if (p.kek) kekGuard(t, p.kek, guards);
    guards.push(warn('key', `the new passphrase replaces ${path}; copies of the old blob no longer unlock ${d.dev}. ${whatLossMeans}`));
  }
  return {
    object: p.dimm!, summary: `Replace ${p.dimm}'s ${master ? 'master' : 'user'} passphrase${p.kek ? `, sealed by ${p.kek}` : ''}`,
    risk: 'disruptive', guards,
    steps: [run(['ndctl', 'update-passphrase', ...(master ? ['-m'] : []), ...(p.kek ? ['-k', p.kek] : []), p.dimm!], `${p.dimm} gets a new passphrase; ${path} is written anew`)],
    rollback: null, noRollbackBecause: 'the old passphrase is gone once it is replaced',
  };
}

/** dimm.passphrase-remove: security disabled with the current passphrase; the DIMM no longer locks at power loss. */
export function planPassphraseRemove(input: PlanInput, p: Params): Draft {
  const { t, guards, master, d, path } = passphraseTarget(input, p);
  if (d) {
    if (!master && d.security === 'disabled') guards.push(block('no-passphrase', `${d.dev} has no passphrase to remove`));
    if (keyFound(t, d, master) === false) guards.push(block('no-key', `${path} is not there and the key ring shows no key for ${d.dev}: ndctl cannot load the passphrase to remove it ("Unable to load key")`));
    // The kernel removes a passphrase from an active DIMM; ndctl does too when the key is in root's key ring, but loads it from its blob
    // first where it is not, and refuses that while a region on the DIMM is enabled (dimm_load_key). Where the ring was not read, said.
    const inRing = t.keys?.keyring?.includes(keyRingName(d.id ?? '<id>', master));
    if (inRing === false) activeRegionsGuard(t, d, guards);
    if (!master) guards.push(warn('unlocked', `${d.dev} will no longer lock at power loss: what is stored in it, or left in it as RAM, can be read by whoever has the DIMM`));
  }
  return {
    object: p.dimm!, summary: `Remove ${p.dimm}'s ${master ? 'master' : 'user'} passphrase; its key and ${path} are deleted`,
    risk: 'disruptive', guards,
    steps: [run(['ndctl', 'remove-passphrase', ...(master ? ['-m'] : []), p.dimm!], `${p.dimm}'s security is disabled and ${path} deleted`)],
    rollback: null, noRollbackBecause: 'a new passphrase, with a key of its own, is set with dimm.passphrase-setup',
  };
}
