// Schemas for the kernel's 64-bit values: addresses, sizes and counters (shared/units/u64.ts says which numbers hold them exactly).
import * as z from '../zod.js';
import { isU64 } from '../units/u64.js';

/** An address, a size in bytes or a 64-bit counter: a whole number from 0 to 2^64 - 1. */
export const u64 = z.number().check(z.refine(isU64, 'expected a whole number from 0 to 2^64 - 1'));
