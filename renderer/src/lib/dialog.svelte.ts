// The guarded-action dialog's state: plan on open, re-plan on a parameter change, confirm by risk, run with progress, keep errors.
import { ApiError } from '../../../shared/api/errors.js';
import type { ApiClient, CatalogAction, PlanRun, RunDoneEvent, RunStepEvent } from '../../../shared/api/index.js';
import type { ActionRequest, Plan } from '../../../shared/actions/index.js';
import type { ApiRunReport as RunReport } from '../../../shared/api/index.js';

/** A refusal's reason without the word the dialog puts before it itself (the CLI's line starts "refused: "). */
function plainReason(message: string): string {
  return message.replace(/^refused:\s*/i, '');
}

/** Where the dialog is. */
export type DialogPhase = 'closed' | 'planning' | 'ready' | 'running' | 'done' | 'failed';

/** The guarded-action dialog. */
export class ActionDialogState {
  phase = $state<DialogPhase>('closed');
  action = $state('');
  params = $state<Record<string, string>>({});
  plan = $state<Plan | null>(null);
  planId = $state<string | null>(null);
  /** A plan that could not be made (bad parameters), or a run that was refused. */
  error = $state<string | null>(null);
  report = $state<RunReport | null>(null);
  progress = $state<RunStepEvent[]>([]);
  typedName = $state('');
  /** The password question the running plan waits on (sudo on a remote host), or null. */
  asking = $state<string | null>(null);
  catalog = $state<CatalogAction[]>([]);
  /** Parameters the opener set and the person may not change here (a wizard step depends on them), and why. */
  fixed = $state<readonly string[]>([]);
  fixedBecause = $state('');
  readonly #api: ApiClient;
  #seq = 0;
  #onDone: ((report: RunReport | null, plan: Plan | null) => void) | null = null;

  constructor(api: ApiClient) {
    this.#api = api;
    api.on('run.step', (e) => {
      if (e.planId !== this.planId) return;
      this.progress = [...this.progress.filter((p) => p.index !== e.index), e];
    });
    api.on('run.password', (e) => {
      if (e.planId === this.planId && this.phase === 'running') this.asking = e.prompt;
    });
    // The end of a run this page is showing, whether it started it or took it up after a reload.
    api.on('run.done', (e) => {
      if (e.planId === this.planId && this.phase === 'running') this.#end(e);
    });
  }

