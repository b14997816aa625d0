// The POSIX sh scripts the ssh host runs on the remote machine, and the parsers for what they print.
// They use shell builtins only on the hot path, so reading thousands of sysfs files costs one round trip and no forks.
import { HostError, type HostErrorCode } from '../host.js';

/** Quotes one word for a POSIX shell: single quotes, with embedded quotes closed and escaped. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Builds the remote command string for `sh -c SCRIPT sh ARGS...` (ssh hands one string to the login shell). */
export function remoteSh(script: string, args: readonly string[] = []): string {
  return ['sh', '-c', shellQuote(script), 'sh', ...args.map(shellQuote)].join(' ');
}

/** Runs "$@" in the C locale. With a limit ($1 whole seconds, not 0) it runs under the remote's timeout(1) where there is one, and not
 *  through exec, so a command that timeout(1) stops exits from this shell with a status (BusyBox's timeout execs the command itself:
 *  it dies of the signal). Without one, nothing stands between the shell and the command: BusyBox's timeout reads 0 as one second. */
const EXEC_SCRIPT = `t=$1; shift
if [ "$t" != 0 ] && command -v timeout >/dev/null 2>&1; then timeout -k 2 "$t" env LC_ALL=C "$@"; exit $?; fi
exec env LC_ALL=C "$@"`;

/** Which timeout(1) a remote machine has: GNU coreutils', BusyBox's, toybox's, another one, or none. */
export type TimeoutKind = 'gnu' | 'busybox' | 'toybox' | 'other' | 'none';

/** A shell snippet that sets $tk to the TimeoutKind of the remote's timeout(1) (one fork, in the connecting round trip). In a BusyBox
 *  shell that runs its own applets first, `timeout` is BusyBox's whatever PATH holds; --version is how each one names itself
 *  (BusyBox's refuses the option and prints its banner). */
export const TIMEOUT_KIND_SNIPPET = `tk=none; if command -v timeout >/dev/null 2>&1; then case $(timeout --version 2>&1 </dev/null) in *'GNU coreutils'*) tk=gnu ;; *BusyBox*) tk=busybox ;; *toybox*) tk=toybox ;; *) tk=other ;; esac; fi`;

/** The exit statuses a timeout(1) of this kind gives a command it stopped: GNU's and toybox's 124 (137 when -k had to kill it), BusyBox's
 *  the command's own death by SIGTERM (143) or SIGKILL (137). A kind not known is judged by all of them. */
export function timedOutStatuses(kind: TimeoutKind | null): readonly number[] {
  switch (kind) {
    case 'gnu': case 'toybox': return [124, 137];
    case 'busybox': return [143, 137];
    case 'none': return [];
    case 'other': case null: return [124, 137, 143];
    default: return kind satisfies never;
  }
}

/** A time limit as every timeout(1) reads it alike: whole seconds, rounded up, at least 1; 0 (no limit) stays 0 and means none is used.
 *  GNU's reads fractions, BusyBox's truncates them (1.5 is 1 s, 0.000 is 1 s), toybox's reads them: whole seconds mean one thing to all. */
export function limitSeconds(timeoutMs: number): number {
  return timeoutMs <= 0 ? 0 : Math.max(1, Math.ceil(timeoutMs / 1000));
}

/** Builds the remote command string that runs a program with an argv array, in the C locale, with a time limit (0: no limit at all). */
export function remoteExec(argv: readonly string[], timeoutMs: number): string {
  return remoteSh(EXEC_SCRIPT, [String(limitSeconds(timeoutMs)), ...argv]);
}

// One record per path read from stdin (one path per line): STATUS NUL PAYLOAD NUL.
// STATUS is OK (payload = the exact bytes of the file), ENOENT, EISDIR, EACCES, or ERR (payload = the error text).
// A file is read with `read` in a loop (no fork); only an empty result is re-read with cat, to tell "empty" from "read failed"
// and because some sysfs files (binary attributes such as node cpulist) give nothing to the shell's byte-at-a-time reads.
/** A shell function that prints one file's NUL-framed record (STATUS NUL PAYLOAD NUL): rd PATH. */
export const READ_ONE_FILE = `
rd() {
  p=$1
  if [ ! -e "$p" ]; then printf 'ENOENT\\0\\0'; return; fi
  if [ -d "$p" ]; then printf 'EISDIR\\0\\0'; return; fi
  if [ ! -r "$p" ]; then printf 'EACCES\\0\\0'; return; fi
  c=''
  while :; do
    if IFS= read -r l; then c="$c$l
"; else c="$c$l"; break; fi
  done < "$p" 2>/dev/null
  if [ -z "$c" ]; then
    if c=$(cat -- "$p" 2>/dev/null && printf x); then c=\${c%x}
    else printf 'ERR\\0%s\\0' "$(cat -- "$p" 2>&1 >/dev/null)"; return; fi
  fi
  printf 'OK\\0%s\\0' "$c"
}
`;

/** Reads the files named on stdin, one path per line, and prints one NUL-framed record per path. */
export const READ_FILES_SCRIPT = `${READ_ONE_FILE}
while IFS= read -r p; do rd "$p"; done
`;

