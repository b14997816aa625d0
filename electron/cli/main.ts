// The pmem-console command line: parses the arguments, loads only the module of the command asked for, and turns errors into
// one line and an exit code (0 done, 1 failed while running, 2 bad input, 3 refused by a guard, 4 not confirmed).
import { ParamError } from '../../shared/actions/catalog.js';
import { VERSION } from '../../shared/version.js';
import { LockedError, NotConfirmedError, RefusedError } from '../actions/errors.js';
import { HostError, HostSpecError } from '../host/host.js';
import { ToolOutputError } from '../system/parse/tool-output-error.js';
import { parseArgs, UsageError, USAGE, type Args, type CommandName } from './args.js';
import { NotBuiltError } from './errors.js';

export { parseArgs, UsageError, type Args };

/** Where a command writes: stdout and stderr, or a test's buffers. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** One command: runs with the parsed arguments and returns its exit code. */
export type Command = (a: Args, io: Io, argv: readonly string[]) => Promise<number>;

/** Each command's module, loaded when it runs (serve and start alone load the session, the web server and ws). */
const LOAD: Record<CommandName, () => Promise<Command>> = {
  snapshot: async () => (await import('./commands/read.js')).snapshotCommand,
  doctor: async () => (await import('./commands/read.js')).doctorCommand,
  capture: async () => (await import('./commands/read.js')).captureCommand,
  plan: async () => (await import('./commands/change.js')).planCommand,
  apply: async () => (await import('./commands/change.js')).applyCommand,
  journal: async () => (await import('./commands/journal.js')).journalCommand,
  actions: async () => (await import('./commands/journal.js')).actionsCommand,
  start: async () => (await import('./commands/gui.js')).startCommand,
  serve: async () => (await import('./commands/gui.js')).serveCommand,
};

/** The exit code and the one line an error is reported with. */
function failure(e: unknown): { code: number; line: string } {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof RefusedError) return { code: e.badInput ? 2 : 3, line: message };
  if (e instanceof NotConfirmedError) return { code: 4, line: `not confirmed: ${message}` };
  if (e instanceof LockedError || e instanceof NotBuiltError || e instanceof ToolOutputError) return { code: 1, line: message };
  if (e instanceof UsageError || e instanceof HostSpecError || e instanceof ParamError) return { code: 2, line: message };
  if (e instanceof HostError) {
    // A file the user named (a capture, a state file, a twin) that is missing or malformed is bad input; a machine that fails is not.
    const theirs = e.code === 'EBADDATA' || ((e.code === 'ENOENT' || e.code === 'EINVAL') && e.path !== undefined && !/^\/(sys|proc)\//.test(e.path));
    return { code: theirs ? 2 : 1, line: message };
  }
  return { code: 1, line: `internal error: ${message}` };
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
    else io.out(USAGE);
    return a.meta === 'usage' ? 2 : 0;
  }
  try {
    const command = await LOAD[a.command]();
    return await command(a, io, argv);
  } catch (e) {
    const { code, line } = failure(e);
    // One line, and no terminal control characters from a remote machine's words.
    io.err(`pmem-console: ${line.replace(/\s*\n\s*/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '')}\n`);
    return code;
  }
}
