// The kernel's and the firmware's side of a DIMM's security (Linux drivers/nvdimm/security.c over the Intel DSM, as the kernel's
// nfit_test emulates it): which passphrase the DIMM holds, and what each security write does with the key it is given. The kernel
// refuses anything on a frozen DIMM (EIO) or during an overwrite (EBUSY), an erase or overwrite of a DIMM in an enabled region (EBUSY);
// the firmware refuses a wrong passphrase.
import { ANY_KEY, checkKey } from './keyring.js';
import { ensureNamespaceSeed, refreshSeeds } from './kernel.js';
import { dimmsOf } from './ndjson-health.js';
import { BADBLOCK_SECTOR } from '../../../shared/model/poison.js';
import type { SimBus, SimDimm, SimState } from './state.js';

/** How long an overwrite takes in the sim (nfit_test's 5 s; a real one takes hours: every cell of the DIMM is written). */
export const SIM_OVERWRITE_MS = 5000;

/** The passphrase the DIMM holds: a token, null for none (the zero passphrase), ANY_KEY where it is set but not known (a twin's). */
function held(d: SimDimm, kind: 'user' | 'master'): string | null {
  const known = d.secrets?.[kind];
  if (known !== undefined) return known;
  return d.passphrases?.[kind] ? ANY_KEY : null;
}

/** Whether a key (null: the zero key) opens the DIMM's passphrase. */
function opens(d: SimDimm, kind: 'user' | 'master', token: string | null): boolean {
  const h = held(d, kind);
  if (h === ANY_KEY) return token !== null;
  if (token === ANY_KEY) return h !== null;
  return h === token;
}

function setHeld(d: SimDimm, kind: 'user' | 'master', token: string | null): void {
  d.secrets = { ...d.secrets, [kind]: token };
  d.passphrases = { user: d.passphrases?.user ?? false, master: d.passphrases?.master ?? false, [kind]: token !== null };
}

/** The kernel's check_security_state: nothing on a frozen DIMM, nothing while it is overwritten. */
const stateProblem = (d: SimDimm): 'EIO' | 'EBUSY' | null => (d.frozen ? 'EIO' : d.security === 'overwrite' ? 'EBUSY' : null);

/** Whether an enabled region holds the DIMM (the kernel's nvdimm->busy). */
const busy = (d: SimDimm, bus: SimBus) => bus.regions.some((r) => r.enabled && r.mappings.some((m) => m.dimm === d.dev));

/** What a security write came to: done, or refused (the errno name). */
export type SecurityOutcome = 'ok' | 'EIO' | 'EBUSY' | 'EINVAL';

/** "update <old> <new>" / "master_update": the firmware takes the new passphrase where the old one is right (none: the zero key). */
export function changePassphrase(d: SimDimm, kind: 'user' | 'master', old: string | null, next: string): SecurityOutcome {
  const bad = stateProblem(d);
  if (bad) return bad;
  if (!opens(d, kind, old)) return 'EINVAL';
  setHeld(d, kind, next);
  if (kind === 'user' && d.security === 'disabled') d.security = 'unlocked';
  return 'ok';
}

/** "disable <key>": the user passphrase removed with the right key. */
export function disablePassphrase(d: SimDimm, kind: 'user' | 'master', key: string | null): SecurityOutcome {
  const bad = stateProblem(d);
  if (bad) return bad;
  if (!d.passphrases?.[kind] || !opens(d, kind, key)) return 'EINVAL';
  setHeld(d, kind, null);
  if (kind === 'user') d.security = 'disabled';
  return 'ok';
}

/** What erasing a DIMM leaves: every region it is part of loses every namespace (an interleaved region loses data on all its DIMMs); an
 *  overwrite writes every cell, so no poison is left on this DIMM's part of the media (a crypto erase only changes the media key). */
function eraseRegionsOf(d: SimDimm, bus: SimBus, overwrite: boolean): void {
  for (const r of bus.regions.filter((x) => x.mappings.some((m) => m.dimm === d.dev))) {
    r.namespaces = [];
    r.seeds.namespace = -1;
    ensureNamespaceSeed(r);
    refreshSeeds(r);
    if (overwrite) {
      const elsewhere = (b: { offset: number; length: number }) => !dimmsOf(bus, r, b.offset * BADBLOCK_SECTOR, b.length * BADBLOCK_SECTOR).includes(d.dev);
      r.badblocks = r.badblocks.filter(elsewhere);
      r.latentBadblocks = (r.latentBadblocks ?? []).filter(elsewhere);
    }
  }
}

/** "erase <key>" / "master_erase": a new media key; the user passphrase goes (a user-key erase clears the master one too, as nfit_test's
 *  firmware does), and every namespace on the DIMM's regions with it. */
export function cryptoErase(d: SimDimm, bus: SimBus, kind: 'user' | 'master', key: string | null): SecurityOutcome {
  if (busy(d, bus)) return 'EBUSY';
  const bad = stateProblem(d);
  if (bad) return bad;
  if (!opens(d, kind, key)) return 'EINVAL';
  setHeld(d, 'user', null);
  if (kind === 'user') setHeld(d, 'master', null);
  d.security = 'disabled';
  eraseRegionsOf(d, bus, false);
  return 'ok';
}

/** "overwrite <key>": every cell written, for a while; the DIMM comes back in the security state it had (nfit_test's firmware). */
export function startOverwrite(d: SimDimm, bus: SimBus, key: string | null, now: number): SecurityOutcome {
  if (busy(d, bus)) return 'EBUSY';
  const bad = stateProblem(d);
  if (bad) return bad;
  if (d.passphrases?.user && !opens(d, 'user', key)) return 'EINVAL';
  d.preOverwrite = d.security === 'overwrite' ? 'disabled' : (d.security ?? 'disabled');
  d.security = 'overwrite';
  d.overwriteUntil = now + (d.overwriteMs ?? SIM_OVERWRITE_MS);
  eraseRegionsOf(d, bus, true);
  return 'ok';
}

/** The overwrite is over (its query sees it end): the state from before it. */
export function endOverwrite(d: SimDimm): void {
  delete d.overwriteUntil;
  d.security = d.preOverwrite ?? 'disabled';
  delete d.preOverwrite;
}

/** "freeze": no passphrase change, erase or overwrite until the next power cycle; the firmware freezes only a DIMM with a passphrase. */
export function freeze(d: SimDimm): SecurityOutcome {
  if (d.security === 'overwrite') return 'EBUSY';
  if (!d.passphrases?.user) return 'EINVAL';
  d.frozen = true;
  return 'ok';
}

/** nfit_test's lock_dimm: the DIMM locks as at a power loss (where it has a passphrase); the kernel sees it at its next look. */
export function lockInHardware(d: SimDimm): void {
  if (d.passphrases?.user) d.hwLocked = true;
}

/** A look at the security state (the security file read, a listing): a DIMM the hardware locked shows locked. */
export function pollSecurity(state: SimState): boolean {
  let changed = false;
  for (const bus of state.buses) {
    for (const d of bus.dimms) {
      if (!d.hwLocked || d.security === 'locked' || d.security === 'overwrite') continue;
      d.security = 'locked';
      changed = true;
    }
  }
  return changed;
}

/** The driver's probe (enable-dimm): a DIMM the kernel knows is locked is unlocked with its key from the key ring, where it is there. */
export function unlockAtProbe(state: SimState, d: SimDimm): void {
  if (d.security !== 'locked') return;
  const key = checkKey(state, d, 'user');
  if (key === null || !opens(d, 'user', key)) return;
  d.security = 'unlocked';
  d.hwLocked = false;
}
