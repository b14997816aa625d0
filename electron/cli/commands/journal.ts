// The commands that read no machine: journal (every plan run so far) and actions (the catalog).
import '../one-shot.js';
import { ACTION_NAMES, CATALOG, isActionName, type ActionName } from '../../../shared/actions/index.js';
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

/** One action's parameters, one per line. */
function paramLines(name: ActionName): string[] {
  return Object.entries(CATALOG[name].params).map(([k, p]) => `    --${k.padEnd(10)} ${p.required ? '(required) ' : ''}${p.help}${p.default ? ` [default: ${p.default}]` : ''}`);
}

/** actions: the actions and their parameters. */
export async function actionsCommand(_a: Args, io: Io): Promise<number> {
  io.out(ACTION_NAMES.map((name) => `${name}: ${CATALOG[name].summary}\n${paramLines(name).join('\n')}`).join('\n') + '\n');
  return 0;
}

/** `plan ACTION --help` (or apply's): the action's synopsis, what it does and its parameters; null for an action there is not. */
export function actionUsage(command: 'plan' | 'apply', name: string): string | null {
  if (!isActionName(name)) return null;
  const action = name;
  const params = Object.entries(CATALOG[action].params);
  const synopsis = params.map(([k, p]) => (p.required ? `--${k} ${k.toUpperCase()}` : `[--${k} ${k.toUpperCase()}]`)).join(' ');
  const confirm = command === 'apply' ? ' [--yes | --confirm NAME]' : '';
  return `usage: pmem-console ${command} ${action}${synopsis ? ` ${synopsis}` : ''}${confirm} [--host H] [--json]\n\n`
    + `${CATALOG[action].summary}.\n${params.length ? `\nparameters:\n${paramLines(action).join('\n')}\n` : ''}`
    + `\nThe host options are those of ${command} (pmem-console ${command} --help).\n`;
}
