// Running one program and collecting what it prints, on node's child_process. The hosts run ndctl, daxctl and ssh through this rather
// than execa: loading execa took 60 ms of CPU and its first call 30 more, a third of a CLI run's start before ssh was spawned
// (measured with --cpu-prof on this 2-core machine; bench/ssh.ts has the whole-process figures).
import { spawn } from 'node:child_process';

/** How a program is run. */
export interface SpawnOptions {
  /** Written to its stdin, which is then closed; without it stdin is /dev/null. */
  input?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** Stopped after this many milliseconds (SIGTERM, then SIGKILL KILL_AFTER_MS later); 0 or none: never. */
  timeoutMs?: number;
  /** Stopped (SIGTERM) when this is aborted. */
  signal?: AbortSignal;
  /** In a session of its own: a Ctrl-C at this process's terminal does not reach it. */
  detached?: boolean;
  /** Most bytes kept of stdout and of stderr; a program that prints more is stopped (SIGKILL) and the result says so. */
  maxBuffer?: number;
  /** Called with each piece of stdout as it comes (an idle timer listens here). */
  onStdout?: (chunk: Buffer) => void;
}

/** What running a program gave. stdout and stderr lose one final newline, as execa's did (callers compare them across hosts). */
export interface SpawnResult {
  /** Its exit code; null when it did not start or a signal ended it. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  isMaxBuffer: boolean;
  /** Why it could not be started (code ENOENT: no such program). */
  startError: NodeJS.ErrnoException | null;
}

/** A running program: its result to come, and a way to stop it. */
export interface Spawned {
  result: Promise<SpawnResult>;
  /** Sends it a signal (SIGTERM unless said) and stops reading what it prints. */
  kill(signal?: NodeJS.Signals): void;
}

/** How long a program stopped by its time limit gets after SIGTERM before SIGKILL. */
export const KILL_AFTER_MS = 5000;

/** Collected output, up to a cap. */
class Collected {
  readonly chunks: Buffer[] = [];
  bytes = 0;
  over = false;

  constructor(private readonly cap: number) {}

  add(chunk: Buffer): boolean {
    if (this.over) return false;
    if (this.bytes + chunk.length > this.cap) {
      this.over = true;
      return false;
    }
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    return true;
  }

  text(): string {
    const s = Buffer.concat(this.chunks, this.bytes).toString('utf8');
    return s.endsWith('\r\n') ? s.slice(0, -2) : s.endsWith('\n') ? s.slice(0, -1) : s;
  }
}

/** Starts a program with an argv array (never through a shell) and collects its output. */
export function spawnProgram(file: string, args: readonly string[], opts: SpawnOptions = {}): Spawned {
  const cap = opts.maxBuffer ?? 100 * 1024 * 1024;
  const out = new Collected(cap);
  const err = new Collected(cap);
  const flags = { timedOut: false, aborted: false, isMaxBuffer: false };
  const child = spawn(file, [...args], {
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: opts.env ? { ...process.env, ...opts.env } : process.env,
    detached: opts.detached === true,
  });
  const kill = (signal: NodeJS.Signals = 'SIGTERM') => {
    child.kill(signal);
  };
  const timers: NodeJS.Timeout[] = [];
  const stopHard = () => {
    kill('SIGKILL');
    child.stdout?.destroy();
    child.stderr?.destroy();
  };
  const result = new Promise<SpawnResult>((resolve) => {
    let startError: NodeJS.ErrnoException | null = null;
    let settled = false;
    const settle = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ exitCode, signal, stdout: out.text(), stderr: err.text(), ...flags, startError });
    };
    const onAbort = () => {
      flags.aborted = true;
      kill();
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      if (!out.add(chunk)) { flags.isMaxBuffer = true; stopHard(); return; }
      opts.onStdout?.(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (!err.add(chunk)) { flags.isMaxBuffer = true; stopHard(); }
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      // A program that never started has no close to wait for; one that did is settled by 'close'.
      if (child.pid === undefined) {
        startError = e;
        settle(null, null);
      }
    });
    child.on('close', (code, signal) => settle(code, signal));
    if (opts.input !== undefined) {
      child.stdin!.on('error', () => {}); // a program that exits without reading its input: EPIPE is no failure of ours
      child.stdin!.end(opts.input);
    }
    if (opts.timeoutMs) {
      timers.push(setTimeout(() => {
        flags.timedOut = true;
        kill();
        timers.push(setTimeout(stopHard, KILL_AFTER_MS));
      }, opts.timeoutMs));
    }
    if (opts.signal) {
      if (opts.signal.aborted) onAbort();
      else opts.signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  return { result, kill: (signal) => (signal === 'SIGKILL' ? stopHard() : kill(signal)) };
}
