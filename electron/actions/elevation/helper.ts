// The privileged helper: reads one plan, checks every step against the allowlist, then runs steps one at a time on request.
// Protocol, one JSON object per line: in {"steps": [op...]}, out {"ready": true} or {"refused": why}; in {"run": i}, out a StepResult.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { StepOp } from '../../../shared/actions/index.js';
import type { Host } from '../../host/host.js';
import { runStep } from '../run-step.js';
import { refuseOp } from './allowlist.js';

function isOp(v: unknown): v is StepOp {
  const o = v as Record<string, unknown> | null;
  if (!o || typeof o !== 'object') return false;
  if (o.kind === 'exec') return Array.isArray(o.argv) && o.argv.every((w) => typeof w === 'string');
  if (o.kind === 'write') return typeof o.path === 'string' && typeof o.value === 'string';
  if (o.kind === 'put') return typeof o.path === 'string' && typeof o.content === 'string';
  if (o.kind === 'remove') return typeof o.path === 'string';
  return false;
}

/** Serves one plan over a line protocol; returns when the input ends. Every step runs at most once, in order. */
export async function serveHelper(input: Readable, output: Writable, host: Host): Promise<void> {
  const send = (v: unknown) => output.write(JSON.stringify(v) + '\n');
  let steps: StepOp[] | null = null;
  let next = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      send({ refused: 'the request is not JSON' });
      return;
    }
    if (steps === null) {
      const list = msg.steps;
      if (!Array.isArray(list) || list.length === 0 || !list.every(isOp)) {
        send({ refused: 'the first request must be {"steps": [...]} with at least one step' });
        return;
      }
      const why = list.map(refuseOp).find((r) => r !== null);
      if (why) {
        send({ refused: why });
        return;
      }
      steps = list;
      send({ ready: true });
      continue;
    }
    if (msg.run !== next || next >= steps.length) {
      send({ refused: `steps run in order, once each; expected {"run": ${next}}` });
      return;
    }
    send(await runStep(host, steps[next++]!));
  }
}
