// Answers one API call: the method name and payload arrive as unknown, are checked against the contract, and errors become kinds.
import { ParamError } from '../../shared/actions/index.js';
import { isApiMethod, REQUESTS, type ApiErrorKind, type ApiFailure, type ApiMethod, type ParsedRequest, type Response } from '../../shared/api/index.js';
import { LockedError, NotConfirmedError, RefusedError } from '../actions/errors.js';
import { HostError } from '../host/host.js';
import { HostSpecError } from '../host/host.js';
import { ToolOutputError } from '../system/parse/tool-output-error.js';
import { PlanGoneError, RealMachineError, SessionRefusedError, type ConsoleSession } from './session.js';

/** The outcome of a call, as it crosses IPC or the WebSocket. */
export type CallResult = { ok: true; result: unknown } | { ok: false; error: ApiFailure };

/** Where refused calls are reported (stderr in the CLI, a test's array in tests). */
export type Log = (line: string) => void;

function kindOf(e: unknown): ApiErrorKind {
  if (e instanceof RefusedError) return e.badInput ? 'bad-input' : 'refused';
  if (e instanceof NotConfirmedError || e instanceof RealMachineError) return 'not-confirmed';
  if (e instanceof SessionRefusedError) return 'refused';
  if (e instanceof LockedError) return 'locked';
  if (e instanceof ParamError || e instanceof HostSpecError || e instanceof PlanGoneError) return 'bad-input';
  if (e instanceof HostError || e instanceof ToolOutputError) return 'host';
  return 'internal';
}

type Handlers = { [M in ApiMethod]: (session: ConsoleSession, request: ParsedRequest<M>) => Response<M> | Promise<Response<M>> };

const HANDLERS: Handlers = {
  'session.get': (s) => s.info(),
  'session.open': (s, r) => s.open(r.spec, r.confirmRealMachine),
  'view.get': (s) => s.view(),
  'view.refresh': (s) => s.refresh(),
  'plan.make': (s, r) => s.plan(r),
  'plan.preflight': (s, r) => s.preflight(r.requests),
  'plan.run': (s, r) => s.run(r),
  'plan.stopWaiting': (s, r) => s.stopWaiting(r),
  'plan.runs': (s) => s.runs(),
  'plan.forget': (s, r) => s.forget(r),
  'plan.password': (s, r) => s.password(r),
  'journal.list': (s) => s.journal(),
  'actions.catalog': (s) => s.catalog(),
};

/** Keys that name an object's machinery rather than data; JSON can carry them as own keys, and no request of the API has them. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The first forbidden own key anywhere in a payload (JSON nests at most a few levels here; deeper is refused too), or null. */
export function forbiddenKey(value: unknown, depth = 0): string | null {
  if (typeof value !== 'object' || value === null) return null;
  if (depth > 8) return '(nested too deep)';
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return key;
    const inner = forbiddenKey((value as Record<string, unknown>)[key], depth + 1);
    if (inner) return inner;
  }
  return null;
}

/** Checks and answers one call. A call that does not fit the contract is refused and logged, and nothing runs. */
export async function dispatch(session: ConsoleSession, method: unknown, payload: unknown, log: Log): Promise<CallResult> {
  if (!isApiMethod(method)) {
    log(`refused a call to an unknown method ${JSON.stringify(String(method)).slice(0, 80)}`);
    return { ok: false, error: { kind: 'bad-request', message: 'unknown method' } };
  }
  const bad = forbiddenKey(payload);
  if (bad) {
    log(`refused ${method}: the request has the key ${JSON.stringify(bad)}`);
    return { ok: false, error: { kind: 'bad-request', message: `${method}: the key ${JSON.stringify(bad)} is not allowed` } };
  }
  const parsed = REQUESTS[method].safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const why = `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`;
    log(`refused ${method}: the request does not fit its schema (${why})`);
    return { ok: false, error: { kind: 'bad-request', message: `${method}: ${why}` } };
  }
  try {
    return { ok: true, result: await (HANDLERS[method] as (s: ConsoleSession, r: unknown) => unknown)(session, parsed.data) };
  } catch (e) {
    const kind = kindOf(e);
    if (kind === 'internal') log(`internal error in ${method}: ${(e as Error).stack ?? e}`);
    return { ok: false, error: { kind, message: (e as Error).message } };
  }
}