/** Lists a directory's entries, NUL-separated, or prints one NUL-framed error status. */
export const READ_DIR_SCRIPT = `
d=$1
if [ ! -e "$d" ]; then printf 'ENOENT\\0'; exit 0; fi
if [ ! -d "$d" ]; then printf 'ENOTDIR\\0'; exit 0; fi
if [ ! -r "$d" ] || [ ! -x "$d" ]; then printf 'EACCES\\0'; exit 0; fi
printf 'OK\\0'
for f in "$d"/* "$d"/.[!.]* "$d"/..?*; do
  if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\\0' "\${f##*/}"; fi
done
`;

/** Prints a symlink's target as stored, framed like READ_DIR_SCRIPT. */
export const READ_LINK_SCRIPT = `
if [ -L "$1" ]; then printf 'OK\\0%s\\0' "$(readlink -- "$1")"; exit 0; fi
if [ -e "$1" ]; then printf 'EINVAL\\0'; else printf 'ENOENT\\0'; fi
`;

/** Writes $2 to the file $1 in one write, as \`echo -n VALUE > FILE\` would; prints the error text on failure. */
export const WRITE_FILE_SCRIPT = `
if [ ! -e "$1" ]; then printf 'ENOENT\\0'; exit 0; fi
if e=$( { printf '%s' "$2" > "$1"; } 2>&1 ); then printf 'OK\\0'; else printf 'ERR\\0%s\\0' "$e"; fi
`;

/** Creates or replaces a file whole: $1 path, $2 content; written aside, then renamed. */
export const PUT_FILE_SCRIPT = `
d=$(dirname -- "$1"); t="$1.pmem-console.$$.tmp"
if e=$( { mkdir -p -- "$d" && printf '%s' "$2" > "$t" && chmod 644 -- "$t" && mv -f -- "$t" "$1"; } 2>&1 ); then printf 'OK\\0'; else rm -f -- "$t"; printf 'ERR\\0%s\\0' "$e"; fi
`;

/** Removes a file; one that is not there is fine: $1 path. */
export const REMOVE_FILE_SCRIPT = `
if e=$( { rm -f -- "$1"; } 2>&1 ); then printf 'OK\\0'; else printf 'ERR\\0%s\\0' "$e"; fi
`;

const STRERROR: [RegExp, HostErrorCode][] = [
  [/No such file or directory/i, 'ENOENT'],
  [/Permission denied/i, 'EACCES'],
  [/Operation not permitted/i, 'EPERM'],
  [/Device or resource busy/i, 'EBUSY'],
  [/No such device( or address)?/i, 'ENXIO'],
  [/Invalid argument/i, 'EINVAL'],
];

/** Maps an error text printed by a remote tool or shell to the errno word it names. */
export function errnoFromText(text: string): HostErrorCode {
  for (const [re, code] of STRERROR) if (re.test(text)) return code;
  return 'EIO';
}

function statusError(status: string, detail: string, path: string, where: string): HostError {
  const text = detail.trim().replace(/^.*?: /, '') || status;
  switch (status) {
    case 'ENOENT': return new HostError('ENOENT', `${where}${path}: no such file or directory`, { path });
    case 'EACCES': return new HostError('EACCES', `${where}${path}: permission denied`, { path });
    case 'EISDIR': return new HostError('EIO', `${where}${path}: is a directory`, { path });
    case 'ENOTDIR': return new HostError('EINVAL', `${where}${path}: not a directory`, { path });
    case 'EINVAL': return new HostError('EINVAL', `${where}${path}: not a symbolic link`, { path });
    default: return new HostError(errnoFromText(detail), `${where}${path}: ${text}`, { path });
  }
}

/** Splits the output of READ_FILES_SCRIPT back into one result per path; a short or malformed answer is an error. */
export function parseReadFiles(stdout: string, paths: readonly string[], where: string): Map<string, string | HostError> {
  const fields = stdout.split('\0');
  fields.pop(); // a complete answer ends with NUL; whatever follows the last NUL is a cut-off field
  if (fields.length < 2 * paths.length) throw new HostError('EIO', `${where}the remote read stopped after ${Math.floor(fields.length / 2)} of ${paths.length} files`);
  if (fields.length > 2 * paths.length) throw new HostError('EBADDATA', `${where}the remote read answered more than it was asked`);
  const out = new Map<string, string | HostError>();
  paths.forEach((path, i) => {
    const status = fields[2 * i]!;
    const payload = fields[2 * i + 1]!;
    out.set(path, status === 'OK' ? payload : statusError(status, payload, path, where));
  });
  return out;
}

/** Parses the output of READ_DIR_SCRIPT into entry names, or throws the error it reports. */
export function parseReadDir(stdout: string, path: string, where: string): string[] {
  const [status = '', ...names] = stdout.split('\0');
  if (status !== 'OK') throw statusError(status, '', path, where);
  if (names.pop() !== '') throw new HostError('EIO', `${where}${path}: the remote directory listing was cut short`, { path });
  return names.sort();
}

/** Parses the output of READ_LINK_SCRIPT or WRITE_FILE_SCRIPT: the payload on OK, or throws the error it reports. */
export function parseFramed(stdout: string, path: string, where: string): string {
  const [status = '', payload = ''] = stdout.split('\0');
  if (status !== 'OK') throw statusError(status, payload, path, where);
  return payload;
}
