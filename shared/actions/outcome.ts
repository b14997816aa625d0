// What a run left on the machine, judged from the machine: the read before, the read after and the prediction, never the steps' exit
// codes alone. A tool killed after it finished, or halfway, has still changed the machine; only a read says how far.
import { diffFacts, factText } from './facts.js';
import type { FactChange, MachineFacts } from './types.js';

/** How far one thing the plan changes got: as predicted (done), moved but not to where predicted (partly), predicted and not
 *  visible (not-done), or changed though the plan did not predict it (unexpected). */
export type ChangeProgress = 'done' | 'partly' | 'not-done' | 'unexpected';

/** One fact of the machine, before, after and as predicted, with how far it got. */
export interface ObservedChange extends FactChange {
  /** What the prediction said it would be after the whole plan (null: absent); left out where the prediction did not foresee it. */
  predicted?: string | number | null;
  progress: ChangeProgress;
}

/** Each fact the run changed or was meant to change, judged against the prediction (null: the plan had none). */
export function observeChanges(before: MachineFacts, after: MachineFacts, predicted: MachineFacts | null): ObservedChange[] {
  const seen = diffFacts(before, after);
  const meant = predicted ? diffFacts(before, predicted) : [];
  const out: ObservedChange[] = [];
  for (const c of seen) {
    const p = meant.find((m) => m.what === c.what);
    out.push(p ? { ...c, predicted: p.after, progress: p.after === c.after ? 'done' : 'partly' } : { ...c, progress: 'unexpected' });
  }
  for (const p of meant) if (!seen.some((c) => c.what === p.what)) out.push({ ...p, after: p.before, predicted: p.after, progress: 'not-done' });
  return out;
}

/** Whether the read after shows every predicted change, and nothing else. */
export function allDone(observed: readonly ObservedChange[]): boolean {
  return observed.length > 0 && observed.every((o) => o.progress === 'done');
}

/** One observed change in words: "dax device dax0.0: devdax 6 GiB enabled -> system-ram 6 GiB enabled 0/46 online (partly done:
 *  predicted system-ram 6 GiB enabled 46/46 online)". */
export function observedText(o: ObservedChange, arrow = '->'): string {
  const move = `${o.what}: ${factText(o, o.before)} ${arrow} ${factText(o, o.after)}`;
  switch (o.progress) {
    case 'done': return `${move} (done, as predicted)`;
    case 'partly': return `${move} (partly done: predicted ${factText(o, o.predicted ?? null)})`;
    case 'unexpected': return `${move} (not predicted)`;
    case 'not-done': return `${o.what}: still ${factText(o, o.before)} (not done: predicted ${factText(o, o.predicted ?? null)})`;
    default: return o.progress satisfies never;
  }
}

/** The sentence a report gives on what the read after shows, after a step failed, was stopped, or the run was cut short. */
export function outcomeSentence(observed: readonly ObservedChange[], readAfterProblem: string | null): string {
  if (readAfterProblem !== null) return `The machine could not be read again afterwards (${readAfterProblem}): what the steps changed is not known; read it (pmem-console snapshot, or Refresh) before anything else.`;
  const visible = observed.filter((o) => o.progress !== 'not-done');
  if (visible.length === 0) return 'Read again, the machine shows no change.';
  const head = allDone(observed) ? 'Read again, the machine shows every predicted change' : 'Read again, the machine changed';
  return `${head}: ${observed.map((o) => observedText(o)).join('; ')}.`;
}
