// ndctl's keys (ndctl/keys.c, ndctl/load-keys.c) on the emulated machine: each DIMM passphrase is an encrypted key in root's user key
// ring, sealed by a key-encryption key into a blob under /etc/ndctl/keys. A key's payload is a token standing for the passphrase it
// holds, so the firmware can tell a right key from a wrong one (an update that failed half-way leaves a key the DIMM does not have).
import { NDCTL_KEYS_DIR } from '../../../shared/actions/ndctl-keys.js';
import { Errno } from './kernel.js';
import type { SimBus, SimDimm, SimState } from './state.js';

/** Which of a DIMM's keys: its user or master passphrase, or the one an update moved aside. */
export type KeyKind = 'user' | 'master' | 'user-old' | 'master-old';

/** A twin's key ring that could not be read: every key it needs is taken to be there. */
export const ANY_KEY = '*';

const PREFIX: Record<KeyKind, string> = { user: 'nvdimm', master: 'nvdimm-master', 'user-old': 'nvdimm-old', 'master-old': 'nvdimm-master-old' };

/** The key's entry in the key ring ("encrypted:nvdimm:<id>"). */
export const ringEntry = (d: SimDimm, kind: KeyKind) => `encrypted:${PREFIX[kind]}:${d.id}`;

/** The key's blob (ndctl/keys.c get_key_path: <prefix>_<id>_<hostname>.blob). */
export const blobPath = (state: SimState, d: SimDimm, kind: KeyKind) => `${NDCTL_KEYS_DIR}/${PREFIX[kind]}_${d.id}_${state.hostname ?? 'localhost'}.blob`;

/** A key operation's outcome: the token of the key, or what ndctl printed and the errno it returns. */
export type KeyResult = { token: string } | { say: string; errno: Errno };

const failed = (say: string, errno: Errno): KeyResult => ({ say, errno });

/** Whether any region on the DIMM is enabled (ndctl_dimm_is_active). */
export const dimmActive = (d: SimDimm, bus: SimBus) => bus.regions.some((r) => r.enabled && r.mappings.some((m) => m.dimm === d.dev));

/** The key in the ring, or null (dimm_check_key's keyctl_search). */
export function checkKey(state: SimState, d: SimDimm, kind: KeyKind): string | null {
  const entry = ringEntry(d, kind);
  if ((state.keyring ?? []).includes(entry)) return state.keyPayloads?.[entry] ?? ANY_KEY;
  return (state.keyring ?? []).includes(ANY_KEY) ? ANY_KEY : null;
}

function addToRing(state: SimState, entry: string, token: string): void {
  state.keyring = [...(state.keyring ?? []).filter((k) => k !== entry), entry];
  (state.keyPayloads ??= {})[entry] = token;
}

function unlink(state: SimState, entry: string): void {
  state.keyring = (state.keyring ?? []).filter((k) => k !== entry);
  if (state.keyPayloads) delete state.keyPayloads[entry];
}

let made = 0;
/** A new random passphrase (the kernel's "new enc32 <kek> 32"). */
const newToken = () => `passphrase-${Date.now().toString(36)}-${(made++).toString(36)}`;

/** The token a blob holds. */
const blobToken = (text: string) => /passphrase (\S+)/.exec(text)?.[1] ?? ANY_KEY;

/** ndctl's verify_kek: a "user:" or "trusted:" key in the user key ring; null where it is there, else what ndctl says. */
export function kekProblem(state: SimState, kek: string): string | null {
  const [type, desc] = kek.split(':');
  if (!type) return 'No key type found for kek handle\n';
  if (type !== 'trusted' && type !== 'user') return `No such key type: ${type}`;
  if (!desc) return 'No description found for kek handle\n';
  return (state.keyring ?? []).some((k) => k === ANY_KEY || k === `${type}:${desc}`) ? null : 'No key encryption key found\n';
}

/** dimm_create_key: a new passphrase sealed by the kek, into the ring and its blob; refused where a region on the DIMM is enabled, the
 *  key is in the ring already or its blob exists. */
export function createKey(state: SimState, d: SimDimm, bus: SimBus, kek: string, kind: KeyKind): KeyResult {
  if (dimmActive(d, bus)) return failed(`regions active on ${d.dev}, op failed\n`, Errno.EBUSY);
  if ((state.keyring ?? []).includes(ringEntry(d, kind))) return failed('Error: key already present in user keyring\n', Errno.EEXIST);
  const path = blobPath(state, d, kind);
  if (path in state.files) return failed(`${path} already exists!\n`, Errno.EEXIST);
  const token = newToken();
  addToRing(state, ringEntry(d, kind), token);
  state.files[path] = `sealed by ${kek}: passphrase ${token}\n`;
  return { token };
}

