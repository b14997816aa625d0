// The journal: one JSON line per plan run, in the user's state directory (XDG), so there is a record of every change.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { JournalEntry } from '../../shared/actions/index.js';

export type { JournalEntry, JournalStep } from '../../shared/actions/index.js';

/** Where the console keeps its journal and locks: $PMEM_CONSOLE_STATE_DIR, else $XDG_STATE_HOME/pmem-console, else ~/.local/state/pmem-console. */
export function stateDir(): string {
  const env = process.env;
  if (env.PMEM_CONSOLE_STATE_DIR) return env.PMEM_CONSOLE_STATE_DIR;
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'pmem-console');
}

/** Output kept per step in the journal. */
export const JOURNAL_OUTPUT_LIMIT = 4096;


/** Cuts text to the journal's limit, saying how much was left out. */
export function bound(text: string): string {
  return text.length <= JOURNAL_OUTPUT_LIMIT ? text : `${text.slice(0, JOURNAL_OUTPUT_LIMIT)}\n[... ${text.length - JOURNAL_OUTPUT_LIMIT} more characters]`;
}

function journalFile(): string {
  return join(stateDir(), 'journal.jsonl');
}

/** Appends an entry (one line, so concurrent writers never interleave within it). */
export function appendJournal(entry: JournalEntry): void {
  mkdirSync(stateDir(), { recursive: true, mode: 0o700 });
  appendFileSync(journalFile(), JSON.stringify(entry) + '\n', { mode: 0o600 });
}

/** Reads the journal, oldest first; lines that are not entries (a torn write) are skipped and counted. */
export function readJournal(): { entries: JournalEntry[]; skipped: number; path: string } {
  let text = '';
  try {
    text = readFileSync(journalFile(), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const entries: JournalEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line) as JournalEntry;
      if (typeof v.id === 'string' && typeof v.action === 'string') entries.push(v);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { entries, skipped, path: journalFile() };
}
