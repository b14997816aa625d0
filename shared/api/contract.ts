// The one API contract: each method's request schema and response type, and each event's payload. Main parses every request as unknown.
import * as z from '../zod.js';
import { ACTION_NAMES, type Guard, type JournalEntry, type Plan, type Risk, type RunReport, type StepProgress } from '../actions/index.js';
import type { ApiEvent, ApiMethod } from './methods.js';
export { ApiError, type ApiErrorKind, type ApiFailure } from './errors.js';
import type { ConsoleView, SessionInfo } from './view.js';

/** A parameter name: lower-case words, never a name Object.prototype has (constructor, __proto__, toString...). */
const name = z.string().check(z.regex(/^[a-z][a-z-]{0,31}$/)).check(z.refine((k) => !(k in Object.prototype), 'not a parameter name'));

/** Request schemas, one per method. Unknown keys are refused. */
export const REQUESTS = {
  'session.get': z.strictObject({}),
  /** confirmRealMachine: the person agreed to leave the simulator for a machine that actions would really change. */
  'session.open': z.strictObject({ spec: z.string().check(z.minLength(1)).check(z.maxLength(4096)), confirmRealMachine: z.optional(z.boolean()) }),
  'view.get': z.strictObject({}),
  'view.refresh': z.strictObject({}),
  'plan.make': z.strictObject({ action: z.enum(ACTION_NAMES), params: z.record(name, z.string().check(z.maxLength(256))).check(z.refine((p) => Object.keys(p).length <= 16, 'too many parameters')) }),
  /** A chain of plans checked before the first runs: each later one planned on a twin as the earlier ones leave it; an empty device or
   *  region names what the chain made. */
  'plan.preflight': z.strictObject({ requests: z.array(z.strictObject({ action: z.enum(ACTION_NAMES), params: z.record(name, z.string().check(z.maxLength(256))).check(z.refine((p) => Object.keys(p).length <= 16, 'too many parameters')) })).check(z.minLength(1), z.maxLength(4)) }),
  'plan.run': z.strictObject({ planId: z.uuid(), yes: z.optional(z.boolean()), typedName: z.optional(z.string().check(z.maxLength(256))) }),
  'plan.stopWaiting': z.strictObject({ planId: z.uuid() }),
  'plan.runs': z.strictObject({}),
  'plan.forget': z.strictObject({ planId: z.uuid() }),
  /** The answer to a run's password question (run.password): the password, or null when the person declines. */
  'plan.password': z.strictObject({ planId: z.uuid(), password: z.nullable(z.string().check(z.maxLength(4096))) }),
  'journal.list': z.strictObject({}),
  'actions.catalog': z.strictObject({}),
} satisfies Record<ApiMethod, z.ZodMiniType>;

/** A run's report as the API sends it: without the machine read after the run (the view event carries that, once, as the views
 *  show it; 10^5 blocks are not sent again with every report). */
export type ApiRunReport = Omit<RunReport, 'after'>;

/** One plan of a preflight chain: its parameters as planned (what the chain made filled in), its guards, or why it was not checked. */
export interface PreflightStep {
  action: string;
  params: Record<string, string>;
  guards: Guard[];
  unchecked: string | null;
}

/** A plan the main process keeps until it is run, so the renderer only ever names it. */
export interface MadePlan {
  planId: string;
  plan: Plan;
}

/** One action's parameters, as the dialogs render them. */
export interface CatalogParam {
  key: string;
  kind: 'region' | 'namespace' | 'dax' | 'bus' | 'dimm' | 'kek' | 'decoder' | 'memdev' | 'memdevs' | 'ways' | 'weights' | 'blocks' | 'size' | 'align' | 'name' | 'choice';
  choices: string[];
  required: boolean;
  help: string;
  default: string | null;
}

/** An action in the catalog. */
export interface CatalogAction {
  action: string;
  summary: string;
  params: CatalogParam[];
}

/** Response types, one per method. */
export interface Responses {
  'session.get': SessionInfo;
  'session.open': SessionInfo;
  'view.get': ConsoleView;
  'view.refresh': ConsoleView;
  'plan.make': MadePlan;
  'plan.preflight': { steps: PreflightStep[] };
  'plan.run': ApiRunReport;
  'plan.stopWaiting': { stopped: boolean };
  'plan.runs': PlanRun[];
  'plan.forget': { forgotten: boolean };
  'plan.password': { taken: boolean };
  'journal.list': { entries: JournalEntry[]; skipped: number };
  'actions.catalog': CatalogAction[];
}

/** A method's request, as the caller builds it. */
export type Request<M extends ApiMethod> = z.input<(typeof REQUESTS)[M]>;
/** A method's request after its schema checked it. */
export type ParsedRequest<M extends ApiMethod> = z.output<(typeof REQUESTS)[M]>;
/** A method's response. */
export type Response<M extends ApiMethod> = Responses[M];

/** Progress of a running plan, by its id. */
export type RunStepEvent = StepProgress & { planId: string };

/** How a run ended: its report, or why it did not run (refused, not confirmed, a host error). */
export interface RunDoneEvent {
  planId: string;
  report: ApiRunReport | null;
  error: string | null;
  /** Whether the error is a refusal (a guard, the helper), not a failure to run. */
  refused: boolean;
}

/** A run waits for sudo's password on a remote host (asked once per plan, before any step): a page answers with plan.password. */
export interface RunPasswordEvent {
  planId: string;
  /** Whose password, where ("sudo password for alice on db1"). */
  prompt: string;
}

/** A run the console is doing, or did and no page has shown yet: a page that was reloaded picks it up from here. */
export interface PlanRun {
  planId: string;
  plan: Plan;
  startedAt: string;
  /** The latest progress of each step so far. */
  progress: RunStepEvent[];
  /** The password question the run waits on, or null. */
  asking: string | null;
  /** Null while it runs. */
  done: RunDoneEvent | null;
}

/** Event payloads. */
export interface Events {
  view: ConsoleView;
  'run.step': RunStepEvent;
  'run.password': RunPasswordEvent;
  'run.done': RunDoneEvent;
}
/** An event's payload. */
export type EventPayload<E extends ApiEvent> = Events[E];

/** The API as front ends see it: named async methods and event subscriptions that return an unsubscribe. */
export interface ApiClient {
  call<M extends ApiMethod>(method: M, request: Request<M>): Promise<Response<M>>;
  on<E extends ApiEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export type { Risk };
