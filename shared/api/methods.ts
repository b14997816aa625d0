// The API's method and event names, with no schema code, so the sandboxed preload can name them cheaply.

/** Every method the renderer may call. */
export const API_METHODS = ['session.get', 'session.open', 'view.get', 'view.refresh', 'plan.make', 'plan.preflight', 'plan.run', 'plan.stopWaiting', 'plan.runs', 'plan.forget', 'plan.password', 'journal.list', 'actions.catalog'] as const;
/** A method's name. */
export type ApiMethod = (typeof API_METHODS)[number];

/** Every event the main process pushes. */
export const API_EVENTS = ['view', 'run.step', 'run.password', 'run.done'] as const;
/** An event's name. */
export type ApiEvent = (typeof API_EVENTS)[number];

/** Whether a value names an API method. */
export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && (API_METHODS as readonly string[]).includes(name);
}
