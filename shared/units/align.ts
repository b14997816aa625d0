// Alignment helpers for sizes and physical addresses (all values are byte counts).

/** Rounds value down to a multiple of align. */
export function alignDown(value: number, align: number): number {
  return Math.floor(value / align) * align;
}

/** Rounds value up to a multiple of align. */
export function alignUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

/** Whether value is a multiple of align. */
export function isAligned(value: number, align: number): boolean {
  return value % align === 0;
}

/** Whether value is a power of two (alignments must be). */
export function isPowerOfTwo(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0 && 2 ** Math.round(Math.log2(value)) === value;
}

/**
 * The memory blocks that lie wholly inside [start, start+size): what the kmem driver hot-adds.
 * Returns the first block index and the count (0 when the range holds no whole block).
 */
export function wholeBlocks(start: number, size: number, blockSize: number): { first: number; count: number } {
  const first = alignUp(start, blockSize);
  const end = alignDown(start + size, blockSize);
  return { first: first / blockSize, count: end > first ? (end - first) / blockSize : 0 };
}
