// RecordingHost: wraps a host and records every answer, so a snapshot can be saved as a capture bundle.
import type { HostInfo } from '../../shared/model/index.js';
import { HostError, type ExecOptions, type ExecResult, type Host } from './host.js';
import { BUNDLE_FORMAT, type CaptureBundle } from './replay/bundle.js';

/** Passes reads through and remembers them; refuses writes (capturing must not change the machine). */
export class RecordingHost implements Host {
  readonly info: HostInfo;
  private readonly bundle: CaptureBundle;

  constructor(private readonly inner: Host) {
    this.info = inner.info;
    this.bundle = { format: BUNDLE_FORMAT, capturedAt: new Date().toISOString(), source: inner.info.label, commands: [], files: {}, dirs: {}, links: {} };
  }

  /** The bundle recorded so far. */
  result(): CaptureBundle {
    return this.bundle;
  }

  async exec(argv: readonly string[], opts?: ExecOptions): Promise<ExecResult> {
    try {
      const r = await this.inner.exec(argv, opts);
      this.bundle.commands.push({ argv: [...argv], ...r });
      return r;
    } catch (e) {
      if (e instanceof HostError) this.bundle.commands.push({ argv: [...argv], error: e.code, message: e.message });
      throw e;
    }
  }

  private async record<T>(table: Record<string, T | { error: string; message: string }>, key: string, op: () => Promise<T>): Promise<T> {
    try {
      const v = await op();
      table[key] = v;
      return v;
    } catch (e) {
      if (e instanceof HostError) table[key] = { error: e.code, message: e.message };
      throw e;
    }
  }

  readFile(path: string): Promise<string> {
    return this.record(this.bundle.files, path, () => this.inner.readFile(path));
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, string | HostError>> {
    const r = await this.inner.readFiles(paths);
    for (const [p, v] of r) this.bundle.files[p] = typeof v === 'string' ? v : { error: v.code, message: v.message };
    return r;
  }

  readDir(path: string): Promise<string[]> {
    return this.record(this.bundle.dirs, path, () => this.inner.readDir(path));
  }

  readLink(path: string): Promise<string> {
    return this.record(this.bundle.links, path, () => this.inner.readLink(path));
  }

  async writeFile(path: string): Promise<void> {
    throw new HostError('EACCES', `${path}: capturing never writes to the machine`, { path });
  }

  async putFile(path: string): Promise<void> {
    throw new HostError('EACCES', `${path}: capturing never writes to the machine`, { path });
  }

  async removeFile(path: string): Promise<void> {
    throw new HostError('EACCES', `${path}: capturing never writes to the machine`, { path });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
