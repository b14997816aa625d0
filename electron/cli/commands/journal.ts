// The commands that read no machine: journal (every plan run so far) and actions (the catalog).
import '../one-shot.js';
import { ACTION_NAMES, CATALOG } from '../../../shared/actions/index.js';
import { readJournal } from '../../actions/journal.js';
import type { Args } from '../args.js';
import type { Io } from '../main.js';
import { formatJournal } from '../plan-format.js';

/** journal: every plan run so far, oldest first (on one host with --host); damaged lines are skipped and counted. */
export async function journalCommand(a: Args, io: Io): Promise<number> {
  const { entries, skipped, path } = readJournal();
  const shown = a.host === undefined ? entries : entries.filter((e) => e.host === a.host);
  io.out(a.json ? JSON.stringify(shown, null, 2) + '\n' : formatJournal(shown, a.host));
  if (skipped) io.err(`pmem-console: ${skipped} damaged line${skipped > 1 ? 's' : ''} in ${path} ${skipped > 1 ? 'were' : 'was'} skipped\n`);
  return 0;
}

/** actions: the actions and their parameters. */
export async function actionsCommand(_a: Args, io: Io): Promise<number> {
  io.out(ACTION_NAMES.map((name) => {
    const c = CATALOG[name];
    const params = Object.entries(c.params).map(([k, p]) => `    --${k.padEnd(10)} ${p.required ? '(required) ' : ''}${p.help}${p.default ? ` [default: ${p.default}]` : ''}`);
    return `${name}: ${c.summary}\n${params.join('\n')}`;
  }).join('\n') + '\n');
  return 0;
}
