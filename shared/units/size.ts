// Sizes as the kernel, ndctl and daxctl write them, and as admins type them.
import { parseU64 } from './u64.js';

/** Thrown when a size string cannot be understood; the message says why. */
export class SizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SizeError';
  }
}

const BINARY_UNITS: Record<string, number> = {
  '': 1,
  K: 2 ** 10,
  M: 2 ** 20,
  G: 2 ** 30,
  T: 2 ** 40,
  P: 2 ** 50,
};

const DECIMAL_UNITS: Record<string, number> = {
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
};

/**
 * Parses a size the way an admin types it for ndctl: "512M", "4G", "1.5GiB", "2097152", "16 MiB".
 * Suffixes K/M/G/T/P (with optional "iB" or "B"... K, KiB) are powers of 1024, like ndctl's
 * parse_size64; "kB"/"MB"/"GB" spelled in SI form are powers of 1000. The result must be a
 * whole, non-negative number of bytes.
 */
export function parseSize(text: string): number {
  const s = text.trim();
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(s);
  if (!m) throw new SizeError(`"${text}" is not a size: use a number with an optional unit, e.g. 512M, 4G, 1.5GiB`);
  const value = Number(m[1]);
  const unitRaw = m[2] ?? '';
  const upper = unitRaw.toUpperCase();
  let multiplier: number | undefined;
  if (upper === '' || upper === 'B') multiplier = 1;
  else if (/^[KMGTP]$/.test(upper) || /^[KMGTP]IB$/.test(upper)) multiplier = BINARY_UNITS[upper[0]!];
  else if (/^[KMGTP]B$/.test(upper)) multiplier = DECIMAL_UNITS[upper];
  if (multiplier === undefined) throw new SizeError(`"${text}" has an unknown unit "${unitRaw}": use K, M, G, T (powers of 1024) or KB, MB, GB (powers of 1000)`);
  const bytes = value * multiplier;
  if (!Number.isSafeInteger(Math.round(bytes)) || Math.abs(bytes - Math.round(bytes)) > 1e-6) {
    throw new SizeError(`"${text}" is not a whole number of bytes`);
  }
  return Math.round(bytes);
}

/** Parses a size that must be greater than zero ("0" and "-1G" are refused). */
export function parsePositiveSize(text: string): number {
  if (/^\s*-/.test(text)) throw new SizeError(`"${text}" is negative: a size must be greater than zero`);
  const bytes = parseSize(text);
  if (bytes <= 0) throw new SizeError(`"${text}" is zero: a size must be greater than zero`);
  return bytes;
}

/**
 * Parses ndctl/daxctl's human output ("-u"): "4.00 GiB (4.29 GB)", "502.00 MiB (526.39 MB)",
 * a plain number, or a number as a string. The binary part is only rounded to 1/100, so callers
 * that need exact bytes should ask the tool without -u; this is for reading captures.
 */
export function parseToolSize(value: string | number): number {
  if (typeof value === 'number') return value;
  const s = value.trim();
  if (/^(\d+|0x[0-9a-f]+)$/i.test(s)) {
    const n = parseU64(s);
    if (n === null) throw new SizeError(`"${value}" is past what a u64 holds exactly`);
    return n;
  }
  const m = /^(\d+(?:\.\d+)?) (KiB|MiB|GiB|TiB|PiB)(?: \(.*\))?$/.exec(s);
  if (!m) throw new SizeError(`"${value}" is not a size as ndctl prints it`);
  const unit = BINARY_UNITS[m[2]![0]!]!;
  return Math.round(Number(m[1]) * unit);
}

/**
 * Formats bytes exactly as ndctl/daxctl do with -u (util/json.c display_size, adapted from mdadm's human_size_brief): under 5000 KiB a
 * plain number; else centi-units rounded half up, MiB and MB under 2 GiB, GiB and GB under 2 TiB, TiB and TB above (the decimal unit
 * follows the binary one's thresholds: 2046 MiB is "2046.00 MiB (2145.39 MB)").
 */
export function formatToolSize(bytes: number): string | number {
  if (bytes < 5000 * 1024) return bytes;
  const b = BigInt(Math.round(bytes));
  const [bin, binUnit, dec, decUnit] = bytes < 2 * 2 ** 30 ? [2n ** 20n, 'MiB', 10n ** 6n, 'MB'] : bytes < 2 * 2 ** 40 ? [2n ** 30n, 'GiB', 10n ** 9n, 'GB'] : [2n ** 40n, 'TiB', 10n ** 12n, 'TB'];
  const centi = (v: bigint) => `${v / 100n}.${String(v % 100n).padStart(2, '0')}`;
  return `${centi((b * 200n / bin + 1n) / 2n)} ${binUnit} (${centi((b / (dec / 200n) + 1n) / 2n)} ${decUnit})`;
}

/** Formats bytes for people: "512 MiB", "1.5 GiB", "0 B"; exact multiples print without decimals. */
export function formatBytes(bytes: number): string {
  if (bytes === 0) return '0 B';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  const negative = bytes < 0;
  let v = Math.abs(bytes);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const fixed = v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2);
  const text = Number.isInteger(v) ? String(v) : fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return `${negative ? '-' : ''}${text} ${units[i]}`;
}

/** A size in bytes, every digit, grouped: "4,292,870,144 B". */
export function formatBytesExact(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} B`;
}

/** Two sizes as a person reads them, told apart where they differ: "4 GiB" and "4 GiB" become "4,292,870,144 B" and "4,290,772,992 B". */
export function formatBytesApart(a: number, b: number): [string, string] {
  const [x, y] = [formatBytes(a), formatBytes(b)];
  if (a === b || x !== y) return [x, y];
  return [formatBytesExact(a), formatBytesExact(b)];
}

/** Formats a number the way ndctl -u prints hex values (printf "%#llx": 0 stays "0"). */
export function formatToolHex(value: number | bigint): string {
  return value === 0 || value === 0n ? '0' : `0x${value.toString(16)}`;
}
