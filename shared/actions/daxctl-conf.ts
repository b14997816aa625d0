// daxctl's configuration files (daxctl.conf.d): the sections that reconfigure a device at boot, keyed by the namespace UUID.
import { parseIni } from './iniparser.js';

/** Where daxctl reads its configuration files (every *.conf). */
export const DAXCTL_CONF_DIR = '/etc/daxctl.conf.d';

/** One `[reconfigure-device NAME]` section. */
export interface ReconfigureSection {
  /** The subsection name; unique across all files. */
  name: string;
  /** The namespace UUID the section applies to (nvdimm.uuid). */
  uuid: string;
  mode: 'system-ram' | 'devdax';
  online: boolean;
  movable: boolean;
}

/** A daxctl.conf.d file as read from a machine. */
export interface DaxctlConfFile {
  path: string;
  sections: ReconfigureSection[];
  /** Lines daxctl would not understand, with their line numbers. */
  problems: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether a string is a namespace UUID as ndctl prints it. */
export function isNamespaceUuid(s: string): boolean {
  return UUID.test(s);
}

/** The file the console writes for a namespace: one file per namespace UUID, so giving the memory back removes exactly it. */
export function confFileFor(uuid: string): string {
  return `${DAXCTL_CONF_DIR}/pmem-console-${uuid}.conf`;
}

/** The section name the console uses for a namespace. */
export function sectionNameFor(uuid: string): string {
  return `pmem-console-${uuid}`;
}

/** Writes one section in daxctl's format, with a header saying who wrote it. */
export function formatDaxctlConf(s: ReconfigureSection): string {
  return [
    '# Written by pmem-console: at boot, the 90-daxctl-device udev rule has daxctl reconfigure this',
    '# namespace\'s dax device as below. Remove this file (or give the memory back in pmem-console) to stop it.',
    `[reconfigure-device ${s.name}]`,
    `nvdimm.uuid = ${s.uuid}`,
    `mode = ${s.mode}`,
    `online = ${s.online}`,
    `movable = ${s.movable}`,
    '',
  ].join('\n');
}

/** How daxctl reads online= and movable=: by the first letter only (t, y, 1 true; f, n, 0 false); anything else is ignored. */
export function daxctlBool(value: string): boolean | null {
  const c = value[0];
  return c !== undefined && 'tTyY1'.includes(c) ? true : c !== undefined && 'fFnN0'.includes(c) ? false : null;
}

/** The section kind daxctl looks for: a section whose name's first word is this. */
const SECTION = 'reconfigure-device';

/** Parses a daxctl.conf.d file as daxctl reads it (through iniparser): every reconfigure-device section, and what in it daxctl would reject or ignore. */
export function parseDaxctlConf(path: string, text: string): DaxctlConfFile {
  const ini = parseIni(text);
  if (ini.error) return { path, sections: [], problems: [`${ini.error}: iniparser refuses the whole file, and daxctl then applies no entry from any file`] };
  const sections: ReconfigureSection[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const sec of ini.sections) {
    const [kind, ...rest] = sec.name.split(/[ \t\n\r]+/).filter(Boolean);
    if (kind !== SECTION) continue;
    const name = rest.join(' ');
    const where = `line ${sec.line}: [${sec.name}]`;
    const uuid = sec.values.get('nvdimm.uuid');
    if (uuid === undefined) {
      problems.push(`${where} has no nvdimm.uuid`);
      continue;
    }
    if (!isNamespaceUuid(uuid)) {
      problems.push(`${where}: nvdimm.uuid "${uuid}" is not a UUID as ndctl prints it (lower-case), so daxctl never matches it`);
      continue;
    }
    if (seen.has(uuid)) {
      problems.push(`${where}: an earlier section in this file is for the same nvdimm.uuid; daxctl uses the first one only`);
      continue;
    }
    seen.add(uuid);
    const mode = sec.values.get('mode') ?? 'system-ram';
    if (mode !== 'system-ram' && mode !== 'devdax') {
      problems.push(`${where}: mode "${mode}" is not system-ram or devdax`);
      continue;
    }
    const flag = (key: 'online' | 'movable'): boolean => {
      const v = sec.values.get(key);
      if (v === undefined) return true;
      const b = daxctlBool(v);
      if (b === null) problems.push(`${where}: ${key} "${v}" is not true or false (daxctl reads the first letter only: t, y or 1; f, n or 0), so daxctl ignores it and uses true`);
      return b ?? true;
    };
    for (const key of sec.values.keys()) if (!['nvdimm.uuid', 'mode', 'online', 'movable'].includes(key)) problems.push(`${where}: daxctl does not know the key ${key}`);
    sections.push({ name, uuid, mode, online: flag('online'), movable: flag('movable') });
  }
  return { path, sections, problems };
}

/** The console's copy of daxctl's udev rule, put where udev prefers it over the package's: it runs daxctl reconfigure-device -C for each
 *  dax device as it appears, which applies daxctl.conf.d at boot (Debian's packaged rule runs "daxctl -C", which daxctl rejects). */
export const CONSOLE_UDEV_RULE = {
  path: '/etc/udev/rules.d/90-daxctl-device.rules',
  content: '# Written by pmem-console (persistence.boot-rule): daxctl.conf.d entries are applied as each dax device appears.\n'
    + '# It stands in for the packaged rule of the same name; remove it (persistence.boot-rule --rule package) to go back to that one.\n'
    + 'ACTION=="add", SUBSYSTEM=="dax", RUN+="/usr/bin/daxctl reconfigure-device -C $env{DEVNAME}"\n',
} as const;
