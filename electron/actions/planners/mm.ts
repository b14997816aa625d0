// Planner for weighted interleave (Documentation/ABI/testing/sysfs-kernel-mm-mempolicy-weighted-interleave): node weights by hand, or
// the kernel's own from bandwidth (auto).
import type { ActionRequest, Guard, Params, Step } from '../../../shared/actions/index.js';
import { block, impossible, write, type Draft, type PlanInput } from './draft.js';

const WI = '/sys/kernel/mm/mempolicy/weighted_interleave';

/** interleave.set: one write per node weight given (each switches auto off), or the auto switch. */
export function planInterleave(input: PlanInput, p: Params): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const wi = t.weightedInterleave;
  if (!wi) guards.push(block('no-interleave', `this kernel has no weighted interleave (${WI} is missing: it came with Linux 6.9)`));
  const steps: Step[] = [];
  const given = (p.weights ?? '').split(',').filter(Boolean).map((x) => x.split(':').map(Number) as [number, number]);
  if (p.auto) {
    if (wi && wi.auto === null) guards.push(block('no-auto', `this kernel has no ${WI}/auto (the kernel's weights from bandwidth came in 2025-05); set the weights by hand`));
    if (wi?.auto === (p.auto === 'yes')) guards.push(impossible('already', `weighted interleave is ${p.auto === 'yes' ? 'in auto mode' : 'set by hand'} already`));
    steps.push(write(`${WI}/auto`, p.auto === 'yes' ? 'true' : 'false', p.auto === 'yes' ? 'the kernel sets every node\'s weight from its bandwidth now, and again whenever memory comes or goes' : 'the weights stay as they are and change only when set by hand'));
  } else {
    for (const [node, weight] of given) {
      if (wi && !wi.weights.some((w) => w.node === node)) guards.push(impossible('missing', `node ${node} has no weight here (nodes: ${wi.weights.map((w) => w.node).join(', ') || 'none'})`));
      const was = wi?.weights.find((w) => w.node === node)?.weight;
      steps.push(write(`${WI}/node${node}`, String(weight), `node ${node}'s weight goes ${was === undefined ? '' : `from ${was} `}to ${weight}${wi?.auto ? ' (and auto mode goes off)' : ''}`));
    }
  }
  // Back as it was: auto again, or the old weights of the nodes this changes (all of them, where auto is switched on).
  const old = !wi || wi.auto ? '' : (p.auto ? wi.weights : wi.weights.filter((w) => given.some(([n]) => n === w.node))).map((w) => `${w.node}:${w.weight}`).join(',');
  const rollback: ActionRequest | null = !wi ? null : wi.auto ? { action: 'interleave.set', params: { auto: 'yes' } } : old ? { action: 'interleave.set', params: { weights: old } } : null;
  return {
    object: 'weighted-interleave', summary: p.auto ? `Weighted interleave: ${p.auto === 'yes' ? 'weights from bandwidth (auto)' : 'weights kept by hand'}` : `Weighted interleave weights: ${given.map(([n, w]) => `node ${n} ${w}`).join(', ')}`,
    risk: 'reversible', guards, steps,
    rollback, noRollbackBecause: rollback ? null : 'the kernel has no weighted interleave',
  };
}
