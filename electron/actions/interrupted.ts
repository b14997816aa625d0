// Runs that ended without their own end (the process was killed, the machine lost power): the next console that reads their machine
// judges them from that read, against the facts the run recorded before its first step and as predicted, and records what it saw.
import { interruptedReason, machineFacts, observeChanges, type JournalEntry } from '../../shared/actions/index.js';
import { followUps } from './follow-ups.js';
import { appendRecord } from './journal.js';
import type { PlanInput } from './planners/draft.js';

/** Judges the newest entry on this host when it is interrupted and not judged yet (an older one may have been overtaken by later runs, so
 *  today's machine says nothing about it): what the read shows against its before and predicted facts, and what to plan next. The
 *  judgement is appended to the journal once (a journal that cannot be written keeps it for this answer only); entries come back updated. */
export function judgeInterrupted(entries: JournalEntry[], input: PlanInput): JournalEntry[] {
  const host = input.topology.host.label;
  const newest = entries.filter((e) => e.host === host).at(-1);
  if (!newest || newest.outcome !== 'interrupted' || newest.judged || !newest.before) return entries;
  const observed = observeChanges(newest.before, machineFacts(input.topology), newest.predicted ?? null);
  const next = followUps(input, newest, observed);
  const judged = { at: input.topology.takenAt, observed, finish: next.finish, rollback: next.rollback };
  try {
    appendRecord({ record: 'judged', id: newest.id, ...judged });
  } catch {
    // Said again at the next read: the judgement is the machine's, not the journal's.
  }
  return entries.map((e) => (e === newest ? { ...e, judged, observed, finish: next.finish, rollback: next.rollback, reason: interruptedReason({ ...e, judged }) } : e));
}
