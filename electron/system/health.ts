// DIMM health, firmware and security, bus scrub state and media errors: from ndctl's JSON and from the kernel's files.
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
  return t === '' || t === '-1' || t === '0xffffffffffffffff' ? null : t;
}

/** A DIMM's firmware from `ndctl list -F` (ndctl/json.c util_dimm_firmware_to_json). */
export function firmwareFrom(f: NdFirmwareJson): DimmFirmware {
  return { currentVersion: versionText(f.current_version), nextVersion: versionText(f.next_version), canUpdate: f.can_update ?? null, needPowercycle: f.need_powercycle === true };
}

/** ndctl's media-error runs (in sectors) in bytes. */
export function mediaErrorsFrom(list: readonly NdBadblockJson[]): MediaError[] {
  return list.map((b) => ({ offset: b.offset * SECTOR, length: b.length * SECTOR, ...(b.dimms ? { dimms: b.dimms } : {}) }));
}

/** A region's sysfs badblocks file ("sector count" per line) as media errors in bytes; lines that are not two numbers are skipped. */
export function parseBadblocksFile(text: string): MediaError[] {
  const out: MediaError[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    if (m) out.push({ offset: Number(m[1]) * SECTOR, length: Number(m[2]) * SECTOR });
  }
  return out;
}

/** The sectors media errors cover (ndctl's badblock_count). */
export function badSectors(errors: readonly MediaError[]): number {
  return errors.reduce((s, e) => s + Math.ceil(e.length / SECTOR), 0);
}

/** The scrub fields of a bus from its nfit files (Linux drivers/acpi/nfit/core.c scrub_show: "%d" idle, "%d+" while a scrub runs). */
export function busScrub(files: { scrub?: string | undefined; hwErrorScrub?: string | undefined; commands?: string | undefined }): Pick<Bus, 'scrubCount' | 'hwErrorScrub' | 'commands'> & { running: boolean | null } {
  const m = files.scrub === undefined ? null : /^(\d+)(\+?)$/.exec(files.scrub.trim());
  const hw = files.hwErrorScrub?.trim();
  return {
    scrubCount: m ? Number(m[1]) : null,
    running: m ? m[2] === '+' : null,
    hwErrorScrub: hw === undefined || !/^(0x)?[0-9a-f]+$/i.test(hw) ? null : Number(hw) !== 0,
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
