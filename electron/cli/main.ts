// The pmem-console command line: snapshot, doctor, capture. Errors are one line and a non-zero exit.
import { writeFileSync } from 'node:fs';
import { HostError, type Host } from '../host/host.js';
import { RecordingHost } from '../host/recording.js';
import { defaultHost, HostSpecError, openHost, simTwin } from '../host/spec.js';
import { doctor } from '../system/doctor.js';
import { ToolOutputError } from '../system/parse/tooljson.js';
import { snapshot } from '../system/snapshot.js';
import { formatFindings, formatSummary } from './summary.js';
import { CATALOG, ACTION_NAMES, ParamError, parseParams } from '../../shared/actions/index.js';
import { NotConfirmedError, RefusedError, runPlan } from '../actions/execute.js';
import { runnerFor } from '../actions/elevation/runner.js';
import { readJournal } from '../actions/journal.js';
import { LockedError } from '../actions/locks.js';
import { makePlan } from '../actions/plan.js';
import { ConsoleSession } from '../api/session.js';
import { assertBuilt, electronRuntime, noDisplay, NotBuiltError, runElectron, serveUntilStopped } from './gui.js';
import { formatJournal, formatPlan, formatReport } from './plan-format.js';


function formatCatalog(): string {
  return ACTION_NAMES.map((name) => {
    const c = CATALOG[name];
    const params = Object.entries(c.params).map(([k, p]) => `    --${k.padEnd(10)} ${p.required ? '(required) ' : ''}${p.help}${p.default ? ` [default: ${p.default}]` : ''}`);
    return `${name}: ${c.summary}\n${params.join('\n')}`;
  }).join('\n') + '\n';
}

/** Bad command-line input (exit 2). */
export class UsageError extends Error {}

const USAGE = `usage: pmem-console <command> [options]

commands:
  snapshot [--host H] [--json]     what the machine has: regions, namespaces, dax devices, memory blocks, NUMA nodes
  doctor [--host H] [--json]       what stands in the way of using persistent memory as RAM, and what to do
  capture -o FILE [--host H]       record what the machine answers into a bundle (open it with --host replay:FILE)
  plan ACTION --PARAM VALUE ...    what an action would run, its risk, guards and predicted effect (nothing runs)
  apply ACTION --PARAM VALUE ...   plan, check, confirm, run and verify an action; recorded in the journal
        [--yes | --confirm NAME]   reversible plans need --yes; disruptive and destructive ones the object's name
  journal [--json]                 every plan run so far
  start [--host H]                 open the console window (Electron); without Electron or a display, browser mode
  serve [--host H] [--port N]      browser mode: the console on http://127.0.0.1:N with a random token in the URL
  actions                          the actions and their parameters

exit codes: 0 done, 1 failed while running, 2 bad input, 3 refused by a guard, 4 not confirmed

options:
  --host H        local | sim:PRESET | sim:twin:FILE | replay:FILE | ssh://[user@]host[:port]
  --state FILE    keep the simulator's state in FILE (created from the preset if missing)
  --sysroot DIR   with --host local: read /sys and /proc from DIR
  --ssh-config F  with an ssh:// host: use this ssh_config file (ssh -F) instead of ~/.ssh/config
  --timeout MS    stop a tool that runs longer than this (default 30000)
  --port N        with serve or start: the port on 127.0.0.1 (default: a free one)
`;

/** The parsed command line. */
export interface Args {
  command: string;
  action?: string;
  params: Record<string, string>;
  yes: boolean;
  confirm?: string;
  host?: string;
  state?: string;
  sysroot?: string;
  sshConfig?: string;
  json: boolean;
  output?: string;
  timeoutMs?: number;
  port?: number;
}

