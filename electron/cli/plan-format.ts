// Plans, run reports and the journal as text for a terminal.
import { describeOp, factText, formatDuration, observedText, requestLine, type FactChange, type Plan } from '../../shared/actions/index.js';
import type { JournalEntry } from '../actions/journal.js';
import type { RunReport } from '../actions/execute.js';

/** A fact change in binary units (the exact bytes are in --json). */
const change = (c: FactChange) => `${c.what}: ${factText(c, c.before)} -> ${factText(c, c.after)}`;

/** A plan as a person reads it before confirming. */
export function formatPlan(p: Plan): string {
  const confirm = p.confirmation.kind === 'none' ? 'runs without asking' : p.confirmation.kind === 'yes' ? 'confirm with --yes' : `confirm by typing the name: --confirm ${p.confirmation.name}`;
  const out = [`Plan: ${p.summary}`, `Host: ${p.host}   Object: ${p.object}   Risk: ${p.risk} (${confirm})`, 'Steps:'];
  p.steps.forEach((s, i) => out.push(`  ${i + 1}. ${describeOp(s.op)}`, `     ${s.changes}${p.limitsMs[i] !== undefined ? ` (usually under ${formatDuration(p.limitsMs[i]!)}${p.limitBasis?.[i] ? `: ${p.limitBasis[i]}` : ''})` : ''}`));
  if (p.steps.length === 0) out.push('  (none)');
  if (p.guards.length) {
    out.push('Guards:');
    for (const g of p.guards) {
      out.push(`  ${g.blocking ? 'BLOCKED' : 'warning'}  ${g.message}`);
      if (g.fix) out.push(`           the fix, as a plan: pmem-console plan ${requestLine(g.fix)}`);
    }
  }
  if (p.prediction) {
    out.push('Predicted effect (the plan run on a simulated twin of this machine):');
    if (p.prediction.changes.length === 0) out.push('  no change to memory, namespaces or dax devices');
    for (const c of p.prediction.changes) out.push(`  ${change(c)}`);
  }
  out.push(p.rollback ? `Rollback: pmem-console apply ${requestLine(p.rollback)}` : `Rollback: none (${p.noRollbackBecause})`);
  return out.join('\n') + '\n';
}

/** What happened when a plan ran. */
export function formatReport(r: RunReport): string {
  const out = [r.message];
  r.ran.forEach(({ step, result }, i) => out.push(`  ${result.ok ? 'ok  ' : 'FAIL'} ${i + 1}. ${describeOp(step.op)} (${result.durationMs} ms)${result.ok ? '' : `\n       ${result.error}`}`));
  if (r.readAfterProblem !== null) out.push(`The machine could not be read again after the run: ${r.readAfterProblem}`);
  else {
    out.push('The machine now (read again after the run):');
    if (r.changes.length === 0 && r.outcome === 'done') out.push('  unchanged');
    // A run cut short says, for each thing it was to change, how far it got; a finished one lists what changed.
    if (r.outcome === 'done') for (const c of r.changes) out.push(`  ${change(c)}`);
    else if (r.observed.length === 0) out.push('  unchanged');
    else for (const o of r.observed) out.push(`  ${observedText(o)}`);
  }
  if (r.verification.length) {
    out.push('Differences from the prediction:');
    for (const v of r.verification) out.push(`  ${v}`);
  }
  if (r.finish) out.push(`To finish: pmem-console apply ${requestLine(r.finish)}`);
  if (r.outcome !== 'done' && r.rollback) out.push(`To roll back: pmem-console apply ${requestLine(r.rollback)}`);
  out.push(r.journalProblem ? `Journal entry ${r.journalId} is incomplete (see below)` : `Journal entry ${r.journalId}`);
  return out.join('\n') + '\n';
}

/** The journal, one line per plan run; a run that did not end says which steps ended and what to do next. */
export function formatJournal(entries: JournalEntry[], host?: string): string {
  if (entries.length === 0) return host === undefined ? 'The journal is empty: no plan has been run.\n' : `The journal has no plan run on ${host}.\n`;
  return entries.map((e) => {
    const lines = [`${e.time}  ${e.outcome.padEnd(13)} ${e.host}  ${requestLine(e)}  (${e.user})`];
    if (e.outcome === 'interrupted' || e.outcome === 'running') {
      e.planned.forEach((op, i) => {
        const s = e.steps[i];
        lines.push(`    ${s ? (s.ok ? 'ok  ' : 'FAIL') : i === e.steps.length ? '??  ' : '-   '} ${i + 1}. ${op}${s && !s.ok && s.error ? ` (${s.error})` : ''}`);
      });
    }
    if (e.replannedAt) lines.push(`    planned again at ${e.replannedAt}, after authentication, on the machine as it was then: the same steps`);
    if (e.reason) lines.push(`    ${e.reason}`);
    if (e.outcome === 'done' && e.rollback) lines.push(`    to roll back: pmem-console apply ${requestLine(e.rollback)}`);
    return lines.join('\n');
  }).join('\n') + '\n';
}
