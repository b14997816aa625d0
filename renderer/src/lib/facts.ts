// Fact changes for people: memory sizes in bytes become "2.41 GiB", everything else stays as it is.
import type { FactChange } from '../../../shared/actions/index.js';
import { formatBytes } from '../../../shared/units/index.js';

/** Formats one side of a fact change. */
export function factValue(c: FactChange, v: FactChange['before']): string {
  if (v === null) return '—';
  return typeof v === 'number' && /^MemTotal/.test(c.what) ? formatBytes(v) : String(v);
}
