// What the preset machines are built from: units, the recorded guests' kernel, /proc/meminfo, boot memory blocks and nodes.
import type { SimAccess, SimBlock, SimNode } from './state.js';

/** Binary units. */
export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** The recorded guests' kernel (Debian 12's 6.1). */
export const KERNEL = { release: '6.1.0-56-amd64', version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)' };
/** The modules an NVDIMM machine has loaded. */
export const NVDIMM_MODULES = ['libnvdimm', 'nd_pmem', 'nd_btt', 'dax_pmem', 'device_dax', 'kmem'];

/** /proc/meminfo at boot for a machine with this much memory and this much of it free: what is used is split as a busy server's is
 *  (anonymous memory, page cache, slab, kernel stacks, page tables, per-CPU areas, the rest the kernel's own), so the kinds add up. */
export function meminfo(totalKb: number, freeKb: number): [string, number][] {
  const used = Math.max(0, totalKb - freeKb);
  const part = (f: number) => Math.round(used * f);
  const anon = part(0.36);
  const cached = part(0.4);
  const shmem = part(0.03);
  const buffers = part(0.02);
  const sRecl = part(0.07);
  const sUnrecl = part(0.05);
  const file = cached + buffers - shmem;
  const activeAnon = Math.round((anon + shmem) * 0.6);
  const activeFile = Math.round(file * 0.5);
  const keys: [string, number][] = [
    ['MemTotal', totalKb], ['MemFree', freeKb], ['MemAvailable', freeKb + Math.round(file * 0.9 + sRecl * 0.8)], ['Buffers', buffers], ['Cached', cached], ['SwapCached', 0],
    ['Active', activeAnon + activeFile], ['Inactive', anon + shmem - activeAnon + file - activeFile], ['Active(anon)', activeAnon], ['Inactive(anon)', anon + shmem - activeAnon],
    ['Active(file)', activeFile], ['Inactive(file)', file - activeFile], ['Unevictable', 0],
    ['Mlocked', 0], ['SwapTotal', 0], ['SwapFree', 0], ['Zswap', 0], ['Zswapped', 0], ['Dirty', part(0.0005)], ['Writeback', 0], ['AnonPages', anon], ['Mapped', Math.round(cached * 0.15)],
    ['Shmem', shmem], ['KReclaimable', sRecl], ['Slab', sRecl + sUnrecl], ['SReclaimable', sRecl], ['SUnreclaim', sUnrecl], ['KernelStack', part(0.01)], ['PageTables', part(0.02)],
    ['SecPageTables', 0], ['NFS_Unstable', 0], ['Bounce', 0], ['WritebackTmp', 0], ['CommitLimit', Math.floor(totalKb / 2)], ['Committed_AS', Math.round(anon * 1.5)],
    ['VmallocTotal', 13743895347199], ['VmallocUsed', part(0.005)], ['VmallocChunk', 0], ['Percpu', part(0.01)], ['HardwareCorrupted', 0], ['AnonHugePages', Math.round(anon * 0.5)],
    ['ShmemHugePages', 0], ['ShmemPmdMapped', 0], ['FileHugePages', 0], ['FilePmdMapped', 0], ['HugePages_Total', 0], ['HugePages_Free', 0],
    ['HugePages_Rsvd', 0], ['HugePages_Surp', 0], ['Hugepagesize', 2048], ['Hugetlb', 0], ['DirectMap4k', 30580], ['DirectMap2M', 1935360], ['DirectMap1G', 2097152],
  ];
  return keys;
}

/** /proc/meminfo at boot for these nodes: their memory and their free memory, summed. */
export function meminfoOf(nodes: readonly Pick<SimNode, 'bootMemKb' | 'bootFreeKb'>[]): [string, number][] {
  return meminfo(nodes.reduce((s, n) => s + n.bootMemKb, 0), nodes.reduce((s, n) => s + n.bootFreeKb, 0));
}

/** Boot memory blocks of [start, end, node] ranges. */
export function bootBlocks(ranges: [number, number, number][], blockSize: number): SimBlock[] {
  // ranges: [start, end (exclusive), node]
  const blocks: SimBlock[] = [];
  for (const [start, end, node] of ranges) {
    for (let a = start; a < end; a += blockSize) {
      const index = a / blockSize;
      const zone = a === 0 ? 'none' : a < 16 * MiB ? 'DMA' : a < 4 * GiB ? 'DMA32' : 'Normal';
      blocks.push({ index, node, state: 'online', zone, boot: true, unmovable: true, owner: null });
    }
  }
  return blocks.sort((a, b) => a.index - b.index);
}

/** A NUMA node with the same access class for CPUs and any initiator. */
export function node(id: number, cpulist: string, distances: number[], tier: number, memKb: number, access: SimAccess | null): SimNode {
  return { id, cpulist, distances, access0: access, access1: access, tier, bootMemKb: memKb, bootFreeKb: Math.round(memKb * 0.97), };
}

/** What Debian 12's daxctl package installs outside /usr/bin: the example config and its udev rule (which runs `daxctl -C`, an option daxctl 76.1 rejects). */
export const DAXCTL_PACKAGE_FILES: Readonly<Record<string, string>> = {
  '/etc/daxctl.conf.d/daxctl.example.conf': '# This is an example config file for daxctl\n# [reconfigure-device unique_identifier_foo]\n# nvdimm.uuid=ed93e918-e165-49d8-921d-383d7b9660c5\n# mode = system-ram\n# online = true\n# movable = false\n',
  '/lib/udev/rules.d/90-daxctl-device.rules': 'ACTION=="add", SUBSYSTEM=="dax",\\\n  RUN+="/usr/bin/daxctl -C $env{DEVNAME}"\n',
};

/** What Debian 12's ndctl package installs in /etc: the (empty) directory of the DIMMs' key blobs, with its readme. */
export const NDCTL_PACKAGE_FILES: Readonly<Record<string, string>> = { '/etc/ndctl/keys/keys.readme': "See 'ndctl setup-passphrase --help'\n" };
