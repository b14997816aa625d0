// Writes what a simulated machine shows (its /sys, the /proc files the console reads, and its /etc files) into a directory, as a
// tree of real files, directories and relative symlinks: a --sysroot view of the sim.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HostError } from '../../electron/host/host.js';
import type { SimHost } from '../../electron/host/sim/index.js';
import type { Topology } from '../../shared/model/index.js';

const PROC_FILES = ['/proc/meminfo', '/proc/sys/kernel/osrelease', '/proc/sys/kernel/numa_balancing', '/proc/cmdline', '/proc/version'];

async function copy(host: SimHost, path: string, root: string): Promise<void> {
  const target = join(root, path);
  try {
    const link = await host.readLink(path);
    symlinkSync(link, target);
    return;
  } catch (e) {
    if (!(e instanceof HostError)) throw e;
  }
  let names: string[] | null = null;
  try {
    names = await host.readDir(path);
  } catch (e) {
    if (!(e instanceof HostError)) throw e;
  }
  if (names) {
    mkdirSync(target, { recursive: true });
    for (const name of names) await copy(host, `${path}/${name}`, root);
    return;
  }
  try {
    writeFileSync(target, await host.readFile(path));
  } catch (e) {
    if (!(e instanceof HostError)) throw e;
  }
}

/** Writes the sim's files under root (emptied first). */
export async function writeSimTree(host: SimHost, root: string, etc: readonly string[] = []): Promise<void> {
  rmSync(join(root, 'sys'), { recursive: true, force: true });
  await copy(host, '/sys', root);
  for (const p of [...PROC_FILES, ...etc]) {
    try {
      const text = await host.readFile(p);
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), text);
    } catch (e) {
      if (!(e instanceof HostError)) throw e;
    }
  }
}

/** What both paths can tell: sysfs has no DIMM health, block devices' names or tool-only fields. */
export function sysfsFacts(t: Topology) {
  return {
    regions: t.regions.map((r) => ({ dev: r.dev, size: r.size, align: r.align, numa: r.numaNode, target: r.targetNode, state: r.state, labelled: r.labelled, mappings: r.mappings })),
    namespaces: t.namespaces.filter((n) => n.size > 0).map((n) => ({ dev: n.dev, mode: n.mode, size: n.size, uuid: n.uuid, state: n.state, chardev: n.chardev })),
    daxDevices: t.daxDevices.map((d) => ({ dev: d.dev, mode: d.mode, size: d.size, target: d.targetNode, blocks: d.memoryBlocks, online: d.onlineMemblocks })),
    blocks: t.memory.blocks,
    meminfo: t.meminfo.memTotal,
    nodes: t.nodes,
    tiers: t.tiers,
  };
}
