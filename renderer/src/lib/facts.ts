// Fact changes for people: memory sizes in binary units ("2.41 GiB"), as the CLI prints them (shared/actions/facts.ts); the exact value
// goes in a tooltip.
import { factText, type FactChange } from '../../../shared/actions/index.js';

/** Formats one side of a fact change. */
export function factValue(c: FactChange, v: FactChange['before']): string {
  return factText(c, v, '—');
}

/** One side of a fact change exactly as read (bytes), for a tooltip; empty when there is nothing more to say. */
export function factExact(c: FactChange, v: FactChange['before']): string {
  return v === null || factValue(c, v) === String(v) ? '' : String(v);
}
