// Who uses a device right now: mounts (/proc/self/mountinfo) and holders (device-mapper, md) of pmem block devices.
import type { Topology } from '../../shared/model/index.js';
import { readDirOptional, readOptional, type Host } from '../host/host.js';

/** A mounted block device. */
export interface Mount {
  device: string;
  mountpoint: string;
  fstype: string;
}

/** What holds the console's devices: mounts and block-device holders. */
export interface Usage {
  mounts: Mount[];
  /** Block device name (pmem0) -> devices stacked on it (dm-0, md0). */
  holders: Record<string, string[]>;
  /** Character device (dax0.0) -> processes that have it mapped ("1234 (postgres)"). */
  daxUsers: Record<string, string[]>;
}

/** Parses /proc/self/mountinfo: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS". */
export function parseMountinfo(text: string): Mount[] {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    const dash = fields.indexOf('-');
    if (dash < 6 || fields.length < dash + 3) continue;
    out.push({ device: unescape(fields[dash + 2]!), mountpoint: unescape(fields[4]!), fstype: fields[dash + 1]! });
  }
  return out;
}

/** Reads the mounts and the holders of every namespace's block device. */
export async function readUsage(host: Host, t: Topology): Promise<Usage> {
  const mounts = parseMountinfo((await readOptional(host, '/proc/self/mountinfo')) ?? '');
  const holders: Record<string, string[]> = {};
  for (const ns of t.namespaces) {
    if (!ns.blockdev) continue;
    holders[ns.blockdev] = await readDirOptional(host, `/sys/class/block/${ns.blockdev}/holders`);
  }
  return { mounts, holders, daxUsers: await readDaxUsers(host, t) };
}

/** Which processes map each devdax character device, from /proc/PID/maps (one batched read). */
async function readDaxUsers(host: Host, t: Topology): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const devdax = t.daxDevices.filter((d) => d.mode === 'devdax').map((d) => d.dev);
  if (devdax.length === 0) return out;
  const pids = (await readDirOptional(host, '/proc')).filter((n) => /^\d+$/.test(n));
  const files = await host.readFiles(pids.flatMap((p) => [`/proc/${p}/maps`, `/proc/${p}/comm`]));
  for (const pid of pids) {
    const maps = files.get(`/proc/${pid}/maps`);
    if (typeof maps !== 'string' || !maps.includes('/dev/dax')) continue;
    const comm = files.get(`/proc/${pid}/comm`);
    const who = `${pid} (${typeof comm === 'string' ? comm.trim() : '?'})`;
    for (const dev of devdax) if (new RegExp(`/dev/${dev.replace('.', '\\.')}(\\s|$)`, 'm').test(maps)) (out[dev] ??= []).push(who);
  }
  return out;
}

/** Why a devdax device is busy (processes map it), or null when none does. */
export function daxBusy(usage: Usage, dev: string): string | null {
  const users = usage.daxUsers[dev] ?? [];
  if (users.length === 0) return null;
  return `/dev/${dev} is mapped by ${users.slice(0, 3).join(', ')}${users.length > 3 ? ` and ${users.length - 3} more` : ''}`;
}

/** Why a namespace's block device is busy (mounted or held), or null when it is free. */
export function blockdevBusy(usage: Usage, blockdev: string | null): string | null {
  if (!blockdev) return null;
  const mount = usage.mounts.find((m) => m.device === `/dev/${blockdev}`);
  if (mount) return `/dev/${blockdev} is mounted at ${mount.mountpoint} (${mount.fstype})`;
  const held = usage.holders[blockdev] ?? [];
  if (held.length) return `/dev/${blockdev} is held by ${held.join(', ')}`;
  return null;
}
