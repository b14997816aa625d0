// Runs one plan step on a host and says how it went, without ever throwing for a tool's failure.
import type { StepOp, StepResult } from '../../shared/actions/index.js';
import { HostError, type Host } from '../host/host.js';

export type { StepResult };

/** Runs a step: a tool through host.exec, a sysfs write through host.writeFile, a configuration file through putFile or removeFile.
 *  A tool is never stopped midway (no time limit, and apart from the console's process group): a half-onlined device or a
 *  half-made namespace is worse than a slow one. The executor says when a step runs long. */
export async function runStep(host: Host, op: StepOp): Promise<StepResult> {
  const started = Date.now();
  const done = (r: Omit<StepResult, 'durationMs'>): StepResult => ({ ...r, durationMs: Date.now() - started });
  try {
    if (op.kind !== 'exec') {
      if (op.kind === 'write') await host.writeFile(op.path, op.value);
      else if (op.kind === 'put') await host.putFile(op.path, op.content);
      else await host.removeFile(op.path);
      return done({ ok: true, exitCode: null, stdout: '', stderr: '', error: null });
    }
    const r = await host.exec(op.argv, { timeoutMs: 0, detached: true });
    const firstLine = r.stderr.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? `exit code ${r.exitCode}`;
    return done({ ok: r.exitCode === 0, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, error: r.exitCode === 0 ? null : `${op.argv.slice(0, 2).join(' ')} failed (exit ${r.exitCode}): ${firstLine}` });
  } catch (e) {
    if (!(e instanceof HostError)) throw e;
    return done({ ok: false, exitCode: e.exitCode ?? null, stdout: '', stderr: e.stderr ?? '', error: `${e.code}: ${e.message}` });
  }
}
