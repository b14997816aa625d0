// Writes what a simulated machine shows (its /sys, the /proc files the console reads, and its /etc files) into a directory, as a
// tree of real files, directories and relative symlinks: a --sysroot view of the sim.
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HostError } from '../../electron/host/host.js';
import type { SimHost } from '../../electron/host/sim/index.js';
import type { Topology } from '../../shared/model/index.js';

/** The /proc files the console reads, as the tree holds them. */
export const PROC_FILES = ['/proc/meminfo', '/proc/sys/kernel/osrelease', '/proc/sys/kernel/numa_balancing', '/proc/cmdline', '/proc/version'];

/** What the sim answers, or null where it has no such thing (a HostError); anything else is thrown. */
async function optional<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof HostError)) throw e;
    return null;
  }
}

/** What a path in the tree is now, or null. */
function kindAt(path: string): 'dir' | 'link' | 'file' | null {
  try {
    const st = lstatSync(path);
    return st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

/** Writes a file unless it holds the text already; a file is rewritten in place (one bound elsewhere keeps its inode). */
function writeIfChanged(target: string, text: string): void {
  const have = kindAt(target);
  if (have === 'file' && readFileSync(target, 'utf8') === text) return;
  if (have && have !== 'file') rmSync(target, { recursive: true, force: true });
  writeFileSync(target, text);
}

/** Brings one path of the tree in line with the sim: links and files written where they differ, entries the sim no longer has
 *  removed, directories never replaced while they stay directories. On an empty tree, this writes it whole. */
async function sync(host: SimHost, path: string, root: string): Promise<void> {
  const target = join(root, path);
  const have = kindAt(target);
  const link = await optional(() => host.readLink(path));
  if (link !== null) {
    if (have === 'link' && readlinkSync(target) === link) return;
    if (have) rmSync(target, { recursive: true, force: true });
    symlinkSync(link, target);
    return;
  }
  const names = await optional(() => host.readDir(path));
  if (names) {
    if (have && have !== 'dir') rmSync(target, { force: true });
    mkdirSync(target, { recursive: true });
    const keep = new Set(names);
    for (const old of readdirSync(target)) if (!keep.has(old)) rmSync(join(target, old), { recursive: true, force: true });
    for (const name of names) await sync(host, `${path}/${name}`, root);
    return;
  }
  const text = await optional(() => host.readFile(path));
  if (text !== null) writeIfChanged(target, text);
  else if (have) rmSync(target, { recursive: true, force: true });
}

/** Writes the sim's files under root (its /sys emptied first). */
export async function writeSimTree(host: SimHost, root: string, etc: readonly string[] = []): Promise<void> {
  rmSync(join(root, 'sys'), { recursive: true, force: true });
  await syncSimTree(host, root, etc);
}

/** Brings a tree written by writeSimTree (its /sys, /proc and the given /etc files) in line with the sim as it is now, changing only
 *  what differs. */
export async function syncSimTree(host: SimHost, root: string, etc: readonly string[] = []): Promise<void> {
  await sync(host, '/sys', root);
  for (const p of [...PROC_FILES, ...etc]) {
    const text = await optional(() => host.readFile(p));
    if (text === null) continue;
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeIfChanged(join(root, p), text);
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
    // CXL as cxl lists it, or as /sys/bus/cxl shows it without the tool: the same, but for the dports' firmware aliases only cxl prints.
    cxl: t.cxl ? {
      ...t.cxl,
      ports: [...t.cxl.ports].sort((a, b) => a.name.localeCompare(b.name)).map((p) => ({ ...p, dports: p.dports.map((d) => ({ ...d, alias: null })) })),
      decoders: [...t.cxl.decoders].sort((a, b) => a.name.localeCompare(b.name)).map((d) => ({ ...d, targets: [...d.targets].sort((x, y) => (x.position ?? 0) - (y.position ?? 0)).map((x) => ({ ...x, alias: null })) })),
      memdevs: [...t.cxl.memdevs].sort((a, b) => a.name.localeCompare(b.name)),
    } : null,
  };
}
