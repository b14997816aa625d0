// The Host port: everything the console knows about a machine comes through this interface.
import type { HostInfo } from '../../shared/model/index.js';

/** What a command printed and how it ended. */
export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Options for one command run. */
export interface ExecOptions {
  /** Milliseconds before the command is killed and reported as timed out; 0 never kills it (the steps of a plan: a tool is never
   *  stopped midway through a change). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Run it apart from the console's process group: a Ctrl-C at the console's terminal, or the console exiting, does not stop it. */
  detached?: boolean;
}

/** Why a host operation failed, in errno words where there is one. */
export type HostErrorCode = 'ENOENT' | 'EACCES' | 'EINVAL' | 'EBUSY' | 'ENXIO' | 'EIO' | 'ETIMEDOUT' | 'ENOTOOL' | 'EPERM' | 'EUNREACHABLE' | 'EBADDATA';

/** The one error type of the host layer: carries argv or path, exit code, stderr, timeout and the cause. */
export class HostError extends Error {
  readonly code: HostErrorCode;
  readonly argv?: readonly string[];
  readonly path?: string;
  readonly exitCode?: number;
  readonly stderr?: string;
  readonly timedOut: boolean;

  constructor(code: HostErrorCode, message: string, details: { argv?: readonly string[]; path?: string; exitCode?: number; stderr?: string; timedOut?: boolean; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'HostError';
    this.code = code;
    this.argv = details.argv;
    this.path = details.path;
    this.exitCode = details.exitCode;
    this.stderr = details.stderr;
    this.timedOut = details.timedOut ?? false;
  }
}

const ERRNO_WORDS: readonly HostErrorCode[] = ['ENOENT', 'EACCES', 'EINVAL', 'EBUSY', 'ENXIO', 'EIO', 'ETIMEDOUT', 'ENOTOOL', 'EPERM'];

/** Maps an errno word (from fs, or stored in a capture) to a HostError code; anything else is EIO. */
export function toHostErrorCode(code: string | undefined): HostErrorCode {
  return ERRNO_WORDS.includes(code as HostErrorCode) ? (code as HostErrorCode) : 'EIO';
}

/** A host spec that could not be understood; the message lists what is accepted. */
export class HostSpecError extends Error {
  override name = 'HostSpecError';
}

/** Default timeout of a tool run that only reads, in milliseconds (a plan's steps have none). */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** A machine: real, simulated, remote or recorded. */
export interface Host {
  readonly info: HostInfo;
  /** Runs a program with an argv array (never a shell string). Throws HostError ENOTOOL if it is not installed, ETIMEDOUT if it hangs. */
  exec(argv: readonly string[], opts?: ExecOptions): Promise<ExecResult>;
  /** Reads one file (sysfs attribute, /proc file). */
  readFile(path: string): Promise<string>;
  /** Reads many files in one go; a file that cannot be read maps to its HostError. */
  readFiles(paths: readonly string[]): Promise<Map<string, string | HostError>>;
  /** Reads the same attributes of many numbered entries of one directory (a machine's memory blocks: prefix "memory", numbers N) in one
   *  go, entry by entry: values[e * attrs.length + a], null where a file could not be read. Optional: hosts without a faster way use
   *  readFiles. */
  readTable?(dir: string, entries: NumberedEntries, attrs: readonly string[]): Promise<(string | null)[]>;
  /** Lists a directory's entries (names only). */
  readDir(path: string): Promise<string[]>;
  /** The numbers N of a directory's entries named prefix and N (memoryN), ascending, with no string per entry. Optional: hosts without
   *  a faster way list the directory (listNumbered). */
  listNumbered?(dir: string, prefix: string): Promise<Int32Array>;
  /** Reads a symlink's target as stored (relative, for sysfs). */
  readLink(path: string): Promise<string>;
  /** Writes a value to a file (sysfs attribute); privileged on real machines. */
  writeFile(path: string, value: string): Promise<void>;
  /** Creates or replaces a configuration file whole (written aside, then renamed into place). */
  putFile(path: string, content: string): Promise<void>;
  /** Removes a configuration file; a file that is not there is not an error. */
  removeFile(path: string): Promise<void>;
  /** Releases connections and temporary files. */
  close(): Promise<void>;
  /** Whether changes made through this host run as root there: null until known (an ssh host learns it when it connects). Hosts that
   *  elevate otherwise (this machine: the helper) do not say. */
  actsAsRoot?(): boolean | null;
  /** sudo there, when changes through this host would not run as root (an ssh host reached as another user); null otherwise. */
  sudo?(): SudoAccess | null;
  /** Why nothing may be changed through this host (a --sysroot view is files to look at), or null; hosts that can change say nothing. */
  readOnlyBecause?(): string | null;
}

/** Entries of a directory named by one prefix and a number each (memory0, memory1, …): 10^5 of them travel as one typed array, not
 *  as 10^5 strings. */
export interface NumberedEntries {
  prefix: string;
  numbers: Int32Array;
}

/** A change as a host makes it: a plan's step. */
export type HostChange =
  | { kind: 'exec'; argv: readonly string[] }
  | { kind: 'write'; path: string; value: string }
  | { kind: 'put'; path: string; content: string }
  | { kind: 'remove'; path: string };

/** What sudo on a remote host says about running some changes. */
export type SudoCheck = { kind: 'ready' } | { kind: 'password-needed' } | { kind: 'wrong-password' } | { kind: 'refused'; why: string };

/** sudo on a remote host whose user is not root (Host.sudo). */
export interface SudoAccess {
  /** Who sudo asks for a password, as a person reads it ("alice on db1"). */
  readonly who: string;
  /** Asks sudo, in one round trip, whether these changes may run as root: with the password when one is given, else without one. */
  check(changes: readonly HostChange[], password: string | null): Promise<SudoCheck>;
  /** The host with its changes (exec, writeFile, putFile, removeFile) run as root through sudo; the password goes to each on stdin. */
  as(password: string | null): Host;
}

/** Reads a file, or returns null when it does not exist or cannot be read. */
export async function readOptional(host: Host, path: string): Promise<string | null> {
  try {
    return await host.readFile(path);
  } catch (e) {
    if (e instanceof HostError) return null;
    throw e;
  }
}

/** Reads attributes of many numbered entries of a directory (see Host.readTable), through readFiles where the host has no faster way. */
export async function readTable(host: Host, dir: string, entries: NumberedEntries, attrs: readonly string[]): Promise<(string | null)[]> {
  return host.readTable ? host.readTable(dir, entries, attrs) : readTableByFiles(host, dir, entries, attrs);
}

/** A table read as single files, through readFiles. */
export async function readTableByFiles(host: Host, dir: string, entries: NumberedEntries, attrs: readonly string[]): Promise<(string | null)[]> {
  const paths: string[] = [];
  for (const n of entries.numbers) for (const a of attrs) paths.push(`${dir}/${entries.prefix}${n}/${a}`);
  const files = await host.readFiles(paths);
  return paths.map((p) => {
    const v = files.get(p);
    return typeof v === 'string' ? v : null;
  });
}

/** The number of an entry named prefix and decimal digits (memory12 → 12), or -1 for any other name: read from the characters, with
 *  no regex and no substring per entry (a machine lists 10^5 of them). */
export function entryNumber(name: string, prefix: string): number {
  if (name.length <= prefix.length || name.length > prefix.length + 10 || !name.startsWith(prefix)) return -1;
  let n = 0;
  for (let k = prefix.length; k < name.length; k++) {
    const c = name.charCodeAt(k);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n > 0x7fffffff ? -1 : n;
}

/** The numbers of a directory's entries named prefix and N, ascending ([] when the directory is not there): from the host's own way where
 *  it has one, else from its listing. */
export async function listNumbered(host: Host, dir: string, prefix: string): Promise<Int32Array> {
  if (host.listNumbered) return host.listNumbered(dir, prefix).catch((e: unknown) => {
    if (e instanceof HostError) return new Int32Array(0);
    throw e;
  });
  return numbersOf(await readDirOptional(host, dir), prefix);
}

/** The numbers of the names that are prefix and N, ascending. */
export function numbersOf(names: readonly string[], prefix: string): Int32Array {
  const out = new Int32Array(names.length);
  let k = 0;
  for (const name of names) {
    const n = entryNumber(name, prefix);
    if (n >= 0) out[k++] = n;
  }
  return out.subarray(0, k).sort();
}

/** Lists a directory, or returns [] when it does not exist. */
export async function readDirOptional(host: Host, path: string): Promise<string[]> {
  try {
    return await host.readDir(path);
  } catch (e) {
    if (e instanceof HostError) return [];
    throw e;
  }
}

/** Lets the event loop run (timers, sockets) before going on: hosts whose reads are computed in memory (the simulator) or one long
 *  synchronous loop (a block table) call it, so that a console's web server still answers meanwhile. */
export function letEventLoopRun(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How many entries of a table a host reads before it lets the event loop run (a page being served, a WebSocket call answered). */
export const TABLE_SLICE = 8192;

/** Reads a table in slices of TABLE_SLICE entries, letting the event loop run between them: a 65,536-block machine read in one loop held
 *  up a console's web server for its whole read (2 s on real hardware), the first page waiting for it before it even got its script. */
export async function readTableInSlices(entries: NumberedEntries, attrs: readonly string[], readSlice: (slice: NumberedEntries) => (string | null)[]): Promise<(string | null)[]> {
  const { prefix, numbers } = entries;
  if (numbers.length <= TABLE_SLICE) return readSlice(entries);
  const out: (string | null)[] = new Array(numbers.length * attrs.length);
  let k = 0;
  for (let from = 0; from < numbers.length; from += TABLE_SLICE) {
    if (from > 0) await letEventLoopRun();
    for (const v of readSlice({ prefix, numbers: numbers.subarray(from, from + TABLE_SLICE) })) out[k++] = v;
  }
  return out;
}
