// daxctl's configuration files (daxctl.conf.d): the sections that reconfigure a device at boot, keyed by the namespace UUID.

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

const bool = (v: string): boolean | null => (/^(true|yes|1|on)$/i.test(v) ? true : /^(false|no|0|off)$/i.test(v) ? false : null);

/** Parses a daxctl.conf.d file: every reconfigure-device section, and what in it daxctl would reject. */
export function parseDaxctlConf(path: string, text: string): DaxctlConfFile {
  const sections: ReconfigureSection[] = [];
  const problems: string[] = [];
  let cur: Partial<ReconfigureSection> & { name: string; line: number } | null = null;
  const close = () => {
    if (!cur) return;
    if (!cur.uuid) problems.push(`line ${cur.line}: [reconfigure-device ${cur.name}] has no nvdimm.uuid`);
    else sections.push({ name: cur.name, uuid: cur.uuid, mode: cur.mode ?? 'system-ram', online: cur.online ?? true, movable: cur.movable ?? true });
    cur = null;
  };
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const head = /^\[\s*([A-Za-z-]+)(?:\s+"?([^"\]]+?)"?)?\s*\]$/.exec(line);
    if (head) {
      close();
      if (head[1] === 'reconfigure-device' && head[2]) cur = { name: head[2], line: i + 1 };
      else if (head[1] === 'reconfigure-device') problems.push(`line ${i + 1}: a reconfigure-device section needs a name`);
      return;
    }
    const kv = /^([A-Za-z.]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) {
      problems.push(`line ${i + 1}: not "key = value": ${line}`);
      return;
    }
    if (!cur) return; // keys of other sections are not ours to judge
    const [, key, value] = kv as unknown as [string, string, string];
    if (key === 'nvdimm.uuid') {
      if (isNamespaceUuid(value)) cur.uuid = value;
      else problems.push(`line ${i + 1}: nvdimm.uuid "${value}" is not a UUID`);
    } else if (key === 'mode') {
      if (value === 'system-ram' || value === 'devdax') cur.mode = value;
      else problems.push(`line ${i + 1}: mode "${value}" is not system-ram or devdax`);
    } else if (key === 'online' || key === 'movable') {
      const b = bool(value);
      if (b === null) problems.push(`line ${i + 1}: ${key} "${value}" is not true or false`);
      else cur[key] = b;
    } else problems.push(`line ${i + 1}: unknown key ${key}`);
  });
  close();
  return { path, sections, problems };
}
