// DIMM health, firmware and security, bus scrub state and media errors: from ndctl's JSON and from the kernel's files.
import { isU64, parseU64 } from '../../shared/units/index.js';
import type { ReadNotes } from './values.js';
import { BADBLOCK_SECTOR as SECTOR, type Bus, type DimmFirmware, type DimmHealth, type MediaError } from '../../shared/model/index.js';
import type { NdBadblockJson, NdFirmwareJson, NdHealthJson } from './parse/tooljson.js';

/** A DIMM's health from `ndctl list -H` (ndctl/json-smart.c): a field the firmware did not mark valid is null. */
export function healthFrom(h: NdHealthJson): DimmHealth {
  const alarmsShown = h.alarm_temperature !== undefined || h.alarm_controller_temperature !== undefined || h.alarm_spares !== undefined;
  const thresholdsShown = h.alarm_enabled_media_temperature !== undefined || h.alarm_enabled_ctrl_temperature !== undefined || h.alarm_enabled_spares !== undefined;
  return {
    healthState: h.health_state ?? 'unknown',
    temperatureCelsius: h.temperature_celsius ?? null,
    sparesPercent: h.spares_percentage ?? null,
    lifeUsedPercent: h.life_used_percentage ?? null,
    shutdownState: h.shutdown_state ?? null,
    controllerTemperatureCelsius: h.controller_temperature_celsius ?? null,
    shutdownCount: h.shutdown_count ?? null,
    alarms: alarmsShown ? { temperature: h.alarm_temperature === true, controllerTemperature: h.alarm_controller_temperature === true, spares: h.alarm_spares === true } : null,
    thresholds: thresholdsShown ? {
      temperature: h.alarm_enabled_media_temperature ? h.temperature_threshold ?? null : null,
      controllerTemperature: h.alarm_enabled_ctrl_temperature ? h.controller_temperature_threshold ?? null : null,
      spares: h.alarm_enabled_spares ? h.spares_threshold ?? null : null,
    } : null,
  };
}

/** A version as ndctl prints it (a number, or "0x…" with -u) as hex text; null for its "no answer" (-1, all ones). */
function versionText(v: number | string | undefined): string | null {
  if (v === undefined) return null;
  if (typeof v === 'number') return v < 0 ? null : `0x${v.toString(16)}`;
  const t = v.trim().toLowerCase();
  if (t === '' || t === '-1' || t === '0xffffffffffffffff' || t === '18446744073709551615') return null;
  // A decimal too big for a number comes as its digits (parse/tooljson.ts): as hex, like the rest.
  return /^\d+$/.test(t) ? `0x${BigInt(t).toString(16)}` : t;
}

/** A DIMM's firmware from `ndctl list -F` (ndctl/json.c util_dimm_firmware_to_json). */
export function firmwareFrom(f: NdFirmwareJson): DimmFirmware {
  return { currentVersion: versionText(f.current_version), nextVersion: versionText(f.next_version), canUpdate: f.can_update ?? null, needPowercycle: f.need_powercycle === true };
}

/** ndctl's media-error runs (in sectors) in bytes. */
export function mediaErrorsFrom(list: readonly NdBadblockJson[]): MediaError[] {
  return list.map((b) => ({ offset: b.offset * SECTOR, length: b.length * SECTOR, ...(b.dimms ? { dimms: b.dimms } : {}) }));
}

/** A region's sysfs badblocks file ("sector count" per line) as media errors in bytes; a line that is not two numbers is noted and
 *  left out (the known poison is then incomplete, and the note says so). */
export function parseBadblocksFile(text: string, path = 'badblocks', values?: ReadNotes): MediaError[] {
  const out: MediaError[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    const offset = m ? parseU64(m[1]!) : null;
    const length = m ? parseU64(m[2]!) : null;
    if (offset !== null && length !== null && isU64(offset * SECTOR) && isU64(length * SECTOR)) out.push({ offset: offset * SECTOR, length: length * SECTOR });
    else values?.badFile(path, line, 'a run of bad sectors ("SECTOR COUNT")', 'left out: the known poison may be more than shown');
  }
  return out;
}

/** The sectors media errors cover (ndctl's badblock_count). */
export function badSectors(errors: readonly MediaError[]): number {
  return errors.reduce((s, e) => s + Math.ceil(e.length / SECTOR), 0);
}

/** The scrub fields of a bus from its nfit files (Linux drivers/acpi/nfit/core.c scrub_show: "%d" idle, "%d+" while a scrub runs). */
export function busScrub(files: { scrub?: string | undefined; hwErrorScrub?: string | undefined; commands?: string | undefined }, dir = '', values?: ReadNotes): Pick<Bus, 'scrubCount' | 'hwErrorScrub' | 'commands'> & { running: boolean | null } {
  const m = files.scrub === undefined ? null : /^(\d+)(\+?)$/.exec(files.scrub.trim());
  const count = m ? parseU64(m[1]!) : null;
  if (files.scrub !== undefined && count === null) values?.badFile(`${dir}/nfit/scrub`, files.scrub, 'a scrub count ("N", or "N+" while one runs)');
  const hw = files.hwErrorScrub?.trim();
  const hwOk = hw !== undefined && /^(0x)?[0-9a-f]+$/i.test(hw) && parseU64(hw) !== null;
  if (hw !== undefined && !hwOk) values?.badFile(`${dir}/nfit/hw_error_scrub`, hw, 'a number');
  return {
    scrubCount: count,
    running: count !== null ? m![2] === '+' : null,
    hwErrorScrub: !hwOk ? null : parseU64(hw!) !== 0,
    commands: files.commands === undefined ? null : files.commands.split(/\s+/).filter(Boolean),
  };
}

/** The keys of one user in /proc/keys as "type:description" (Linux security/keys/proc.c: id flags usage expiry perm uid gid type
 *  description: summary); keyrings are left out. */
export function parseProcKeys(text: string, uid = 0): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^[0-9a-f]+\s+\S+\s+\d+\s+\S+\s+[0-9a-f]+\s+(\d+)\s+\d+\s+(\S+)\s+(.*?)(?::\s.*)?$/.exec(line);
    if (m && Number(m[1]) === uid && m[2] !== 'keyring') out.push(`${m[2]}:${m[3]}`);
  }
  return out;
}

/** The real uid in a /proc/PID/status text, or null. */
export function statusUid(text: string | undefined): number | null {
  const m = /^Uid:\s+(\d+)/m.exec(text ?? '');
  return m ? Number(m[1]) : null;
}
