// A cheap summary of what a full read of a machine would show, for hosts that are polled (ssh): the nd and dax device lists and
// the dax devices' drivers (kmem or device_dax), the number of memory blocks, MemTotal, the hot-plug policy, the online nodes,
// tiering and the daxctl.conf.d entries. A polled console compares stamps and
// reads the machine whole only when the stamp moved (or now and then regardless), instead of every few seconds.
import { countMatching, gathered, type GatherOp } from '../host/gather.js';
import { readDirOptional, type Host } from '../host/host.js';

const ND = '/sys/bus/nd/devices';
const DAX = '/sys/bus/dax/devices';
const CONF = '/etc/daxctl.conf.d';
const BLOCKS = '/sys/devices/system/memory/memory[0-9]*';
const FILES = ['/proc/meminfo', '/sys/devices/system/memory/auto_online_blocks', '/sys/devices/system/node/online', '/sys/kernel/mm/numa/demotion_enabled', '/proc/sys/kernel/numa_balancing'];

/** The stamp: equal stamps mean nothing a view shows changed, but for counters that move by themselves (MemFree). */
export async function changeStamp(machine: Host): Promise<string> {
  const dirs = [ND, DAX, CONF];
  // One round trip on an ssh host.
  const host = await gathered(machine, [
    ...dirs.map((pattern): GatherOp => ({ kind: 'dirs', pattern })), ...FILES.map((pattern): GatherOp => ({ kind: 'files', pattern })),
    { kind: 'links', pattern: `${DAX}/*/driver` }, { kind: 'count', pattern: BLOCKS },
  ]);
  const [nd, dax, conf, files, blocks] = await Promise.all([
    readDirOptional(host, ND),
    readDirOptional(host, DAX),
    readDirOptional(host, CONF),
    host.readFiles(FILES),
    // Memory hot-added offline (kmem with --no-online, auto_online_blocks offline) moves no MemTotal: the block count says it.
    countMatching(host, BLOCKS),
  ]);
  // A device that becomes system-ram keeps its name; its driver changes.
  const drivers = await Promise.all(dax.map((d) => host.readLink(`${DAX}/${d}/driver`).then((t) => t.split('/').pop() ?? '', () => '')));
  const text = (p: string) => { const v = files.get(p); return typeof v === 'string' ? v.trim() : null; };
  // Onlining or offlining any memory moves MemTotal; MemFree and the rest move on their own and are left out.
  const memTotal = /^MemTotal:\s+(\d+)/m.exec(text('/proc/meminfo') ?? '')?.[1] ?? null;
  return JSON.stringify([nd, dax, drivers, conf, blocks, memTotal, ...FILES.slice(1).map(text)]);
}
