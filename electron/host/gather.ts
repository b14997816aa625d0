// One round trip for a whole read: a request lists the tools to run and the files, directories, links and block tables to read
// (paths or globs); a host that can gather (ssh) answers it at once, and a GatheredHost then serves the reads from the answer.
// A read the request did not foresee falls through to the host itself, so a request that misses something costs time, never truth.
import type { HostInfo } from '../../shared/model/index.js';
import { HostError, readTableByFiles, type ExecOptions, type ExecResult, type Host, type NumberedEntries } from './host.js';

/** One thing to gather. Patterns are paths that may hold `*` and `[0-9]` in any component, as the shell expands them. */
export type GatherOp =
  | { kind: 'exec'; argv: readonly string[] }
  | { kind: 'files'; pattern: string }
  | { kind: 'dirs'; pattern: string }
  | { kind: 'links'; pattern: string }
  /** The attributes of every entry of `dir` named `prefix` and digits (a machine's memory blocks), read fast on the remote. */
  | { kind: 'table'; dir: string; prefix: string; attrs: readonly string[] }
  /** Only the lines that contain `containing`, of the files matching the pattern (who maps /dev/dax: /proc/PID/maps). */
  | { kind: 'lines'; pattern: string; containing: string }
  /** How many paths match the pattern (a machine's memory blocks), without their names. */
  | { kind: 'count'; pattern: string };

/** What a host answered to a request: results by path (after glob expansion) and by op. */
export interface Gathered {
  execs: (ExecResult | HostError)[];
  files: Map<string, string | HostError>;
  dirs: Map<string, string[] | HostError>;
  links: Map<string, string | HostError>;
  /** Per table op: the values of each entry found, by the entry's number, in the op's attribute order (null: not there). */
  tables: Map<number, Map<number, (string | null)[]>>;
  lines: Map<string, string>;
  /** Per count op's pattern: how many paths match it. */
  counts: Map<string, number>;
}

/** A host that answers a whole request in one go. */
export interface GatheringHost extends Host {
  gather(ops: readonly GatherOp[]): Promise<Gathered>;
}

/** Whether a host answers requests in one go. */
export function canGather(host: Host): host is GatheringHost {
  return typeof (host as Partial<GatheringHost>).gather === 'function';
}

