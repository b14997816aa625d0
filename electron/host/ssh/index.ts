// SshHost: a remote machine through the system ssh client (the user's config, keys and agent; never a password prompt).
// One multiplexed connection (ControlMaster) carries every call; a batch of file reads is one remote script, one round trip.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnProgram } from '../spawn.js';
import type { HostInfo } from '../../../shared/model/index.js';
import { DEFAULT_TIMEOUT_MS, HostError, type ExecOptions, type ExecResult, type Host, type SudoAccess } from '../host.js';
import type { GatherOp, Gathered } from '../gather.js';
import { encodeOps, gatherScript, INLINE_REQUEST_MAX, parseGathered } from './gather-script.js';
import { parseFramed, parseReadDir, parseReadFiles, READ_DIR_SCRIPT, READ_FILES_SCRIPT, PUT_FILE_SCRIPT, READ_LINK_SCRIPT, REMOVE_FILE_SCRIPT, limitSeconds, remoteExec, remoteSh, TIMEOUT_KIND_SNIPPET, timedOutStatuses, WRITE_FILE_SCRIPT, type TimeoutKind } from './remote.js';
import { muxAlive, muxTerminate } from './mux.js';
import { sudoAccess } from './sudo.js';
import { formatSshTarget, type SshTarget } from './target.js';

/** How the ssh client is run. */
export interface SshHostOptions {
  /** An ssh_config file to use instead of ~/.ssh/config (ssh -F). */
  configFile?: string;
  /** Seconds ssh waits for the connection (ConnectTimeout). */
  connectTimeoutS?: number;
  /** The ssh program; "ssh" from PATH by default. */
  sshProgram?: string;
  /** How long a remote command or read may take, in milliseconds, when a call gives no limit of its own (--timeout). */
  timeoutMs?: number;
  /** Most a remote command or read may print (MAX_REMOTE_OUTPUT_BYTES unless a test says less). */
  maxOutputBytes?: number;
  /** A directory on the remote machine read instead of its / (a copied tree, like lsmem --sysroot); no tool is run. */
  sysroot?: string;
}

/** At most this many ssh sessions run at once on the shared connection (OpenSSH's MaxSessions is 10); more wait their turn. */
export const MAX_CHANNELS = 8;

/** Most a remote command or read may print; more is refused rather than held in memory. */
export const MAX_REMOTE_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Terminal control characters (C0 but tab and newline, DEL, C1): a remote machine's text is shown to a person, never its escape sequences. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Remote text with its terminal control characters removed. */
export function cleanRemoteText(text: string): string {
  return text.replace(CONTROL, '');
}

/** ssh's own exit code for "could not connect or authenticate". */
const SSH_FAILED = 255;
/** How long after the time limit the local ssh client is killed if the remote timeout(1) has not answered. */
const BACKSTOP_MS = 3000;

