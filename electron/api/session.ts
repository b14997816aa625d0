// A console session: one host, its latest read, the plans shown to a person, and the events the views follow.
import { randomUUID } from 'node:crypto';
import { CATALOG, ACTION_NAMES, type Plan } from '../../shared/actions/index.js';
import type { Topology } from '../../shared/model/index.js';
import { viewTopology, type CatalogAction, type ConsoleView, type EventPayload, type ApiEvent, type ApiRunReport, type MadePlan, type PlanRun, type PreflightStep, type RunDoneEvent, type RunStepEvent, type SessionInfo, type ViewTopology } from '../../shared/api/index.js';
import { RefusedError, runPlan } from '../actions/execute.js';
import { helperProblem } from '../actions/elevation/installed.js';
import { remoteUserProblem, runnerFor } from '../actions/elevation/runner.js';
import { readJournal } from '../actions/journal.js';
import { judgeInterrupted } from '../actions/interrupted.js';
import { inputAround, makePlan, readPlanInput, readPlanInputStamp, type PlanContext } from '../actions/plan.js';
import { planChain } from '../actions/chain.js';
import type { PlanInput } from '../actions/planners/draft.js';
import type { Host } from '../host/host.js';
import { PRESET_NAMES } from '../host/sim/index.js';
import { openHost, simStateFileFor, type OpenHostOptions } from '../host/spec.js';
import { simTwin } from '../host/twin-factory.js';
import { watchHost, type HostWatch } from '../host/watch.js';
import { joinScopes, type ReadScope } from '../system/scope.js';
import { objectActions } from './availability.js';

/** How a session starts. */
export interface SessionOptions extends OpenHostOptions {
  /** The first host spec (local, sim:PRESET, ...). */
  spec: string;
  /** A host opened already for that spec (the default-host choice), used instead of opening it again. */
  host?: Host;
  timeoutMs?: number;
  /** A demonstration: the session never leaves the simulator. */
  demo?: boolean;
  /** How often a polled host (ssh) is checked for changes (5 s unless a test says otherwise). */
  pollMs?: number;
}

/** A polled host is read whole at least this often, whatever its change stamp says. */
const FULL_READ_EVERY_MS = 60_000;

/** Whether a host spec names a simulated machine. */
/** Whether a host spec names a machine that actions really change (this one, or a server). */
const isRealSpec = (spec: string) => spec === 'local' || spec.startsWith('ssh://');
/** A simulator preset (not a twin of a file): kept for the session once opened, so switching away and back finds it as it was left. */
const isPresetSpec = (spec: string) => spec.startsWith('sim:') && !spec.startsWith('sim:twin:');

type Listener = <E extends ApiEvent>(event: E, payload: EventPayload<E>) => void;

/** Plans are kept this long after they were made; running an older one means planning again. */
const PLAN_TTL_MS = 15 * 60_000;
/** A run that waits this long for sudo's password (nothing has run yet) ends as refused: its plan holds the object's lock meanwhile. */
export const PASSWORD_WAIT_MS = 10 * 60_000;
const MAX_PLANS = 64;

/** What changes between two reads that the views care about: everything but the clock and the free-memory counters. */
function fingerprint(t: ViewTopology): string {
  const { takenAt: _t, meminfo: _m, nodes, ...rest } = t;
  return JSON.stringify({ ...rest, nodes: nodes.map(({ memFree: _f, ...n }) => n) });
}

/** One open host and everything the API serves about it. */
export class ConsoleSession {
  #spec: string;
  #host: Host;
  #watch: HostWatch;
  #view: ConsoleView | null = null;
  /** The latest read the view was made from: plans read again only what they touch, on top of it. */
  #input: PlanInput | null = null;
  #reading: Promise<ConsoleView> | null = null;
  #again = false;
  /** What the queued read covers: undefined when none is queued, null for the whole machine. */
  #pending: ReadScope | null | undefined = undefined;
  #stamping = false;
  /** The change stamp at the last poll, and when the machine was last read whole. */
  #stamp = '';
  #lastFullRead = 0;
  #lastFingerprint = '';
  #version = 0;
  #plans = new Map<string, { plan: Plan; at: number }>();
  /** Runs going on, and runs that ended and no page has shown yet, by plan id; with what stops waiting for a running one. */
  #runs = new Map<string, { run: PlanRun; stop: AbortController; endedAt: number | null }>();
  /** The password questions runs wait on, by plan id: answering one resolves it. */
  #answers = new Map<string, (password: string | null) => void>();
  #listeners = new Set<Listener>();
  readonly #first: SessionOptions;

