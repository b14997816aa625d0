// The remote side of a gathered read (host/gather.ts): one POSIX sh script reads a request (its argument, or stdin when large), one op
// per line, and prints one NUL-framed stream. Tools run side by side in the background while files are read; a block table is read by
// find and grep (C speed, no fork per file); only the rest goes through the shell's builtins.
import type { ExecResult } from '../host.js';
import { entryNumber, HostError } from '../host.js';
import type { GatherOp, Gathered } from '../gather.js';
import { errnoFromText, READ_ONE_FILE, shellQuote } from './remote.js';

/** Requests up to this size travel inside the remote command; a bigger one goes on stdin. Data on stdin costs another round trip over
 *  ssh (the client sends it only once the session is confirmed): 90 ms more over a 50 ms link, measured (bench/ssh.ts). */
export const INLINE_REQUEST_MAX = 64 * 1024;

/** The gather script: reads one file exactly as READ_FILES_SCRIPT does (remote.ts), and the other op kinds; see encodeOps for the request
 *  lines. With \`inline\`, the request is the script's first argument; otherwise it is read from stdin. */
export function gatherScript(inline: boolean): string {
  return `${inline ? 'req=$1; shift' : ''}
t=$(mktemp -d 2>/dev/null) || t=''
[ -n "$t" ] && trap 'rm -rf "$t"' EXIT && printf '\\0' >"$t/z"
xs=''
${READ_ONE_FILE}
ld() {
  d=$1
  if [ ! -e "$d" ]; then printf 'ENOENT\\0\\0'; return; fi
  if [ ! -d "$d" ]; then printf 'ENOTDIR\\0\\0'; return; fi
  if [ ! -r "$d" ] || [ ! -x "$d" ]; then printf 'EACCES\\0\\0'; return; fi
  printf 'OK\\0'; s=''
  for f in "$d"/* "$d"/.[!.]* "$d"/..?*; do
    case $f in "$d/*"|"$d/.[!.]*"|"$d/..?*") [ -e "$f" ] || [ -L "$f" ] || continue;; esac
    printf '%s%s' "$s" "\${f##*/}"; s=/
  done
  printf '\\0'
}
while IFS= read -r line; do
  k=\${line%% *}; rest=\${line#* }
  case $k in
  X) eval "set -- $rest"; i=$1; sec=$2; shift 2
     if [ -z "$t" ]; then xs="$xs $i:"; continue; fi
     # The tool runs in the background, straight from this shell (its exit code is taken by wait at the end, no subshell per tool).
     # Under timeout(1) in whole seconds (every timeout reads those alike; BusyBox's reads 0 as one second, so 0 means none at all).
     if [ "$sec" != 0 ] && command -v timeout >/dev/null 2>&1; then LC_ALL=C timeout -k 2 "$sec" "$@"; else LC_ALL=C "$@"; fi >"$t/$i.o" 2>"$t/$i.e" </dev/null &
     xs="$xs $i:$!" ;;
  F) for p in $rest; do printf 'F\\0%s\\0' "$p"; rd "$p"; done ;;
  D) for p in $rest; do printf 'D\\0%s\\0' "$p"; ld "$p"; done ;;
  L) for p in $rest; do printf 'L\\0%s\\0' "$p"
       if [ -L "$p" ]; then printf 'OK\\0%s\\0' "$(readlink -- "$p")"; elif [ -e "$p" ]; then printf 'EINVAL\\0\\0'; else printf 'ENOENT\\0\\0'; fi
     done ;;
  T) eval "set -- $rest"; i=$1; d=$2; pre=$3; shift 3
     # Without find and grep the table is not read here: the console then reads the files one by one, never an empty table.
     if ! command -v find >/dev/null 2>&1 || ! command -v grep >/dev/null 2>&1; then printf 'T\\0%s\\0ENOTOOL\\0\\0' "$i"; continue; fi
     printf 'T\\0%s\\0OK\\0' "$i"
     # In the table's directory, so that find prints short names; back where it was after (a --sysroot may be a relative path).
     here=$PWD
     if cd "$d" 2>/dev/null; then find . -maxdepth 2 -path "./$pre[0-9]*/*" \\( "$@" \\) -type f -exec grep -H '' {} + 2>/dev/null; cd "$here" 2>/dev/null; fi
     printf '\\0' ;;
  C) set -- $rest; if [ "$#" = 1 ] && [ ! -e "$1" ] && [ ! -L "$1" ]; then set --; fi
     printf 'C\\0%s\\0OK\\0%s\\0' "$rest" "$#" ;;
  Q) eval "set -- $rest"; n=$1; shift
     printf 'Q\\0\\0OK\\0'; grep -F -H -- "$n" "$@" 2>/dev/null; printf '\\0' ;;
  esac
done${inline ? ` <<PMC_GATHER_REQUEST
$req
PMC_GATHER_REQUEST` : ''}
xf=''
for x in $xs; do
  i=\${x%%:*}; pid=\${x#*:}
  if [ -n "$pid" ]; then wait "$pid"; printf 'X\\0%s\\0%s\\0' "$i" "$?" >"$t/$i.h"; xf="$xf $t/$i.h $t/$i.o $t/z $t/$i.e $t/z"
  else printf 'X\\0%s\\0126\\0\\0pmem-console: no temporary directory on the remote machine (mktemp -d failed)\\0' "$i"; fi
done
if [ -n "$xf" ]; then cat $xf; fi
`;
}

/** A pattern or path the request can carry: no whitespace (the script splits on it), no newline. */
function checkPattern(p: string): string {
  if (/\s/.test(p) || p === '') throw new HostError('EINVAL', `${JSON.stringify(p)}: a gathered path may not be empty or hold white space`, { path: p });
  return p;
}

