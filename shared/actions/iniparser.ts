// An ini file read the way iniparser 4.1 reads it (daxctl reads daxctl.conf.d through it), byte for byte: fgets into a 1024-byte
// line buffer, C's isspace and tolower (ASCII only: a no-break space or an accented capital is an ordinary byte), a trailing
// backslash joining the next line (comments too), the sscanf patterns of iniparser_line, a NUL ending a line's C string, one syntax
// error losing the whole file, and the dictionary daxctl then asks for sections and keys. test/actions/iniparser-lib.test.ts checks
// it against the library itself on a generated corpus.

/** iniparser's line buffer (ASCIILINESZ, bytes): a longer line, joined lines included, makes it refuse the file. */
export const INI_LINE_MAX = 1024;

/** One section as iniparser_getsecname names it (lowercased), where it first appears, and its keys (getseckeys, without the
 *  "section:" prefix) with their values (getstring; null where the dictionary holds no value for the key). */
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

const NL = 0x0a;
const isSpace = (b: number) => b === 0x20 || (b >= 0x09 && b <= 0x0d);
const lower = (b: number) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b);
const lowered = (s: Uint8Array) => s.map(lower);
// ignoreBOM keeps a U+FEFF at the start of a name or value: it is three bytes there, as iniparser sees them.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** strstrip: without the isspace bytes at both ends. */
function strip(s: Uint8Array): Uint8Array {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s[a]!)) a++;
  while (b > a && isSpace(s[b - 1]!)) b--;
  return s.subarray(a, b);
}

/** A C string: the bytes before the first NUL. */
function cString(buf: Uint8Array): Uint8Array {
  const end = buf.indexOf(0);
  return end < 0 ? buf : buf.subarray(0, end);
}

/** sscanf's %[set] from pos: the end of the longest run of bytes in the set, or -1 when it matches nothing (a conversion needs one). */
function scanSet(s: Uint8Array, pos: number, inSet: (b: number) => boolean): number {
  let i = pos;
  while (i < s.length && inSet(s[i]!)) i++;
  return i > pos ? i : -1;
}

/** A whitespace directive of a sscanf format: any number of isspace bytes, none included. */
function skipSpace(s: Uint8Array, pos: number): number {
  while (pos < s.length && isSpace(s[pos]!)) pos++;
  return pos;
}

const EQ = 0x3d;
const notEq = (b: number) => b !== EQ;

/** "%[^=] = " and then what the caller matches: the key and where the value starts, or null. */
function keyThenEquals(line: Uint8Array): { key: Uint8Array; at: number } | null {
  const k = scanSet(line, 0, notEq);
  if (k < 0) return null;
  const at = skipSpace(line, k);
  return line[at] === EQ ? { key: line.subarray(0, k), at: skipSpace(line, at + 1) } : null;
}

/** One logical line, as iniparser_line classifies it. */
type Parsed = { kind: 'empty' } | { kind: 'section'; name: Uint8Array | null; lineLength: number } | { kind: 'value'; key: Uint8Array; value: Uint8Array } | { kind: 'error' };

function classify(input: Uint8Array): Parsed {
  const line = strip(input);
  if (line.length < 1 || line[0] === 0x23 || line[0] === 0x3b) return { kind: 'empty' };
  if (line[0] === 0x5b && line[line.length - 1] === 0x5d) {
    // sscanf("[%[^]]") matches nothing in "[]…": the section buffer keeps the section it had.
    const end = scanSet(line, 1, (b) => b !== 0x5d);
    return { kind: 'section', name: end < 0 ? null : lowered(strip(line.subarray(1, end))), lineLength: line.length };
  }
  const kv = keyThenEquals(line);
  if (kv) {
    const key = lowered(strip(kv.key));
    for (const quote of [0x22, 0x27]) {
      // "%[^=] = \"%[^\"]\"": the value is what follows the quote up to the next one (or the end), at least one byte, kept as it is.
      if (line[kv.at] !== quote) continue;
      const end = scanSet(line, kv.at + 1, (b) => b !== quote);
      if (end >= 0) return { kind: 'value', key, value: line.subarray(kv.at + 1, end) };
    }
    // "%[^=] = %[^;#]": the value up to a comment, stripped; "" and '' are empty.
    const end = scanSet(line, kv.at, (b) => b !== 0x3b && b !== 0x23);
    if (end >= 0) {
      const value = strip(line.subarray(kv.at, end));
      const emptyQuotes = value.length === 2 && value[0] === value[1] && (value[0] === 0x22 || value[0] === 0x27);
      return { kind: 'value', key, value: emptyQuotes ? value.subarray(0, 0) : value };
    }
  }
  // "%[^=] = %[;#]" and "%[^=] %[=]": a key with an empty value ("key =", "key = ;comment").
  const k = scanSet(line, 0, notEq);
  if (k >= 0 && scanSet(line, skipSpace(line, k), (b) => b === EQ) >= 0) return { kind: 'value', key: lowered(strip(line.subarray(0, k))), value: new Uint8Array(0) };
  return { kind: 'error' };
}

