// The journal's entries: one per plan run, as the main process records them and every front end shows them.
import type { FactChange, Risk } from './types.js';

/** One step as the journal keeps it. */
export interface JournalStep {
  op: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  ok: boolean;
  error: string | null;
}

/** One plan run. */
export interface JournalEntry {
  id: string;
  time: string;
  host: string;
  user: string;
  action: string;
  params: Record<string, string>;
  object: string;
  risk: Risk;
  outcome: 'done' | 'failed' | 'refused' | 'not-confirmed';
  /** Why the plan was refused or where it failed, in one line. */
  reason: string | null;
  steps: JournalStep[];
  /** What changed on the machine, before to after. */
  changes: FactChange[];
  /** Where the result differs from the prediction (empty when it matched). */
  verification: string[];
}
