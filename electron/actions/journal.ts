// The journal, written ahead: a "started" record before a plan's first step, one record per step as it ends, and an "ended"
// record, each one JSON line in the user's state directory (XDG). A run whose process died keeps what it did and shows as interrupted.
import { appendFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as z from '../../shared/zod.js';
import { interruptedReason, type JournalEntry, type JournalStep } from '../../shared/actions/index.js';
import { fileErrorWords, readRegularFile } from '../host/files.js';
import { processAlive } from './process.js';

export type { JournalEntry, JournalStep } from '../../shared/actions/index.js';

/** Where the console keeps its journal and locks: $PMEM_CONSOLE_STATE_DIR, else $XDG_STATE_HOME/pmem-console, else ~/.local/state/pmem-console. */
export function stateDir(): string {
  const env = process.env;
  if (env.PMEM_CONSOLE_STATE_DIR) return env.PMEM_CONSOLE_STATE_DIR;
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'pmem-console');
}

/** Output kept per step in the journal. */
export const JOURNAL_OUTPUT_LIMIT = 4096;
/** The largest journal read back (older entries are kept in the file, beyond what the console shows). */
const MAX_JOURNAL_BYTES = 64 * 1024 * 1024;

/** Cuts text to the journal's limit, saying how much was left out. */
export function bound(text: string): string {
  return text.length <= JOURNAL_OUTPUT_LIMIT ? text : `${text.slice(0, JOURNAL_OUTPUT_LIMIT)}\n[... ${text.length - JOURNAL_OUTPUT_LIMIT} more characters]`;
}

/** The journal file. */
export function journalFile(): string {
  return join(stateDir(), 'journal.jsonl');
}

const Step = z.object({ op: z.string(), exitCode: z.nullable(z.int()), stdout: z.string(), stderr: z.string(), durationMs: z.number().check(z.nonnegative()), ok: z.boolean(), error: z.nullable(z.string()) });
const Change = z.object({ what: z.string(), before: z.union([z.string(), z.number(), z.null()]), after: z.union([z.string(), z.number(), z.null()]) });
const Request = z.object({ action: z.string(), params: z.record(z.string(), z.string()) });
const Value = z.union([z.string(), z.number(), z.null()]);
const Observed = z.object({ what: z.string(), before: Value, after: Value, predicted: z.optional(Value), progress: z.enum(['done', 'partly', 'not-done', 'unexpected']) });
const Facts = z.object({
  memTotal: z.number(), nodes: z.record(z.string(), z.number()), namespaces: z.record(z.string(), z.string()), daxDevices: z.record(z.string(), z.string()),
  onlineBlocks: z.number(), poison: z.optional(z.record(z.string(), z.number())), poisonFound: z.optional(z.array(z.string())), dimmSecurity: z.optional(z.record(z.string(), z.string())),
  cxl: z.optional(z.record(z.string(), z.string())), interleave: z.optional(z.string()), settings: z.optional(z.record(z.string(), z.string())),
});
/** What the machine showed after a run, or, for one cut short with no end, when it was next read: what changed and what to plan next. */
const Outcome = {
  observed: z.optional(z.array(Observed)), finish: z.optional(z.nullable(Request)), rollback: z.optional(z.nullable(Request)), readAfter: z.optional(z.nullable(z.string())),
};
const Head = {
  id: z.string().check(z.minLength(1)), time: z.string(), host: z.string(), user: z.string(), action: z.string(), params: z.record(z.string(), z.string()),
  object: z.string(), risk: z.enum(['safe', 'reversible', 'disruptive', 'destructive']),
};

