// Numbers out of sysfs and /proc text: each file that is there but does not hold the number it should (a word, a value past 2^64, a
// fraction) is unknown, and said once in the read's notes with its path and its text. A file that is not there is simply unknown.
import { parseU64 } from '../../shared/units/index.js';
import { quoteValue } from './parse/tolerant.js';

/** The notes of one read, each said once. */
export class ReadNotes {
  private readonly said = new Set<string>();
  constructor(readonly list: string[]) {}

  /** Says a note unless it was said already. */
  add(note: string): void {
    if (this.said.has(note)) return;
    this.said.add(note);
    this.list.push(note);
  }

  /** A file whose text is not what it should be: unknown, with the path, the text, and what it should have been. */
  badFile(path: string, text: string, what: string, taken = 'taken as unknown'): null {
    this.add(`${path}: ${quoteValue(text.trim())} is not ${what}; ${taken}`);
    return null;
  }

  /** A u64 in hex as sysfs writes addresses ("0x590000000"; resource, a block size without its 0x), or null. */
  hex(path: string, text: string | undefined | null, taken?: string): number | null {
    if (text === undefined || text === null) return null;
    const s = text.trim();
    const n = /^(0x)?[0-9a-f]+$/i.test(s) ? parseU64(/^0x/i.test(s) ? s : `0x${s}`) : null;
    return n ?? this.badFile(path, text, 'an address or size in hex below 2^64', taken);
  }

  /** A u64 in decimal or 0x hex (size, count), or null. */
  u64(path: string, text: string | undefined | null, taken?: string): number | null {
    if (text === undefined || text === null) return null;
    return parseU64(text) ?? this.badFile(path, text, 'a whole number from 0 to 2^64 - 1', taken);
  }

  /** A node number, -1 for none (numa_node, target_node), or null. */
  node(path: string, text: string | undefined | null): number | null {
    if (text === undefined || text === null) return null;
    const s = text.trim();
    if (s === '-1') return -1;
    const n = parseU64(s);
    return n !== null && n < 2 ** 31 ? n : this.badFile(path, text, 'a NUMA node number (or -1)');
  }
}
