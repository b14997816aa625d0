// The pmem-console command line: parses the arguments, loads only the module of the command asked for, and turns errors into
// one line and an exit code (0 done, 1 failed while running, 2 bad input, 3 refused by a guard, 4 not confirmed).
import { VERSION } from '../../shared/version.js';
import type { RefusedError } from '../actions/errors.js';
import type { HostError } from '../host/host.js';
import { parseArgs, UsageError, type Args, type CommandName } from './args.js';
import { commandUsage, USAGE } from './help.js';

export { parseArgs, UsageError, type Args };

/** Where a command writes: stdout and stderr, or a test's buffers. */
export interface Io {
  out: (s: string | Buffer) => void;
  err: (s: string) => void;
  /** A line for stderr once the command has done its work (where a simulated machine is kept); left out when it fails. */
  note?: (s: string) => void;
  /** Asks for sudo's password on an ssh host (tests answer here); by default stdin or the terminal (cli/password.ts). */
  askPassword?: (prompt: string) => Promise<string | null>;
}

/** One command: runs with the parsed arguments and returns its exit code. */
export type Command = (a: Args, io: Io, argv: readonly string[]) => Promise<number>;

/** Each command's module, loaded when it runs (serve and start alone load the session, the web server and ws). */
const LOAD: Record<CommandName, () => Promise<Command>> = {
  snapshot: async () => (await import('./commands/read.js')).snapshotCommand,
  doctor: async () => (await import('./commands/read.js')).doctorCommand,
  monitor: async () => (await import('./commands/monitor.js')).monitorCommand,
  capture: async () => (await import('./commands/read.js')).captureCommand,
  plan: async () => (await import('./commands/change.js')).planCommand,
  apply: async () => (await import('./commands/change.js')).applyCommand,
  journal: async () => (await import('./commands/journal.js')).journalCommand,
  actions: async () => (await import('./commands/journal.js')).actionsCommand,
  start: async () => (await import('./commands/gui.js')).startCommand,
  serve: async () => (await import('./commands/gui.js')).serveCommand,
};

/** The exit code and the one line an error is reported with. Errors are told apart by name: each command is its own built file,
 *  with its own copy of the error classes, so instanceof would not recognise them here. */
function failure(e: unknown): { code: number; line: string } {
  const err = e as Partial<HostError & RefusedError> & Error;
  const message = e instanceof Error ? e.message : String(e);
  switch (err?.name) {
    case 'RefusedError': return { code: err.badInput ? 2 : 3, line: message };
    case 'NotConfirmedError': return { code: 4, line: `not confirmed: ${message}` };
    case 'LockedError': case 'NotBuiltError': case 'ToolOutputError': return { code: 1, line: message };
    case 'UsageError': case 'HostSpecError': case 'ParamError': return { code: 2, line: message };
    case 'HostError': {
      // A file the user named (a capture, a state file, a twin) that is missing or malformed is bad input; a machine that fails is not.
      const theirs = err.code === 'EBADDATA' || ((err.code === 'ENOENT' || err.code === 'EINVAL') && err.path !== undefined && !/^\/(sys|proc)\//.test(err.path));
      return { code: theirs ? 2 : 1, line: message };
    }
    default: return { code: 1, line: `internal error: ${message}` };
  }
}

/** Runs the CLI; returns the exit code. Output goes to the given streams (for tests) or stdout/stderr. */
export async function main(argv: readonly string[], io: Io = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) }): Promise<number> {
  let a: ReturnType<typeof parseArgs>;
  try {
    a = parseArgs(argv);
  } catch (e) {
    io.err(`pmem-console: ${(e as Error).message}\n`);
    return 2;
  }
  if ('meta' in a) {
    if (a.meta === 'version') io.out(`pmem-console ${VERSION}\n`);
    else if (a.meta === 'help' && a.action !== undefined) {
      // An action's parameters come from the catalog, which lives with the actions command.
      const { actionUsage } = await import('./commands/journal.js');
      const text = actionUsage(a.topic === 'apply' ? 'apply' : 'plan', a.action);
      if (text === null) {
        io.err(`pmem-console: unknown action ${JSON.stringify(a.action)}; pmem-console actions lists them\n`);
        return 2;
      }
      io.out(text);
    } else io.out(a.meta === 'help' && a.topic ? commandUsage(a.topic) : USAGE);
    return a.meta === 'usage' ? 2 : 0;
  }
  const notes: string[] = [];
  let code: number;
  try {
    const command = await LOAD[a.command]();
    // (serve and start run until stopped: they say their notes themselves once they listen.)
    code = await command(a, { ...io, note: (s) => void notes.push(s) }, argv);
  } catch (e) {
    const failed = failure(e);
    // One line, and no terminal control characters from a remote machine's words.
    io.err(`pmem-console: ${failed.line.replace(/\s*\n\s*/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '')}\n`);
    code = failed.code;
  }
  if (code === 0) for (const n of notes) io.err(n);
  return code;
}
