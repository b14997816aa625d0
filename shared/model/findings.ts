// The doctor's findings: what stands in the way of using persistent memory, in sentences a person can act on.

/** How much a finding matters. */
export type Severity = 'ok' | 'info' | 'warning' | 'error';

/** One thing the doctor found. */
export interface Finding {
  id: string;
  severity: Severity;
  title: string;
  detail: string;
  /** A plan that fixes it, where the console has one (an action and its parameters). */
  fix?: { action: string; params: Record<string, string> };
  /** The physical memory it is about (inclusive byte addresses), where it is about memory and the range is known: the views count it. */
  range?: { start: number; end: number };
}
