// The pmem-console command line as data: the commands, the options each takes, and the argument parser (the usage texts: help.ts).
// Loads nothing heavy, so --help is instant.

/** Bad command-line input (exit 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Longest --timeout accepted: a day. Longer would overflow the timers (they count in 32-bit milliseconds). */
export const MAX_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/** The commands and what each one is for; main.ts loads a command's module only when it runs. */
export const COMMANDS = ['snapshot', 'doctor', 'monitor', 'capture', 'plan', 'apply', 'journal', 'actions', 'start', 'serve'] as const;
/** A command's name. */
export type CommandName = (typeof COMMANDS)[number];

/** The parsed command line. */
export interface Args {
  command: CommandName;
  action?: string;
  params: Record<string, string>;
  yes: boolean;
  confirm?: string;
  host?: string;
  state?: string;
  sysroot?: string;
  sshConfig?: string;
  /** sudo's password is the first line of stdin. */
  sudoPasswordStdin?: boolean;
  json: boolean;
  output?: string;
  timeoutMs?: number;
  port?: number;
  demo: boolean;
  /** The simulator's machine starts anew from its preset (its kept state is dropped). */
  fresh: boolean;
  /** monitor: seconds between reads, and how many reads before it stops (none: until Ctrl-C). */
  intervalS?: number;
  count?: number;
}

/** What the command line asks for when it is not a command to run: help (on one command, or one action of plan and apply), the
 *  version, or the usage after no command at all. */
export type Meta = { meta: 'help' | 'version' | 'usage'; topic?: CommandName; action?: string };

/** Whether a word asks for help. */
const isHelp = (w: string | undefined) => w === '--help' || w === '-h';

const isCommand = (c: string): c is CommandName => (COMMANDS as readonly string[]).includes(c);

/** Options each command takes, beyond the action parameters of plan and apply. */
export const TAKES: Record<CommandName, readonly string[]> = {
  snapshot: ['--host', '--state', '--fresh', '--sysroot', '--ssh-config', '--json', '--timeout'],
  doctor: ['--host', '--state', '--fresh', '--sysroot', '--ssh-config', '--json', '--timeout'],
  monitor: ['--host', '--state', '--fresh', '--sysroot', '--ssh-config', '--json', '--timeout', '--interval', '--count'],
  capture: ['--host', '--state', '--fresh', '--sysroot', '--ssh-config', '--timeout', '-o', '--output'],
  // plan takes --yes and --confirm too, so that a plan's command line becomes its apply by changing one word.
  plan: ['--host', '--state', '--fresh', '--sysroot', '--ssh-config', '--json', '--timeout', '--yes', '--confirm'],
  apply: ['--host', '--state', '--fresh', '--sysroot', '--ssh-config', '--json', '--timeout', '--yes', '--confirm', '--sudo-password-stdin'],
  journal: ['--json', '--host'],
  actions: [],
  start: ['--host', '--state', '--fresh', '--sysroot', '--ssh-config', '--timeout', '--port', '--demo'],
  serve: ['--host', '--state', '--fresh', '--sysroot', '--ssh-config', '--timeout', '--port', '--demo'],
};

/** `help`, `help COMMAND`, or `help ACTION` (an action's name has a dot: dax.system-ram). */
function helpOn(words: readonly string[]): Meta {
  const [word, ...more] = words;
  if (more.length > 0) throw new UsageError(`help takes one command or action, not ${JSON.stringify(words.join(' '))}`);
  if (word === undefined) return { meta: 'help' };
  if (isCommand(word)) return { meta: 'help', topic: word };
  // `help help` is the general help, as `help` alone.
  if (word === 'help') return { meta: 'help' };
  if (/^[a-z]+\.[a-z-]+$/.test(word)) return { meta: 'help', topic: 'plan', action: word };
  throw new UsageError(`no help on ${JSON.stringify(word)}: commands are ${COMMANDS.join(', ')}; pmem-console actions lists the actions`);
}

function wholeNumber(name: string, v: string, min: number, max: number, what: string): number {
  if (!/^\d{1,16}$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`${name} takes ${what} (${min}-${max}), not ${JSON.stringify(v)}`);
  return Number(v);
}

/** Parses the command line (exported for the Electron main process, which takes the same host options). */
export function parseArgs(argv: readonly string[]): Args | Meta {
  const [command, ...rest] = argv;
  if (command === undefined) return { meta: 'usage' };
  if (isHelp(command)) return { meta: 'help' };
  if (command === 'help') return helpOn(rest);
  if (command === '--version' || command === '-V' || command === 'version') return { meta: 'version' };
  if (!isCommand(command)) throw new UsageError(`unknown command ${JSON.stringify(command)}; commands: ${COMMANDS.join(', ')} (pmem-console --help)`);
  const a: Args = { command, json: false, params: {}, yes: false, demo: false, fresh: false };
  if ((command === 'plan' || command === 'apply') && rest[0] !== undefined && !rest[0].startsWith('-')) a.action = rest.shift();
  // --help anywhere after the command is a question, whatever else is on the line (an option that would need a value included).
  if (rest.some(isHelp)) return { meta: 'help', topic: command, ...(a.action !== undefined ? { action: a.action } : {}) };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    const flag = () => {
      if (inline !== undefined) throw new UsageError(`${name} takes no value`);
      return true;
    };
    if (!TAKES[command].includes(name)) {
      if (a.action !== undefined && /^--[a-z][a-z-]{0,31}$/.test(name) && !TAKES.apply.includes(name)) {
        const key = name.slice(2);
        if (Object.hasOwn(a.params, key)) throw new UsageError(`--${key} is given twice`);
        a.params[key] = value();
        continue;
      }
      throw new UsageError(`unknown option ${JSON.stringify(arg)} for ${command}`);
    }
    switch (name) {
      case '--host': a.host = value(); break;
      case '--state': a.state = value(); break;
      case '--sysroot': a.sysroot = value(); break;
      case '--ssh-config': a.sshConfig = value(); break;
      case '--json': a.json = flag(); break;
      case '-o': case '--output': a.output = value(); break;
      case '--yes': a.yes = flag(); break;
      case '--sudo-password-stdin': a.sudoPasswordStdin = flag(); break;
      case '--demo': a.demo = flag(); break;
      case '--fresh': a.fresh = flag(); break;
      case '--confirm': a.confirm = value(); break;
      case '--timeout': a.timeoutMs = wholeNumber('--timeout', value(), 1, MAX_TIMEOUT_MS, 'milliseconds'); break;
      case '--port': a.port = wholeNumber('--port', value(), 0, 65535, 'a port number'); break;
      case '--interval': a.intervalS = wholeNumber('--interval', value(), 1, 86400, 'seconds'); break;
      case '--count': a.count = wholeNumber('--count', value(), 1, 1_000_000, 'a number of reads'); break;
    }
  }
  return a;
}
