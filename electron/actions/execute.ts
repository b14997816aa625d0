// The executor: checks the plan again on a fresh read, takes the object's lock, runs step by step, verifies, and journals
// ahead of itself (a record before the first step and after each one), so a run that dies midway still says what it did.
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { compareWithPrediction, describeOp, formatDuration, isBlocked, machineFacts, observeChanges, outcomeSentence, parseParams, requestLine, type Plan, type RunReport, type StepProgress } from '../../shared/actions/index.js';
import { newPoisonWords, type Topology } from '../../shared/model/index.js';
import { formatBytes } from '../../shared/units/index.js';
import { snapshot } from '../system/snapshot.js';
import type { ReadScope } from '../system/scope.js';
import type { StepRunner } from './elevation/runner.js';
import { ElevationRefusedError } from './elevation/protocol.js';
import { NotConfirmedError, RefusedError } from './errors.js';
import { appendJournal, appendRecord, bound, journalProblem, type JournalEntry, type JournalRecord } from './journal.js';
import { acquireLock } from './locks.js';
import { followUps } from './follow-ups.js';
import { inputAround, makePlan, readForPlan, readPlanInput, type PlanContext } from './plan.js';
import type { PlanInput } from './planners/draft.js';
import { planScope } from './scope.js';
import { watchStep } from './step-watch.js';

export type { RunReport, StepProgress };
export { NotConfirmedError, RefusedError };

/** What a person confirmed: a yes (reversible plans) or the object's name typed (disruptive and destructive ones). */
export interface Confirmation {
  yes?: boolean;
  typedName?: string;
}

/** How a run is watched and steered: progress events, the limits (tests shorten them), and the person's "stop waiting". */
export interface RunOptions {
  /** Told when each step starts, how it goes (blocks so far; past its usual time), and how it ends. */
  onProgress?: (p: StepProgress) => void;
  /** Per-step limits instead of the plan's own (stepEstimates). */
  limitsMs?: number[];
  /** Aborted when the person stops waiting: the running step is left to finish on its own, and no further step starts. */
  stopWaiting?: AbortSignal;
  /** The read the plan was made from moments ago in the same call, with no person in between (the CLI's apply): the plan is not
   *  read and checked again. */
  madeFrom?: PlanInput;
}

/** Says why a plan may not run without more confirmation, or null when it may. */
export function missingConfirmation(plan: Plan, c: Confirmation): string | null {
  const need = plan.confirmation;
  if (need.kind === 'none') return null;
  if (need.kind === 'yes') return c.yes || c.typedName === plan.object ? null : `this plan is ${plan.risk}: confirm it (--yes)`;
  if (c.typedName === need.name) return null;
  return c.typedName === undefined ? `this plan is ${plan.risk}: type the name of what it acts on to confirm (--confirm ${need.name})` : `"${c.typedName}" is not ${need.name}: nothing was run`;
}

function head(plan: Plan, id = randomUUID()) {
  return { id, time: new Date().toISOString(), host: plan.host, user: userInfo().username, action: plan.action, params: plan.params, object: plan.object, risk: plan.risk };
}

/** Journals a plan that was refused or not confirmed, and returns the error to throw (a journal that cannot be written is said in it). */
function refuse<E extends Error>(plan: Plan, outcome: 'refused' | 'not-confirmed', error: E): E {
  try {
    appendJournal({ ...head(plan), outcome, reason: error.message, steps: [], planned: plan.steps.map((s) => describeOp(s.op)), rollback: null, changes: [], verification: [] });
  } catch (e) {
    error.message += `; ${journalProblem(e)}`;
  }
  return error;
}

/** Runs a plan that was shown to a person. It is planned again on a fresh read first (of what it touches, on top of the context's
 *  latest read): if the machine changed so that the steps differ or a guard now blocks, nothing runs. */
