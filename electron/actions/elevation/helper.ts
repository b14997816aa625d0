// The privileged helper: reads one plan, checks every step against the allowlist, reads the machine itself and plans the same
// action again; only when its own plan is the plan it was given, with no guard blocking, does it run the steps, one at a time, on request.
import type { Readable, Writable } from 'node:stream';
import { describeOp, type StepOp } from '../../../shared/actions/index.js';
import type { Host } from '../../host/host.js';
import { draftPlan, readPlanInput } from '../plan.js';
import { runStep } from '../run-step.js';
import { refuseOp } from './allowlist.js';
import { MAX_REQUEST_BYTES, parsePlanRequest, parseRunRequest, type PlanToRun } from './protocol.js';

/** What the helper records as it works (an audit log, root's own): the plan accepted or refused, each step before and after. */
export type Audit = (event: Record<string, unknown>) => void;

/** Reads lines of at most maxBytes; a longer line ends the input with an error marker instead of being held in memory. */
async function* boundedLines(input: Readable, maxBytes: number): AsyncGenerator<string | { tooLong: true }> {
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (Buffer.byteLength(line) > maxBytes) return yield { tooLong: true };
      yield line;
    }
    if (Buffer.byteLength(pending) > maxBytes) return yield { tooLong: true };
  }
  if (pending.trim()) yield pending;
}

/** Plans the action on the machine as the helper reads it now, and says why it will not run the plan it was given, or null. */
export async function recheck(host: Host, given: PlanToRun): Promise<string | null> {
  // The helper acts on the machine it runs on, as it is: a plan made for another view of it (a --sysroot tree) or another host is not its own.
  if (given.host !== host.info.label) return `the plan was made for ${JSON.stringify(given.host.slice(0, 200))}, not for this machine as it is (${host.info.label})`;
  const readOnly = host.readOnlyBecause?.() ?? null;
  if (readOnly) return readOnly;
  const refused = given.steps.map(refuseOp).find((r) => r !== null);
  if (refused) return refused;
  let draft: ReturnType<typeof draftPlan>;
  try {
    draft = draftPlan(await readPlanInput(host), { action: given.action, params: given.params });
  } catch (e) {
    return `it could not plan ${given.action} itself: ${(e as Error).message}`;
  }
  if (draft.guards.some((g) => g.blocking)) return `the machine changed since the plan was shown: ${draft.guards.filter((g) => g.blocking).map((g) => g.message).join('; ')}`;
  const own: StepOp[] = draft.steps.map((s) => s.op);
  if (JSON.stringify(own) !== JSON.stringify(given.steps)) {
    return `the machine changed since the plan was shown, or the plan is not one the console makes: on this machine now, ${given.action} would run ${own.length ? own.map(describeOp).join('; ') : 'nothing'}`;
  }
  return null;
}

/** Serves one plan over the line protocol; returns when the input ends. Every step runs at most once, in order, and only steps of its own plan. */
export async function serveHelper(input: Readable, output: Writable, host: Host, audit: Audit = () => {}): Promise<void> {
  const send = (v: unknown) => output.write(JSON.stringify(v) + '\n');
  const refuse = (why: string) => {
    audit({ event: 'refused', why });
    send({ refused: why });
  };
  let plan: PlanToRun | null = null;
  let next = 0;
  for await (const line of boundedLines(input, MAX_REQUEST_BYTES)) {
    if (typeof line !== 'string') return refuse(`a request is longer than ${MAX_REQUEST_BYTES} bytes`);
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      return refuse('the request is not JSON');
    }
    if (plan === null) {
      const parsed = parsePlanRequest(msg);
      if (typeof parsed === 'string') return refuse(parsed);
      const why = await recheck(host, parsed);
      if (why) return refuse(why);
      plan = parsed;
      audit({ event: 'accepted', action: plan.action, params: plan.params, steps: plan.steps.map(describeOp) });
      send({ ready: true, steps: plan.steps.length });
      continue;
    }
    const index = parseRunRequest(msg, next, plan.steps.length);
    if (typeof index === 'string') return refuse(index);
    next++;
    const op = plan.steps[index]!;
    audit({ event: 'step-started', index, op: describeOp(op) });
    const result = await runStep(host, op);
    audit({ event: 'step-ended', index, ok: result.ok, exitCode: result.exitCode, error: result.error, durationMs: result.durationMs });
    send(result);
  }
}
