// sudo on an ssh host whose user is not root: each change runs as root through `sudo -n`, argv by argv (the tool itself; `tee` for a
// sysfs write; `mkdir`, `tee`, `mv` for a configuration file; `rm` to remove one). When sudo wants a password, it travels on stdin
// to `sudo -S -v` at the start of each remote command, in the same shell that then runs `sudo -n`; it is never stored or logged.
import { HostError, type ExecOptions, type ExecResult, type Host, type HostChange, type SudoAccess, type SudoCheck } from '../host.js';
import { errnoFromText, shellQuote } from './remote.js';

/** The part of an ssh host the sudo view runs its scripts through. */
export interface SudoTransport {
  readonly info: Host['info'];
  /** The remote user's name and host, for the password prompt. */
  readonly who: string;
  /** Runs a script of this file on the remote in one round trip; a change (`change`) is never stopped for time. */
  runScript(script: string, args: readonly string[], opts: { input?: string; change: boolean; argv?: readonly string[] }): Promise<ExecResult>;
  /** What the remote result stands for, as SshHost.exec sees it (a missing program, cleaned text). */
  judge(argv: readonly string[], raw: ExecResult): ExecResult | HostError;
}

/** What a script prints to stderr when sudo refused the password it was given. */
const WRONG_PASSWORD = 'pmc-sudo: the password was not accepted';

/** A shell function that gives the first line of stdin, the password, to `sudo -S -v` from this very shell (a function does not
 *  fork: sudo keeps the authentication for commands that are children of the shell that made it, when there is no terminal). */
const VALIDATE = `
validate() {
  IFS= read -r pw || pw=
  printf '%s\\n' "$pw" | sudo -S -p '' -v 2>/dev/null; r=$?
  pw=
  return $r
}`;

/** Opens a change script: with $1 = 1, the first line of stdin is the password, validated before anything runs. */
const AUTH = `${VALIDATE}
if [ "$1" = 1 ]; then validate || { echo '${WRONG_PASSWORD}' >&2; exit 1; }; fi
shift
`;

/** Runs "$@" as root in the C locale (sudo keeps LC_ALL), not through exec: sudo must stay a child of the shell above. */
const SUDO_EXEC = `${AUTH}
LC_ALL=C; export LC_ALL
sudo -n -- "$@"`;

/** Writes $2 to the file $1 in one write, as root: `printf | sudo tee`. */
const SUDO_WRITE = `${AUTH}
if [ ! -e "$1" ]; then echo "$1: No such file or directory" >&2; exit 1; fi
printf '%s' "$2" | sudo -n tee -- "$1" >/dev/null`;

/** Creates or replaces the file $1 with $2 as root: written aside, then renamed into place; the aside file is removed on failure. */
const SUDO_PUT = `${AUTH}
d=$(dirname -- "$1"); t="$1.pmem-console.tmp"
sudo -n mkdir -p -- "$d" || exit 1
printf '%s' "$2" | sudo -n tee -- "$t" >/dev/null || { sudo -n rm -f -- "$t"; exit 1; }
sudo -n mv -f -- "$t" "$1" || { sudo -n rm -f -- "$t"; exit 1; }`;

/** Removes the file $1 as root; one that is not there is fine. */
const SUDO_REMOVE = `${AUTH}
sudo -n rm -f -- "$1"`;

/** Checks sudo in one round trip: installed, the password (when $1 = 1) or no password needed, and then each command line on stdin
 *  (one shell-quoted argv per line) with `sudo -n -l`. Prints "sudo ready|password|wrong-password|missing|refused TEXT", then
 *  "denied I" for each line I sudo would refuse. */
const SUDO_CHECK = `${VALIDATE}
if ! command -v sudo >/dev/null 2>&1; then echo 'sudo missing'; exit 0; fi
if [ "$1" = 1 ]; then
  if ! validate; then echo 'sudo wrong-password'; exit 0; fi
elif ! e=$(sudo -n -v 2>&1); then
  case $e in *'password is required'*) echo 'sudo password' ;; *) printf 'sudo refused %s\\n' "$(printf '%s' "$e" | tr '\\n' ' ')" ;; esac
  exit 0
fi
echo 'sudo ready'
i=0
while IFS= read -r line; do
  eval "sudo -n -l -- $line" >/dev/null 2>&1 || printf 'denied %s\\n' "$i"
  i=$((i + 1))
done`;

/** The command lines a change runs under sudo, in order. */
export function sudoArgvs(change: HostChange): string[][] {
  switch (change.kind) {
    case 'exec': return [[...change.argv]];
    case 'write': return [['tee', '--', change.path]];
    case 'put': {
      const dir = change.path.replace(/\/[^/]*$/, '') || '/';
      const aside = `${change.path}.pmem-console.tmp`;
      return [['mkdir', '-p', '--', dir], ['tee', '--', aside], ['mv', '-f', '--', aside, change.path]];
    }
    case 'remove': return [['rm', '-f', '--', change.path]];
  }
}

/** The stdin of a change script: the password line first, when there is one. */
const passwordInput = (password: string | null): string | undefined => (password === null ? undefined : `${password}\n`);
const flag = (password: string | null) => (password === null ? '0' : '1');

