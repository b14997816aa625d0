// A chain of plans checked before its first step runs: each later plan is planned on a simulated twin of the machine as the earlier
// ones leave it, so a trap that will block a later step (auto_online_blocks onlining into ZONE_NORMAL, no kmem driver, a device too small
// for a memory block) is said before the first, destructive, step. A parameter left empty names what the chain made: the dax device
// (device) or the nd region (region) that was not there before.
import { isBlocked, type ActionRequest, type Guard } from '../../shared/actions/index.js';
import type { Topology } from '../../shared/model/index.js';
import type { Host } from '../host/host.js';
import { makePlan, readPlanInput, type PlanContext } from './plan.js';
import { runStep } from './run-step.js';

/** One plan of a chain, as checked. */
export interface ChainStep {
  action: string;
  /** The parameters as planned: an empty device or region filled in with what the chain made on the twin. */
  params: Record<string, string>;
  guards: Guard[];
  /** Why this step could not be checked (an earlier one is blocked, or did not make what it should on the twin), or null. */
  unchecked: string | null;
}

/** What the earlier steps made: the dax device on a namespace they reconfigured, else a devdax device or nd region not there before. */
function made(before: Topology, after: Topology, key: 'device' | 'region', earlier: readonly ActionRequest[]): string | null {
  if (key === 'region') return after.regions.find((r) => !before.regions.some((x) => x.dev === r.dev))?.dev ?? null;
  const reconfigured = earlier.find((r) => r.action === 'namespace.reconfigure')?.params.namespace;
  const onNamespace = reconfigured ? after.daxDevices.find((d) => d.namespace === reconfigured && d.mode === 'devdax') : undefined;
  return onNamespace?.dev ?? after.daxDevices.find((d) => d.mode === 'devdax' && !before.daxDevices.some((x) => x.dev === d.dev))?.dev ?? null;
}

/** Plans each request in turn: the first on the machine, each later one on a twin after the steps before it ran there. */
export async function planChain(ctx: PlanContext, requests: readonly ActionRequest[]): Promise<ChainStep[]> {
  const out: ChainStep[] = [];
  let twin: Host | null = null;
  let base: Topology | null = null;
  try {
    for (let i = 0; i < requests.length; i++) {
      const request = requests[i]!;
      const blockedBefore = out.find((s) => s.unchecked !== null || s.guards.some((g) => g.blocking));
      if (blockedBefore) {
        out.push({ action: request.action, params: request.params, guards: [], unchecked: `step ${out.indexOf(blockedBefore) + 1} (${blockedBefore.action}) is blocked` });
        continue;
      }
      let params = request.params;
      let input = i === 0 ? undefined : await readPlanInput(twin!);
      if (input) {
        for (const key of ['device', 'region'] as const) {
          if (params[key] !== '') continue;
          const name = made(base!, input.topology, key, requests.slice(0, i));
          if (!name) {
            out.push({ action: request.action, params, guards: [], unchecked: `on a simulated twin, the steps before it made no ${key === 'device' ? 'devdax device' : 'region'}` });
            input = undefined;
            break;
          }
          params = { ...params, [key]: name };
        }
        if (!input) continue;
      }
      const plan = await makePlan(i === 0 ? ctx : { ...ctx, host: twin!, known: undefined }, { action: request.action, params }, input);
      out.push({ action: request.action, params, guards: plan.guards, unchecked: null });
      if (isBlocked(plan) || i === requests.length - 1) continue;
      // The machine as this step leaves it, for the next: its steps run on a twin.
      if (!twin) {
        base = (ctx.known ?? (await readPlanInput(ctx.host))).topology;
        twin = ctx.twin(base);
      }
      for (const s of plan.steps) {
        const r = await runStep(twin, s.op);
        if (!r.ok) {
          out.at(-1)!.guards.push({ id: 'chain-failure', blocking: true, message: `on a simulated twin of this machine it fails: ${r.error ?? 'failed'}` });
          break;
        }
      }
    }
  } finally {
    await twin?.close();
  }
  return out;
}
