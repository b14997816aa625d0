// The commands that change a machine: plan (shows what would run) and apply (runs it, checked, confirmed, verified, journalled).
import '../one-shot.js';
import { formatDuration, parseParams } from '../../../shared/actions/index.js';
import { runnerFor } from '../../actions/elevation/runner.js';
import { runPlan, type StepProgress } from '../../actions/execute.js';
import { makePlan, readPlanInput } from '../../actions/plan.js';
import { simTwin } from '../../host/twin-factory.js';
import { UsageError, type Args } from '../args.js';
import type { Io } from '../main.js';
import { openFromArgs } from '../open.js';
import { cliPasswordSource } from '../password.js';
import { formatPlan, formatReport } from '../plan-format.js';

async function planFor(a: Args, io: Io) {
  if (!a.action) throw new UsageError(`${a.command} needs an action; pmem-console actions lists them`);
  parseParams(a.action, a.params); // bad input stops here, before any machine is touched
  // A copied tree is looked at, never changed: this machine's tools would act on this machine, not on the tree (snapshot reads it).
  if (a.sysroot !== undefined) throw new UsageError(`--sysroot ${a.sysroot} is a read-only view of a copied tree: ${a.command} is for a machine that can be changed (snapshot and doctor read the tree)`);
  const host = await openFromArgs(a, io);
  // A recorded capture can be planned on (a plan runs nothing) but not applied to: refused before anything is read or run.
  const readOnly = a.command === 'apply' ? (host.readOnlyBecause?.() ?? null) : null;
  if (readOnly) {
    await host.close();
    throw new UsageError(`${readOnly}: apply changes a machine (plan shows what it would do)`);
  }
  try {
    const input = await readPlanInput(host);
    const ctx = { host, twin: simTwin, known: input };
    return { host, ctx, input, plan: await makePlan(ctx, { action: a.action, params: a.params }, input) };
  } catch (e) {
    await host.close();
    throw e;
  }
}

/** plan: what an action would run, its risk, guards and predicted effect; exit 2 when it cannot work here, 3 when a guard blocks it. */
export async function planCommand(a: Args, io: Io): Promise<number> {
  const { host, plan } = await planFor(a, io);
  try {
    io.out(a.json ? JSON.stringify(plan, null, 2) + '\n' : formatPlan(plan));
    // plan takes them so that its line becomes the apply by one word; it says so rather than seem to act on them.
    if (a.yes || a.confirm !== undefined) io.err(a.json ? `${JSON.stringify({ event: 'plan.only', message: 'plan runs nothing: --yes and --confirm are for apply (the same line with apply runs it)' })}\n` : 'pmem-console: plan runs nothing: --yes and --confirm are for apply (the same line with apply runs it)\n');
    return plan.guards.some((g) => g.blocking && g.badInput) ? 2 : plan.guards.some((g) => g.blocking) ? 3 : 0;
  } finally {
    await host.close();
  }
}

/** Shows a run's progress: a line per step; on a terminal one line that updates with the blocks done so far; with --json, JSON lines on stderr. */
function progressPrinter(a: Args, io: Io): (p: StepProgress) => void {
  const tty = !a.json && process.stdout.isTTY === true;
  let lastLine = 0;
  return (p) => {
    if (a.json) return io.err(JSON.stringify({ event: 'run.step', ...p }) + '\n');
    const head = `step ${p.index + 1} of ${p.total}`;
    if (p.status === 'running') io.out(`${head}: ${p.op}\n`);
    else if (p.status === 'overdue') io.out(`${tty ? '\r\u001b[K' : ''}${head}: ${p.detail}. Ctrl-C twice stops waiting (the step goes on by itself).\n`);
    else if (p.status === 'progress' && tty) io.out(`\r\u001b[K${head}: ${p.detail} (${formatDuration(p.elapsedMs)})`);
    else if (p.status === 'progress' && Date.now() - lastLine >= 10_000) {
      lastLine = Date.now();
      io.out(`${head}: ${p.detail} (${formatDuration(p.elapsedMs)})\n`);
    } else if ((p.status === 'ok' || p.status === 'failed') && tty) io.out('\r\u001b[K');
  };
}

/** Ctrl-C during a run: the first says why the console waits; a second within 10 s stops waiting (the step is left to finish). */
function stopWaitingOnCtrlC(io: Io): { signal: AbortSignal; dispose(): void } {
  const stop = new AbortController();
  let warnedAt = 0;
  const onSigint = () => {
    if (Date.now() - warnedAt < 10_000) {
      io.err('pmem-console: stopped waiting; the running step is left to finish on its own, and no further step starts\n');
      stop.abort();
      return;
    }
    warnedAt = Date.now();
    io.err('pmem-console: a step is running and is left to finish: stopping ndctl or daxctl midway would leave the change half done. Press Ctrl-C again within 10 s to stop waiting for it.\n');
  };
  process.on('SIGINT', onSigint);
  return { signal: stop.signal, dispose: () => void process.off('SIGINT', onSigint) };
}

/** apply: plans, checks the confirmation, runs step by step, verifies and journals; the report comes first, then any journal trouble. */
export async function applyCommand(a: Args, io: Io): Promise<number> {
  const { host, ctx, input, plan } = await planFor(a, io);
  const ctrlC = stopWaitingOnCtrlC(io);
  try {
    if (!a.json) io.out(formatPlan(plan));
    const report = await runPlan(ctx, plan, { yes: a.yes, typedName: a.confirm }, runnerFor(host, { askPassword: io.askPassword ?? cliPasswordSource(a.sudoPasswordStdin === true) }), { onProgress: progressPrinter(a, io), stopWaiting: ctrlC.signal, madeFrom: input });
    io.out(a.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
    if (report.journalProblem) io.err(`pmem-console: ${report.journalProblem}\n`);
    return report.outcome === 'done' ? 0 : 1;
  } finally {
    ctrlC.dispose();
    await host.close();
  }
}
