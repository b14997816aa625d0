// Plans: parameters checked, the machine read, a planner's steps and guards, and a prediction from a simulated twin.
import { confirmationFor, diffFacts, stepLimitMs, machineFacts, parseParams, type ActionName, type ActionRequest, type Params, type Plan, type Prediction, type Step } from '../../shared/actions/index.js';
import type { Topology } from '../../shared/model/index.js';
import type { Host } from '../host/host.js';
import { doctor } from '../system/doctor.js';
import { snapshot } from '../system/snapshot.js';
import { changeStamp } from '../system/stamp.js';
import { readUsage } from '../system/usage.js';
import { planDevdax, planMemory, planSystemRam } from './planners/dax.js';
import { block, type Draft, type PlanInput } from './planners/draft.js';
import { planLabelsInit, planNamespaceCreate, planNamespaceDestroy, planNamespaceReconfigure, planNamespaceToggle, planRegionToggle } from './planners/namespace.js';
import { planPersistenceRemove, planPersistenceWrite, planTiering } from './planners/persistence.js';
import { runStep } from './run-step.js';

/** Makes a simulated twin of a machine from its topology (given by the caller, so this layer needs no host implementation). */
export type TwinFactory = (t: Topology) => Host;

/** What planning needs: the machine, and a way to make its twin. */
export interface PlanContext {
  host: Host;
  twin: TwinFactory;
}

const PLANNERS: Record<ActionName, (input: PlanInput, p: Params) => Draft> = {
  'namespace.create': planNamespaceCreate,
  'namespace.destroy': planNamespaceDestroy,
  'namespace.reconfigure': planNamespaceReconfigure,
  'namespace.enable': (i, p) => planNamespaceToggle(i, p, true),
  'namespace.disable': (i, p) => planNamespaceToggle(i, p, false),
  'region.enable': (i, p) => planRegionToggle(i, p, true),
  'region.disable': (i, p) => planRegionToggle(i, p, false),
  'labels.init': planLabelsInit,
  'dax.system-ram': planSystemRam,
  'dax.devdax': planDevdax,
  'memory.online': (i, p) => planMemory(i, p, true),
  'memory.offline': (i, p) => planMemory(i, p, false),
  'persistence.write': planPersistenceWrite,
  'persistence.remove': planPersistenceRemove,
  'tiering.set': planTiering,
};

/** Reads what planners decide from. */
export async function readPlanInput(host: Host): Promise<PlanInput> {
  const topology = await snapshot(host);
  const [findings, usage] = await Promise.all([doctor(host, topology), readUsage(host, topology)]);
  return { topology, findings, usage };
}

/** A cheap stamp of the machine planners read: when it has not moved, a full read would show the same (see system/stamp.ts). */
export function readPlanInputStamp(host: Host): Promise<string> {
  return changeStamp(host);
}

/** Runs the steps on a twin of the machine and records the facts after each one. */
export async function predict(twin: Host, before: Topology, steps: Step[]): Promise<Prediction> {
  const afterStep = [];
  let failedStep: Prediction['failedStep'] = null;
  for (let i = 0; i < steps.length; i++) {
    const r = await runStep(twin, steps[i]!.op);
    if (!r.ok) {
      failedStep = { index: i, message: r.error ?? 'failed' };
      break;
    }
    afterStep.push(machineFacts(await snapshot(twin)));
  }
  const last = afterStep.at(-1) ?? machineFacts(before);
  return { afterStep, failedStep, changes: diffFacts(machineFacts(before), last) };
}

/** A plan's steps and guards without the prediction: cheap enough to ask of every object on every read. */
export function draftPlan(input: PlanInput, request: ActionRequest): Draft & { action: ActionName } {
  const { action, params } = parseParams(request.action, request.params);
  return { ...PLANNERS[action](input, params), action };
}

/** Plans an action on a machine: checks the parameters (ParamError), reads the machine, guards, predicts. */
export async function makePlan(ctx: PlanContext, request: ActionRequest, input?: PlanInput): Promise<Plan> {
  const machine = input ?? (await readPlanInput(ctx.host));
  const { action, ...draft } = draftPlan(machine, request);
  let prediction: Prediction | null = null;
  if (!draft.guards.some((g) => g.blocking)) {
    const twin = ctx.twin(machine.topology);
    try {
      prediction = await predict(twin, machine.topology, draft.steps);
    } finally {
      await twin.close();
    }
    const failed = prediction.failedStep;
    if (failed) draft.guards.push(block('predicted-failure', `on a simulated twin of this machine, step ${failed.index + 1} fails: ${failed.message}`));
  }
  return {
    action, params: request.params, object: draft.object, summary: draft.summary, risk: draft.risk,
    confirmation: confirmationFor(draft.risk, draft.object), steps: draft.steps, limitsMs: draft.steps.map((s) => stepLimitMs(s.op, machine.topology)), guards: draft.guards, prediction,
    rollback: draft.rollback, noRollbackBecause: draft.noRollbackBecause, host: ctx.host.info.label,
  };
}
