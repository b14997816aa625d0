// The privileged helper's line protocol, and the strict check of what crosses it: the helper trusts nothing its caller sends.
// In: {"protocol": 2, "plan": {"host", "action", "params", "steps"}}; out: {"ready": true} or {"refused": why}.
// Then, per step in order: in {"run": i}; out a StepResult (or {"refused": why}).
import { ACTION_NAMES, MAX_PLAN_STEPS, type StepOp } from '../../../shared/actions/index.js';

/** The protocol version both sides speak. */
export const HELPER_PROTOCOL = 2;
/** The longest request line the helper reads; a longer one is refused without being parsed. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** A plan as handed to the helper: the action and parameters it re-plans from, and the steps the person was shown. */
export interface PlanToRun {
  /** The machine the plan was made for, as the console names it ("local"): the helper runs only plans for the machine it is on, as is. */
  host: string;
  action: string;
  params: Record<string, string>;
  steps: StepOp[];
}

/** The way to root refused the plan before any step ran: the helper, or sudo on a remote host. */
export class ElevationRefusedError extends Error {
  override name = 'ElevationRefusedError';
}

/** The helper refused the plan before running anything (the machine changed, or the plan is not one a planner makes). */
export class HelperRefusedError extends ElevationRefusedError {
  constructor(why: string) {
    super(`the privileged helper refused the plan: ${why}`);
    this.name = 'HelperRefusedError';
  }
}

type Obj = Record<string, unknown>;

/** A plain object (not null, not an array, no exotic prototype) with exactly the given own keys, some of them optional. */
function exactObject(v: unknown, required: readonly string[], optional: readonly string[] = []): v is Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Object.keys(v);
  return required.every((k) => Object.hasOwn(v, k)) && keys.every((k) => required.includes(k) || optional.includes(k));
}

const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max && !v.includes('\0');

/** The step, checked word by word for shape and size (what it may do is the allowlist's question), or null. */
function parseOp(v: unknown): StepOp | null {
  const kind = (v as Obj | null)?.kind;
  if (kind === 'exec' && exactObject(v, ['kind', 'argv'])) {
    const argv = v.argv;
    return Array.isArray(argv) && argv.length >= 2 && argv.length <= 72 && argv.every((w) => isText(w, 256)) ? { kind, argv: [...(argv as string[])] } : null;
  }
  if (kind === 'write' && exactObject(v, ['kind', 'path', 'value'])) return isText(v.path, 256) && isText(v.value, 64) ? { kind, path: v.path, value: v.value } : null;
  if (kind === 'put' && exactObject(v, ['kind', 'path', 'content'])) return isText(v.path, 256) && isText(v.content, 4096) ? { kind, path: v.path, content: v.content } : null;
  if (kind === 'remove' && exactObject(v, ['kind', 'path'])) return isText(v.path, 256) ? { kind, path: v.path } : null;
  return null;
}

/** Checks the first request: the plan, or why it is refused. */
export function parsePlanRequest(v: unknown): PlanToRun | string {
  if (!exactObject(v, ['protocol', 'plan'])) return 'the first request must be one JSON object {"protocol", "plan"}';
  if (v.protocol !== HELPER_PROTOCOL) return `this helper speaks protocol ${HELPER_PROTOCOL}, not ${JSON.stringify(v.protocol)}: the console and the installed helper are different versions`;
  const plan = v.plan;
  if (!exactObject(plan, ['host', 'action', 'params', 'steps'])) return 'the plan must be {"host", "action", "params", "steps"}';
  if (!isText(plan.host, 512)) return 'the plan\'s host must be a text';
  if (typeof plan.action !== 'string' || !(ACTION_NAMES as readonly string[]).includes(plan.action)) return `${JSON.stringify(String(plan.action).slice(0, 64))} is not an action`;
  const params = plan.params;
  if (!exactObject(params, Object.keys(params ?? {})) || Object.keys(params).length > 16) return 'the parameters must be an object of at most 16 entries';
  for (const [k, val] of Object.entries(params)) if (!/^[a-z][a-z-]{0,31}$/.test(k) || !isText(val, 256)) return `parameter ${JSON.stringify(k.slice(0, 40))} is not a parameter name with a text value`;
  const steps = plan.steps;
  if (!Array.isArray(steps) || steps.length === 0) return 'the plan has no steps';
  if (steps.length > MAX_PLAN_STEPS) return `the plan has ${steps.length} steps, more than the ${MAX_PLAN_STEPS} a plan may have`;
  const ops: StepOp[] = [];
  for (let i = 0; i < steps.length; i++) {
    const op = parseOp(steps[i]);
    if (!op) return `step ${i + 1} is not a step the helper understands`;
    ops.push(op);
  }
  return { host: plan.host, action: plan.action, params: params as Record<string, string>, steps: ops };
}

/** Checks a later request: the index of the step to run next, or why it is refused. */
export function parseRunRequest(v: unknown, next: number, total: number): number | string {
  if (!exactObject(v, ['run']) || v.run !== next || next >= total) return `steps run in order, once each; expected {"run": ${next}}`;
  return next;
}
