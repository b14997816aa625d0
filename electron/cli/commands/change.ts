// The commands that change a machine: plan (shows what would run) and apply (runs it, checked, confirmed, verified, journalled).
import '../one-shot.js';
import { parseParams } from '../../../shared/actions/index.js';
import { runnerFor } from '../../actions/elevation/runner.js';
import { runPlan } from '../../actions/execute.js';
import { makePlan } from '../../actions/plan.js';
import { simTwin } from '../../host/twin-factory.js';
import { UsageError, type Args } from '../args.js';
import type { Io } from '../main.js';
import { openFromArgs } from '../open.js';
import { formatPlan, formatReport } from '../plan-format.js';

async function planFor(a: Args, io: Io) {
  if (!a.action) throw new UsageError(`${a.command} needs an action; pmem-console actions lists them`);
  parseParams(a.action, a.params); // bad input stops here, before any machine is touched
  const host = await openFromArgs(a, io.err);
  try {
    const ctx = { host, twin: simTwin };
    return { host, ctx, plan: await makePlan(ctx, { action: a.action, params: a.params }) };
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
    return plan.guards.some((g) => g.blocking && g.badInput) ? 2 : plan.guards.some((g) => g.blocking) ? 3 : 0;
  } finally {
    await host.close();
  }
}

/** apply: plans, checks the confirmation, runs step by step, verifies and journals; the report comes first, then any journal trouble. */
export async function applyCommand(a: Args, io: Io): Promise<number> {
  const { host, ctx, plan } = await planFor(a, io);
  try {
    if (!a.json) io.out(formatPlan(plan));
    const report = await runPlan(ctx, plan, { yes: a.yes, typedName: a.confirm }, runnerFor(host, a.timeoutMs), (line) => { if (!a.json) io.out(`${line}\n`); });
    io.out(a.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
    if (report.journalProblem) io.err(`pmem-console: ${report.journalProblem}\n`);
    return report.outcome === 'done' ? 0 : 1;
  } finally {
    await host.close();
  }
}
