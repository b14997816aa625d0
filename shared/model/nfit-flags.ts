// What a DIMM's NFIT state flags mean (ACPI 6.x NFIT "NVDIMM State Flags", as the kernel names them in nmemN/nfit/flags and ndctl lists
// them as flag_failed_*): the firmware's own record of data that may have been lost, or may be lost at the next power loss.
import type { Dimm } from './topology.js';

/** One flag's meaning, and whether it says data is at risk (error) or only worth knowing (warning). */
export interface NfitFlagMeaning {
  flag: string;
  severity: 'error' | 'warning';
  words: string;
}

const MEANINGS: Record<string, Omit<NfitFlagMeaning, 'flag'>> = {
  save_fail: { severity: 'error', words: 'its last save failed: what was written before the last power loss may not have been kept' },
  restore_fail: { severity: 'error', words: 'its last restore failed: its contents may not be what was saved' },
  flush_fail: { severity: 'error', words: 'the platform could not flush writes to it at the last shutdown: the last writes may be lost' },
  not_armed: { severity: 'error', words: 'it is not armed: it will not save its data at the next power loss' },
  map_fail: { severity: 'error', words: 'the firmware could not map it: its capacity is not in any region' },
  smart_event: { severity: 'warning', words: 'the firmware saw a health event before the OS started' },
};

/** The flags of a DIMM that say something is wrong, most serious first (smart_notify, a capability, is not one of them). */
export function nfitFlagProblems(d: Pick<Dimm, 'nfitFlags'>): NfitFlagMeaning[] {
  return (d.nfitFlags ?? []).flatMap((flag) => (MEANINGS[flag] ? [{ flag, ...MEANINGS[flag] }] : [])).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}