/** dimm_load_key: the blob into the ring ("load" an encrypted key: refused, EINVAL, where one of that name is there already). */
export function loadKey(state: SimState, d: SimDimm, bus: SimBus, kind: KeyKind): KeyResult {
  if (dimmActive(d, bus)) return failed(`regions active on ${d.dev}, op failed\n`, Errno.EBUSY);
  const path = blobPath(state, d, kind);
  const blob = state.files[path];
  if (blob === undefined) return failed(`failed to open file ${path}: ${Errno.ENOENT.text}\n`, Errno.ENOMEM);
  if ((state.keyring ?? []).includes(ringEntry(d, kind))) return failed(`add_key failed: ${Errno.EINVAL.text}\n`, Errno.EINVAL);
  const token = blobToken(blob);
  addToRing(state, ringEntry(d, kind), token);
  return { token };
}

/** dimm_remove_key: out of the ring and its blob deleted. */
export function removeKey(state: SimState, d: SimDimm, kind: KeyKind): string | null {
  unlink(state, ringEntry(d, kind));
  const path = blobPath(state, d, kind);
  if (!(path in state.files)) return `delete file ${path} failed: ${Errno.ENOENT.text}\n`;
  delete state.files[path];
  return null;
}

/** move_key_to_old: the current key out of the ring, its blob renamed to the old one's, and that loaded. */
export function moveKeyToOld(state: SimState, d: SimDimm, bus: SimBus, kind: 'user' | 'master'): KeyResult {
  if (dimmActive(d, bus)) return failed(`regions active on ${d.dev}, op failed\n`, Errno.EBUSY);
  const old: KeyKind = kind === 'user' ? 'user-old' : 'master-old';
  unlink(state, ringEntry(d, kind));
  const from = blobPath(state, d, kind);
  const to = blobPath(state, d, old);
  if (!(from in state.files)) return failed(`rename failed from ${from} to ${to}: ${Errno.ENOENT.text}\n`, Errno.ENOENT);
  state.files[to] = state.files[from]!;
  delete state.files[from];
  return loadKey(state, d, bus, old);
}

/** check_dimm_key: the key from the ring, else loaded from its blob; null where neither, with what the load said. */
export function keyForOp(state: SimState, d: SimDimm, bus: SimBus, kind: KeyKind): { token: string | null; say: string } {
  const inRing = checkKey(state, d, kind);
  if (inRing !== null) return { token: inRing, say: '' };
  const loaded = loadKey(state, d, bus, kind);
  return 'token' in loaded ? { token: loaded.token, say: '' } : { token: null, say: loaded.say };
}

/** `ndctl load-keys`: the kek from nvdimm-master.blob (unless in the ring), then each nvdimm_<id>_… blob as that DIMM's key. */
export function loadKeys(state: SimState): { stdout: string; stderr: string } {
  let stdout = '';
  // No TPM here: the kek is a user key.
  let stderr = 'No TPM handle discovered.\n';
  if (!(state.keyring ?? []).includes('user:nvdimm-master')) {
    if (!(`${NDCTL_KEYS_DIR}/nvdimm-master.blob` in state.files)) return { stdout, stderr: `${stderr}failed to open file ${NDCTL_KEYS_DIR}/nvdimm-master.blob: ${Errno.ENOENT.text}\n` };
    state.keyring = [...(state.keyring ?? []), 'user:nvdimm-master'];
    stdout += 'nvdimm master key loaded.\n';
  }
  let count = 0;
  for (const [path, text] of Object.entries(state.files)) {
    const m = new RegExp(`^${NDCTL_KEYS_DIR}/nvdimm_([^_]+)_`).exec(path);
    if (!m) continue;
    const entry = `encrypted:nvdimm:${m[1]}`;
    if ((state.keyring ?? []).includes(entry)) stderr += `add_key failed: ${Errno.EINVAL.text}\n`;
    else {
      addToRing(state, entry, blobToken(text));
      count++;
    }
  }
  return { stdout: `${stdout}${count} nvdimm keys loaded\n`, stderr };
}
