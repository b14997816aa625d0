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
    const nothing = r.exitCode === 0 ? didNothing(op.argv, r.stderr) : null;
    return done({ ok: r.exitCode === 0 && !nothing, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, error: nothing ?? (r.exitCode === 0 ? null : `${op.argv.slice(0, 2).join(' ')} failed (exit ${r.exitCode}): ${firstLine}`) });
  } catch (e) {
    if (!(e instanceof HostError)) throw e;
    return done({ ok: false, exitCode: e.exitCode ?? null, stdout: '', stderr: e.stderr ?? '', error: `${e.code}: ${e.message}` });
  }
}

/** cxl's region and memdev commands can exit 0 having done nothing: create-region does when the kernel refuses (qemu-cxl-pmem.json:
 *  "region type 'ram' not supported yet", "set_dpa_size failed: No space left on device", then "created 0 regions"). Their last line
 *  counts what they did; a count of 0 is a failure, with the line before it as the reason. */
export function didNothing(argv: readonly string[], stderr: string): string | null {
  if (argv[0] !== 'cxl') return null;
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const count = /^cxl \w+: cmd_[\w-]+: (\w+) 0 (?:regions?|mems?)$/.exec(lines.at(-1) ?? '');
  if (!count) return null;
  const why = lines.slice(0, -1).map((l) => l.replace(/^cxl \w+: \w+: /, '')).pop();
  return `${argv.slice(0, 2).join(' ')} exited 0 but ${count[1]} nothing${why ? `: ${why}` : ''}`;
}
