// Plans: parameters checked, the machine read, a planner's steps and guards, and a prediction from a simulated twin.
import { confirmationFor, diffFacts, stepEstimates, machineFacts, parseParams, type ActionName, type ActionRequest, type Params, type Plan, type Prediction, type Step } from '../../shared/actions/index.js';
import type { Topology } from '../../shared/model/index.js';
import type { Host } from '../host/host.js';
import { doctor } from '../system/doctor.js';
import { snapshot, type ScopedRead } from '../system/snapshot.js';
import { changeStamp } from '../system/stamp.js';
import { readUsage } from '../system/usage.js';
import { planDevdax, planMemory, planSystemRam } from './planners/dax.js';
import { block, type Draft, type PlanInput } from './planners/draft.js';
import { planBusScrub, planClearErrors } from './planners/health.js';
import { planInterleave } from './planners/mm.js';
import { planCxlMemdevToggle, planCxlRegionCreate, planCxlRegionDestroy, planCxlRegionToggle } from './planners/cxl.js';
import { planFreezeSecurity, planPassphraseRemove, planPassphraseSetup, planPassphraseUpdate, planSanitize } from './planners/security.js';
import { planLabelsInit, planNamespaceCreate, planNamespaceDestroy, planNamespaceReconfigure, planNamespaceToggle, planRegionToggle } from './planners/namespace.js';
import { planAutoOnline, planBootRule, planPersistenceRemove, planPersistenceWrite, planTiering } from './planners/persistence.js';
import { runStep } from './run-step.js';
import { gathered } from '../host/gather.js';
import { findingsRequest, planInputRequest } from '../system/read-request.js';
import { planScope } from './scope.js';

/** Makes a simulated twin of a machine from its topology (given by the caller, so this layer needs no host implementation). */
export type TwinFactory = (t: Topology) => Host;

/** What planning needs: the machine, a way to make its twin, and the latest read of the machine, if any (plans then read again
 *  only what they touch, on top of it). */
export interface PlanContext {
  host: Host;
  twin: TwinFactory;
  known?: PlanInput;
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
  'memory.auto-online': planAutoOnline,
  'persistence.boot-rule': planBootRule,
  'bus.scrub': planBusScrub,
  'namespace.clear-errors': planClearErrors,
  'dimm.freeze-security': planFreezeSecurity,
  'dimm.sanitize': planSanitize,
  'dimm.passphrase-setup': planPassphraseSetup,
  'dimm.passphrase-update': planPassphraseUpdate,
  'dimm.passphrase-remove': planPassphraseRemove,
  'cxl.region-create': planCxlRegionCreate,
  'cxl.region-destroy': planCxlRegionDestroy,
  'cxl.region-enable': (i, p) => planCxlRegionToggle(i, p, true),
  'cxl.region-disable': (i, p) => planCxlRegionToggle(i, p, false),
  'cxl.memdev-enable': (i, p) => planCxlMemdevToggle(i, p, true),
  'cxl.memdev-disable': (i, p) => planCxlMemdevToggle(i, p, false),
  'interleave.set': planInterleave,
};

/** Reads what planners decide from: the whole machine, or, on top of an earlier read, only a scope of it (see system/scope.ts). */
export async function readPlanInput(host: Host, prior?: ScopedRead): Promise<PlanInput> {
  // One gathered answer serves the snapshot, the doctor and the usage read (one round trip on an ssh host).
  const reading = await gathered(host, planInputRequest(prior));
  return inputAround(reading, await snapshot(reading, prior));
}

/** What planners decide from, around a snapshot just taken: the doctor's findings and who uses what. */
export async function inputAround(machine: Host, topology: Topology): Promise<PlanInput> {
  // One round trip on an ssh host (none more when the machine given is a gathered answer already).
  const host = await gathered(machine, findingsRequest());
  const [findings, usage] = await Promise.all([doctor(host, topology), readUsage(host, topology)]);
  return { topology, findings, usage };
}

/** A cheap stamp of the machine planners read: when it has not moved, a full read would show the same (see system/stamp.ts). */
export function readPlanInputStamp(host: Host): Promise<string> {
  return changeStamp(host);
}

