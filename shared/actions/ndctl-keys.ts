// How ndctl names the DIMMs' passphrase keys (ndctl/keys.c get_key_path, get_key_desc; NDCTL_KEYS_DIR is sysconfdir/ndctl/keys): one
// place for the planners, the snapshot and the simulator.

/** Where ndctl keeps the DIMMs' sealed passphrases (/etc on Debian). */
export const NDCTL_KEYS_DIR = '/etc/ndctl/keys';

/** A key-encryption key's handle, as ndctl takes it: a trusted (TPM-sealed) or user key in the key ring. */
export const KEK_HANDLE = /^(user|trusted):[A-Za-z0-9_.-]{1,64}$/;

/** The file ndctl seals a DIMM's passphrase into: nvdimm_<id>_<hostname>.blob, or nvdimm-master_… for the master passphrase. */
export function keyBlobName(dimmId: string, hostname: string, master: boolean): string {
  return `${master ? 'nvdimm-master' : 'nvdimm'}_${dimmId}_${hostname}.blob`;
}

/** A DIMM passphrase's key in the user key ring, as "type:description" (an encrypted key sealed by the kek). */
export function keyRingName(dimmId: string, master: boolean): string {
  return `encrypted:${master ? 'nvdimm-master' : 'nvdimm'}:${dimmId}`;
}
