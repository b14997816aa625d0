// SimHost: the emulated machine behind the Host port; ndctl, daxctl, cxl and sysfs answer as the real ones do.
import { renameSync, statSync, writeFileSync } from 'node:fs';
import type { HostInfo } from '../../../shared/model/index.js';
import { DEFAULT_TIMEOUT_MS, HostError, letEventLoopRun, readTableInSlices, type ExecOptions, type ExecResult, type Host, type NumberedEntries } from '../host.js';
import { cxl } from './cxl.js';
import { daxctl } from './daxctl.js';
import { ndctl } from './ndctl.js';
import { buildPreset, isPresetName, PRESET_NAMES } from './presets.js';
import type { SimFault, SimState } from './state.js';
import { SimFs } from './sysfs.js';
import { readOnlyPass } from './kernel.js';
import { settle, waitBefore } from './timed.js';
import { pollSecurity } from './dimm-security.js';
import { blocksOfRuns, savedSimState, simStateSchema } from './state-schema.js';
import { MAX_INPUT_BYTES, readRegularFile } from '../files.js';

export { PRESET_NAMES, isPresetName } from './presets.js';
export type { SimState, SimFault } from './state.js';

/** Where a sim starts from. */
export type SimOrigin = ({ preset: string } | { state: SimState; adopt?: boolean } | { stateFile: string; preset?: string; state?: SimState }) & { timeoutMs?: number };

/** Checks that a value is a whole, valid saved SimState; throws a HostError (EBADDATA) saying what is wrong and where. */
export function validateSimState(value: unknown, source: string): SimState {
  const v = value as { version?: unknown } | null;
  if (!v || typeof v !== 'object' || v.version !== 1) throw new HostError('EBADDATA', `${source} is not a pmem-console sim state (version 1)`, { path: source });
  const bad = (issue: { path: PropertyKey[]; message: string } | undefined, prefix: string) =>
    new HostError('EBADDATA', `${source} is not a valid pmem-console sim state: ${[prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.') || 'state'}: ${issue?.message ?? 'invalid'}`, { path: source });
  // Blocks saved as runs (savedSimState) are checked as runs, then laid out; a file with a plain block list is read as it is.
  const memory = (v as { memory?: { blockRuns?: unknown; blocks?: unknown } }).memory;
  let blocks: SimState['memory']['blocks'] | null = null;
  let plain = value;
  if (memory && typeof memory === 'object' && 'blockRuns' in memory) {
    const runs = simStateSchema().blockRuns.safeParse(memory.blockRuns);
    if (!runs.success) throw bad(runs.error.issues[0], 'memory.blockRuns');
    const { blockRuns: _runs, ...rest } = memory;
    blocks = blocksOfRuns(runs.data);
    plain = { ...v, memory: { ...rest, blocks: [] } };
  }
  const r = simStateSchema().state.safeParse(plain);
  if (!r.success) throw bad(r.error.issues[0], '');
  const state = r.data as SimState;
  if (blocks) state.memory.blocks = blocks;
  return state;
}

/** The kernel's words for the errors a write fault can give. */
const WRITE_ERRORS = { EBUSY: 'Device or resource busy', EINVAL: 'Invalid argument', EIO: 'Input/output error', ENXIO: 'No such device or address' } as const;

/** Whether a command line only reads (list, version), so the rendered files stay valid and nothing is saved. */
export function readsOnly(program: string, args: readonly string[]): boolean {
  const name = program.split('/').pop() ?? program;
  if (name === 'uname') return true;
  return (name === 'ndctl' || name === 'daxctl' || name === 'cxl') && ['list', 'version', '--version', '--help', 'help'].includes(args[0] ?? '');
}

/** A fault that a command line matches (the others are a file's). */
const isCommandFault = (f: SimFault): f is Extract<SimFault, { match: string }> => f.kind === 'command-fails' || f.kind === 'command-hangs' || f.kind === 'command-slow' || f.kind === 'command-dies';

/** The emulated machine. Mutations are saved to the state file, if there is one, so other processes see them. */
export class SimHost implements Host {
  readonly info: HostInfo;
  private state: SimState;
  private readonly fs: SimFs;
  private readonly stateFile: string | null;
  private loadedMtime = 0;
  private readonly timeoutMs: number;

  constructor(origin: SimOrigin) {
    this.timeoutMs = origin.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.stateFile = 'stateFile' in origin ? origin.stateFile : null;
    if (this.stateFile && exists(this.stateFile)) this.state = this.loadFile(this.stateFile);
    else if ('state' in origin && origin.state) {
      // A state made for this sim alone (a twin's) is taken as it is; any other is copied, so the sim never changes its caller's.
      this.state = 'adopt' in origin && origin.adopt ? origin.state : structuredClone(origin.state);
      if (this.stateFile) this.save();
    }
    else {
      const preset = 'preset' in origin && origin.preset ? origin.preset : 'qemu-nvdimm';
      if (!isPresetName(preset)) throw new HostError('EINVAL', `unknown sim preset "${preset}"; presets: ${PRESET_NAMES.join(', ')}`);
      this.state = buildPreset(preset);
      if (this.stateFile) this.save();
    }
    this.fs = new SimFs(() => this.state);
    this.info = { kind: 'sim', label: `sim:${this.state.preset}`, preset: this.state.preset };
  }