export async function runPlan(ctx: PlanContext, shown: Plan, confirmation: Confirmation, runner: StepRunner, opts: RunOptions = {}): Promise<RunReport> {
  const guardText = (p: Plan) => p.guards.filter((g) => g.blocking).map((g) => g.message).join('; ');
  if (isBlocked(shown)) throw refuse(shown, 'refused', new RefusedError(`refused: ${guardText(shown)}`, shown, shown.guards.some((g) => g.blocking && g.badInput)));
  const unconfirmed = missingConfirmation(shown, confirmation);
  if (unconfirmed) throw refuse(shown, 'not-confirmed', new NotConfirmedError(unconfirmed, shown));
  const cannot = runner.unavailable();
  if (cannot) throw refuse(shown, 'refused', new RefusedError(cannot, shown, false));
  const release = acquireLock(shown.host, shown.object);
  try {
    if (opts.madeFrom) return await execute(ctx, shown, opts.madeFrom.topology, runner, opts);
    const input = await readForPlan(ctx, { action: shown.action, params: shown.params });
    const plan = await makePlan(ctx, { action: shown.action, params: shown.params }, input);
    if (isBlocked(plan)) throw refuse(plan, 'refused', new RefusedError(`refused: the machine changed since the plan was made: ${guardText(plan)}`, plan, false));
    if (JSON.stringify(plan.steps) !== JSON.stringify(shown.steps)) {
      throw refuse(plan, 'refused', new RefusedError(`refused: the machine changed since the plan was made, and the steps would now be: ${plan.steps.map((s) => describeOp(s.op)).join('; ')}`, plan, false));
    }
    return await execute(ctx, plan, input.topology, runner, opts);
  } finally {
    release();
  }
}

/** Writes journal records as the run goes; the first failure is kept and reported after the run, and nothing more is attempted. */
class JournalWriter {
  problem: string | null = null;
  write(record: JournalRecord): void {
    if (this.problem) return;
    try {
      appendRecord(record);
    } catch (e) {
      this.problem = journalProblem(e);
    }
  }
}

/** Waits for a step, unless the person stops waiting first (then resolves to null; the step goes on by itself). */
function unlessStopped<T>(step: Promise<T>, signal: AbortSignal | undefined): Promise<T | null> {
  if (!signal) return step;
  if (signal.aborted) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const stop = () => resolve(null);
    signal.addEventListener('abort', stop, { once: true });
    step.then((v) => { signal.removeEventListener('abort', stop); resolve(v); }, (e: unknown) => { signal.removeEventListener('abort', stop); reject(e); });
  });
}

/** The plan made again on the machine as it is once the person has authenticated, or why nothing may run: a dialog can stay up for
 *  minutes, and the plan that runs (its rollback and prediction, what it is judged against) must be the one the machine has now. */
async function replanAfterWait(ctx: PlanContext, plan: Plan, before: Topology): Promise<{ plan: Plan; before: Topology }> {
  const request = { action: plan.action, params: plan.params };
  const input = await readPlanInput(ctx.host, { base: before, scope: planScope(before, parseParams(plan.action, plan.params).params, plan.steps) });
  const again = await makePlan(ctx, request, input);
  const blocking = again.guards.filter((g) => g.blocking).map((g) => g.message);
  if (blocking.length) throw new ElevationRefusedError(`the machine changed while you authenticated: ${blocking.join('; ')}; nothing ran`);
  if (JSON.stringify(again.steps) !== JSON.stringify(plan.steps)) {
    throw new ElevationRefusedError(`the machine changed while you authenticated, and the steps would now be: ${again.steps.map((s) => describeOp(s.op)).join('; ')}; nothing ran`);
  }
  return { plan: again, before: input.topology };
}

