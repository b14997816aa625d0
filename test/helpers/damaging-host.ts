// A host that hands the console a machine with one thing damaged: one field of one tool's JSON, or one sysfs or /proc file (its text
// replaced, or the file gone or unreadable). Everything else is the wrapped host's own. It also records what a read asked for, so a
// test can list every field and file there is to damage.
import { HostError, readTable, type ExecOptions, type ExecResult, type Host, type NumberedEntries } from '../../electron/host/host.js';

/** One damage: in the JSON a command printed, the value at a path; or a file's text, or the file gone (ENOENT) or unreadable (EIO). */
export type Damage =
  | { kind: 'json'; argv: string; path: (string | number)[]; value: unknown }
  | { kind: 'file'; path: string; text: string }
  | { kind: 'file-error'; path: string; code: 'ENOENT' | 'EIO' };

/** Stands for a value past what a u64 holds (2^64), written into the JSON text as a bare number. */
export const PAST_U64 = '__past_u64__';

function setAt(root: unknown, path: readonly (string | number)[], value: unknown): void {
  let v = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) v = v[k] as Record<string | number, unknown>;
  v[path.at(-1)!] = value;
}

/** The JSON text a tool printed, with the value at the path replaced (PAST_U64 as the literal 18446744073709551616). */
export function damageJson(text: string, path: readonly (string | number)[], value: unknown): string {
  const root = JSON.parse(text) as unknown;
  setAt(root, path, value);
  return JSON.stringify(root, null, 2).replace(`"${PAST_U64}"`, '18446744073709551616');
}

/** Every path to a value in a JSON document (objects and arrays included, the root not). */
export function jsonPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const out: (string | number)[][] = [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    const p = [...prefix, k];
    out.push(p, ...jsonPaths(v, p));
  }
  return out;
}

/** The wrapped host with one damage (or none), recording the commands run and the files read. */
export class DamagingHost implements Host {
  readonly info: Host['info'];
  readonly commands = new Set<string>();
  readonly files = new Set<string>();
  constructor(private readonly inner: Host, private readonly damage: Damage | null = null) {
    this.info = inner.info;
  }

  async exec(argv: readonly string[], opts?: ExecOptions): Promise<ExecResult> {
    const line = argv.join(' ');
    this.commands.add(line);
    const r = await this.inner.exec(argv, opts);
    const d = this.damage;
    if (d?.kind === 'json' && d.argv === line && r.exitCode === 0) return { ...r, stdout: damageJson(r.stdout, d.path, d.value) };
    return r;
  }

  /** A file's text as damaged, or null where the damage is not about it. */
  private damaged(path: string): string | HostError | null {
    const d = this.damage;
    if (d?.kind === 'file' && d.path === path) return d.text;
    if (d?.kind === 'file-error' && d.path === path) return new HostError(d.code, `${path}: ${d.code === 'ENOENT' ? 'no such file or directory' : 'input/output error'}`, { path });
    return null;
  }

  async readFile(path: string): Promise<string> {
    this.files.add(path);
    const d = this.damaged(path);
    if (d instanceof HostError) throw d;
    return d ?? this.inner.readFile(path);
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, string | HostError>> {
    for (const p of paths) this.files.add(p);
    const out = await this.inner.readFiles(paths);
    for (const p of paths) {
      const d = this.damaged(p);
      if (d !== null) out.set(p, d);
    }
    return out;
  }

  async readTable(dir: string, entries: NumberedEntries, attrs: readonly string[]): Promise<(string | null)[]> {
    const values = await readTable(this.inner, dir, entries, attrs);
    entries.numbers.forEach((n, e) => attrs.forEach((a, k) => {
      const path = `${dir}/${entries.prefix}${n}/${a}`;
      this.files.add(path);
      const d = this.damaged(path);
      if (d !== null) values[e * attrs.length + k] = d instanceof HostError ? null : d;
    }));
    return values;
  }

  readDir(path: string): Promise<string[]> {
    return this.inner.readDir(path);
  }
  listNumbered(dir: string, prefix: string): Promise<Int32Array> {
    return this.inner.listNumbered ? this.inner.listNumbered(dir, prefix) : Promise.reject(new HostError('ENOTOOL', 'no listNumbered'));
  }
  readLink(path: string): Promise<string> {
    return this.inner.readLink(path);
  }
  writeFile(): Promise<void> {
    return Promise.reject(new HostError('EACCES', 'a damaged machine is read only'));
  }
  putFile(): Promise<void> {
    return Promise.reject(new HostError('EACCES', 'a damaged machine is read only'));
  }
  removeFile(): Promise<void> {
    return Promise.reject(new HostError('EACCES', 'a damaged machine is read only'));
  }
  async close(): Promise<void> {}
}