  /** Shows how a run ended, and tells the console this page showed it (so a reload does not show it again). */
  #end(done: RunDoneEvent): void {
    this.asking = null;
    if (done.report) {
      this.report = done.report;
      this.phase = done.report.outcome === 'done' ? 'done' : 'failed';
    } else {
      this.error = `${done.refused ? 'Refused' : 'Not run'}: ${plainReason(done.error ?? 'the run stopped')}`;
      this.phase = 'failed';
    }
    void this.#api.call('plan.forget', { planId: done.planId }).catch(() => {});
  }

  /** Takes up a run the console is doing (or did while no page showed it): its plan, its progress so far, and its end when it comes. */
  async attach(run: PlanRun): Promise<void> {
    if (this.catalog.length === 0) this.catalog = await this.#api.call('actions.catalog', {});
    this.#onDone = null;
    this.#seq++;
    this.fixed = [];
    this.action = run.plan.action;
    this.params = { ...run.plan.params };
    this.plan = run.plan;
    this.planId = run.planId;
    this.report = null;
    this.error = null;
    this.typedName = run.plan.confirmation.kind === 'type-name' ? run.plan.confirmation.name : '';
    this.progress = run.progress;
    this.asking = run.asking;
    this.phase = 'running';
    if (run.done) this.#end(run.done);
  }

  /** The catalog entry of the current action. */
  get spec(): CatalogAction | null {
    return this.catalog.find((c) => c.action === this.action) ?? null;
  }

  /** Whether Run may be pressed: a plan with no blocking guard, confirmed as its risk asks. */
  get runnable(): boolean {
    const p = this.plan;
    if (!p || this.phase !== 'ready' || p.guards.some((g) => g.blocking)) return false;
    return p.confirmation.kind !== 'type-name' || this.typedName === p.confirmation.name;
  }

  /** Opens the dialog on an action and plans it; onDone hears how it ended (the run's report, or null when nothing ran) when it closes.
   *  `fixed` names parameters shown but not editable, `because` says why. */
  async open(action: string, params: Record<string, string>, onDone?: (report: RunReport | null, plan: Plan | null) => void, opts: { fixed?: readonly string[]; because?: string } = {}): Promise<void> {
    this.#onDone = onDone ?? null;
    this.fixed = opts.fixed ?? [];
    this.fixedBecause = opts.because ?? 'set where this dialog was opened';
    if (this.catalog.length === 0) this.catalog = await this.#api.call('actions.catalog', {});
    this.action = action;
    this.params = { ...params };
    this.report = null;
    this.progress = [];
    this.typedName = '';
    await this.replan();
  }

  /** Plans again with the current parameters. */
  async replan(): Promise<void> {
    const seq = ++this.#seq;
    this.phase = 'planning';
    this.error = null;
    this.plan = null;
    this.planId = null;
    const params = Object.fromEntries(Object.entries(this.params).filter(([, v]) => v !== ''));
    try {
      const made = await this.#api.call('plan.make', { action: this.action as never, params });
      if (seq !== this.#seq) return;
      this.plan = made.plan;
      this.planId = made.planId;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.error = (e as Error).message;
    }
    this.phase = 'ready';
  }

  /** Runs the plan. A refusal or failure keeps the dialog open with the reason. */
  async run(): Promise<void> {
    if (!this.runnable || !this.plan || !this.planId) return;
    this.phase = 'running';
    this.error = null;
    this.progress = [];
    const planId = this.planId;
    try {
      const confirm = this.plan.confirmation.kind === 'type-name' ? { typedName: this.typedName } : { yes: true };
      const report = await this.#api.call('plan.run', { planId, ...confirm });
      if (this.phase === 'running' && this.planId === planId) this.#end({ planId, report, error: null, refused: false });
    } catch (e) {
      // Its end was shown already (run.done came first), and the dialog may be on another plan by now: the answer to an earlier
      // run can come after the next one started (the console reads the machine again before it answers).
      if (this.phase !== 'running' || this.planId !== planId) return;
      void this.#api.call('plan.forget', { planId }).catch(() => {});
      this.error = e instanceof ApiError ? `${e.kind === 'refused' ? 'Refused' : 'Not run'}: ${plainReason(e.message)}` : (e as Error).message;
      this.phase = 'failed';
    }
  }

  /** Answers the running plan's password question: the password goes to that run alone (the field is cleared by the caller); null
   *  declines, and the plan ends without running anything. */
  async answerPassword(password: string | null): Promise<void> {
    if (this.phase !== 'running' || !this.planId || this.asking === null) return;
    this.asking = null;
    await this.#api.call('plan.password', { planId: this.planId, password });
  }

  /** Stops waiting for the running plan: its running step is left to finish on its own; the run's report says so. */
  async stopWaiting(): Promise<void> {
    if (this.phase !== 'running' || !this.planId) return;
    await this.#api.call('plan.stopWaiting', { planId: this.planId });
  }

  /** Turns to the plan that removes what a guard refuses (a kernel policy); once that ran, the dialog comes back to this action, planned
   *  again. When it did not run, whoever opened this action hears that nothing ran. */
  async openFix(fix: ActionRequest): Promise<void> {
    const back = { action: this.action, params: { ...this.params }, onDone: this.#onDone, opts: { fixed: this.fixed, because: this.fixedBecause } };
    this.#onDone = null;
    await this.open(fix.action, fix.params, (report) => {
      if (report?.outcome === 'done') void this.open(back.action, back.params, back.onDone ?? undefined, back.opts);
      else back.onDone?.(null, null);
    });
  }

  /** Closes the dialog because what it planned no longer applies (the console switched hosts); returns the action it showed, or null
   *  when none was open. A running plan's dialog stays: its run goes on, and the dialog shows how it ends. */
  closeStale(): string | null {
    if (this.phase === 'closed' || this.phase === 'running') return null;
    const action = this.action;
    this.close();
    return action;
  }

  /** Closes the dialog (not while a plan runs). */
  close(): void {
    if (this.phase === 'running') return;
    const done = this.#onDone;
    const [report, plan] = [this.report, this.plan];
    this.#onDone = null;
    this.#seq++;
    this.phase = 'closed';
    this.plan = null;
    this.planId = null;
    this.error = null;
    this.report = null;
    done?.(report, plan);
  }
}