/** A whole entry in one line: a refusal, or a run recorded by an older version. */
const Whole = z.object({
  record: z.optional(z.literal('entry')), ...Head, outcome: z.enum(['done', 'failed', 'refused', 'not-confirmed']), reason: z.nullable(z.string()),
  steps: z.array(Step), planned: z.optional(z.array(z.string())), rollback: z.optional(z.nullable(Request)), changes: z.array(Change), verification: z.array(z.string()),
});
const Started = z.object({
  record: z.literal('started'), ...Head, planned: z.array(z.string()), rollback: z.nullable(Request), pid: z.int().check(z.positive()),
  // The machine's facts before the first step and as predicted after the last: a run that dies without its end is judged from them later.
  before: z.optional(Facts), predicted: z.optional(z.nullable(Facts)),
});
const StepEnded = z.object({ record: z.literal('step'), id: z.string(), index: z.int().check(z.nonnegative()), step: Step });
const Ended = z.object({ record: z.literal('ended'), id: z.string(), outcome: z.enum(['done', 'failed', 'refused', 'detached']), reason: z.nullable(z.string()), changes: z.array(Change), verification: z.array(z.string()), ...Outcome });
/** The plan made again once the person had authenticated, with the same steps: the rollback, facts and prediction of the plan that ran. */
const Replanned = z.object({ record: z.literal('replanned'), id: z.string(), at: z.string(), rollback: z.nullable(Request), before: Facts, predicted: z.nullable(Facts) });
/** A run that ended without its own end (interrupted), judged by the next console that read its machine: what that read showed. */
const Judged = z.object({ record: z.literal('judged'), id: z.string(), at: z.string(), ...Outcome });
const JournalRecord = z.union([Started, StepEnded, Ended, Judged, Replanned, Whole]);

/** One line of the journal. */
export type JournalRecord = z.infer<typeof Started> | z.infer<typeof StepEnded> | z.infer<typeof Ended> | z.infer<typeof Judged> | z.infer<typeof Replanned> | (JournalEntry & { record: 'entry' });

/** Appends a record (one line, so concurrent writers never interleave within it). Throws when the journal cannot be written. */
export function appendRecord(record: JournalRecord): void {
  mkdirSync(stateDir(), { recursive: true, mode: 0o700 });
  appendFileSync(journalFile(), JSON.stringify(record) + '\n', { mode: 0o600 });
}

/** Appends a whole entry (refusals and unconfirmed plans, which run nothing). */
export function appendJournal(entry: JournalEntry): void {
  appendRecord({ record: 'entry', ...entry });
}

/** Says why the journal could not be written, for the line printed after a run's report. */
export function journalProblem(e: unknown): string {
  return `the journal ${journalFile()} could not be written (${fileErrorWords(e)}): this run has no complete record there`;
}

/** Reads the journal, oldest first, folding each run's records into one entry; lines that are not records (a torn write) are skipped and counted. */
export function readJournal(): { entries: JournalEntry[]; skipped: number; path: string } {
  const path = journalFile();
  let text = '';
  try {
    text = readRegularFile(path, 'journal', MAX_JOURNAL_BYTES);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
  }
  const entries = new Map<string, JournalEntry & { pid?: number }>();
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const r = JournalRecord.safeParse(parsed);
    if (!r.success) {
      skipped++;
      continue;
    }
    const rec = r.data;
    if (rec.record === 'started') {
      const { record: _r, pid, ...head } = rec;
      entries.set(rec.id, { ...head, outcome: 'running', reason: null, steps: [], changes: [], verification: [], pid });
    } else if (rec.record === 'step') {
      const e = entries.get(rec.id);
      if (e && rec.index === e.steps.length) e.steps.push(rec.step as JournalStep);
      else skipped++;
    } else if (rec.record === 'ended') {
      const e = entries.get(rec.id);
      const { record: _r, id: _id, ...end } = rec;
      if (e) Object.assign(e, { ...end, pid: undefined });
      else skipped++;
    } else if (rec.record === 'replanned') {
      const e = entries.get(rec.id);
      if (e && e.outcome === 'running') Object.assign(e, { rollback: rec.rollback, before: rec.before, predicted: rec.predicted, replannedAt: rec.at });
      else skipped++;
    } else if (rec.record === 'judged') {
      const e = entries.get(rec.id);
      const { record: _r, id: _id, ...judged } = rec;
      if (e) e.judged = judged;
      else skipped++;
    } else {
      const { record: _r, ...whole } = rec;
      entries.set(rec.id, { ...whole, planned: whole.planned ?? whole.steps.map((s) => s.op), rollback: whole.rollback ?? null } as JournalEntry);
    }
  }
  const out: JournalEntry[] = [];
  for (const { pid, ...e } of entries.values()) {
    if (e.outcome === 'running' && !(pid !== undefined && processAlive(pid))) out.push({ ...e, outcome: 'interrupted', reason: interruptedReason(e), ...(e.judged ? { observed: e.judged.observed, finish: e.judged.finish, rollback: e.judged.rollback ?? null } : {}) });
    else out.push(e);
  }
  return { entries: out, skipped, path };
}