  /** A deep copy of the current state (for twins, predictions and tests). */
  snapshotState(): SimState {
    this.refresh();
    return structuredClone(this.state);
  }

  /** Replaces the state (e.g. to reset a twin). */
  setState(state: SimState): void {
    this.state = structuredClone(state);
    this.fs.invalidate();
    this.save();
  }

  /** Adds a fault to inject. */
  injectFault(fault: SimFault): void {
    this.refresh();
    this.state.faults.push(fault);
    this.fs.invalidate();
    this.save();
  }

  /** Applies a change to the state directly (out-of-band events: a device vanishing, a mount). */
  mutate(change: (state: SimState) => void): void {
    this.refresh();
    change(this.state);
    this.fs.invalidate();
    this.save();
  }

  async exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    // A tool run and a directory listing are the simulator's longer computations: a web server in this process answers in between.
    await letEventLoopRun();
    this.refresh();
    const [program, ...args] = argv;
    const line = argv.join(' ');
    const fault = this.takeFault(line);
    if (fault?.kind === 'command-hangs') {
      const ms = opts.timeoutMs ?? this.timeoutMs;
      // With no time limit (a plan's step) the console waits, as it would for a real tool: forever.
      await new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setInterval(() => {}, 60_000)));
      throw new HostError('ETIMEDOUT', `${program} did not finish within ${ms} ms and was stopped`, { argv, timedOut: true });
    }
    if (fault?.kind === 'command-slow') {
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      this.refresh();
    }
    if (fault?.kind === 'command-fails') return { exitCode: fault.exitCode, stdout: fault.stdout ?? '', stderr: fault.stderr };
    if (fault?.kind === 'command-dies') return this.dies(fault, argv);
    // A scrub or an overwrite the command waits for (started by it, or before it) runs its time first, as the real tool polls.
    const wait = waitBefore(this.state, program ?? '', args, Date.now());
    if (wait > 0) {
      this.fs.invalidate();
      this.save();
      await new Promise((resolve) => setTimeout(resolve, wait));
      this.refresh();
    }
    // ndctl reads each DIMM's security file as it lists it or acts on its security.
    if ((program ?? '').endsWith('ndctl') && /^(list|setup-passphrase|update-passphrase|remove-passphrase|sanitize-dimm|freeze-security|wait-overwrite)$/.test(args[0] ?? '')) this.securityLooked(['/security']);
    // A listing is one read-only pass: each device's blocks are found once for the whole listing, not once per device.
    if (readsOnly(program ?? '', args)) return readOnlyPass(this.state, () => this.run(program ?? '', args));
    const result = this.run(program ?? '', args);
    this.fs.invalidate();
    this.save();
    return result;
  }

  private run(program: string, args: string[]): ExecResult {
    const name = program.split('/').pop() ?? program;
    const missing = () => new HostError('ENOTOOL', `${name} is not installed on ${this.info.label}`, { argv: [program, ...args] });
    switch (name) {
      case 'ndctl':
        if (!this.state.tools.ndctl) throw missing();
        return ndctl(this.state, args);
      case 'daxctl':
        if (!this.state.tools.daxctl) throw missing();
        return daxctl(this.state, args);
      case 'cxl':
        if (!this.state.tools.cxl) throw missing();
        return cxl(this.state, args);
      case 'uname':
        return { exitCode: 0, stdout: (args.includes('-r') ? this.state.kernel.release : `Linux`) + '\n', stderr: '' };
      case 'modprobe':
        for (const m of args.filter((a) => !a.startsWith('-'))) if (!this.state.modules.includes(m)) this.state.modules.push(m);
        return { exitCode: 0, stdout: '', stderr: '' };
      default:
        throw missing();
    }
  }

  /** A command that changes the machine and then fails, hangs for good, or loses the connection (a command-dies fault). */
  private async dies(fault: Extract<SimFault, { kind: 'command-dies' }>, argv: readonly string[]): Promise<ExecResult> {
    const [program = '', ...args] = fault.does ?? argv;
    this.run(program, args);
    this.fs.invalidate();
    this.save();
    if (fault.then === 'hangs') await new Promise(() => setInterval(() => {}, 60_000));
    if (fault.then === 'drops') throw new HostError('EUNREACHABLE', `${this.info.label}: the connection was lost while ${argv[0]} ran`, { argv });
    return { exitCode: fault.exitCode, stdout: '', stderr: fault.stderr };
  }

  private takeFault(line: string): SimFault | null {
    const i = this.state.faults.findIndex((f) => isCommandFault(f) && line.includes(f.match));
    if (i < 0) return null;
    const f = this.state.faults[i]!;
    if (isCommandFault(f) && f.times !== undefined) {
      f.times -= 1;
      if (f.times <= 0) this.state.faults.splice(i, 1);
      this.save();
    }
    return f;
  }

  async readFile(path: string): Promise<string> {
    this.refresh();
    this.securityLooked([path]);
    return this.fs.readFile(path);
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, string | HostError>> {
    this.refresh();
    this.securityLooked(paths);
    const out = new Map<string, string | HostError>();
    for (const p of paths) {
      try {
        out.set(p, this.fs.readFile(p));
      } catch (e) {
        if (e instanceof HostError) out.set(p, e);
        else throw e;
      }
    }
    return out;
  }

  async readTable(dir: string, entries: NumberedEntries, attrs: readonly string[]): Promise<(string | null)[]> {
    this.refresh();
    return readTableInSlices(entries, attrs, (slice) => this.fs.readTable(dir, slice, attrs));
  }

  async readDir(path: string): Promise<string[]> {
    await letEventLoopRun();
    this.refresh();
    return this.fs.readDir(path);
  }

  async listNumbered(dir: string, prefix: string): Promise<Int32Array> {
    await letEventLoopRun();
    this.refresh();
    return this.fs.listNumbered(dir, prefix);
  }

  async readLink(path: string): Promise<string> {
    this.refresh();
    return this.fs.readLink(path);
  }

  /** Throws the error a write-fails fault on this path asks for (and uses the fault up). */
  private failIfFaulted(path: string): void {
    const i = this.state.faults.findIndex((f) => f.kind === 'write-fails' && f.path === path);
    const fault = this.state.faults[i];
    if (fault?.kind === 'write-fails') {
      if (fault.times !== undefined && --fault.times <= 0) this.state.faults.splice(i, 1);
      this.save();
      throw new HostError(fault.code, `${path}: ${WRITE_ERRORS[fault.code]}`, { path });
    }
  }

  async writeFile(path: string, value: string): Promise<void> {
    this.refresh();
    this.failIfFaulted(path);
    try {
      this.fs.writeFile(path, value);
    } finally {
      // A sysfs write changes a block's state or a setting; it never adds or removes blocks.
      this.fs.invalidate({ blocksKept: true });
      this.save();
    }
  }

  async putFile(path: string, content: string): Promise<void> {
    this.refresh();
    if (!path.startsWith('/etc/')) throw new HostError('EACCES', `${path}: Permission denied`, { path });
    this.failIfFaulted(path);
    this.state.files[path] = content;
    this.fs.invalidate();
    if (this.stateFile) this.save();
  }

  async removeFile(path: string): Promise<void> {
    this.refresh();
    if (!path.startsWith('/etc/')) throw new HostError('EACCES', `${path}: Permission denied`, { path });
    this.failIfFaulted(path);
    delete this.state.files[path];
    this.fs.invalidate();
    if (this.stateFile) this.save();
  }

  async close(): Promise<void> {}

  private loadFile(file: string): SimState {
    const text = readRegularFile(file, 'sim state', MAX_INPUT_BYTES);
    this.loadedMtime = statSync(file).mtimeMs;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new HostError('EBADDATA', `${file} is not valid JSON: ${(e as Error).message}`, { path: file, cause: e });
    }
    return validateSimState(parsed, file);
  }

  /** Picks up changes another process saved to the state file, and ends what has run its time. */
  private refresh(): void {
    if (this.stateFile && exists(this.stateFile)) {
      const mtime = statSync(this.stateFile).mtimeMs;
      if (mtime !== this.loadedMtime) {
        this.state = this.loadFile(this.stateFile);
        this.fs?.invalidate();
      }
    }
    this.settleTimed();
  }

  /** A look at a DIMM's security state (its security file read, or ndctl reading it) sees what the hardware did since the last look (the
   *  test kernel polls the firmware on each read: nfit_test's lock_dimm). */
  private securityLooked(paths: readonly string[]): void {
    if (!paths.some((p) => /\/(nmem\d+\/)?security$/.test(p))) return;
    if (!pollSecurity(this.state)) return;
    this.fs.invalidate();
    this.save();
  }

  /** Ends a scrub or an overwrite whose time has come (sim/timed.ts). */
  private settleTimed(): void {
    if (!settle(this.state, Date.now())) return;
    this.fs?.invalidate();
    this.save();
  }

  private save(): void {
    if (!this.stateFile) return;
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(savedSimState(this.state)));
    renameSync(tmp, this.stateFile);
    this.loadedMtime = statSync(this.stateFile).mtimeMs;
  }
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}
