// The console's daxctl.conf.d reader against the library daxctl links: Debian's libiniparser (4.1), through a small C program built
// here (test/native/iniparser-dump.c), on a generated corpus of files root might write by hand. Every file must read the same:
// refused or not, the same sections in the same order, the same keys and values.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIniBytes, parseIni } from '../../shared/actions/iniparser.js';

const ROOT = join(import.meta.dirname, '../..');
const HEADER = '/usr/include/iniparser/iniparser.h';
/** How many generated files are compared (the corpus is the same on every run: a fixed seed). */
const CORPUS = 3200;

/** A small seeded generator (mulberry32), so a difference found once is found again. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The files: lines of daxctl.conf.d as people write them, and the characters and lengths where a reader could differ from iniparser. */
function corpus(count: number): string[] {
  const r = random(0x1ec0);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const spaces = [' ', '', '  ', '\t', '\u00a0', '\u2028', '\ufeff', '\v', '\f', '\r', ' \u00a0', '\u3000'];
  const words = ['reconfigure-device', 'Reconfigure-Device', 'RECONFIGURE-DEVICE', 'reconfigure-device evil', 'pmem0', 'Árvíztűrő', 'árvíztűrő', 'Ábc', 'ábc', 'a:b', '', 'x y', 'dax0.0', 'ß', 'İ', 'ǅ'];
  const keys = ['nvdimm.uuid', 'mode', 'online', 'movable', 'Mode', 'MODE', 'Öl', 'öl', 'a:b', 'k', ' spaced key ', 'key\u00a0'];
  const values = ['5e0f2b1c-8a7d-4e3f-b6a9-0c1d2e3f4a5b', 'system-ram', 'devdax', 'true', 'false', 'yes', '0', '"quoted value"', "'single'", '""', "''", '"unclosed', "'", '"', 'a;b', 'a#b', ' x ', 'x = y', '', 'Érték', '\u00a0padded\u00a0', 'tab\tinside'];
  const ends = ['\n', '\n', '\n', '\r\n', ' \n', '\u00a0\n', '\\\n', ' \\\n', '\\\u00a0\n', '\\ \n', '\u2028\n'];
  const ascii = [' ', '', '  ', '\t', '\r'];
  /** One line; a calm file draws its whitespace outside the brackets and around '=' from ASCII alone, a wild one from everything. */
  const line = (wild: boolean): string => {
    const s = () => pick(spaces);
    const o = () => pick(wild ? spaces : ascii);
    const roll = r();
    if (roll < 0.22) return `${o()}[${s()}${pick(words)}${r() < 0.3 ? ` ${pick(words)}` : ''}${s()}]${o()}`;
    if (roll < 0.62) return `${o()}${pick(keys)}${o()}=${s()}${pick(values)}${r() < 0.3 ? pick([' ; c', ' # c', ';', '#']) : ''}${o()}`;
    if (roll < 0.72) return `${pick(['#', ';', ' #', '\u00a0#'])} ${pick(words)} ${pick(['\\', '', 'x \\'])}${s()}`;
    if (roll < 0.85) return pick(['', ' ', '\t', '\u00a0', ' = ', '[]', '[a]b]', '[ ]', '"k" = v', 'k = ; c', 'k = # c', 'k=\\']);
    return `${pick(['  ', '\t'])}${pick(keys)}=${pick(values)}`;
  };
  /** A line iniparser may refuse, or cut: near its 1024-byte buffer (in one-byte and two-byte characters), a NUL, no '='. */
  const hazard = (): string => pick([
    () => `${pick(keys)} = ${'é'.repeat(Math.floor(r() * 8) + 505)}${pick(['', 'x', 'xy', 'xyz'])}`,
    () => `${pick(keys)} = ${'v'.repeat(Math.floor(r() * 6) + 1015)}`,
    () => `${pick(keys)} = a\u0000b`,
    () => pick(['=', '==', 'novalue', '[', ']', '\\', '\u00a0[s]', '[s]\u00a0']),
  ])();
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(r() * 10);
    const wild = r() < 0.4;
    let text = '';
    const risky = r() < 0.4 ? Math.floor(r() * n) : -1;
    for (let j = 0; j < n; j++) text += (j === risky ? hazard() : line(wild)) + (j === n - 1 && r() < 0.2 ? '' : pick(wild ? ends : ['\n', '\n', '\r\n', ' \n', '\\\n']));
    files.push(text);
  }
  return files;
}