function noNewline(words: readonly string[]): void {
  const bad = words.find((w) => w.includes('\n') || w.includes('\0'));
  if (bad !== undefined) throw new HostError('EINVAL', `${JSON.stringify(bad)}: a word with a newline cannot be run through sudo`, { argv: words });
}

/** Parses what SUDO_CHECK printed. */
export function parseSudoCheck(stdout: string, changes: readonly HostChange[]): SudoCheck {
  const lines = stdout.split('\n').filter(Boolean);
  const head = lines[0] ?? '';
  if (head === 'sudo missing') return { kind: 'refused', why: 'sudo is not installed there' };
  if (head === 'sudo password') return { kind: 'password-needed' };
  if (head === 'sudo wrong-password') return { kind: 'wrong-password' };
  if (head.startsWith('sudo refused')) return { kind: 'refused', why: head.slice('sudo refused'.length).trim() || 'sudo refused' };
  if (head !== 'sudo ready') throw new HostError('EBADDATA', `the sudo check answered something unexpected: ${head.slice(0, 120)}`);
  const argvs = changes.flatMap(sudoArgvs);
  const denied = lines.slice(1).map((l) => /^denied (\d+)$/.exec(l)).filter((m) => m !== null).map((m) => argvs[Number(m[1])]).filter((a) => a !== undefined);
  if (denied.length === 0) return { kind: 'ready' };
  return { kind: 'refused', why: `sudo there does not allow ${denied.map((a) => a.join(' ')).join('; ')}` };
}

/** sudo on a remote host: the check, and a view whose changes run as root. */
export function sudoAccess(remote: SudoTransport & Host): SudoAccess {
  return {
    who: remote.who,
    async check(changes, password) {
      const argvs = changes.flatMap(sudoArgvs);
      argvs.forEach(noNewline);
      const lines = argvs.map((a) => a.map(shellQuote).join(' ') + '\n').join('');
      const r = await remote.runScript(SUDO_CHECK, [flag(password)], { input: (passwordInput(password) ?? '') + lines, change: false });
      if (r.exitCode !== 0) throw new HostError('EIO', `${remote.info.label}: the sudo check failed: ${r.stderr.trim().split('\n').pop() ?? `exit ${r.exitCode}`}`, { exitCode: r.exitCode, stderr: r.stderr });
      return parseSudoCheck(r.stdout, changes);
    },
    as(password) {
      return new SudoView(remote, password);
    },
  };
}

/** The remote host, with its changes run as root through sudo; reads are the host's own. */
class SudoView implements Host {
  readonly info: Host['info'];
  constructor(private readonly remote: SudoTransport & Host, private readonly password: string | null) {
    this.info = remote.info;
  }

  /** Runs a change script; sudo's refusal of the password is an EPERM, the rest is the script's result. */
  private async change(script: string, args: readonly string[], argv: readonly string[]): Promise<ExecResult> {
    noNewline(args);
    const r = await this.remote.runScript(script, [flag(this.password), ...args], { input: passwordInput(this.password), change: true, argv });
    if (r.stderr.includes(WRONG_PASSWORD)) throw new HostError('EPERM', `${this.remote.who}: sudo did not accept the password`, { argv, exitCode: r.exitCode });
    return r;
  }

  /** A file change's result: nothing on success, the error its stderr names otherwise. */
  private async fileChange(script: string, path: string, args: readonly string[], argv: readonly string[]): Promise<void> {
    const r = await this.change(script, [path, ...args], argv);
    if (r.exitCode === 0) return;
    const text = r.stderr.trim().split('\n').pop() ?? `exit ${r.exitCode}`;
    throw new HostError(errnoFromText(text), `${this.info.label}: ${path}: ${text.replace(/^.*?: (?=[^:]+$)/, '')}`, { path, exitCode: r.exitCode, stderr: r.stderr });
  }

  async exec(argv: readonly string[], _opts: ExecOptions = {}): Promise<ExecResult> {
    if (argv.length === 0 || !argv[0]) throw new HostError('EINVAL', 'empty command line', { argv });
    const r = this.remote.judge(argv, await this.change(SUDO_EXEC, argv, argv));
    if (r instanceof HostError) throw r;
    return r;
  }

  writeFile(path: string, value: string): Promise<void> {
    return this.fileChange(SUDO_WRITE, path, [value], ['tee', '--', path]);
  }

  putFile(path: string, content: string): Promise<void> {
    return this.fileChange(SUDO_PUT, path, [content], ['tee', '--', path]);
  }

  removeFile(path: string): Promise<void> {
    return this.fileChange(SUDO_REMOVE, path, [], ['rm', '-f', '--', path]);
  }

  readFile(path: string): Promise<string> {
    return this.remote.readFile(path);
  }
  readFiles(paths: readonly string[]): ReturnType<Host['readFiles']> {
    return this.remote.readFiles(paths);
  }
  readDir(path: string): Promise<string[]> {
    return this.remote.readDir(path);
  }
  readLink(path: string): Promise<string> {
    return this.remote.readLink(path);
  }
  async close(): Promise<void> {}
  actsAsRoot(): boolean {
    return true;
  }
}
