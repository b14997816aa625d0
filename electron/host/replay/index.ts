// ReplayHost: answers read-only from a capture bundle; anything not captured is reported as such.
import type { HostInfo } from '../../../shared/model/index.js';
import { HostError, toHostErrorCode, type ExecResult, type Host } from '../host.js';
import { captureBundleSchema, type CaptureBundle } from './bundle.js';
import { MAX_INPUT_BYTES, readRegularFile } from '../files.js';


/** Loads and validates a capture bundle file; errors name the file and what is wrong. */
export function loadBundle(file: string): CaptureBundle {
  const text = readRegularFile(file, 'capture bundle', MAX_INPUT_BYTES);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HostError('EBADDATA', `${file} is not a capture bundle: it is not valid JSON`, { path: file });
  }
  const r = captureBundleSchema().safeParse(parsed);
  if (!r.success) throw new HostError('EBADDATA', `${file} is not a pmem-console capture bundle (${r.error.issues[0]?.path.join('.') || 'format'}: ${r.error.issues[0]?.message})`, { path: file });
  return r.data;
}

/** A recorded machine. Writes are refused: a capture cannot be changed. */
export class ReplayHost implements Host {
  readonly info: HostInfo;
  private readonly commands: Map<string, CaptureBundle['commands'][number]>;

  constructor(private readonly bundle: CaptureBundle, label: string) {
    this.info = { kind: 'replay', label: `replay:${label}`, preset: null };
    this.commands = new Map(bundle.commands.map((c) => [c.argv.join('\u0000'), c]));
  }

  /** A capture is a recording: nothing is run on it or written to it. */
  readOnlyBecause(): string | null {
    return `${this.info.label} is a recorded capture: nothing is run on it or written to it`;
  }

  async exec(argv: readonly string[]): Promise<ExecResult> {
    const c = this.commands.get(argv.join('\u0000'));
    if (!c) throw new HostError('ENOTOOL', `\`${argv.join(' ')}\` was not recorded in this capture`, { argv });
    if ('error' in c) throw new HostError(toHostErrorCode(c.error), c.message, { argv });
    return { exitCode: c.exitCode, stdout: c.stdout, stderr: c.stderr };
  }

  async readFile(path: string): Promise<string> {
    const v = this.bundle.files[path];
    if (v === undefined) throw new HostError('ENOENT', `${path} was not captured`, { path });
    if (typeof v !== 'string') throw new HostError(toHostErrorCode(v.error), v.message, { path });
    return v;
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, string | HostError>> {
    const out = new Map<string, string | HostError>();
    for (const p of paths) out.set(p, await this.readFile(p).catch((e: HostError) => e));
    return out;
  }

  async readDir(path: string): Promise<string[]> {
    const v = this.bundle.dirs[path];
    if (v === undefined) throw new HostError('ENOENT', `${path} was not captured`, { path });
    if (!Array.isArray(v)) throw new HostError(toHostErrorCode(v.error), v.message, { path });
    return v;
  }

  async readLink(path: string): Promise<string> {
    const v = this.bundle.links[path];
    if (v === undefined) throw new HostError('ENOENT', `${path} was not captured`, { path });
    if (typeof v !== 'string') throw new HostError(toHostErrorCode(v.error), v.message, { path });
    return v;
  }

  async writeFile(path: string): Promise<void> {
    throw new HostError('EACCES', `${path}: a replayed capture is read-only`, { path });
  }

  async putFile(path: string): Promise<void> {
    throw new HostError('EACCES', `${path}: a replayed capture is read-only`, { path });
  }

  async removeFile(path: string): Promise<void> {
    throw new HostError('EACCES', `${path}: a replayed capture is read-only`, { path });
  }

  async close(): Promise<void> {}
}