/** The regions a plan's steps scrub (start-scrub of a bus, or clear-errors --scrub, which scrubs every bus that can): a scrub finds
 *  whatever poison the media holds, which no twin can know. */
function scrubbedRegions(before: Topology, steps: readonly Step[]): string[] {
  const buses = new Set<string>();
  for (const s of steps) {
    if (s.op.kind !== 'exec' || s.op.argv[0] !== 'ndctl') continue;
    const [, sub, ...rest] = s.op.argv;
    if (sub === 'start-scrub') for (const b of rest.filter((a) => !a.startsWith('-'))) buses.add(b);
    if (sub === 'clear-errors' && (rest.includes('--scrub') || rest.includes('-s'))) for (const b of before.buses) if (b.scrubCount != null) buses.add(b.dev);
  }
  return before.regions.filter((r) => buses.has(r.bus)).map((r) => r.dev);
}

/** Runs the steps on a twin of the machine until one fails, then reads back what they touched (on top of the read the twin was made from). */
export async function predict(twin: Host, before: Topology, steps: Step[], params: Params = {}): Promise<Prediction> {
  let failedStep: Prediction['failedStep'] = null;
  let ran = 0;
  for (; ran < steps.length; ran++) {
    const r = await runStep(twin, steps[ran]!.op);
    if (!r.ok) {
      failedStep = { index: ran, message: r.error ?? 'failed' };
      break;
    }
  }
  const after = ran === 0 ? machineFacts(before) : machineFacts(await snapshot(twin, { base: before, scope: planScope(before, params, steps.slice(0, ran)) }));
  const found = scrubbedRegions(before, steps.slice(0, ran));
  return { after: found.length ? { ...after, poisonFound: found } : after, failedStep, changes: diffFacts(machineFacts(before), after) };
}

/** A plan's steps and guards without the prediction: cheap enough to ask of every object on every read. */
export function draftPlan(input: PlanInput, request: ActionRequest): Draft & { action: ActionName; params: Params } {
  const { action, params } = parseParams(request.action, request.params);
  return { ...PLANNERS[action](input, params), action, params };
}

/** Reads what a plan for this request decides from: what it touches, on top of the context's latest read; the whole machine without one. */
export async function readForPlan(ctx: PlanContext, request: ActionRequest): Promise<PlanInput> {
  const known = ctx.known;
  if (!known) return readPlanInput(ctx.host);
  const draft = draftPlan(known, request);
  return readPlanInput(ctx.host, { base: known.topology, scope: planScope(known.topology, draft.params, draft.steps) });
}

/** Each step's usual limit and its basis, sized to the work left when it starts. */
function limitsOf(steps: readonly Step[], t: Topology): Pick<Plan, 'limitsMs' | 'limitBasis'> {
  const e = stepEstimates(steps.map((s) => s.op), t);
  return { limitsMs: e.map((x) => x.ms), limitBasis: e.map((x) => x.basis) };
}

/** Plans an action on a machine: checks the parameters (ParamError), reads the machine (or takes the read given), guards, predicts. */
export async function makePlan(ctx: PlanContext, request: ActionRequest, input?: PlanInput): Promise<Plan> {
  const machine = input ?? (await readForPlan(ctx, request));
  const { action, params, ...draft } = draftPlan(machine, request);
  let prediction: Prediction | null = null;
  if (!draft.guards.some((g) => g.blocking)) {
    const twin = ctx.twin(machine.topology);
    try {
      prediction = await predict(twin, machine.topology, draft.steps, params);
    } finally {
      await twin.close();
    }
    const failed = prediction.failedStep;
    if (failed) draft.guards.push(block('predicted-failure', `on a simulated twin of this machine, step ${failed.index + 1} fails: ${failed.message}`));
  }
  return {
    action, params: request.params, object: draft.object, summary: draft.summary, risk: draft.risk,
    confirmation: confirmationFor(draft.risk, draft.object), steps: draft.steps, ...limitsOf(draft.steps, machine.topology), guards: draft.guards, prediction,
    rollback: draft.rollback, noRollbackBecause: draft.noRollbackBecause, host: ctx.host.info.label,
  };
}