/** Parses the command line (exported for the Electron main process, which takes the same host options). */
export function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') throw new UsageError('help');
  const a: Args = { command, json: false, params: {}, yes: false };
  if ((command === 'plan' || command === 'apply') && rest[0] !== undefined && !rest[0].startsWith('-')) a.action = rest.shift();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--host': a.host = value(); break;
      case '--state': a.state = value(); break;
      case '--sysroot': a.sysroot = value(); break;
      case '--ssh-config': a.sshConfig = value(); break;
      case '--json': a.json = true; break;
      case '-o': case '--output': a.output = value(); break;
      case '--yes': a.yes = true; break;
      case '--confirm': a.confirm = value(); break;
      case '--timeout': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) <= 0) throw new UsageError(`--timeout takes milliseconds (a whole number above 0), not "${v}"`);
        a.timeoutMs = Number(v);
        break;
      }
      case '--port': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`--port takes a port number (0-65535), not "${v}"`);
        a.port = Number(v);
        break;
      }
      default:
        if (a.action !== undefined && /^--[a-z][a-z-]*$/.test(name)) {
          const key = name.slice(2);
          if (key in a.params) throw new UsageError(`--${key} is given twice`);
          a.params[key] = value();
          break;
        }
        throw new UsageError(`unknown option "${arg}" for ${command}`);
    }
  }
  return a;
}

