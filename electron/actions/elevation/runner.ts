// Step runners: directly on the host, or through the privileged helper (pkexec, one authentication per plan). The elevated runner
// starts exactly the installed helper, never code from the checkout, HOME or TMPDIR; without it installed, it says so and runs nothing.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import type { StepOp } from '../../../shared/actions/index.js';
import { HostError, type Host } from '../../host/host.js';
import { runStep, type StepResult } from '../run-step.js';
import { HELPER_PATH, helperProblem } from './installed.js';
import { HELPER_PROTOCOL, HelperRefusedError, type PlanToRun } from './protocol.js';
import { SudoRunner, type AskPassword } from './sudo.js';

export { HELPER_PATH };

/** Runs a plan's steps one at a time. */
export interface StepRunner {
  /** Why this runner cannot run anything here (checked before the machine is read again), or null. */
  unavailable(): string | null;
  /** Says which plan will run (the elevated runner authenticates, and the helper checks the plan against its own read of the machine). */
  begin(plan: PlanToRun): Promise<void>;
  /** Whether begin waited on the person (an authentication dialog, a password): the machine may have changed meanwhile. */
  waitedForPerson(): boolean;
  run(index: number, op: StepOp): Promise<StepResult>;
  end(): Promise<void>;
}

/** Runs steps on the host itself (sim, root, or a host that elevates on its own). */
export class DirectRunner implements StepRunner {
  constructor(private readonly host: Host) {}
  unavailable(): string | null {
    return null;
  }
  async begin(): Promise<void> {}
  waitedForPerson(): boolean {
    return false;
  }
  run(_index: number, op: StepOp): Promise<StepResult> {
    return runStep(this.host, op);
  }
  async end(): Promise<void> {}
}

/** How the elevated runner starts the helper; the default is the only one the console uses. */
export interface ElevationOptions {
  /** The command line; ["pkexec", HELPER_PATH] unless a test stands in for both. */
  argv?: string[];
  /** Checks the helper before starting it; by default, that HELPER_PATH is root's own file in root's own folders. */
  problem?: () => string | null;
}

/** Runs steps as root through `pkexec /usr/lib/pmem-console/pmem-console-helper`: the helper re-checks the whole plan, then runs each step when asked. */
export class ElevatedRunner implements StepRunner {
  private child: ChildProcessWithoutNullStreams | null = null;
  private lines: AsyncIterator<string> | null = null;
  private rl: Interface | null = null;
  private spawnError: string | null = null;
  /** The command line it starts: pkexec and the installed helper's path, nothing else. */
  readonly argv: readonly string[];
  private readonly problem: () => string | null;

  constructor(opts: ElevationOptions = {}) {
    this.argv = opts.argv ?? ['pkexec', HELPER_PATH];
    this.problem = opts.problem ?? (() => helperProblem());
  }

  unavailable(): string | null {
    return this.problem();
  }

  private async reply(): Promise<Record<string, unknown>> {
    const next = await this.lines!.next();
    if (next.done) {
      const why = this.spawnError ?? 'authentication was refused or cancelled';
      throw new HostError('EPERM', `the privileged helper stopped: ${why}`);
    }
    try {
      return JSON.parse(next.value) as Record<string, unknown>;
    } catch {
      throw new HostError('EIO', `the privileged helper answered something that is not JSON: ${next.value.slice(0, 120)}`);
    }
  }

  async begin(plan: PlanToRun): Promise<void> {
    const problem = this.problem();
    if (problem) throw new HostError('EPERM', problem);
    const [file, ...args] = this.argv;
    this.child = spawn(file!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.on('error', (e: NodeJS.ErrnoException) => {
      this.spawnError = e.code === 'ENOENT' ? `${file} is not installed (Debian: apt install pkexec), or run pmem-console as root` : `${file} could not be started: ${e.message}`;
    });
    this.child.stdin.on('error', () => {});
    this.rl = createInterface({ input: this.child.stdout });
    this.lines = this.rl[Symbol.asyncIterator]();
    this.child.stdin.write(JSON.stringify({ protocol: HELPER_PROTOCOL, plan }) + '\n');
    const r = await this.reply();
    if (r.refused) throw new HelperRefusedError(String(r.refused));
  }

  /** pkexec may show its dialog for as long as the person takes. */
  waitedForPerson(): boolean {
    return true;
  }

  async run(index: number): Promise<StepResult> {
    this.child!.stdin.write(JSON.stringify({ run: index }) + '\n');
    const r = await this.reply();
    if (r.refused) throw new HostError('EPERM', `the privileged helper refused: ${String(r.refused)}`);
    return r as unknown as StepResult;
  }

  async end(): Promise<void> {
    this.child?.stdin.end();
    this.rl?.close();
    this.child = null;
  }
}

/** Why a remote host cannot be changed as it is reached, or null: its user must be root, or have sudo there. */
export function remoteUserProblem(host: Host): string | null {
  if (host.info.kind !== 'ssh' || host.actsAsRoot?.() !== false || host.sudo?.()) return null;
  return `${host.info.label}: the remote user is not root, so ndctl, daxctl and sysfs would refuse every change; connect as root (ssh://root@…) or as a user with sudo there`;
}

/** Runs steps on a remote host as its user (root), or through sudo there; a user who is neither is refused up front. */
class RemoteRunner implements StepRunner {
  private inner: StepRunner | null = null;
  constructor(private readonly remote: Host, private readonly ask: AskPassword | null) {}
  unavailable(): string | null {
    return remoteUserProblem(this.remote);
  }
  async begin(plan: PlanToRun): Promise<void> {
    // Known by now: the machine was read (and the connection opened) before any step.
    const problem = remoteUserProblem(this.remote);
    if (problem) throw new HostError('EPERM', problem);
    const sudo = this.remote.sudo?.() ?? null;
    this.inner = sudo ? new SudoRunner(this.remote, sudo, this.ask) : new DirectRunner(this.remote);
    await this.inner.begin(plan);
  }
  waitedForPerson(): boolean {
    return this.inner?.waitedForPerson() ?? false;
  }
  run(index: number, op: StepOp): Promise<StepResult> {
    return this.inner!.run(index, op);
  }
  async end(): Promise<void> {
    await this.inner?.end();
    this.inner = null;
  }
}

/** Runs nothing: the host is a view that cannot be changed (a --sysroot tree). */
class RefusingRunner implements StepRunner {
  constructor(private readonly why: string) {}
  unavailable(): string {
    return this.why;
  }
  begin(): Promise<void> {
    return Promise.reject(new HostError('EACCES', this.why));
  }
  waitedForPerson(): boolean {
    return false;
  }
  run(): Promise<StepResult> {
    return Promise.reject(new HostError('EACCES', this.why));
  }
  async end(): Promise<void> {}
}

/** How a runner may reach the person: to ask for sudo's password on a remote host (once per plan). */
export interface RunnerOptions {
  askPassword?: AskPassword;
}

/** The runner a host needs: the installed helper for this machine when not root; root or sudo on a remote one; the host itself otherwise. */
export function runnerFor(host: Host, opts: RunnerOptions = {}): StepRunner {
  const readOnly = host.readOnlyBecause?.() ?? null;
  if (readOnly) return new RefusingRunner(readOnly);
  const root = typeof process.getuid !== 'function' || process.getuid() === 0;
  if (host.info.kind === 'local' && !root) return new ElevatedRunner();
  if (host.info.kind === 'ssh') return new RemoteRunner(host, opts.askPassword ?? null);
  return new DirectRunner(host);
}
