// The journal's entries: one per plan run, as the main process records them and every front end shows them.
import type { ActionRequest, FactChange, MachineFacts, Risk } from './types.js';
import { requestLine } from './catalog.js';
import { outcomeSentence, type ObservedChange } from './outcome.js';

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

/** How a plan run ended: ran through, stopped at a failed step, refused, not confirmed, left to finish a step on its own
 *  (detached: the person stopped waiting); or it has no end yet (running, or interrupted). */
export type JournalOutcome = 'done' | 'failed' | 'refused' | 'not-confirmed' | 'detached' | 'running' | 'interrupted';

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
  outcome: JournalOutcome;
  /** Why the plan was refused or where it failed, in one line; for an interrupted run, what is known and what to do next. */
  reason: string | null;
  /** The steps that ended, in order. */
  steps: JournalStep[];
  /** Every step the plan was going to run (as typed), so an interrupted run shows what did not run. */
  planned: string[];
  /** The action that undoes the plan, where there is one. */
  rollback: ActionRequest | null;
  /** What changed on the machine, before to after. */
  changes: FactChange[];
  /** Where the result differs from the prediction (empty when it matched). */
  verification: string[];
  /** Each fact the run changed or was meant to change, as the machine showed it after the run (absent in older entries). */
  observed?: ObservedChange[];
  /** The action that completes what the run left partly done, when there was one. */
  finish?: ActionRequest | null;
  /** Why the machine could not be read after the run, or null. */
  readAfter?: string | null;
  /** When the plan was made again after the person authenticated (pkexec, sudo's password), on the machine as it was then: its
   *  rollback, facts and prediction are that plan's, the plan that ran (the steps are the same, or nothing ran). */
  replannedAt?: string;
  /** The machine's facts before the first step, and as predicted after the last (absent in older entries). */
  before?: MachineFacts;
  predicted?: MachineFacts | null;
  /** For a run with no end of its own: what the next read of its machine showed, and when. */
  judged?: { at: string; observed?: ObservedChange[]; finish?: ActionRequest | null; rollback?: ActionRequest | null; readAfter?: string | null };
}

/** What an interrupted run left behind and what to do about it, in words. */
export function interruptedReason(e: Pick<JournalEntry, 'steps' | 'planned' | 'rollback' | 'judged'>): string {
  const ended = e.steps.length;
  const total = e.planned.length;
  const done = ended === 0 ? 'no step had ended' : `step${ended === 1 ? '' : 's'} 1${ended > 1 ? `-${ended}` : ''} ended (${e.steps.every((s) => s.ok) ? 'ok' : 'the last one failed'})`;
  const open = ended < total ? `; step ${ended + 1} (${e.planned[ended]}) had started or was about to, and may have finished or not` : '';
  const head = `interrupted: the run stopped without its final record (the console was closed or killed); ${done}${open}.`;
  const j = e.judged;
  if (j?.observed) {
    const next = [j.finish ? `to finish: pmem-console apply ${requestLine(j.finish)}` : '', j.rollback ? `to roll back: pmem-console apply ${requestLine(j.rollback)}` : ''].filter(Boolean).join('; ');
    return `${head} The machine as read at ${j.at}: ${outcomeSentence(j.observed, j.readAfter ?? null).replace(/^Read again, /, '')}${next ? ` ${next[0]!.toUpperCase()}${next.slice(1)}.` : ''}`;
  }
  const undo = e.rollback ? `; to undo what ran: pmem-console apply ${requestLine(e.rollback)}` : '';
  return `${head} Read the machine again (pmem-console snapshot, or Refresh) before planning anything on it${undo}`;
}
