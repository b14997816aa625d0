// /proc/meminfo and each node's meminfo from one set of counts: the nodes' MemTotal and MemFree add up to the machine's, hot-added
// memory counts what the kernel counts (a block that keeps its own memmap, memmap_on_memory, adds its size less that memmap), and
// what is used is split into the same kinds on every node, in proportion to what each node uses.
import type { NodeBlocks } from './node-counts.js';
import type { SimNode, SimState } from './state.js';

/** The per-node meminfo lines after MemTotal, MemFree and MemUsed, in the kernel's order. */
const NODE_KEYS = ['SwapCached', 'Active', 'Inactive', 'Active(anon)', 'Inactive(anon)', 'Active(file)', 'Inactive(file)', 'Unevictable', 'Mlocked', 'Dirty', 'Writeback', 'FilePages', 'Mapped', 'AnonPages', 'Shmem', 'KernelStack', 'PageTables', 'SecPageTables', 'NFS_Unstable', 'Bounce', 'WritebackTmp', 'KReclaimable', 'Slab', 'SReclaimable', 'SUnreclaim', 'AnonHugePages', 'ShmemHugePages', 'ShmemPmdMapped', 'FileHugePages', 'FilePmdMapped'];

/** Each node's MemTotal and MemFree in kB: its boot memory plus the hot-added memory online on it (which is free when added). */
export function nodeTotals(state: SimState, counts: Map<number, NodeBlocks>): Map<number, { total: number; free: number }> {
  return new Map(state.nodes.map((n) => {
    const added = counts.get(n.id)?.hotAddedOnlineKb ?? 0;
    return [n.id, { total: n.bootMemKb + added, free: n.bootFreeKb + added }];
  }));
}

/** /proc/meminfo: MemTotal and MemFree the sums of the nodes', MemAvailable moved with MemFree, the kinds of used memory as at boot. */
export function renderMeminfo(state: SimState, totals: Map<number, { total: number; free: number }>): string {
  let total = 0;
  let free = 0;
  for (const t of totals.values()) {
    total += t.total;
    free += t.free;
  }
  const boot = new Map(state.meminfoKb);
  const moved: Record<string, number> = { MemTotal: total, MemFree: free, MemAvailable: (boot.get('MemAvailable') ?? 0) - (boot.get('MemFree') ?? 0) + free };
  return state.meminfoKb
    .map(([k, v]) => {
      const value = moved[k] ?? v;
      const label = `${k}:`.padEnd(16);
      return k.startsWith('HugePages_') ? `${label}${String(value).padStart(8)}` : `${label}${String(value).padStart(8)} kB`;
    })
    .join('\n') + '\n';
}

/** Every node's meminfo: each kind of used memory (from /proc/meminfo at boot) shared among the nodes by what each uses; the last node
 *  that uses any takes the rounding, so the nodes' values add up to the machine's. */
export function renderNodeMeminfos(state: SimState, totals: Map<number, { total: number; free: number }>): Map<number, string> {
  const boot = new Map(state.meminfoKb);
  const machine = (k: string) => (k === 'FilePages' ? (boot.get('Cached') ?? 0) + (boot.get('Buffers') ?? 0) + (boot.get('SwapCached') ?? 0) : boot.get(k) ?? 0);
  const used = (n: SimNode) => Math.max(0, (totals.get(n.id)?.total ?? 0) - (totals.get(n.id)?.free ?? 0));
  const allUsed = state.nodes.reduce((s, n) => s + used(n), 0);
  const lastUser = [...state.nodes].reverse().find((n) => used(n) > 0)?.id;
  const given = new Map<string, number>();
  const out = new Map<number, string>();
  for (const n of state.nodes) {
    const { total = 0, free = 0 } = totals.get(n.id) ?? {};
    const share = (k: string) => {
      if (allUsed === 0 || used(n) === 0) return 0;
      const v = n.id === lastUser ? machine(k) - (given.get(k) ?? 0) : Math.floor((machine(k) * used(n)) / allUsed);
      given.set(k, (given.get(k) ?? 0) + v);
      return v;
    };
    const line = (k: string, v: number) => `Node ${n.id} ${`${k}:`.padEnd(16)}${String(v).padStart(8)} kB`;
    out.set(n.id, [
      line('MemTotal', total), line('MemFree', free), line('MemUsed', total - free),
      ...NODE_KEYS.map((k) => line(k, share(k))),
      `Node ${n.id} HugePages_Total:     0`, `Node ${n.id} HugePages_Free:      0`, `Node ${n.id} HugePages_Surp:      0`,
    ].join('\n') + '\n');
  }
  return out;
}