/** iniparser's dictionary: keys ("section", "section:key") in the order they were first set, each with its value (null for a section). */
type Dictionary = Map<string, { value: Uint8Array | null; line: number }>;

const latin1 = (b: Uint8Array) => String.fromCharCode(...b);
const fromLatin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Reads a file's bytes as iniparser_load does: its dictionary, or why it refuses the file. */
function load(data: Uint8Array): { dict: Dictionary; error: string | null } {
  const dict: Dictionary = new Map();
  const set = (key: Uint8Array, value: Uint8Array | null, line: number) => {
    const k = latin1(key);
    const had = dict.get(k);
    if (had) had.value = value;
    else dict.set(k, { value, line });
  };
  const line = new Uint8Array(INI_LINE_MAX + 1);
  let section: Uint8Array = new Uint8Array(0);
  let pos = 0;
  let eof = false;
  /** fgets(line + at, n, in) as glibc does it: at most n-1 bytes, up to and including a newline. */
  const fgets = (at: number, n: number): boolean => {
    if (n <= 0) return false;
    if (n === 1) {
      line[at] = 0;
      return true;
    }
    let count = 0;
    while (count < n - 1) {
      if (pos >= data.length) {
        eof = true;
        break;
      }
      const b = data[pos++]!;
      line[at + count++] = b;
      if (b === NL) break;
    }
    if (count === 0) return false;
    line[at + count] = 0;
    return true;
  };
  let last = 0;
  let lineno = 0;
  let startLine = 1;
  let firstError: string | null = null;
  while (fgets(last, INI_LINE_MAX - last)) {
    lineno++;
    if (last === 0) startLine = lineno;
    let len = cString(line).length - 1;
    if (len <= 0) continue;
    if (line[len] !== NL && !eof) return { dict: new Map(), error: `line ${lineno} is longer than iniparser's ${INI_LINE_MAX} bytes (joined lines count as one)` };
    while (len >= 0 && isSpace(line[len]!)) line[len--] = 0;
    if (len < 0) len = 0;
    if (line[len] === 0x5c) {
      last = len;
      continue;
    }
    last = 0;
    // A copy: the buffer is cleared for the next line, and what the line set is kept.
    const text = cString(line).slice();
    const p = classify(text);
    if (p.kind === 'section') {
      // strlwc(section, section, len) copies at most the line's length less one: a section kept from before ("[]") is cut to that.
      section = p.name ?? section.slice(0, Math.max(0, p.lineLength - 1));
      set(section, null, startLine);
    } else if (p.kind === 'value') {
      set(Uint8Array.from([...section, 0x3a, ...p.key]), p.value, startLine);
    } else if (p.kind === 'error') {
      firstError ??= `line ${startLine}: ${JSON.stringify(utf8.decode(strip(text)).slice(0, 80))} is not a section, a comment or "key = value"`;
    }
    line.fill(0, 0, INI_LINE_MAX);
  }
  return firstError ? { dict: new Map(), error: firstError } : { dict, error: null };
}

/** One section as the library holds it: bytes, as iniparser's C strings are. */
export interface IniSectionBytes {
  name: Uint8Array;
  line: number;
  values: [key: Uint8Array, value: Uint8Array][];
}

/** The sections daxctl sees through iniparser_getnsec and getsecname (keys with no ':'), each with its keys as getseckeys finds them
 *  (every key that starts with "name:") and their values as getstring gives them (a key whose value is NULL gives none). */
export function loadIniBytes(data: Uint8Array): { sections: IniSectionBytes[]; error: string | null } {
  const { dict, error } = load(data);
  if (error) return { sections: [], error };
  const out: IniSectionBytes[] = [];
  for (const [name, entry] of dict) {
    if (name.includes(':')) continue;
    const prefix = `${name}:`;
    const values: IniSectionBytes['values'] = [];
    for (const [key, e] of dict) if (key.startsWith(prefix) && e.value !== null) values.push([fromLatin1(key.slice(prefix.length)), e.value]);
    out.push({ name: fromLatin1(name), line: entry.line, values });
  }
  return { sections: out, error: null };
}

/** Reads an ini file (as text, read from the machine as UTF-8) as iniparser 4.1's iniparser_load and daxctl's queries see it. */
export function parseIni(text: string): IniFile {
  const { sections, error } = loadIniBytes(new TextEncoder().encode(text));
  return { sections: sections.map((s) => ({ name: utf8.decode(s.name), line: s.line, values: new Map(s.values.map(([k, v]) => [utf8.decode(k), utf8.decode(v)])) })), error };
}
