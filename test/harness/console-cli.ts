// The built command run against one host, as the harness scripts drive it: each call a whole process, with the time limit a slow
// emulated machine needs and a private state directory; an action applied as its plan asks to be confirmed, and judged by its report.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built command's bundle. */
export const CLI = new URL('../../out/cli/pmem-console.cjs', import.meta.url).pathname;

/** What one run of the command printed, its exit code and how long it took. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
  seconds: number;
}

/** One applied action: whether it ran and the machine after it equals its prediction, and a line saying so. */
export interface Applied {
  ok: boolean;
  line: string;
}

/** Runs the command on a host; its journal and kept machines go to a directory of its own. */
export function consoleCli(host: string, prefix: string) {
  const env = { ...process.env, PMEM_CONSOLE_STATE_DIR: mkdtempSync(join(tmpdir(), prefix)) };
  const cli = (...args: string[]): CliRun => {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [CLI, ...args, '--host', host, '--timeout', '600000'], { env, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr, seconds: (Date.now() - t0) / 1000 };
  };
  /** The machine's snapshot, parsed as the caller types it. */
  const read = <T>(): T => {
    const r = cli('snapshot', '--json');
    if (r.code !== 0) throw new Error(`snapshot failed: ${r.err}`);
    return JSON.parse(r.out) as T;
  };
  /** Applies one action, confirmed as its plan asks (a yes, or the object's name), and checks the machine after it against the plan's
   *  prediction (the report's verification). */
  const apply = (action: string, params: Record<string, string>): Applied => {
    const words = Object.entries(params).flatMap(([k, v]) => [`--${k}`, v]);
    const planned = cli('plan', action, ...words, '--json');
    const confirmation = planned.code === 0 ? (JSON.parse(planned.out) as { confirmation: { kind: string; name?: string } }).confirmation : { kind: 'yes' };
    const r = cli('apply', action, ...words, ...(confirmation.kind === 'type-name' ? ['--confirm', confirmation.name!] : ['--yes']), '--json');
    let report: { outcome?: string; verification?: string[]; message?: string } = {};
    try {
      report = JSON.parse(r.out) as typeof report;
    } catch {
      report = { message: r.err.trim().split('\n').pop() };
    }
    const ok = r.code === 0 && report.outcome === 'done' && (report.verification ?? []).length === 0;
    const verdict = report.outcome !== 'done' ? `${report.outcome ?? 'refused'}: ${report.message ?? r.err.trim()}` : report.verification?.length === 0 ? 'machine after = prediction' : `differs: ${(report.verification ?? []).join('; ')}`;
    return { ok, line: `${action} ${Object.values(params).join(' ')}: exit ${r.code}, ${r.seconds.toFixed(1)} s, ${verdict}` };
  };
  return { env, cli, read, apply };
}
