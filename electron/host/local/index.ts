// LocalHost: this machine, through child_process (spawn.ts: argv arrays, timeouts) and the filesystem; --sysroot reads a copied tree and
// runs no tool. The batched reader loads on first use: a command that never reads this machine's files never pays for it.
import { promises as fsp } from 'node:fs';
import { posix } from 'node:path';
import { spawnProgram } from '../spawn.js';
import type { HostInfo } from '../../../shared/model/index.js';
import { DEFAULT_TIMEOUT_MS, HostError, readTableInSlices, toHostErrorCode, type ExecOptions, type NumberedEntries, type ExecResult, type Host } from '../host.js';

/** Most a tool may print; more is refused rather than held in memory. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

function fsError(e: unknown, path: string): HostError {
  return new HostError(toHostErrorCode((e as NodeJS.ErrnoException).code), `${path}: ${(e as Error).message.replace(/^[A-Z]+: /, '')}`, { path, cause: e });
}

/** How a local host runs tools. */
export interface LocalHostOptions {
  /** How long a tool may run, in milliseconds, when a call gives no limit of its own. */
  timeoutMs?: number;
}

/** This machine. With a sysroot, every path is read from under that directory instead (like lsmem --sysroot), and no tool is run. */
export class LocalHost implements Host {
  readonly info: HostInfo;

  private readonly sysroot: string | null;

  /** A --sysroot view is a copied tree: nothing runs on it and nothing is written to it. */
  readOnlyBecause(): string | null {
    return this.sysroot ? `${this.info.label} is a read-only view of a copied tree: nothing is run on it or written to it` : null;
  }
  private readonly timeoutMs: number;

  constructor(sysroot: string | null = null, opts: LocalHostOptions = {}) {
    this.sysroot = sysroot === null ? null : posix.resolve(sysroot).replace(/\/+$/, '');
    this.info = { kind: 'local', label: sysroot ? `local (sysroot ${sysroot})` : 'local', preset: null };
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  private map(path: string): string {
    // Not normalised: sysfs paths go through symlinks (dax0.0/../dax_region), which only the filesystem can resolve.
    return this.sysroot ? this.sysroot + (path.startsWith('/') ? path : `/${path}`) : path;
  }

  async exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const [file, ...args] = argv;
    if (!file) throw new HostError('EINVAL', 'empty command line', { argv });
    // The tools would read this machine's /sys, not the tree's: a --sysroot view is read from its files alone.
    if (this.sysroot) throw new HostError('ENOTOOL', `${file} is not run on a --sysroot view (it would read this machine, not ${this.sysroot})`, { argv });
    const timeout = opts.timeoutMs ?? this.timeoutMs;
    if (!Number.isFinite(timeout) || timeout < 0) throw new HostError('EINVAL', `a time limit of ${timeout} ms is not one`, { argv });
    const run = spawnProgram(file, args, {
      timeoutMs: timeout, signal: opts.signal, env: { LC_ALL: 'C' }, detached: opts.detached === true, maxBuffer: MAX_OUTPUT_BYTES,
    });
    const r = await run.result;
    if (r.timedOut) throw new HostError('ETIMEDOUT', `${file} did not finish within ${timeout} ms and was stopped`, { argv, timedOut: true, stderr: r.stderr });
    if (r.startError) {
      if (r.startError.code === 'ENOENT') throw new HostError('ENOTOOL', `${file} is not installed on this machine`, { argv, cause: r.startError });
      throw new HostError('EIO', `${file} could not be run: ${r.startError.message}`, { argv, cause: r.startError });
    }
    if (r.isMaxBuffer) throw new HostError('EBADDATA', `${file} printed more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB; it was stopped`, { argv });
    if (r.exitCode === null) throw new HostError('EIO', `${file} was stopped by ${r.signal ?? 'a signal'}${r.aborted ? ' (the read was cancelled)' : ''}`, { argv, stderr: r.stderr });
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
  }

  async readFile(path: string): Promise<string> {
    const r = (await this.readFiles([path])).get(path)!;
    if (typeof r === 'string') return r;
    throw r;
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, string | HostError>> {
    // Loaded on first use: a command that never reads this machine never loads the reader.
    const { readMany } = await import('./read-files.js');
    const outcomes = await readMany(paths.map((p) => this.map(p)));
    const out = new Map<string, string | HostError>();
    paths.forEach((p, i) => {
      const r = outcomes[i]!;
      out.set(p, typeof r === 'string' ? r : fsError(Object.assign(new Error(r.message), { code: r.code }), p));
    });
    return out;
  }

  async readTable(dir: string, entries: NumberedEntries, attrs: readonly string[]): Promise<(string | null)[]> {
    const { readTableInline } = await import('./read-files.js');
    const at = this.map(dir);
    return readTableInSlices(entries, attrs, (slice) => readTableInline(at, slice, attrs));
  }

  async readDir(path: string): Promise<string[]> {
    try {
      return await fsp.readdir(this.map(path));
    } catch (e) {
      throw fsError(e, path);
    }
  }

  async readLink(path: string): Promise<string> {
    try {
      return await fsp.readlink(this.map(path));
    } catch (e) {
      throw fsError(e, path);
    }
  }

  async writeFile(path: string, value: string): Promise<void> {
    if (this.sysroot) throw new HostError('EACCES', `${path}: a --sysroot host is read-only`, { path });
    try {
      await fsp.writeFile(path, value);
    } catch (e) {
      throw fsError(e, path);
    }
  }

  async putFile(path: string, content: string): Promise<void> {
    if (this.sysroot) throw new HostError('EACCES', `${path}: a --sysroot host is read-only`, { path });
    const tmp = `${path}.pmem-console.${process.pid}.tmp`;
    try {
      await fsp.mkdir(posix.dirname(path), { recursive: true });
      await fsp.writeFile(tmp, content, { mode: 0o644 });
      await fsp.rename(tmp, path);
    } catch (e) {
      await fsp.rm(tmp, { force: true }).catch(() => {});
      throw fsError(e, path);
    }
  }

  async removeFile(path: string): Promise<void> {
    if (this.sysroot) throw new HostError('EACCES', `${path}: a --sysroot host is read-only`, { path });
    try {
      await fsp.rm(path, { force: true });
    } catch (e) {
      throw fsError(e, path);
    }
  }

  async close(): Promise<void> {}
}