/** A machine reached over ssh. Commands and files are those of the remote machine; the local machine only runs ssh. */
export class SshHost implements Host {
  readonly info: HostInfo;
  /** How many times ssh was run (each is one round trip); for tests and benchmarks. */
  roundTrips = 0;
  /** The most ssh sessions that were open at once; for tests. */
  peakChannels = 0;
  private readonly where: string;
  private readonly controlDir: string | null;
  private readonly sysroot: string | null;
  private connected: Promise<void> | null = null;
  private open = 0;
  /** The remote user's uid, once connected. */
  private uid: number | null = null;
  /** Which timeout(1) the remote has, once connected: it says how a command it stopped exits (GNU 124, BusyBox 143). */
  private timeout: TimeoutKind | null = null;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly target: SshTarget, private readonly opts: SshHostOptions = {}) {
    const label = formatSshTarget(target);
    this.sysroot = opts.sysroot ? opts.sysroot.replace(/\/+$/, '') || null : null;
    this.info = { kind: 'ssh', label: this.sysroot ? `${label} (sysroot ${this.sysroot})` : label, preset: null };
    this.where = `${label}: `;
    // Windows' OpenSSH has no connection sharing; each call then opens its own connection.
    this.controlDir = process.platform === 'win32' ? null : mkdtempSync(join(tmpdir(), 'pmc-ssh-'));
  }

  /** The ssh argv up to and including the destination; everything after it is the remote command. */
  private sshArgv(extra: string[] = []): string[] {
    const o = this.opts;
    const argv = [o.sshProgram ?? 'ssh', '-o', 'BatchMode=yes', '-o', `ConnectTimeout=${o.connectTimeoutS ?? 10}`, '-o', 'LogLevel=ERROR'];
    if (this.controlPath) argv.push('-o', 'ControlMaster=auto', '-o', `ControlPath=${this.controlPath}`, '-o', 'ControlPersist=60');
    if (o.configFile) argv.push('-F', o.configFile);
    if (this.target.port !== null) argv.push('-p', String(this.target.port));
    if (this.target.user !== null) argv.push('-l', this.target.user);
    argv.push(...extra, '--', this.target.host);
    return argv;
  }

  /** The remote's timeout(1), as the connecting round trip found it (null before connecting). */
  timeoutKind(): TimeoutKind | null {
    return this.timeout;
  }

  actsAsRoot(): boolean | null {
    return this.uid === null ? null : this.uid === 0;
  }

  /** sudo on the remote machine, once connected as a user who is not root (a --sysroot view changes nothing). */
  sudo(): SudoAccess | null {
    return this.uid === null || this.uid === 0 || this.sysroot ? null : sudoAccess(this);
  }

  /** The remote user and machine, as a password prompt names them. */
  get who(): string {
    return `${this.target.user ?? 'the ssh user'} on ${this.target.host}`;
  }

  /** Runs a script of the ssh layer (sudo.ts) in one round trip and returns its raw result; a change has no time limit. */
  async runScript(script: string, args: readonly string[], opts: { input?: string; change: boolean; argv?: readonly string[] }): Promise<ExecResult> {
    await this.connect();
    const { elapsedMs: _ms, ...r } = await this.run(remoteSh(script, args), opts.change ? { input: opts.input, timeoutMs: 0, argv: opts.argv } : { input: opts.input, idle: true, argv: opts.argv });
    return { exitCode: r.exitCode, stdout: cleanRemoteText(r.stdout), stderr: cleanRemoteText(r.stderr) };
  }

  /** A path on the remote machine: under the sysroot when there is one. */
  private map(path: string): string {
    return this.sysroot ? this.sysroot + (path.startsWith('/') ? path : `/${path}`) : path;
  }

  /** The path asked for, from a remote one. */
  private unmap(path: string): string {
    return this.sysroot && path.startsWith(this.sysroot + '/') ? path.slice(this.sysroot.length) : path;
  }

  /** Waits for a free session on the shared connection; returns the function that frees it. */
  private async channel(): Promise<() => void> {
    if (this.open >= MAX_CHANNELS) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.open++;
    this.peakChannels = Math.max(this.peakChannels, this.open);
    return () => {
      this.open--;
      this.waiting.shift()?.();
    };
  }

  /** Runs one remote command string through ssh, in a free session; ssh's own failures (exit 255 with no connection) become EUNREACHABLE.
   *  With `idle`, the time limit is on silence: a read that keeps answering is never stopped for taking long (limits scale with the work). */
  private async run(command: string, opts: { input?: string; timeoutMs?: number; signal?: AbortSignal; argv?: readonly string[]; idle?: boolean } = {}): Promise<ExecResult & { elapsedMs: number }> {
    const release = await this.channel();
    try {
      return await this.runNow(command, opts);
    } finally {
      release();
    }
  }

  private async runNow(command: string, opts: { input?: string; timeoutMs?: number; signal?: AbortSignal; argv?: readonly string[]; idle?: boolean }): Promise<ExecResult & { elapsedMs: number }> {
    const [file, ...args] = this.sshArgv();
    const timeout = opts.timeoutMs ?? this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const what = opts.argv ? opts.argv[0] : 'the remote read';
    this.roundTrips++;
    const started = Date.now();
    // A backstop behind the remote timeout(1); with `idle`, each piece of output starts the limit again.
    let stopped = false;
    let timer: NodeJS.Timeout | null = null;
    const limit = opts.idle ? timeout : limitSeconds(timeout) * 1000 + BACKSTOP_MS;
    const stop = () => {
      stopped = true;
      sub.kill('SIGKILL'); // the shared connection keeps ssh's pipes open: kill it and let go of them
    };
    const sub = spawnProgram(file!, [...args, command], {
      signal: opts.signal, input: opts.input, maxBuffer: this.opts.maxOutputBytes ?? MAX_REMOTE_OUTPUT_BYTES,
      // A plan's step (no time limit) runs apart from the console's process group, so a Ctrl-C there does not cut the connection midway.
      detached: timeout === 0,
      onStdout: () => {
        if (!opts.idle || stopped || !timer) return;
        clearTimeout(timer);
        timer = setTimeout(stop, limit);
      },
    });
    if (timeout !== 0) timer = setTimeout(stop, limit);
    const r = await sub.result.finally(() => { if (timer) clearTimeout(timer); timer = null; });
    const elapsedMs = Date.now() - started;
    const stderr = r.stderr;
    if (stopped) throw new HostError('ETIMEDOUT', `${this.where}${what} ${opts.idle ? `sent nothing for ${timeout} ms` : `did not finish within ${timeout} ms`} and was stopped`, { argv: opts.argv, timedOut: true, stderr });
    if (r.isMaxBuffer) throw new HostError('EBADDATA', `${this.where}${what} printed more than ${((this.opts.maxOutputBytes ?? MAX_REMOTE_OUTPUT_BYTES) / 1024 / 1024).toFixed(0)} MiB; it was stopped`, { argv: opts.argv });
    if (r.startError) {
      if (r.startError.code === 'ENOENT') throw new HostError('ENOTOOL', `the ssh client (${file}) is not installed on this machine`, { argv: opts.argv, cause: r.startError });
      throw new HostError('EIO', `${this.where}ssh could not be run: ${r.startError.message}`, { argv: opts.argv, cause: r.startError });
    }
    if (r.exitCode === null) throw new HostError('EIO', `${this.where}ssh was stopped by ${r.signal ?? 'a signal'}${r.aborted ? ' (the call was cancelled)' : ''}`, { argv: opts.argv, stderr });
    if (r.exitCode === SSH_FAILED && !(await this.masterAlive())) {
      throw new HostError('EUNREACHABLE', `${this.where}cannot connect: ${lastLine(stderr) || 'ssh failed'}`, { argv: opts.argv, exitCode: r.exitCode, stderr });
    }
    return { exitCode: r.exitCode, stdout: r.stdout, stderr, elapsedMs };
  }

  /** Whether the shared connection is up (so a 255 came from the remote command, not from ssh): asked of the master on its socket. */
  private async masterAlive(): Promise<boolean> {
    if (!this.controlDir || !this.connected) return false;
    return (await muxAlive(this.controlPath!)) !== null;
  }

  /** The shared connection's socket, where there is one. */
  private get controlPath(): string | null {
    return this.controlDir ? join(this.controlDir, 'cm') : null;
  }

  /** The connecting command: first the remote user's uid and which timeout(1) it has, and with a sysroot, that it is a directory there
   *  (exit 3 if not; the sysroot argument is then shifted off); then the script with its arguments. */
  private connecting(script = '', args: readonly string[] = []): string {
    // The uid from /proc/self/status with the shell's own read (no fork); id(1) where that says nothing.
    const uid = `u=''; while read -r k v _; do if [ "$k" = Uid: ]; then u=$v; break; fi; done </proc/self/status 2>/dev/null; [ -n "$u" ] || u=$(id -u)`;
    const prelude = `${uid}; ${TIMEOUT_KIND_SNIPPET}; printf 'uid=%s\\ntimeout=%s\\n' "$u" "$tk"${this.sysroot ? '; [ -d "$1" ] || exit 3; shift' : ''}`;
    return remoteSh(`${prelude}\n${script}`, this.sysroot ? [this.sysroot, ...args] : args);
  }

  /** How long connecting may take, in milliseconds. */
  private get connectLimitMs(): number {
    return ((this.opts.connectTimeoutS ?? 10) + 20) * 1000;
  }

  /** Takes the lines the connecting command printed (uid, timeout kind) off a result; a sysroot that is not there is an error. */
  private afterPrelude(r: ExecResult): ExecResult {
    const m = /^uid=(\d+)\ntimeout=(gnu|busybox|toybox|other|none)(?:\n|$)/.exec(r.stdout); // a lone line has lost its newline (the last one is taken off)
    this.uid = m ? Number(m[1]) : null;
    this.timeout = m ? (m[2] as TimeoutKind) : null;
    if (r.exitCode === 3 && m) throw new HostError('ENOENT', `${this.where}--sysroot ${this.sysroot} is not a directory on the remote machine`, { path: this.sysroot ?? undefined });
    return m ? { ...r, stdout: r.stdout.slice(m[0].length) } : r;
  }

  /** Opens the shared connection with a script as its first command, so connecting and the first read are one round trip. */
  private async connectWith(script: string, args: readonly string[], input: string | undefined, timeoutMs: number): Promise<ExecResult> {
    let result: ExecResult | null = null;
    this.connected = (async () => {
      const r = await this.run(this.connecting(script, args), { input, idle: true, timeoutMs: Math.max(timeoutMs, this.connectLimitMs) });
      result = this.afterPrelude(r);
    })();
    this.connected.catch(() => { this.connected = null; });
    await this.connected;
    return result!;
  }

  /** Opens the shared connection once; a host that cannot be reached fails here with ssh's reason. */
  private connect(): Promise<void> {
    this.connected ??= (async () => {
      const [file, ...args] = this.sshArgv();
      this.roundTrips++;
      // The same round trip says who the remote user is, and with a sysroot checks that it is a directory there (exit 3 says it is not).
      const r = await spawnProgram(file!, [...args, this.connecting()], { timeoutMs: this.connectLimitMs }).result;
      if (r.exitCode === 0 || r.exitCode === 3) {
        this.afterPrelude({ exitCode: r.exitCode, stdout: r.stdout, stderr: '' });
        return;
      }
      if (r.startError?.code === 'ENOENT') throw new HostError('ENOTOOL', `the ssh client (${file}) is not installed on this machine`, { cause: r.startError });
      const why = r.timedOut ? 'no answer in time' : lastLine(r.stderr) || `ssh exited with ${r.exitCode ?? r.signal ?? r.startError?.message}`;
      throw new HostError('EUNREACHABLE', `${this.where}cannot connect: ${why}`, { exitCode: r.exitCode ?? undefined, stderr: r.stderr });
    })();
    this.connected.catch(() => { this.connected = null; });
    return this.connected;
  }

  async exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    if (argv.length === 0 || !argv[0]) throw new HostError('EINVAL', 'empty command line', { argv });
    if (this.sysroot) throw this.noToolOnSysroot(argv);
    await this.connect();
    const timeoutMs = opts.timeoutMs ?? this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const { elapsedMs, ...raw } = await this.run(remoteExec(argv, timeoutMs), { ...opts, timeoutMs, argv });
    const r = this.judge(argv, raw, timeoutMs > 0 && elapsedMs >= timeoutMs);
    if (r instanceof HostError) throw r;
    return r;
  }

  private noToolOnSysroot(argv: readonly string[]): HostError {
    return new HostError('ENOTOOL', `${argv[0]} is not run on a --sysroot view (it would read the remote machine, not ${this.sysroot})`, { argv });
  }

  /** A remote command's raw result as the console sees it: cleaned text, or the error it stands for (a timeout, a missing program). */
  judge(argv: readonly string[], raw: ExecResult, pastLimit = false): ExecResult | HostError {
    const r = { exitCode: raw.exitCode, stdout: cleanRemoteText(raw.stdout), stderr: cleanRemoteText(raw.stderr) };
    if (pastLimit && timedOutStatuses(this.timeout).includes(r.exitCode)) {
      const by = this.timeout === 'gnu' ? ' (GNU coreutils)' : this.timeout === 'busybox' ? ' (BusyBox)' : this.timeout === 'toybox' ? ' (toybox)' : '';
      return new HostError('ETIMEDOUT', `${this.where}${argv[0]} did not finish in time and was stopped by the remote's timeout(1)${by}`, { argv, timedOut: true, stderr: r.stderr });
    }
    // env, timeout and sh exit 127 when the program is not there (126 when it cannot be run); sudo says "command not found".
    if (((r.exitCode === 127 || r.exitCode === 126) && r.stdout === '' && /(?:env|timeout|^sh: \d+): .*(No such file|not found|Permission denied)/m.test(r.stderr)) || /^sudo: .*: command not found$/m.test(r.stderr)) {
      return new HostError('ENOTOOL', `${this.where}${argv[0]} is not installed on the remote machine`, { argv, exitCode: r.exitCode, stderr: r.stderr });
    }
    return r;
  }

  /** Answers a whole request in one round trip (host/gather.ts): tools side by side, then files, listings, links and block tables. */
  async gather(ops: readonly GatherOp[]): Promise<Gathered> {
    const timeoutMs = this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const request = encodeOps(ops, String(limitSeconds(timeoutMs)), (p) => this.map(p), !this.sysroot);
    // A request of the usual size goes inside the command (one round trip less than stdin over a slow link).
    const inline = request.length <= INLINE_REQUEST_MAX;
    const [script, args, input] = [gatherScript(inline), inline ? [request] : [], inline ? undefined : request];
    let r: ExecResult;
    if (this.connected) {
      await this.connect();
      r = await this.run(remoteSh(script, args), { input, idle: true, timeoutMs });
    } else r = await this.connectWith(script, args, input, timeoutMs);
    if (r.exitCode !== 0) throw new HostError('EIO', `${this.where}the remote read failed: ${lastLine(r.stderr) || `exit ${r.exitCode}`}`, { exitCode: r.exitCode, stderr: r.stderr });
    const answer = parseGathered(r.stdout, ops, this.where, (p) => this.unmap(p), (argv, raw) => this.judge(argv, raw, true), !this.sysroot);
    for (const [p, v] of answer.files) if (typeof v === 'string') answer.files.set(p, cleanRemoteText(v));
    for (const [p, v] of answer.links) if (typeof v === 'string') answer.links.set(p, cleanRemoteText(v));
    for (const [p, v] of answer.dirs) if (Array.isArray(v)) answer.dirs.set(p, v.map(cleanRemoteText));
    if (this.sysroot) ops.forEach((op, i) => { if (op.kind === 'exec') answer.execs[i] = this.noToolOnSysroot(op.argv); });
    return answer;
  }

  /** Runs one of the remote scripts and returns what it printed; a failing shell is an I/O error. */
  private async script(script: string, args: string[], path: string, input?: string, change = false): Promise<string> {
    if (path.includes('\n')) throw new HostError('EINVAL', `${path}: a path with a newline cannot be read`, { path });
    await this.connect();
    // A read's limit is on silence: reading 10^5 files takes as long as it takes while the remote keeps answering. A change (a write
    // to sysfs can take minutes, offlining memory) is never stopped midway.
    const r = await this.run(remoteSh(script, args), change ? { input, timeoutMs: 0 } : { input, idle: true });
    if (r.exitCode !== 0) throw new HostError('EIO', `${this.where}${path}: the remote shell failed: ${lastLine(r.stderr) || `exit ${r.exitCode}`}`, { path, exitCode: r.exitCode, stderr: r.stderr });
    return r.stdout;
  }

  async readFile(path: string): Promise<string> {
    const v = (await this.readFiles([path])).get(path)!;
    if (v instanceof HostError) throw v;
    return v;
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, string | HostError>> {
    if (paths.length === 0) return new Map();
    const bad = paths.find((p) => p.includes('\n'));
    if (bad !== undefined) throw new HostError('EINVAL', `${JSON.stringify(bad)}: a path with a newline cannot be read`, { path: bad });
    const stdout = await this.script(READ_FILES_SCRIPT, [], paths[0]!, paths.map((p) => this.map(p)).join('\n') + '\n');
    const out = parseReadFiles(stdout, paths, this.where);
    for (const [p, v] of out) if (typeof v === 'string') out.set(p, cleanRemoteText(v));
    return out;
  }

  async readDir(path: string): Promise<string[]> {
    return parseReadDir(await this.script(READ_DIR_SCRIPT, [this.map(path)], path), path, this.where).map(cleanRemoteText);
  }

  async readLink(path: string): Promise<string> {
    return cleanRemoteText(parseFramed(await this.script(READ_LINK_SCRIPT, [this.map(path)], path), path, this.where));
  }

  /** A --sysroot view is a copied tree on the remote machine: nothing runs on it and nothing is written to it. */
  readOnlyBecause(): string | null {
    return this.sysroot ? `${this.info.label} is a read-only view of a copied tree: nothing is run on it or written to it` : null;
  }

  /** A --sysroot view is files to look at: nothing is written to it. */
  private readOnly(path: string): void {
    if (this.sysroot) throw new HostError('EACCES', `${path}: a --sysroot host is read-only`, { path });
  }

  async writeFile(path: string, value: string): Promise<void> {
    this.readOnly(path);
    parseFramed(await this.script(WRITE_FILE_SCRIPT, [this.map(path), value], path, undefined, true), path, this.where);
  }

  async putFile(path: string, content: string): Promise<void> {
    this.readOnly(path);
    parseFramed(await this.script(PUT_FILE_SCRIPT, [this.map(path), content], path, undefined, true), path, this.where);
  }

  async removeFile(path: string): Promise<void> {
    this.readOnly(path);
    parseFramed(await this.script(REMOVE_FILE_SCRIPT, [this.map(path)], path, undefined, true), path, this.where);
  }

  async close(): Promise<void> {
    if (!this.controlDir) return;
    if (this.connected) {
      // Asked on the master's socket; ssh -O exit only when a master that is still there did not agree (an old master may exit before
      // its answer is sent, which is no refusal).
      if (!(await muxTerminate(this.controlPath!)) && (await muxAlive(this.controlPath!)) !== null) {
        const [file, ...args] = this.sshArgv(['-O', 'exit']);
        await spawnProgram(file!, args, { timeoutMs: 5000 }).result;
      }
      this.connected = null;
    }
    rmSync(this.controlDir, { recursive: true, force: true });
  }
}

function lastLine(text: string): string {
  return cleanRemoteText(text).trim().split('\n').filter(Boolean).pop()?.trim() ?? '';
}
