// The plans that finish or roll back what a cut-short run left on the machine, decided on the machine as read after it: each is offered
// only where its planner, on that read, would run it (no blocking guard, something to do).
import type { ActionRequest, ObservedChange, Plan } from '../../shared/actions/index.js';

/** What the follow-ups are decided from: the plan's action, parameters, risk and rollback. */
export type PlanGist = Pick<Plan, 'action' | 'params' | 'risk' | 'rollback'>;
import { draftPlan } from './plan.js';
import type { PlanInput } from './planners/draft.js';

/** What to plan next after a run that did not end as predicted. */
export interface FollowUps {
  /** Completes what was partly done (the rest of the steps, as its planner now makes them), or null. */
  finish: ActionRequest | null;
  /** Undoes what was done, or null. */
  rollback: ActionRequest | null;
}

/** Whether a planner, on this read, would run the request: it plans steps and no guard blocks. */
function runnable(input: PlanInput, request: ActionRequest): boolean {
  try {
    const draft = draftPlan(input, request);
    return draft.steps.length > 0 && !draft.guards.some((g) => g.blocking);
  } catch {
    return false;
  }
}

/** The request that completes a plan cut short, before the plan itself is planned again: where the first part of an action is a state
 *  of its own (a dax device that is system RAM with its blocks offline), the action that does the rest. */
function finishingRequest(input: PlanInput, plan: PlanGist): ActionRequest {
  if (plan.action === 'dax.system-ram' && plan.params.online !== 'no') {
    const d = input.topology.daxDevices.find((x) => x.dev === plan.params.device);
    if (d?.mode === 'system-ram' && d.onlineMemblocks < d.totalMemblocks) {
      return { action: 'memory.online', params: { device: d.dev, ...(plan.params.zone === 'normal' ? { zone: 'normal' } : {}) } };
    }
  }
  return { action: plan.action, params: plan.params };
}

/** What to offer after a run, from what the machine shows: nothing when nothing changed or all of it is done; a finish where something
 *  is partly done or not done beside what is (never a destructive plan run twice: its second run would destroy again); the rollback
 *  where something changed and it would run. */
export function followUps(input: PlanInput | null, plan: PlanGist, observed: readonly ObservedChange[]): FollowUps {
  const changed = observed.some((o) => o.progress !== 'not-done');
  if (!input || !changed) return { finish: null, rollback: null };
  const incomplete = observed.some((o) => o.progress === 'partly' || o.progress === 'not-done');
  let finish: ActionRequest | null = null;
  if (incomplete) {
    const request = finishingRequest(input, plan);
    const again = request.action === plan.action;
    if (runnable(input, request) && !(again && plan.risk === 'destructive')) finish = request;
  }
  const rollback = plan.rollback && runnable(input, plan.rollback) ? plan.rollback : null;
  return { finish, rollback };
}