/** The request lines for a list of ops (op i is answered under its index); `map` turns a path into the remote's (a --sysroot prefix);
 *  without `runTools` the commands are left out. */
export function encodeOps(ops: readonly GatherOp[], timeoutS: string, map: (path: string) => string, runTools = true): string {
  return ops.flatMap((op, i) => {
    switch (op.kind) {
      case 'exec': return runTools ? [`X ${[String(i), timeoutS, ...op.argv].map(shellQuote).join(' ')}`] : [];
      case 'table': {
        const names = op.attrs.flatMap((a, k) => [...(k ? ['-o'] : []), '-name', a]);
        return [`T ${[String(i), map(op.dir), op.prefix, ...names].map(shellQuote).join(' ')}`];
      }
      case 'lines': return [`Q ${shellQuote(op.containing)} ${checkPattern(map(op.pattern))}`];
      case 'count': return [`C ${checkPattern(map(op.pattern))}`];
      default: return [`${{ files: 'F', dirs: 'D', links: 'L' }[op.kind]} ${checkPattern(map(op.pattern))}`];
    }
  }).join('\n') + '\n';
}

const STATUS_ERRORS: Record<string, (path: string, where: string, detail: string) => HostError> = {
  ENOENT: (p, w) => new HostError('ENOENT', `${w}${p}: no such file or directory`, { path: p }),
  EACCES: (p, w) => new HostError('EACCES', `${w}${p}: permission denied`, { path: p }),
  EISDIR: (p, w) => new HostError('EIO', `${w}${p}: is a directory`, { path: p }),
  ENOTDIR: (p, w) => new HostError('EINVAL', `${w}${p}: not a directory`, { path: p }),
  EINVAL: (p, w) => new HostError('EINVAL', `${w}${p}: not a symbolic link`, { path: p }),
};

function statusError(status: string, path: string, where: string, detail: string): HostError {
  return STATUS_ERRORS[status]?.(path, where, detail) ?? new HostError(errnoFromText(detail), `${where}${path}: ${detail.trim().replace(/^.*?: /, '') || status}`, { path });
}

/** Splits the gather script's stream into its answer; `unmap` turns a remote path back into the one asked for; `exec` judges a command's
 *  raw result as SshHost.exec does. A stream that stops midway is an error, never a short answer. */
export function parseGathered(stdout: string, ops: readonly GatherOp[], where: string, unmap: (path: string) => string, exec: (argv: readonly string[], raw: ExecResult) => ExecResult | HostError, ranTools = true): Gathered {
  const out: Gathered = { execs: [], files: new Map(), dirs: new Map(), links: new Map(), tables: new Map(), lines: new Map(), counts: new Map() };
  const f = stdout.split('\0');
  if (f.pop() !== '') throw new HostError('EIO', `${where}the remote read was cut short`);
  let k = 0;
  const next = () => {
    if (k >= f.length) throw new HostError('EIO', `${where}the remote read was cut short`);
    return f[k++]!;
  };
  while (k < f.length) {
    const kind = next();
    const key = next();
    const status = next();
    const payload = next();
    if (kind === 'X') {
      const i = Number(key);
      const op = ops[i];
      if (op?.kind !== 'exec') throw new HostError('EBADDATA', `${where}the remote read answered a command it was not asked`);
      out.execs[i] = exec(op.argv, { exitCode: Number(status), stdout: payload, stderr: next() });
      continue;
    }
    const path = unmap(key);
    if (kind === 'F') out.files.set(path, status === 'OK' ? payload : statusError(status, path, where, payload));
    else if (kind === 'D') out.dirs.set(path, status === 'OK' ? (payload ? payload.split('/').sort() : []) : statusError(status, path, where, ''));
    else if (kind === 'L') out.links.set(path, status === 'OK' ? payload : statusError(status, path, where, ''));
    else if (kind === 'T') { if (status === 'OK') out.tables.set(Number(key), tableRows(payload, ops[Number(key)])); }
    else if (kind === 'Q') for (const [file, text] of groupLines(payload)) out.lines.set(unmap(file), text);
    else if (kind === 'C') out.counts.set(path, Number(payload));
    else throw new HostError('EBADDATA', `${where}the remote read answered something it was not asked`);
  }
  ops.forEach((op, i) => {
    if (ranTools && op.kind === 'exec' && out.execs[i] === undefined) throw new HostError('EIO', `${where}the remote read gave no answer for ${op.argv[0]}`);
  });
  return out;
}

/** The rows of a block table from grep's "./ENTRY/ATTR:value" lines, in the op's attribute order. */
function tableRows(text: string, op: GatherOp | undefined): Map<number, (string | null)[]> {
  const rows = new Map<number, (string | null)[]>();
  if (op?.kind !== 'table') return rows;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    const slash = line.indexOf('/', 2);
    if (colon < 0 || slash < 0 || slash > colon) continue;
    const entry = entryNumber(line.slice(2, slash), op.prefix);
    const a = op.attrs.indexOf(line.slice(slash + 1, colon));
    if (a < 0 || entry < 0) continue;
    let row = rows.get(entry);
    if (!row) rows.set(entry, (row = op.attrs.map(() => null)));
    row[a] = `${line.slice(colon + 1)}\n`;
  }
  return rows;
}

/** grep -H's "FILE:line" lines grouped by file, each file's lines joined as they were. */
function groupLines(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const file = line.slice(0, colon);
    out.set(file, (out.get(file) ?? '') + line.slice(colon + 1) + '\n');
  }
  return out;
}