/** What the console reads of a file, in the dump's words. */
function consoleDump(text: string): string {
  const ini = loadIniBytes(Buffer.from(text, 'utf8'));
  if (ini.error) return 'NULL';
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  return lines(ini.sections.flatMap((s) => [`S ${hex(s.name)}`, ...s.values.map(([k, v]) => `K ${hex(k)} ${hex(v)}`)]).join('\n'));
}

/** A dump without trailing spaces (an empty value ends its line with one). */
const lines = (dump: string) => dump.split('\n').map((l) => l.trimEnd()).join('\n').trimEnd();

const decode = (dump: string) => dump.replace(/[0-9a-f]{2,}/g, (h) => JSON.stringify(Buffer.from(h, 'hex').toString('utf8')));

describe('the daxctl.conf.d reader and libiniparser 4.1, the library daxctl links', () => {
  let dir = '';
  let dump = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pmc-iniparser-'));
    if (!existsSync(HEADER)) throw new Error(`${HEADER} is missing: this test builds a C program against the real library; install Debian's libiniparser-dev and gcc`);
    dump = join(dir, 'iniparser-dump');
    execFileSync('cc', ['-O1', '-Wall', '-o', dump, join(ROOT, 'test/native/iniparser-dump.c'), '-I/usr/include/iniparser', '-liniparser']);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`reads ${CORPUS} generated files exactly as the library does (0 differences)`, () => {
    const files = corpus(CORPUS);
    const paths = files.map((text, i) => {
      const p = join(dir, `${i}.conf`);
      writeFileSync(p, text);
      return p;
    });
    const run = spawnSync(dump, paths, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.status, run.stderr).toBe(0);
    const library = run.stdout.split(/^FILE \d+\n/m).slice(1).map(lines);
    expect(library).toHaveLength(CORPUS);
    const differences = files.flatMap((text, i) => {
      const ours = consoleDump(text);
      return ours === library[i] ? [] : [`file ${i} ${JSON.stringify(text)}\n  library: ${decode(library[i]!)}\n  console: ${decode(ours)}`];
    });
    expect(differences.slice(0, 5).join('\n'), `${differences.length} of ${CORPUS} files read differently`).toBe('');
    // The corpus reaches the cases that matter: files refused, sections merged and not, keys, continuations, joined comments.
    const refused = library.filter((l) => l === 'NULL').length;
    expect(refused).toBeGreaterThan(CORPUS / 20);
    expect(refused).toBeLessThan(CORPUS * 0.7);
    expect(library.filter((l) => /^S /m.test(l)).length).toBeGreaterThan(CORPUS / 8);
    expect(library.filter((l) => /^K /m.test(l)).length).toBeGreaterThan(CORPUS / 10);
  }, 120_000);

  it('reads the cases found by hand as the library does: a no-break space before a joining backslash, accented capitals, bytes not characters', () => {
    const cases = [
      '# x \\\u00a0\n[reconfigure-device evil]\nnvdimm.uuid = 5e0f2b1c-8a7d-4e3f-b6a9-0c1d2e3f4a5b\n',
      '# x \\\n[reconfigure-device hidden]\nmode = devdax\n',
      '[Ábc]\nk = 1\n[ábc]\nk = 2\n',
      `k = ${'é'.repeat(511)}\n`,
      `k = ${'é'.repeat(510)}\n`,
      'k = a\u0000b\n[s]\n',
      '[s]\nk = a\u0000b',
      '\ufeff[s]\nk = v\n',
      '[s]\nk = \u2028\\\nv\n',
      '[]\n[s]\n',
      'top = 1\n[]\nk = 2\n',
      '[a]\nb = 1\n[a:b]\n',
      '[pmem0 reconfigure-device]\n[]\nk = v\n',
    ];
    for (const [i, text] of cases.entries()) writeFileSync(join(dir, `case-${i}.conf`), text);
    const run = spawnSync(dump, cases.map((_, i) => join(dir, `case-${i}.conf`)), { encoding: 'utf8' });
    const library = run.stdout.split(/^FILE \d+\n/m).slice(1).map(lines);
    expect(cases.map((t) => decode(consoleDump(t)))).toEqual(library.map(decode));
    // The first: the no-break space keeps the comment from joining the next line, so daxctl sees the section.
    expect(parseIni(cases[0]!).sections.map((s) => s.name)).toEqual(['reconfigure-device evil']);
    expect(parseIni(cases[1]!).sections.map((s) => s.name)).toEqual([]);
    expect(parseIni(cases[2]!).sections.map((s) => s.name)).toEqual(['Ábc', 'ábc']);
  });
});
