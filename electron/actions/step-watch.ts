// Watches one running step: its progress (memory blocks online or offline so far, by a modest sysfs poll) and its limit (past it,
// the person is told, and told again every minute, that the step is left to finish). Nothing here ever stops the step.
import { formatDuration, stepStatus, stepWork, type StepOp, type StepProgress, type StepWork } from '../../shared/actions/index.js';
import type { Topology } from '../../shared/model/index.js';
import type { Host } from '../host/host.js';

/** How often the blocks a step moves are read, and how often a step past its limit is mentioned again. */
const POLL_MS = 2000;
const REMIND_MS = 60_000;

/** What stopping the step midway would leave behind, for the message that says the console will not. */
function halfDone(op: StepOp, work: StepWork): string {
  if (op.kind === 'write' && work.to) return 'the memory block between states';
  if (op.kind === 'exec' && work.to) return `${op.argv.at(-1)}'s memory ${work.to === 'offline' ? 'partly offline and partly still in use' : 'partly online and partly not'}`;
  if (op.kind === 'exec' && op.argv[1] === 'create-namespace') return 'a half-made namespace';
  if (op.kind === 'exec' && (op.argv[1] === 'wait-scrub' || op.argv[1] === 'wait-overwrite')) return `the ${op.argv[1] === 'wait-scrub' ? 'scrub' : 'overwrite'} running with no one waiting for it (it goes on in the platform either way)`;
  return 'the change half done';
}

/** Starts watching a step that has just started; returns the function that stops the watch when the step ends. */
export function watchStep(host: Host, before: Topology, step: { index: number; total: number; op: StepOp; text: string; limitMs: number }, emit: (p: StepProgress) => void): () => void {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const work = stepWork(step.op, before);
  const base = { index: step.index, total: step.total, op: step.text };
  let done = false;
  let progress: string | null = null;

  const timers: NodeJS.Timeout[] = [];
  if (work.blocks.length > 1 && work.to) {
    const paths = work.blocks.map((b) => `/sys/devices/system/memory/memory${b}/state`);
    let reading = false;
    timers.push(setInterval(() => {
      if (reading || done) return;
      reading = true;
      host.readFiles(paths).then((files) => {
        const moved = paths.filter((p) => { const v = files.get(p); return typeof v === 'string' && (v.trim() === 'online') === (work.to === 'online'); }).length;
        progress = `memory blocks ${work.to}: ${moved} of ${work.blocks.length}`;
        if (!done) emit({ ...base, status: 'progress', detail: progress, elapsedMs: elapsed() });
      }, () => {}).finally(() => { reading = false; });
    }, POLL_MS));
  }
  const status = stepStatus(step.op);
  if (status) {
    let reading = false;
    timers.push(setInterval(() => {
      if (reading || done) return;
      reading = true;
      host.readFiles([status.path]).then((files) => {
        const v = files.get(status.path);
        if (typeof v !== 'string' || done) return;
        progress = status.describe(v);
        emit({ ...base, status: 'progress', detail: `${progress}, ${formatDuration(elapsed())} so far`, elapsedMs: elapsed() });
      }, () => {}).finally(() => { reading = false; });
    }, POLL_MS));
  }
  const overdue = () => {
    if (done) return;
    const why = `running for ${formatDuration(elapsed())}, longer than it usually takes (${formatDuration(step.limitMs)})${progress ? `; ${progress}` : ''}. It is left to finish: stopping it midway would leave ${halfDone(step.op, work)}`;
    emit({ ...base, status: 'overdue', detail: why, elapsedMs: elapsed() });
  };
  timers.push(setTimeout(() => {
    overdue();
    timers.push(setInterval(overdue, REMIND_MS));
  }, step.limitMs));
  return () => {
    done = true;
    for (const t of timers) clearTimeout(t);
  };
}
