// The console's live state: one view of the machine, kept current by view events, shared with every component through context.
import { getContext, setContext } from 'svelte';
import { healthEvents, type HealthEvent } from '../../../shared/model/health-events.js';
import type { ApiClient, ConsoleView, SessionInfo } from '../../../shared/api/index.js';
import type { JournalEntry } from '../../../shared/actions/index.js';
import { ActionDialogState } from './dialog.svelte.js';

/** The views the console has, in navigation order. */
export const VIEWS = [
  { id: 'overview', label: 'Overview' },
  { id: 'use-as-ram', label: 'Use as system RAM' },
  { id: 'give-back', label: 'Give memory back' },
  { id: 'topology', label: 'Topology' },
  { id: 'regions', label: 'Regions & namespaces' },
  { id: 'dax', label: 'Dax devices' },
  { id: 'dimms', label: 'DIMMs' },
  { id: 'cxl', label: 'CXL' },
  { id: 'health', label: 'Health' },
  { id: 'memory', label: 'Memory map' },
  { id: 'numa', label: 'NUMA' },
  { id: 'journal', label: 'Journal' },
] as const;
/** A view's id. */
export type ViewId = (typeof VIEWS)[number]['id'];

/** The console: connection, the current view of the machine, the journal, the action dialog. */
export class ConsoleState {
  // Raw: a view is replaced whole when a new one comes, never changed in place, so its 10^4 block runs are not made into proxies.
  #view = $state.raw<ConsoleView | null>(null);
  #connected = $state(false);
  #error = $state<string | null>(null);
  #journal = $state<JournalEntry[] | null>(null);
  #journalSkipped = $state(0);
  #switching = $state(false);
  current = $state<ViewId>('overview');
  /** Health that got worse while this page watched (a threshold crossed, new poison, a DIMM's health), until the Health view is seen. */
  healthAlerts = $state<HealthEvent[]>([]);
  /** Something the person should know that no action of theirs in this tab caused (another tab switched hosts), until dismissed. */
  notice = $state<string | null>(null);
  readonly dialog: ActionDialogState;
  readonly api: ApiClient;

  constructor(api: ApiClient) {
    this.api = api;
    this.dialog = new ActionDialogState(api);
    api.on('view', (v) => this.#accept(v));
  }

  get view(): ConsoleView | null { return this.#view; }
  get topology() { return this.#view?.topology ?? null; }
  get session(): SessionInfo | null { return this.#view?.session ?? null; }
  get connected(): boolean { return this.#connected; }
  set connected(v: boolean) {
    this.#connected = v;
    if (v) void this.load();
  }
  get error(): string | null { return this.#error; }
  get journal(): JournalEntry[] | null { return this.#journal; }
  get journalSkipped(): number { return this.#journalSkipped; }
  get switching(): boolean { return this.#switching; }

  #accept(v: ConsoleView): void {
    const shown = this.#view;
    if (shown && v.session.spec !== shown.session.spec && !this.#switching) {
      // Another window or tab switched hosts: said here, and a plan made for the host shown until now is not left open.
      this.notice = `Another window or tab switched the console to ${v.session.spec} (this one showed ${shown.session.spec}).`;
      const closed = this.dialog.closeStale();
      if (closed) this.notice += ` The ${closed} dialog was closed: ${closed} was planned for ${shown.session.spec}.`;
    }
    if (shown && v.session.spec === shown.session.spec) {
      if (v.version < shown.version) return;
      // The same read again (pushed on connect, then the answer to view.get): nothing to draw again.
      if (v.version === shown.version && v.topology.takenAt === shown.topology.takenAt) return;
    }
    // What got worse between two reads of the same machine is kept for the Health item's badge; the first read has nothing to compare.
    if (shown && v.session.spec === shown.session.spec) {
      const worse = healthEvents(shown.topology, v.topology).filter((e) => e.level !== 'info');
      if (worse.length) this.healthAlerts = [...this.healthAlerts, ...worse].slice(-50);
    } else if (shown) this.healthAlerts = [];
    this.#view = v;
    this.#error = null;
    if (this.#journal !== null) void this.loadJournal();
    performance.mark(`pmem-view-${v.version}`);
  }

  /** Reads the current view (on connect), and takes up a run that is going on, or that ended while no page showed it (a reload). */
  async load(): Promise<void> {
    try {
      this.#accept(await this.api.call('view.get', {}));
      const runs = await this.api.call('plan.runs', {});
      const run = runs.find((r) => r.done === null) ?? runs.at(-1);
      if (run && this.dialog.phase === 'closed') await this.dialog.attach(run);
    } catch (e) {
      this.#error = (e as Error).message;
    }
  }

  /** Reads the machine again now. */
  async refresh(): Promise<void> {
    try {
      this.#accept(await this.api.call('view.refresh', {}));
    } catch (e) {
      this.#error = (e as Error).message;
    }
  }

  /** Switches to another host (local, sim:PRESET, replay:FILE, sim:twin:FILE, ssh://...). Returns an error message or null.
   *  Leaving the simulator for a real machine needs confirmRealMachine: the person said they know actions there are real. */
  async openHost(spec: string, confirmRealMachine = false): Promise<string | null> {
    this.#switching = true;
    try {
      await this.api.call('session.open', confirmRealMachine ? { spec, confirmRealMachine } : { spec });
      this.#view = null;
      this.#accept(await this.api.call('view.get', {}));
      return null;
    } catch (e) {
      return (e as Error).message;
    } finally {
      this.#switching = false;
    }
  }

  /** Loads the journal, newest first. */
  async loadJournal(): Promise<void> {
    try {
      const j = await this.api.call('journal.list', {});
      this.#journal = j.entries;
      this.#journalSkipped = j.skipped;
    } catch (e) {
      this.#error = (e as Error).message;
    }
  }
}

const KEY = Symbol('console');

/** Makes the console state available to the component tree. */
export function setConsole(state: ConsoleState): void {
  setContext(KEY, state);
}

/** The console state, from any component. */
export function getConsole(): ConsoleState {
  return getContext<ConsoleState>(KEY);
}