  /** The simulated machines opened in this session, by spec: each keeps its state while another host is shown. */
  #sims = new Map<string, Host>();

  constructor(opts: SessionOptions) {
    this.#first = opts;
    this.#spec = opts.spec;
    this.#host = opts.host ?? openHost(opts.spec, opts);
    if (isPresetSpec(opts.spec) && this.#host.info.kind === 'sim') this.#sims.set(opts.spec, this.#host);
    this.#watch = this.#startWatch(opts);
  }

  #startWatch(opts: OpenHostOptions): HostWatch {
    // Uevents name what changed (memory blocks, dax devices): only that is read again; a poll reads the whole machine when its stamp moved.
    // A simulator is watched through the file it is kept in (--state, or its preset's in the state directory).
    const stateFile = this.#host.info.kind === 'sim' ? (simStateFileFor(this.#spec, opts) ?? undefined) : undefined;
    const watch = watchHost(this.#host, { ...opts, stateFile, pollMs: this.#first.pollMs }, (changed) => void (watch.kind === 'poll' ? this.#pollForChange() : this.refresh(changed)).catch(() => {}));
    return watch;
  }

  /** A poll (ssh): reads the cheap change stamp, and the machine whole only when it moved, or when the last full read is old. */
  async #pollForChange(): Promise<void> {
    if (this.#reading || this.#stamping) return;
    const host = this.#host;
    this.#stamping = true;
    try {
      const stamp = await readPlanInputStamp(host);
      if (host !== this.#host) return;
      const stale = Date.now() - this.#lastFullRead > FULL_READ_EVERY_MS;
      if (stamp === this.#stamp && !stale) return;
      this.#stamp = stamp;
      await this.refresh();
    } finally {
      this.#stamping = false;
    }
  }

  /** Subscribes to events; returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit<E extends ApiEvent>(event: E, payload: EventPayload<E>): void {
    for (const l of this.#listeners) l(event, payload);
  }

  /** Why actions cannot run on this host, or null when they can (said once, so every action is disabled with the reason). */
  #cannotAct(): string | null {
    if (this.#host.info.kind === 'replay') return 'this is a replay of a captured machine: it can be looked at, not changed';
    if (this.#first.sysroot && this.#spec === this.#first.spec) return 'this is a --sysroot view of files, not a live machine: it can be looked at, not changed';
    if (this.#host.info.kind !== 'local') return remoteUserProblem(this.#host);
    // Without root, this machine is changed only through the installed helper.
    return typeof process.getuid === 'function' && process.getuid() !== 0 ? helperProblem() : null;
  }

  /** How a host spec is opened in this session: the first one with the options it was started with (--fresh applied to the first opening
   *  only); any other with the ssh config and time limit, and a preset's machine kept where the first one's is (the state directory). */
  #optionsFor(spec: string): OpenHostOptions {
    if (spec === this.#first.spec) return { ...this.#first, fresh: false };
    return { sshConfig: this.#first.sshConfig, timeoutMs: this.#first.timeoutMs, simStateDir: this.#first.simStateDir };
  }

  /** Which host this is and how it is watched. */
  info(): SessionInfo {
    const cannot = this.#cannotAct();
    const simStateFile = this.#host.info.kind === 'sim' ? simStateFileFor(this.#spec, this.#optionsFor(this.#spec)) : null;
    return { spec: this.#spec, host: this.#host.info, presets: [...PRESET_NAMES], watch: this.#watch.kind, pollMs: this.#watch.pollMs, canAct: cannot === null, cannotActBecause: cannot, demo: this.#first.demo === true, simStateFile };
  }

  /** Switches to another host (the host picker); the old one is closed once the new one was read. Leaving the simulator for a real
   *  machine takes the person's confirmation, and a --demo session never leaves the simulator. */
  async open(spec: string, confirmRealMachine = false): Promise<SessionInfo> {
    // A demo opens the simulator's presets only: a twin of a file would let whoever holds the page's token learn which files exist.
    if (this.#first.demo && !isPresetSpec(spec)) throw new SessionRefusedError('this console was started with --demo: it stays on the simulator\'s presets, and opens no real machine, capture or file');
    if (this.#host.info.kind === 'sim' && isRealSpec(spec) && !confirmRealMachine) {
      throw new RealMachineError(`${spec} is a real machine, not a simulation: actions there change it for real. Confirm to switch`);
    }
    const opts = this.#optionsFor(spec);
    const kept = this.#sims.get(spec);
    const host = kept ?? openHost(spec, opts);
    let input: PlanInput;
    try {
      // Read the new host once before switching, so an unreachable server or a broken file leaves the current host in place.
      input = await readPlanInput(host);
    } catch (e) {
      if (!kept) await host.close();
      throw e;
    }
    if (isPresetSpec(spec)) this.#sims.set(spec, host);
    const old = this.#host;
    this.#watch.stop();
    this.#host = host;
    this.#spec = spec;
    this.#plans.clear();
    this.#view = null;
    this.#input = null;
    this.#lastFingerprint = '';
    this.#watch = this.#startWatch(opts);
    // A simulated machine is kept for coming back to; any other host is closed.
    if (![...this.#sims.values()].includes(old)) await old.close();
    this.#accept(input);
    return this.info();
  }

  /** The latest read, reading the machine if there is none yet. */
  async view(): Promise<ConsoleView> {
    return this.#view ?? this.refresh();
  }

  /** Reads the machine again; emits a view event when something the views show changed. Reads never overlap: a request during a read queues one more. */
  refresh(scope?: ReadScope): Promise<ConsoleView> {
    // What the next read covers: the scopes asked for, joined; one whole read covers them all.
    this.#pending = this.#pending === null || !scope ? null : this.#pending === undefined ? scope : joinScopes(this.#pending, scope);
    if (this.#reading) {
      this.#again = true;
      return this.#reading;
    }
    const host = this.#host;
    this.#reading = (async () => {
      try {
        let view: ConsoleView;
        do {
          this.#again = false;
          const pending = this.#pending;
          this.#pending = undefined;
          const base = this.#input;
          const input = pending && base ? await readPlanInput(host, { base: base.topology, scope: pending }) : await readPlanInput(host);
          if (host !== this.#host) throw new Error('the host was switched while it was being read');
          if (!pending || !base) this.#lastFullRead = Date.now();
          view = this.#accept(input);
        } while (this.#again);
        return view;
      } finally {
        this.#reading = null;
      }
    })();
    return this.#reading;
  }

  /** Makes the view of a read of the current host, keeps it, and emits it when something the views show changed. */
  #accept(input: PlanInput): ConsoleView {
    this.#input = input;
    const topology = viewTopology(input.topology);
    const fp = fingerprint(topology);
    const changed = fp !== this.#lastFingerprint;
    if (changed) this.#version++;
    this.#lastFingerprint = fp;
    const view: ConsoleView = { version: this.#version, session: this.info(), topology, findings: input.findings, objects: objectActions(input, this.#cannotAct()) };
    this.#view = view;
    if (changed) this.#emit('view', view);
    return view;
  }

  /** Takes a read made elsewhere (a run's read-back) as the latest view, unless the host was switched meanwhile. */
  async #acceptRead(host: Host, topology: Topology): Promise<void> {
    const input = await inputAround(host, topology);
    if (host === this.#host && !this.#reading) this.#accept(input);
  }

  #context(): PlanContext {
    return { host: this.#host, twin: simTwin, known: this.#input ?? undefined };
  }

  /** Plans an action and keeps the plan, so that running it names the plan instead of sending it back. */
  async plan(request: { action: string; params: Record<string, string> }): Promise<MadePlan> {
    const plan = await makePlan(this.#context(), request);
    const now = Date.now();
    for (const [id, p] of this.#plans) if (now - p.at > PLAN_TTL_MS || this.#plans.size >= MAX_PLANS) this.#plans.delete(id);
    const planId = randomUUID();
    this.#plans.set(planId, { plan, at: now });
    return { planId, plan };
  }

  /** Checks a chain of plans before the first runs (actions/chain.ts): each later one on a twin as the earlier ones leave it. */
  async preflight(requests: { action: string; params: Record<string, string> }[]): Promise<{ steps: PreflightStep[] }> {
    return { steps: await planChain(this.#context(), requests) };
  }

  /** Runs a kept plan with the person's confirmation, reporting each step as an event, then reads the machine again. */
  async run(request: { planId: string; yes?: boolean; typedName?: string }): Promise<ApiRunReport> {
    const kept = this.#plans.get(request.planId);
    if (!kept) throw new PlanGoneError('this plan is no longer known (it expired, the host was switched, or it already ran): plan it again');
    if (this.#runs.get(request.planId)?.endedAt === null) throw new PlanGoneError('this plan is running already');
    const stop = new AbortController();
    const { planId } = request;
    const record = { run: { planId, plan: kept.plan, startedAt: new Date().toISOString(), progress: [] as RunStepEvent[], asking: null as string | null, done: null as RunDoneEvent | null }, stop, endedAt: null as number | null };
    this.#runs.set(planId, record);
    const host = this.#host;
    let after: Topology | null = null;
    let done: RunDoneEvent = { planId, report: null, error: 'the run stopped', refused: false };
    try {
      const report = await runPlan(this.#context(), kept.plan, { yes: request.yes, typedName: request.typedName }, runnerFor(this.#host, { askPassword: (prompt) => this.#askPassword(record.run, prompt) }), {
        onProgress: (p) => {
          const event = { planId, ...p };
          record.run.progress = [...record.run.progress.filter((e) => e.index !== p.index), event];
          this.#emit('run.step', event);
        },
        stopWaiting: stop.signal,
      });
      this.#plans.delete(planId);
      after = report.after;
      const { after: _after, ...sent } = report;
      done = { planId, report: sent, error: null, refused: false };
      return sent;
    } catch (e) {
      done = { planId, report: null, error: (e as Error).message, refused: e instanceof RefusedError };
      throw e;
    } finally {
      this.#answers.get(planId)?.(null);
      record.run.done = done;
      record.endedAt = Date.now();
      this.#emit('run.done', done);
      for (const [id, r] of this.#runs) if (r.endedAt !== null && Date.now() - r.endedAt > PLAN_TTL_MS) this.#runs.delete(id);
      // The run read back what it touched; a run that threw is followed by a whole read.
      await (after ? this.#acceptRead(host, after) : this.refresh()).catch(() => {});
    }
  }

  /** Asks the pages for sudo's password for a run, and waits for the answer (null: declined, or nobody answered in time). */
  #askPassword(run: PlanRun, prompt: string): Promise<string | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => answer(null), PASSWORD_WAIT_MS);
      const answer = (password: string | null) => {
        clearTimeout(timer);
        this.#answers.delete(run.planId);
        run.asking = null;
        resolve(password);
      };
      this.#answers.set(run.planId, answer);
      run.asking = prompt;
      this.#emit('run.password', { planId: run.planId, prompt });
    });
  }

  /** A page answers a run's password question; the password goes to that run alone and is not kept after it. */
  password(request: { planId: string; password: string | null }): { taken: boolean } {
    const answer = this.#answers.get(request.planId);
    if (!answer) return { taken: false };
    answer(request.password);
    return { taken: true };
  }

  /** The person stops waiting for a running plan: its running step is left to finish on its own, and no further step starts. */
  stopWaiting(request: { planId: string }): { stopped: boolean } {
    const run = this.#runs.get(request.planId);
    if (!run || run.endedAt !== null) return { stopped: false };
    run.stop.abort();
    this.#answers.get(request.planId)?.(null); // a run waiting for a password has run nothing: it ends, refused
    return { stopped: true };
  }

  /** The runs going on, and those that ended and no page has shown yet (a reloaded page picks them up), oldest first. */
  runs(): PlanRun[] {
    return [...this.#runs.values()].map((r) => r.run);
  }

  /** A page showed a run's end: it is no longer offered to pages that load. */
  forget(request: { planId: string }): { forgotten: boolean } {
    const r = this.#runs.get(request.planId);
    if (!r || r.endedAt === null) return { forgotten: false };
    this.#runs.delete(request.planId);
    return { forgotten: true };
  }

  /** Every plan run so far, newest first; a run on this machine that ended without its own end is judged from the latest read of it. */
  journal(): { entries: ReturnType<typeof readJournal>['entries']; skipped: number } {
    const { entries, skipped } = readJournal();
    const judged = this.#input ? judgeInterrupted(entries, this.#input) : entries;
    return { entries: [...judged].reverse(), skipped };
  }

  /** The actions and their parameters, for the dialogs' forms. */
  catalog(): CatalogAction[] {
    return ACTION_NAMES.map((action) => ({
      action,
      summary: CATALOG[action].summary,
      params: Object.entries(CATALOG[action].params).map(([key, p]) => ({
        key,
        kind: typeof p.kind === 'object' ? 'choice' as const : p.kind,
        choices: typeof p.kind === 'object' ? [...p.kind.oneOf] : [],
        required: p.required,
        help: p.help,
        default: p.default ?? null,
      })),
    }));
  }

  /** Stops watching and closes the host. */
  async close(): Promise<void> {
    this.#watch.stop();
    this.#listeners.clear();
    for (const host of new Set([this.#host, ...this.#sims.values()])) await host.close();
  }
}

/** A plan id that is not (or no longer) kept. */
export class PlanGoneError extends Error {}

/** The session will not do what was asked (a --demo console asked to leave the simulator). */
export class SessionRefusedError extends Error {}

/** Leaving the simulator for a real machine needs the person's confirmation. */
export class RealMachineError extends Error {}
