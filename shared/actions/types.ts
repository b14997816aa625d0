// Actions are data: a Plan lists exact steps, their risk, the guards and the predicted effect, before anything runs.
import type { Topology } from '../model/index.js';
import type { ObservedChange } from './outcome.js';

/** How much a plan can hurt: safe runs, reversible asks once, disruptive and destructive need the object's name typed. */
export type Risk = 'safe' | 'reversible' | 'disruptive' | 'destructive';

/** Risks in increasing order. */
export const RISKS: readonly Risk[] = ['safe', 'reversible', 'disruptive', 'destructive'];

/** The most steps a plan may have; the privileged helper refuses longer ones. */
export const MAX_PLAN_STEPS = 4096;

/** One thing a plan does: a tool run with an argv array, one value written to one sysfs file, or a configuration file put in place or removed. */
export type StepOp =
  | { kind: 'exec'; argv: string[] }
  | { kind: 'write'; path: string; value: string }
  | { kind: 'put'; path: string; content: string }
  | { kind: 'remove'; path: string };

/** A step of a plan and what it changes, in words. */
export interface Step {
  op: StepOp;
  /** What the step changes, for people ("namespace0.0 becomes devdax: its data is lost"). */
  changes: string;
}

/** A reason a plan must not run (blocking) or should be read twice (warning). */
export interface Guard {
  id: string;
  blocking: boolean;
  message: string;
  /** The request itself cannot work on this machine (a missing device, a size the region cannot hold): bad input, not a refusal. */
  badInput?: boolean;
  /** A plan that removes the cause (a kernel policy set for now), offered beside the refusal. */
  fix?: ActionRequest;
}

/** What confirming a plan takes: nothing, a yes, or typing the object's name. */
export type Confirmation = { kind: 'none' } | { kind: 'yes' } | { kind: 'type-name'; name: string };

/** The memory and devices of a machine, reduced to what plans change and verification compares. */
export interface MachineFacts {
  memTotal: number;
  nodes: Record<string, number>;
  namespaces: Record<string, string>;
  daxDevices: Record<string, string>;
  onlineBlocks: number;
  /** Known poison per region, in bytes (absent in plans journaled before it was compared). */
  poison?: Record<string, number>;
  /** In a prediction: the regions whose poison a scrub in the plan may find more of (a twin cannot know what the media holds that the
   *  kernel does not), so their prediction is "at least what is known". */
  poisonFound?: string[];
  /** Each DIMM's security state ("disabled", "unlocked, frozen", …), where it has one. */
  dimmSecurity?: Record<string, string>;
  /** CXL regions ("pmem 2147483648 2 ways enabled") and memdevs ("enabled"), where the machine has CXL. */
  cxl?: Record<string, string>;
  /** Weighted interleave: "auto", or "by hand: node 0 5, node 1 2", where the kernel has it. */
  interleave?: string;
  /** Kernel settings and boot configuration ("auto_online_blocks": "online_movable", "boot entry dax0.0": …; absent in plans journaled
   *  before they were compared). */
  settings?: Record<string, string>;
}

/** One difference between two sets of machine facts. */
export interface FactChange {
  what: string;
  before: string | number | null;
  after: string | number | null;
}

/** What running the plan on a simulated twin of the machine did. */
export interface Prediction {
  /** Facts after the steps that ran on the twin (all of them, unless one failed). */
  after: MachineFacts;
  /** The step that failed on the twin, if one did, with the tool's words. */
  failedStep: { index: number; message: string } | null;
  /** Before/after differences over the whole plan. */
  changes: FactChange[];
}

/** An action by name with its parameters, as given by a person or a front end. */
export interface ActionRequest {
  action: string;
  params: Record<string, string>;
}

/** A plan: everything that will run and why it is (or is not) safe to run it. */
export interface Plan {
  action: string;
  params: Record<string, string>;
  /** The object the plan acts on and locks (region0, namespace0.0, dax0.0). */
  object: string;
  summary: string;
  risk: Risk;
  confirmation: Confirmation;
  steps: Step[];
  /** How long each step usually takes at most, sized to its work (stepEstimates); past it the console says so and keeps waiting. */
  limitsMs: number[];
  /** What each step's limit is based on ("125 blocks (250 GiB) to offline, moving what is on them at 1 GiB/s or more"). */
  limitBasis?: string[];
  guards: Guard[];
  prediction: Prediction | null;
  /** The action that undoes this one, where there is one. */
  rollback: ActionRequest | null;
  /** Why there is no rollback, when there is none. */
  noRollbackBecause: string | null;
  host: string;
}

/** The confirmation a risk asks for. */
export function confirmationFor(risk: Risk, object: string): Confirmation {
  if (risk === 'safe') return { kind: 'none' };
  if (risk === 'reversible') return { kind: 'yes' };
  return { kind: 'type-name', name: object };
}

/** Whether any guard blocks the plan. */
export function isBlocked(plan: Plan): boolean {
  return plan.guards.some((g) => g.blocking);
}

/** A step as a person would type it (for display only; steps never run through a shell). */
export function describeOp(op: StepOp): string {
  if (op.kind === 'write') return `echo ${op.value} > ${op.path}`;
  if (op.kind === 'put') return `write ${op.path} (${op.content.split('\n').filter((l) => l && !l.startsWith('#')).join('; ')})`;
  if (op.kind === 'remove') return `rm -f ${op.path}`;
  return op.argv.map((w) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** How a running step is going, as the front ends show it: it started, how far it is, that it runs past its usual time, how it ended. */
export interface StepProgress {
  index: number;
  total: number;
  /** The step as a person would type it. */
  op: string;
  status: 'running' | 'progress' | 'overdue' | 'ok' | 'failed';
  /** What is known now, in words (blocks done so far; how long past its usual time), or null. */
  detail: string | null;
  elapsedMs: number;
}

/** How one step went. */
export interface StepResult {
  ok: boolean;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The error in one line when the step failed (tool's stderr, errno, timeout). */
  error: string | null;
  durationMs: number;
}

/** What happened when a plan ran. */
export interface RunReport {
  plan: Plan;
  /** detached: the person stopped waiting while a step ran; it was left to finish on its own. */
  outcome: 'done' | 'failed' | 'detached';
  ran: { step: Step; result: StepResult }[];
  /** Index of the step that failed, or null. */
  failedAt: number | null;
  /** One line saying what happened, built from the machine as read after the run. */
  message: string;
  /** What changed on the machine, read again after the run. */
  changes: FactChange[];
  /** Each fact the run changed or was meant to change, judged against the prediction: done, partly, not done, or not predicted. */
  observed: ObservedChange[];
  /** Where the machine differs from the prediction (empty when they agree at every step). */
  verification: string[];
  /** What the run found that no prediction could know: poison a scrub found, each run of it ("8 KiB in region0 at +600 GiB"). */
  found?: string[];
  /** The machine as read after the run, or null when it could not be read (readAfterProblem says why). */
  after: Topology | null;
  /** Why the machine could not be read after the run, or null. */
  readAfterProblem: string | null;
  /** The action that undoes what the run left, when it changed something and that action would run on the machine now. */
  rollback: ActionRequest | null;
  /** The action that completes what the run left partly done, when there is one that would run on the machine now. */
  finish: ActionRequest | null;
  journalId: string;
  /** Why the journal could not record this run (said after the report, never instead of it), or null. */
  journalProblem: string | null;
}