async function execute(ctx: PlanContext, shownPlan: Plan, shownBefore: Topology, runner: StepRunner, opts: RunOptions): Promise<RunReport> {
  let plan = shownPlan;
  let before = shownBefore;
  const emit = opts.onProgress ?? (() => {});
  const journal = new JournalWriter();
  const start = head(plan);
  const planned = plan.steps.map((s) => describeOp(s.op));
  let predictedFacts = plan.prediction && !plan.prediction.failedStep ? plan.prediction.after : null;
  journal.write({ record: 'started', ...start, planned, rollback: plan.rollback, pid: process.pid, before: machineFacts(before), predicted: predictedFacts });
  // Written ahead or not at all: a change the journal could not record first is not made (a run killed then would leave no trace).
  if (journal.problem) throw new RefusedError(`refused: ${journal.problem.replace(/: this run has no complete record there$/, '')}: nothing ran, as a change is recorded before it is made`, plan, false);
  const ran: RunReport['ran'] = [];
  const verification: string[] = [];
  // The machine is read again once the steps are over: what they touch, on top of the read the run was checked against.
  const readAfter = () => {
    const scope: ReadScope = planScope(before, parseParams(plan.action, plan.params).params, plan.steps);
    return snapshot(ctx.host, { base: before, scope });
  };
  let failedAt: number | null = null;
  let failure = '';
  let refusedByElevation: string | null = null;
  let detachedAt: number | null = null;
  /** Whether the step at detachedAt had started (and was left running), or the run was stopped before it. */
  let leftRunning = false;
  const record = (index: number, step: JournalEntry['steps'][number]) => journal.write({ record: 'step', id: start.id, index, step });
  try {
    await runner.begin({ host: plan.host, action: plan.action, params: plan.params, steps: plan.steps.map((s) => s.op) });
    if (runner.waitedForPerson()) {
      ({ plan, before } = await replanAfterWait(ctx, plan, before));
      predictedFacts = plan.prediction && !plan.prediction.failedStep ? plan.prediction.after : null;
      journal.write({ record: 'replanned', id: start.id, at: new Date().toISOString(), rollback: plan.rollback, before: machineFacts(before), predicted: predictedFacts });
      if (journal.problem) throw new ElevationRefusedError(`${journal.problem.replace(/: this run has no complete record there$/, '')}: nothing ran, as the plan that runs is recorded before it runs`);
    }
    for (let i = 0; i < plan.steps.length; i++) {
      const step = plan.steps[i]!;
      const total = plan.steps.length;
      const limitMs = opts.limitsMs?.[i] ?? plan.limitsMs[i] ?? 60_000;
      if (opts.stopWaiting?.aborted) {
        detachedAt = i;
        failure = `the person stopped the run before step ${i + 1} (${planned[i]}) started`;
        break;
      }
      emit({ index: i, total, op: planned[i]!, status: 'running', detail: null, elapsedMs: 0 });
      const unwatch = watchStep(ctx.host, before, { index: i, total, op: step.op, text: planned[i]!, limitMs }, emit);
      const started = Date.now();
      let result: Awaited<ReturnType<StepRunner['run']>> | null;
      try {
        result = await unlessStopped(runner.run(i, step.op), opts.stopWaiting);
      } finally {
        unwatch();
      }
      if (result === null) {
        detachedAt = i;
        leftRunning = true;
        failure = `the console stopped waiting for step ${i + 1} (${planned[i]}) after ${formatDuration(Date.now() - started)}; it was left to finish on its own`;
        break;
      }
      emit({ index: i, total, op: planned[i]!, status: result.ok ? 'ok' : 'failed', detail: result.error, elapsedMs: result.durationMs });
      ran.push({ step, result });
      record(i, { op: planned[i]!, exitCode: result.exitCode, stdout: bound(result.stdout), stderr: bound(result.stderr), durationMs: result.durationMs, ok: result.ok, error: result.error });
      if (!result.ok) {
        failedAt = i;
        failure = result.error ?? 'failed';
        break;
      }
    }
  } catch (e) {
    if (e instanceof ElevationRefusedError && ran.length === 0) refusedByElevation = e.message;
    failedAt = ran.length;
    failure = (e as Error).message;
    record(failedAt, { op: planned[failedAt]!, exitCode: null, stdout: '', stderr: '', durationMs: 0, ok: false, error: failure });
  } finally {
    await runner.end();
  }
  // The outcome is what the machine shows: read again, compared with the read before and with the prediction.
  let after: Topology | null = null;
  let readAfterProblem: string | null = null;
  if (refusedByElevation === null) {
    try {
      after = await readAfter();
    } catch (e) {
      readAfterProblem = (e as Error).message;
    }
  }
  const prediction = plan.prediction;
  const observed = after ? observeChanges(machineFacts(before), machineFacts(after), predictedFacts) : [];
  const changes = observed.filter((o) => o.progress !== 'not-done').map(({ what, before: b, after: a }) => ({ what, before: b, after: a }));
  const cutShort = detachedAt !== null || failedAt !== null;
  const next = cutShort ? followUps(after ? await inputAround(ctx.host, after).catch(() => null) : null, plan, observed) : { finish: null, rollback: null };
  const nextWords = [next.finish ? `To finish: pmem-console apply ${requestLine(next.finish)}.` : '', next.rollback ? `To roll back: pmem-console apply ${requestLine(next.rollback)}.` : ''].filter(Boolean).join(' ');
  if (detachedAt !== null) {
    const notStarted = leftRunning ? detachedAt + 2 : detachedAt + 1;
    const message = `stopped waiting: ${failure}${plan.steps.length >= notStarted ? `; step${notStarted < plan.steps.length ? `s ${notStarted}-${plan.steps.length}` : ` ${notStarted}`} did not start` : ''}. ${outcomeSentence(observed, readAfterProblem)}${leftRunning ? ' The step goes on by itself: read the machine again (pmem-console snapshot, or Refresh) to see where it ends.' : ''}${nextWords ? ` ${nextWords}` : ''}`;
    journal.write({ record: 'ended', id: start.id, outcome: 'detached', reason: message, changes, verification, observed, finish: next.finish, rollback: next.rollback, readAfter: readAfterProblem });
    return { plan, outcome: 'detached', ran, failedAt: detachedAt, message, changes, observed, verification, after, readAfterProblem, rollback: next.rollback, finish: next.finish, journalId: start.id, journalProblem: journal.problem };
  }
  if (refusedByElevation !== null) {
    journal.write({ record: 'ended', id: start.id, outcome: 'refused', reason: refusedByElevation, changes: [], verification: [] });
    const error = new RefusedError(refusedByElevation, plan, false);
    if (journal.problem) error.message += `; ${journal.problem}`;
    throw error;
  }
  // A finished run is checked against the prediction after its last step.
  if (failedAt === null && after && prediction && !prediction.failedStep) verification.push(...compareWithPrediction(prediction.after, machineFacts(after)));
  const done = failedAt === null;
  // Poison a scrub found is news, not a difference from the prediction: said as what it is and where.
  const found = after && predictedFacts?.poisonFound?.length ? newPoisonWords(before, after, formatBytes) : [];
  const foundWords = found.length ? `; the scrub found new poison: ${found.join('; ')} (clear it with namespace.clear-errors, or keep that memory out of use)` : '';
  const stepsRan = ran.filter((r) => r.result.ok).length;
  const ranWords = stepsRan === 0 ? '' : stepsRan === 1 ? 'Step 1 ran. ' : `Steps 1-${stepsRan} ran. `;
  const message = done
    ? `done: ${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'} ran${readAfterProblem !== null ? `; ${outcomeSentence(observed, readAfterProblem)}` : verification.length ? '; the result differs from the prediction' : ' and the result matches the prediction'}${foundWords}`
    : `failed at step ${failedAt! + 1} of ${plan.steps.length} (${describeOp(plan.steps[failedAt!]!.op)}): ${failure}. ${ranWords}${outcomeSentence(observed, readAfterProblem)}${nextWords ? ` ${nextWords}` : ''}`;
  // A run that went through can be undone by the plan's own rollback; one cut short, by the rollback that would run on what it left.
  const rollback = done ? plan.rollback : next.rollback;
  journal.write({ record: 'ended', id: start.id, outcome: done ? 'done' : 'failed', reason: done ? null : message, changes, verification, observed, finish: next.finish, rollback, readAfter: readAfterProblem });
  return { plan, outcome: done ? 'done' : 'failed', ran, failedAt, message, changes, observed, verification, found, after, readAfterProblem, rollback, finish: next.finish, journalId: start.id, journalProblem: journal.problem };
}
