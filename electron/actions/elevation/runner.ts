// Step runners: directly on the host, or through the privileged helper (pkexec, one authentication per plan).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { StepOp } from '../../../shared/actions/index.js';
import { HostError, type Host } from '../../host/host.js';
import { runStep, type StepResult } from '../run-step.js';

/** Runs a plan's steps one at a time. */
export interface StepRunner {
  /** Says which steps will run (the elevated runner authenticates and has them checked here). */
  begin(steps: StepOp[]): Promise<void>;
  run(index: number, op: StepOp): Promise<StepResult>;
  end(): Promise<void>;
}

/** Runs steps on the host itself (sim, root, or a host that elevates on its own). */
export class DirectRunner implements StepRunner {
  constructor(private readonly host: Host, private readonly timeoutMs?: number) {}
  async begin(): Promise<void> {}
  run(_index: number, op: StepOp): Promise<StepResult> {
    return runStep(this.host, op, this.timeoutMs);
  }
  async end(): Promise<void> {}
}

/** Finds bin/pmem-console-helper.js above this module: three levels up from the sources, two from the bundled main (out/main/). */
function findHelper(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'bin', 'pmem-console-helper.js');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return fileURLToPath(new URL('../../../bin/pmem-console-helper.js', import.meta.url));
}

/** The helper program pkexec starts. */
export const HELPER_PATH = findHelper();

/** Runs steps as root through `pkexec node pmem-console-helper`: the helper checks the whole plan, then runs each step when asked. */
export class ElevatedRunner implements StepRunner {
  private child: ChildProcessWithoutNullStreams | null = null;
  private lines: AsyncIterator<string> | null = null;
  private rl: Interface | null = null;

  constructor(private readonly argv: string[] = ['pkexec', process.execPath, HELPER_PATH]) {}

  private async reply(): Promise<Record<string, unknown>> {
    const next = await this.lines!.next();
    if (next.done) throw new HostError('EPERM', 'the privileged helper stopped: authentication was refused or cancelled, or pkexec is missing');
    return JSON.parse(next.value) as Record<string, unknown>;
  }

  async begin(steps: StepOp[]): Promise<void> {
    const [file, ...args] = this.argv;
    this.child = spawn(file!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.on('error', () => {});
    this.rl = createInterface({ input: this.child.stdout });
    this.lines = this.rl[Symbol.asyncIterator]();
    this.child.stdin.write(JSON.stringify({ steps }) + '\n');
    const r = await this.reply();
    if (r.refused) throw new HostError('EPERM', `the privileged helper refused the plan: ${String(r.refused)}`);
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

/** The runner a host needs: the helper for this machine when not root, the host itself otherwise. */
export function runnerFor(host: Host, timeoutMs?: number): StepRunner {
  const root = typeof process.getuid !== 'function' || process.getuid() === 0;
  if (host.info.kind === 'local' && !root) return new ElevatedRunner();
  return new DirectRunner(host, timeoutMs);
}
