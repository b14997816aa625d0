// Runs a plan's steps on a remote host through sudo there, when its ssh user is not root. sudo is checked for the whole plan first
// (one round trip: installed, the password, each command line); a password is asked for once per plan, only when sudo wants one,
// kept in memory for that plan alone, and dropped when it ends.
import type { StepOp } from '../../../shared/actions/index.js';
import type { Host, SudoAccess } from '../../host/host.js';
import { runStep, type StepResult } from '../run-step.js';
import { ElevationRefusedError } from './protocol.js';
import type { StepRunner } from './runner.js';

/** Asks the person for sudo's password (the prompt names the user and machine); null when they decline or cannot be asked. */
export type AskPassword = (prompt: string) => Promise<string | null>;

/** sudo refused the plan before any step ran (no password, a wrong one, or a command sudo does not allow there). */
export class SudoRefusedError extends ElevationRefusedError {
  constructor(message: string, readonly reason: 'no-password' | 'wrong-password' | 'not-allowed') {
    super(message);
    this.name = 'SudoRefusedError';
  }
}

/** Runs each step as root through `sudo -n` on the remote host. */
export class SudoRunner implements StepRunner {
  private view: Host | null = null;
  private asked = false;
  constructor(private readonly host: Host, private readonly sudo: SudoAccess, private readonly ask: AskPassword | null) {}

  unavailable(): string | null {
    return null;
  }

  async begin(plan: { steps: StepOp[] }): Promise<void> {
    const where = this.host.info.label;
    let password: string | null = null;
    let check = await this.sudo.check(plan.steps, null);
    if (check.kind === 'password-needed') {
      this.asked = this.ask !== null;
      password = this.ask ? await this.ask(`sudo password for ${this.sudo.who}`) : null;
      if (password === null) throw new SudoRefusedError(`${where}: sudo needs the password of ${this.sudo.who}, and none was given; nothing ran`, 'no-password');
      check = await this.sudo.check(plan.steps, password);
    }
    if (check.kind === 'wrong-password') throw new SudoRefusedError(`${where}: sudo did not accept the password of ${this.sudo.who}; nothing ran`, 'wrong-password');
    if (check.kind === 'refused') throw new SudoRefusedError(`${where}: ${check.why}; nothing ran`, 'not-allowed');
    if (check.kind !== 'ready') throw new SudoRefusedError(`${where}: sudo needs a password; nothing ran`, 'no-password');
    this.view = this.sudo.as(password);
  }

  /** Whether the person was asked for the password (and may have taken a while). */
  waitedForPerson(): boolean {
    return this.asked;
  }

  run(_index: number, op: StepOp): Promise<StepResult> {
    return runStep(this.view!, op);
  }

  async end(): Promise<void> {
    this.view = null;
  }
}
