// 64-bit values as the kernel and the tools print them (addresses, sizes, counters), held as JS numbers only where a number holds them
// exactly: every value below 2^53, and above it every one whose low bits are zero (any page-aligned address up to 2^64, such as the
// kernel's test devices' 0xff782a0254826000). Any other is not guessed at: it is unknown.

/** 2^64, the first value a u64 cannot hold. */
const U64_END = 2n ** 64n;

/** Whether a number is a u64 the number holds exactly: a whole number, 0 to 2^64 - 1. */
export function isU64(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n < 2 ** 64;
}

/** The exact value of a u64 as text (decimal, or 0x hex, as sysfs and the tools print it), or null where the text is not one or a
 *  number cannot hold it exactly. */
export function parseU64(text: string): number | null {
  const s = text.trim();
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(s)) return null;
  const exact = BigInt(s);
  if (exact >= U64_END) return null;
  const n = Number(exact);
  return BigInt(n) === exact ? n : null;
}

/** Whether an integer literal, as a JSON text writes it, is one a number holds exactly (JSON.parse would round any other silently). */
export function exactInteger(literal: string): boolean {
  if (!/^-?\d+$/.test(literal)) return true;
  return BigInt(Number(literal)) === BigInt(literal);
}
