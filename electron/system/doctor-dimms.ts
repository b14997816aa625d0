// The doctor's word on the DIMMs themselves: what their firmware records about lost or unsafe data (the NFIT state flags), which no
// SMART reading shows and which decide whether a DIMM can be trusted with data at all.
import { nfitFlagProblems, type Finding, type Topology } from '../../shared/model/index.js';

/** One finding per DIMM whose NFIT flags say data was or will be lost. */
export function dimmFlagFindings(t: Topology): Finding[] {
  const out: Finding[] = [];
  for (const d of t.dimms) {
    const problems = nfitFlagProblems(d);
    if (!problems.length) continue;
    const severity = problems.some((p) => p.severity === 'error') ? 'error' : 'warning';
    const lost = problems.some((p) => p.flag === 'save_fail' || p.flag === 'restore_fail' || p.flag === 'flush_fail');
    out.push({
      id: `nfit-flags-${d.dev}`, severity,
      title: `${d.dev}'s firmware reports ${problems.map((p) => p.flag).join(', ')}`,
      detail: `${problems.map((p) => p.words).join('; ')}. ${lost ? 'Check the data on it before trusting it (a filesystem check, the application\'s own checksums), and ' : ''}${problems.some((p) => p.flag === 'not_armed') ? 'do not keep data on it that must survive a power loss until the platform arms it again (its firmware or BIOS event log says why). ' : ''}These flags come from the platform at boot (ACPI NFIT); ndctl lists them as flag_failed_* and flag_smart_event.`,
    });
  }
  return out;
}
