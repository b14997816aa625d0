// Writes what a simulated machine shows (its /sys, the /proc files the console reads, and its /etc files) into a directory, as a
// tree of real files, directories and relative symlinks: a --sysroot view of the sim.
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HostError } from '../../electron/host/host.js';
import type { SimHost } from '../../electron/host/sim/index.js';
import type { Topology } from '../../shared/model/index.js';

/** The /proc files the console reads, as the tree holds them. */
export const PROC_FILES = ['/proc/meminfo', '/proc/sys/kernel/osrelease', '/proc/sys/kernel/numa_balancing', '/proc/cmdline', '/proc/version'];

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

/** What a path in the tree is now, or null. */
function kindAt(path: string): 'dir' | 'link' | 'file' | null {
  try {
    const st = lstatSync(path);
    return st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

/** Brings one path of the tree in line with the sim: files rewritten in place (a file bound elsewhere keeps its inode), entries the
 *  sim no longer has removed, directories never replaced while they stay directories. */
async function sync(host: SimHost, path: string, root: string): Promise<void> {
  const target = join(root, path);
  const have = kindAt(target);
  try {
    const link = await host.readLink(path);
    if (have === 'link' && readlinkSync(target) === link) return;
    if (have) rmSync(target, { recursive: true, force: true });
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
    if (have && have !== 'dir') rmSync(target, { force: true });
    mkdirSync(target, { recursive: true });
    const keep = new Set(names);
    for (const old of readdirSync(target)) if (!keep.has(old)) rmSync(join(target, old), { recursive: true, force: true });
    for (const name of names) await sync(host, `${path}/${name}`, root);
    return;
  }
  let text: string | null = null;
  try {
    text = await host.readFile(path);
  } catch (e) {
    if (!(e instanceof HostError)) throw e;
  }
  if (text === null) {
    if (have) rmSync(target, { recursive: true, force: true });
    return;
  }
  if (have && have !== 'file') rmSync(target, { recursive: true, force: true });
  if (have !== 'file' || readFileSync(target, 'utf8') !== text) writeFileSync(target, text);
}

/** Brings a tree written by writeSimTree (its /sys and /proc files) in line with the sim as it is now, changing only what differs. */
export async function syncSimTree(host: SimHost, root: string): Promise<void> {
  await sync(host, '/sys', root);
  for (const p of PROC_FILES) {
    try {
      const text = await host.readFile(p);
      mkdirSync(dirname(join(root, p)), { recursive: true });
      if (kindAt(join(root, p)) !== 'file' || readFileSync(join(root, p), 'utf8') !== text) writeFileSync(join(root, p), text);
    } catch (e) {
      if (!(e instanceof HostError)) throw e;
    }
  }
}