/** Wraps a host so every tool run gets the requested timeout. */
function withTimeout(host: Host, timeoutMs: number | undefined): Host {
  if (!timeoutMs) return host;
  return new Proxy(host, {
    get(target, prop, receiver) {
      if (prop === 'exec') return (argv: readonly string[]) => target.exec(argv, { timeoutMs });
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** Opens the host the arguments name (exported for the Electron main process). */
export async function open(a: Args, err: (s: string) => void): Promise<Host> {
  if (a.sysroot && a.host && a.host !== 'local') throw new UsageError('--sysroot only goes with --host local');
  if (a.state && a.host && !a.host.startsWith('sim:')) throw new UsageError('--state only goes with a sim host (--host sim:PRESET)');
  if (a.sshConfig && !a.host?.startsWith('ssh://')) throw new UsageError('--ssh-config only goes with an ssh host (--host ssh://[user@]host[:port])');
  if (a.host) return withTimeout(openHost(a.host, { stateFile: a.state, sysroot: a.sysroot, sshConfig: a.sshConfig }), a.timeoutMs);
  if (a.state) return withTimeout(openHost('sim:qemu-nvdimm', { stateFile: a.state }), a.timeoutMs);
  const { host, reason } = await defaultHost({ sysroot: a.sysroot });
  err(`pmem-console: ${reason}\n`);
  return withTimeout(host, a.timeoutMs);
}

/** The spec of a host the CLI opened by default (sim:PRESET or local). */
export function specOf(host: Host): string {
  return host.info.kind === 'sim' ? `sim:${host.info.preset}` : 'local';
}

/** Runs the CLI; returns the exit code. Output goes to the given streams (for tests) or stdout/stderr. */
export async function main(argv: string[], io = { out: (s: string) => void process.stdout.write(s), err: (s: string) => void process.stderr.write(s) }): Promise<number> {
  let a: Args;
  try {
    a = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError && e.message === 'help') {
      io.out(USAGE);
      return argv.length === 0 ? 2 : 0;
    }
    io.err(`pmem-console: ${(e as Error).message}\n`);
    return 2;
  }
  let host: Host | null = null;
  try {
    switch (a.command) {
      case 'snapshot': {
        host = await open(a, io.err);
        const t = await snapshot(host);
        io.out(a.json ? JSON.stringify(t, null, 2) + '\n' : formatSummary(t));
        return 0;
      }
      case 'doctor': {
        host = await open(a, io.err);
        const findings = await doctor(host, await snapshot(host));
        io.out(a.json ? JSON.stringify(findings, null, 2) + '\n' : formatFindings(findings));
        return findings.some((f) => f.severity === 'error') ? 1 : 0;
      }
      case 'capture': {
        if (!a.output) throw new UsageError('capture needs -o FILE');
        host = await open(a, io.err);
        const rec = new RecordingHost(host);
        const topology = await snapshot(rec);
        await doctor(rec, topology);
        writeFileSync(a.output, JSON.stringify({ ...rec.result(), topology }));
        io.err(`pmem-console: captured ${host.info.label} into ${a.output}\n`);
        return 0;
      }
      case 'plan':
      case 'apply': {
        if (!a.action) throw new UsageError(`${a.command} needs an action; pmem-console actions lists them`);
        parseParams(a.action, a.params); // bad input stops here, before any machine is touched
        host = await open(a, io.err);
        const ctx = { host, twin: simTwin };
        const plan = await makePlan(ctx, { action: a.action, params: a.params });
        if (a.command === 'plan') {
          io.out(a.json ? JSON.stringify(plan, null, 2) + '\n' : formatPlan(plan));
          return plan.guards.some((g) => g.blocking && g.badInput) ? 2 : plan.guards.some((g) => g.blocking) ? 3 : 0;
        }
        if (!a.json) io.out(formatPlan(plan));
        const report = await runPlan(ctx, plan, { yes: a.yes, typedName: a.confirm }, runnerFor(host, a.timeoutMs));
        io.out(a.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
        return report.outcome === 'done' ? 0 : 1;
      }
      case 'journal': {
        const { entries, skipped, path } = readJournal();
        io.out(a.json ? JSON.stringify(entries, null, 2) + '\n' : formatJournal(entries));
        if (skipped) io.err(`pmem-console: ${skipped} damaged line${skipped > 1 ? 's' : ''} in ${path} ${skipped > 1 ? 'were' : 'was'} skipped\n`);
        return 0;
      }
      case 'actions':
        io.out(formatCatalog());
        return 0;
      case 'serve':
      case 'start': {
        assertBuilt();
        if (a.command === 'start') {
          const runtime = electronRuntime();
          const why = 'missing' in runtime ? runtime.missing : noDisplay();
          if (why === null && 'path' in runtime) return await runElectron(runtime.path, argv.slice(1));
          io.err(`pmem-console: no Electron window: ${why}; serving browser mode instead\n`);
        }
        host = await open(a, io.err);
        const session = new ConsoleSession({ spec: a.host ?? specOf(host), host, stateFile: a.state, sysroot: a.sysroot, sshConfig: a.sshConfig, timeoutMs: a.timeoutMs });
        host = null; // the session owns it now
        await session.view();
        return await serveUntilStopped(session, a.port ?? 0, io.out, (line) => io.err(`pmem-console serve: ${line}\n`));
      }
      default:
        throw new UsageError(`unknown command "${a.command}"; commands: snapshot, doctor, capture, plan, apply, journal, actions, start, serve (pmem-console --help)`);
    }
  } catch (e) {
    if (e instanceof RefusedError) {
      io.err(`pmem-console: ${e.message}\n`);
      return e.badInput ? 2 : 3;
    }
    if (e instanceof NotConfirmedError) {
      io.err(`pmem-console: not confirmed: ${e.message}\n`);
      return 4;
    }
    if (e instanceof LockedError) {
      io.err(`pmem-console: ${e.message}\n`);
      return 1;
    }
    if (e instanceof NotBuiltError) {
      io.err(`pmem-console: ${e.message}\n`);
      return 1;
    }
    if (e instanceof UsageError || e instanceof HostSpecError || e instanceof ParamError) {
      io.err(`pmem-console: ${e.message}\n`);
      return 2;
    }
    if (e instanceof HostError) {
      io.err(`pmem-console: ${e.message}\n`);
      return e.code === 'EBADDATA' || (e.code === 'ENOENT' && e.path !== undefined && !e.path.startsWith('/sys') && !e.path.startsWith('/proc')) ? 2 : 1;
    }
    if (e instanceof ToolOutputError) {
      io.err(`pmem-console: ${e.message}\n`);
      return 1;
    }
    io.err(`pmem-console: internal error: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await host?.close();
  }
}
