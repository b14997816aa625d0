// Which parts of a machine a plan reads again: the blocks and dax devices its parameters name or its steps touch.
import type { Params, Step } from '../../shared/actions/index.js';
import type { Topology } from '../../shared/model/index.js';
import type { ReadScope } from '../system/scope.js';

const BLOCK_STATE = /^\/sys\/devices\/system\/memory\/memory(\d+)\/state$/;

/** The dax devices a name stands for: itself (dax0.0), the device on a namespace, or every device of a region. */
function devicesNamed(t: Topology, name: string): string[] {
  if (/^dax\d+\.\d+$/.test(name)) return [name];
  if (/^namespace\d+\.\d+$/.test(name)) {
    const ns = t.namespaces.find((n) => n.dev === name);
    return [...new Set([ns?.chardev, ...t.daxDevices.filter((d) => d.namespace === name).map((d) => d.dev)].filter((d): d is string => !!d))];
  }
  const region = /^region(\d+)$/.exec(name);
  if (region) return t.daxDevices.filter((d) => d.region === Number(region[1]) || (d.namespace !== null && t.namespaces.find((n) => n.dev === d.namespace)?.region === name)).map((d) => d.dev);
  return [];
}

/** What a plan for these parameters, with these steps, reads again instead of the whole machine. */
export function planScope(t: Topology, params: Params, steps: readonly Step[] = []): ReadScope {
  const blocks = new Set<number>();
  const devices = new Set<string>();
  if (params.blocks) for (let i = params.blocks[0]; i <= params.blocks[1]; i++) blocks.add(i);
  for (const name of [params.device, params.namespace, params.region]) if (name) for (const d of devicesNamed(t, name)) devices.add(d);
  for (const { op } of steps) {
    if (op.kind === 'write') {
      const m = BLOCK_STATE.exec(op.path);
      if (m) blocks.add(Number(m[1]));
    } else if (op.kind === 'exec') {
      for (const word of op.argv) for (const d of devicesNamed(t, word)) devices.add(d);
    }
  }
  return { blocks: [...blocks], devices: [...devices] };
}
