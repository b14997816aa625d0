// The usage texts: `pmem-console --help`, and each command's own (`help COMMAND`, `COMMAND --help`: what it is for, its synopsis and
// the options it takes). Every option is described once here, for both. Plain strings, so help loads nothing; an action's parameters
// come from the catalog (commands/journal.ts).
import { MAX_TIMEOUT_MS, TAKES, type CommandName } from './args.js';

/** What each option is (its value's name, and what it does), as the help of every command that takes it says it. */
const OPTIONS: Record<string, { value?: string; text: string }> = {
  '--host': { value: 'H', text: 'local | sim:PRESET | sim:twin:FILE | replay:FILE | ssh://[user@]host[:port]' },
  '--state': { value: 'FILE', text: 'keep the simulator\'s state in FILE (created from the preset if missing); without it, each preset\'s\n'
    + 'machine is kept in the state directory (sim/PRESET.json), so commands act on one machine, as on a VM' },
  '--fresh': { text: 'start the simulator\'s machine anew from its preset (its kept state is dropped; with plan, the plan is made on the preset as it starts and the kept machine is left as it is)' },
  '--sysroot': { value: 'DIR', text: 'with --host local or ssh://: read the machine from the files under DIR (read-only; no tool is run)' },
  '--ssh-config': { value: 'F', text: 'with an ssh:// host: use this ssh_config file (ssh -F) instead of ~/.ssh/config' },
  '--json': { text: 'print JSON instead of text' },
  '--timeout': {
    value: 'MS',
    text: `stop a read (a listing tool, a remote read) that runs longer than this (default 30000, at most ${MAX_TIMEOUT_MS});\n`
      + 'a plan\'s steps are never stopped: past their usual time they are reported and waited for',
  },
  '--yes': { text: 'confirm a reversible plan' },
  '--confirm': { value: 'NAME', text: 'confirm a disruptive or destructive plan by the name of what it acts on' },
  '--sudo-password-stdin': {
    text: 'with apply on an ssh:// host whose user is not root: sudo\'s password is the first line of stdin\n'
      + '(else, on a terminal, it is asked for when sudo wants one; it is never stored)',
  },
  '-o': { value: 'FILE', text: 'the bundle file to write (also --output FILE)' },
  '--port': { value: 'N', text: 'with serve or start: the port on 127.0.0.1 (default: a free one)' },
  '--demo': { text: 'with serve or start: a demonstration on the simulator that can never be switched to a real machine' },
  '--version': { text: 'print the version' },
  '--interval': { value: 'S', text: 'with monitor: seconds between reads (default 60)' },
  '--count': { value: 'N', text: 'with monitor: stop after N reads (default: run until Ctrl-C)' },
};

/** The options `pmem-console --help` describes: those that go with more than one command, and the version. */
const COMMON_OPTIONS = ['--host', '--state', '--fresh', '--sysroot', '--ssh-config', '--sudo-password-stdin', '--timeout', '--port', '--demo', '--version'];

const EXIT_CODES = 'exit codes: 0 done, 1 failed while running, 2 bad input, 3 refused by a guard, 4 not confirmed';

/** Options as a usage text lists them: the option and its value's name, then what it does (continued lines indented under it). */
function optionLines(names: readonly string[]): string {
  return names.map((o) => {
    const { value, text } = OPTIONS[o] ?? { text: '' };
    return `  ${`${o}${value ? ` ${value}` : ''}`.padEnd(24)}${text.replace(/\n/g, `\n${' '.repeat(26)}`)}`;
  }).join('\n');
}

/** What `pmem-console --help` prints. */
export const USAGE = `usage: pmem-console <command> [options]

commands (pmem-console help COMMAND, or COMMAND --help, says more about one):
  snapshot [--host H] [--json]     what the machine has: regions, namespaces, dax devices, memory blocks, NUMA nodes
  doctor [--host H] [--json]       what stands in the way of using persistent memory as RAM, and what to do
  monitor [--host H] [--json]      follow DIMM health, thresholds, poison, security and scrubs: a line per change
  capture -o FILE [--host H]       record what the machine answers into a bundle (open it with --host replay:FILE)
  plan ACTION --PARAM VALUE ...    what an action would run, its risk, guards and predicted effect (nothing runs)
  apply ACTION --PARAM VALUE ...   plan, check, confirm, run and verify an action; recorded in the journal
        [--yes | --confirm NAME]   reversible plans need --yes; disruptive and destructive ones the object's name
  journal [--json] [--host H]      every plan run so far (on one host with --host)
  start [--host H] [--demo]        open the console window (Electron); without Electron or a display, browser mode
  serve [--host H] [--port N] [--demo]
                                   browser mode: the console on http://127.0.0.1:N with a random token in the URL
  actions                          the actions and their parameters (plan ACTION --help: one of them)
  help [COMMAND | ACTION]          this text, or one command's or one action's

${EXIT_CODES}

options:
${optionLines(COMMON_OPTIONS)}
`;

/** What each command is for, and how it is called. */
const COMMAND_HELP: Record<CommandName, { synopsis: string; about: string }> = {
  snapshot: { synopsis: 'snapshot [--host H] [--json]', about: 'What the machine has: regions, namespaces, dax devices, memory blocks, NUMA nodes.' },
  doctor: { synopsis: 'doctor [--host H] [--json]', about: 'What stands in the way of using persistent memory as RAM, and what to do. Exit 1 when something is an error.' },
  monitor: {
    synopsis: 'monitor [--host H] [--json] [--interval S] [--count N]',
    about: 'Reads the machine every S seconds and prints its health now (what is not as it should be), then a line per change: a\n'
      + 'DIMM\'s health, a threshold crossed, a dirty shutdown, new or cleared poison, security, a scrub, memory taken offline after\n'
      + 'machine checks. --json prints one JSON object per line. Until Ctrl-C, or N reads.',
  },
  capture: { synopsis: 'capture -o FILE [--host H]', about: 'Record what the machine answers into a bundle; open it later with --host replay:FILE.' },
  plan: {
    synopsis: 'plan ACTION --PARAM VALUE ... [--host H] [--json]',
    about: 'What an action would run, its risk, guards and predicted effect; nothing runs. `pmem-console actions` lists the\n'
      + 'actions; `pmem-console plan ACTION --help` shows one action\'s parameters.',
  },
  apply: {
    synopsis: 'apply ACTION --PARAM VALUE ... [--yes | --confirm NAME] [--host H] [--json]',
    about: 'Plan, check, confirm, run and verify an action; recorded in the journal. Reversible plans need --yes; disruptive and\n'
      + 'destructive ones the name of what they act on. `pmem-console apply ACTION --help` shows one action\'s parameters.',
  },
  journal: { synopsis: 'journal [--host H] [--json]', about: 'Every plan run so far, oldest first; with --host, those on that host only.' },
  actions: { synopsis: 'actions', about: 'The actions and their parameters.' },
  start: { synopsis: 'start [--host H] [--demo]', about: 'Open the console window (Electron); without Electron or a display, browser mode (as serve).' },
  serve: { synopsis: 'serve [--host H] [--port N] [--demo]', about: 'Browser mode: the console on http://127.0.0.1:N with a random token in the URL, until Ctrl-C.' },
};

/** The usage of one command: synopsis, what it is for, its options, and the exit codes. */
export function commandUsage(command: CommandName): string {
  const h = COMMAND_HELP[command];
  const options = TAKES[command].filter((o) => o !== '--output');
  return `usage: pmem-console ${h.synopsis}\n\n${h.about}\n${options.length ? `\noptions:\n${optionLines(options)}\n` : ''}\n${EXIT_CODES}\n`;
}
