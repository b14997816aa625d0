// An ini file read the way iniparser 4.1 reads it (daxctl reads daxctl.conf.d through it), so the console sees what daxctl will
// see: section names and keys lowercased, a trailing backslash joining the next line (comments too), inline ; and # comments on
// unquoted values, quoted values taken as they are, the last of two equal keys winning, and one syntax error losing the whole file.

/** iniparser's line buffer (ASCIILINESZ): a longer line, joined lines included, makes it refuse the file. */
export const INI_LINE_MAX = 1024;

/** One section: its name (lowercased), where it starts, and its keys (lowercased) with their values. */
export interface IniSection {
  name: string;
  line: number;
  values: Map<string, string>;
}

/** A file as iniparser loads it; error is set when iniparser refuses the file whole (it then gives its reader nothing). */
export interface IniFile {
  sections: IniSection[];
  error: string | null;
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
const strip = (s: string) => {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s[a]!)) a++;
  while (b > a && isSpace(s[b - 1]!)) b--;
  return s.slice(a, b);
};

/** What sscanf's "%[^=] = " matches at the start of a line: the key (at least one character) and where its value starts. */
function keyAndRest(line: string): { key: string; rest: string } | null {
  const eq = line.indexOf('=');
  if (eq <= 0) return null;
  let i = eq + 1;
  while (i < line.length && isSpace(line[i]!)) i++;
  return { key: line.slice(0, eq), rest: line.slice(i) };
}

/** One logical line, as iniparser_line classifies it. */
type Parsed = { kind: 'empty' } | { kind: 'section'; name: string } | { kind: 'value'; key: string; value: string } | { kind: 'error' };

function classify(input: string, current: string): Parsed {
  const line = strip(input);
  if (line === '') return { kind: 'empty' };
  if (line[0] === '#' || line[0] === ';') return { kind: 'empty' };
  if (line[0] === '[' && line[line.length - 1] === ']') {
    const close = line.indexOf(']');
    // sscanf("[%[^]]") matches nothing in "[]": the section stays what it was.
    return { kind: 'section', name: close > 1 ? strip(line.slice(1, close)).toLowerCase() : current };
  }
  const kv = keyAndRest(line);
  if (!kv) return { kind: 'error' };
  const key = strip(kv.key).toLowerCase();
  for (const q of ['"', "'"]) {
    // sscanf's %[^"] takes what follows the quote up to the next one, or to the end when there is none; an empty "" is not matched here.
    if (kv.rest[0] === q && kv.rest.length > 1 && kv.rest[1] !== q) {
      const end = kv.rest.indexOf(q, 1);
      return { kind: 'value', key, value: kv.rest.slice(1, end < 0 ? undefined : end) };
    }
  }
  const cut = kv.rest.search(/[;#]/);
  const raw = cut < 0 ? kv.rest : kv.rest.slice(0, cut);
  if (raw.length > 0) {
    const value = strip(raw);
    return { kind: 'value', key, value: value === '""' || value === "''" ? '' : value };
  }
  // "key =", "key = ;comment": an empty value.
  return { kind: 'value', key, value: '' };
}

/** Reads an ini file as iniparser 4.1's iniparser_load does. */
export function parseIni(text: string): IniFile {
  const sections: IniSection[] = [];
  const byName = new Map<string, IniSection>();
  let section = '';
  let pending = '';
  let pendingStart = 0;
  const physical = text.split('\n');
  if (physical.at(-1) === '') physical.pop();
  for (let i = 0; i < physical.length; i++) {
    const hadNewline = i < physical.length - 1 || text.endsWith('\n');
    const chunk = physical[i]! + (hadNewline ? '\n' : '');
    if (pending === '') pendingStart = i + 1;
    let line = pending + chunk;
    if (line.length > INI_LINE_MAX - 1 && !(i === physical.length - 1 && !hadNewline)) return { sections: [], error: `line ${i + 1} is longer than iniparser's ${INI_LINE_MAX} characters` };
    if (line.length - 1 <= 0) continue;
    line = line.replace(/[\s]+$/, '');
    if (line.endsWith('\\')) {
      pending = line.slice(0, -1);
      continue;
    }
    pending = '';
    const p = classify(line, section);
    if (p.kind === 'error') return { sections: [], error: `line ${pendingStart}: ${JSON.stringify(strip(line).slice(0, 80))} is not a section, a comment or "key = value"` };
    if (p.kind === 'section') {
      section = p.name;
      if (!byName.has(section)) {
        const s = { name: section, line: pendingStart, values: new Map<string, string>() };
        byName.set(section, s);
        sections.push(s);
      }
    } else if (p.kind === 'value') {
      // Keys before the first section are stored as ":key", which belongs to no section.
      byName.get(section)?.values.set(p.key, p.value);
    }
  }
  return { sections, error: null };
}