/** A pattern as a regular expression over whole paths (`*` within one component, `[...]` as in the shell). */
export function patternRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      re += pattern.slice(i, end + 1);
      i = end;
    } else re += /[\\^$.|?+(){}]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${re}$`);
}

const notThere = (path: string) => new HostError('ENOENT', `${path}: no such file or directory`, { path });

/** Serves reads from a gathered answer; anything else (and every change) goes to the host itself. */
export class GatheredHost implements Host {
  readonly info: HostInfo;
  private readonly covered: Record<'files' | 'dirs' | 'links', RegExp[]> = { files: [], dirs: [], links: [] };
  private readonly lineFiles: RegExp[] = [];
  private readonly execs = new Map<string, ExecResult | HostError>();

  constructor(private readonly host: Host, private readonly ops: readonly GatherOp[], private readonly answer: Gathered) {
    this.info = host.info;
    ops.forEach((op, i) => {
      if (op.kind === 'exec') this.execs.set(op.argv.join('\0'), answer.execs[i]!);
      else if (op.kind === 'lines') this.lineFiles.push(patternRegex(op.pattern));
      else if (op.kind !== 'table' && op.kind !== 'count') this.covered[op.kind].push(patternRegex(op.pattern));
    });
  }

  private known<T>(kind: 'files' | 'dirs' | 'links', map: Map<string, T | HostError>, path: string): T | HostError | undefined {
    const v = map.get(path);
    if (v !== undefined) return v;
    return this.covered[kind].some((re) => re.test(path)) ? notThere(path) : undefined;
  }

  /** How many paths matched a gathered count op's pattern, or undefined when it was not gathered. */
  counted(pattern: string): number | undefined {
    return this.answer.counts.get(pattern);
  }

  async exec(argv: readonly string[], opts?: ExecOptions): Promise<ExecResult> {
    const key = argv.join('\0');
    const r = this.execs.get(key);
    if (r === undefined) return this.host.exec(argv, opts);
    this.execs.delete(key); // a command's answer serves one call: a second call runs it again
    if (r instanceof HostError) throw r;
    return r;
  }

  async readFile(path: string): Promise<string> {
    const v = (await this.readFiles([path])).get(path)!;
    if (v instanceof HostError) throw v;
    return v;
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, string | HostError>> {
    const out = new Map<string, string | HostError>();
    const missing: string[] = [];
    for (const p of paths) {
      // A file read whole wins over the same file's lines; a file of a lines op that matched nothing has no such lines.
      const line = this.lineFiles.some((re) => re.test(p)) ? (this.answer.lines.get(p) ?? '') : undefined;
      const v = this.answer.files.get(p) ?? line ?? this.known('files', this.answer.files, p);
      if (v === undefined) missing.push(p);
      else out.set(p, v);
    }
    if (missing.length) for (const [p, v] of await this.host.readFiles(missing)) out.set(p, v);
    return new Map(paths.map((p) => [p, out.get(p)!]));
  }

  async readTable(dir: string, entries: NumberedEntries, attrs: readonly string[]): Promise<(string | null)[]> {
    const i = this.ops.findIndex((op) => op.kind === 'table' && op.dir === dir && op.prefix === entries.prefix && attrs.every((a) => op.attrs.includes(a)));
    const op = this.ops[i];
    const table = this.answer.tables.get(i);
    // Not gathered as a table: single files, served from the answer where they were gathered.
    if (!op || op.kind !== 'table' || !table) return readTableByFiles(this, dir, entries, attrs);
    const at = attrs.map((a) => op.attrs.indexOf(a));
    const out: (string | null)[] = new Array(entries.numbers.length * attrs.length);
    let k = 0;
    for (const e of entries.numbers) {
      const row = table.get(e);
      for (const j of at) out[k++] = row ? row[j]! : null;
    }
    return out;
  }

  async readDir(path: string): Promise<string[]> {
    const v = this.known('dirs', this.answer.dirs, path);
    if (v === undefined) return this.host.readDir(path);
    if (v instanceof HostError) throw v;
    return [...v];
  }

  async readLink(path: string): Promise<string> {
    const v = this.known('links', this.answer.links, path);
    if (v === undefined) return this.host.readLink(path);
    if (v instanceof HostError) throw v;
    return v;
  }

  writeFile(path: string, value: string): Promise<void> {
    return this.host.writeFile(path, value);
  }

  putFile(path: string, content: string): Promise<void> {
    return this.host.putFile(path, content);
  }

  removeFile(path: string): Promise<void> {
    return this.host.removeFile(path);
  }

  /** The host itself stays open: the answer only lives as long as the read it was gathered for. */
  async close(): Promise<void> {}
}

/** How many paths match a pattern whose last component is the only one with wildcards: from a gathered count where there is one, else
 *  by listing the directory. */
export async function countMatching(host: Host, pattern: string): Promise<number> {
  const counted = host instanceof GatheredHost ? host.counted(pattern) : undefined;
  if (counted !== undefined) return counted;
  const slash = pattern.lastIndexOf('/');
  const name = patternRegex(pattern.slice(slash + 1));
  try {
    return (await host.readDir(pattern.slice(0, slash) || '/')).filter((n) => name.test(n)).length;
  } catch (e) {
    if (e instanceof HostError) return 0;
    throw e;
  }
}

/** The host to read through for a request: one that serves it from one gathered answer where the host can gather, else the host itself. */
export async function gathered(host: Host, ops: readonly GatherOp[]): Promise<Host> {
  if (!canGather(host)) return host;
  return new GatheredHost(host, ops, await host.gather(ops));
}
