// The CXL part of a topology: `cxl list` read in one call, or, where cxl is not installed but the kernel has CXL devices, /sys/bus/cxl,
// with a note saying so.
import type { Cxl } from '../../shared/model/index.js';
import { HostError, readDirOptional, type Host } from '../host/host.js';
import { parseCxlList } from './parse/cxljson.js';
import { ToolOutputError } from './parse/tool-output-error.js';
import { readCxlFromSysfs } from './cxl-sysfs.js';

/** The listing a snapshot reads: buses, memdevs, ports, decoders, endpoints, regions and targets, idle ones (disabled memdevs,
 *  uncommitted decoders) included; exact numbers (no -u). */
export const CXL_LIST: readonly string[] = ['cxl', 'list', '-B', '-M', '-P', '-D', '-E', '-R', '-T', '-i'];
/** Where the kernel lists CXL devices. */
export const CXL_DEVICES = '/sys/bus/cxl/devices';

/** Reads CXL with the cxl tool; null (with a note where the kernel has CXL devices) where the tool is not there or fails. */
export async function readCxl(host: Host, version: string | null, why: string, notes: string[]): Promise<Cxl | null> {
  if (!version) {
    if (!(await readDirOptional(host, CXL_DEVICES)).length) return null;
    const fromSysfs = await readCxlFromSysfs(host);
    if (fromSysfs) notes.push(`${why}: CXL devices were read from ${CXL_DEVICES} (changing them needs the cxl tool; on Debian it comes with the ndctl package).`);
    return fromSysfs;
  }
  let out;
  try {
    out = await host.exec([...CXL_LIST]);
  } catch (e) {
    if (e instanceof HostError && e.code === 'ENOTOOL') return null;
    throw e;
  }
  if (out.exitCode !== 0) {
    notes.push(`\`${CXL_LIST.join(' ')}\` failed (exit ${out.exitCode}): ${out.stderr.trim().split('\n')[0] ?? ''}`);
    return null;
  }
  let cxl: Cxl;
  try {
    cxl = parseCxlList(out.stdout, notes);
  } catch (e) {
    if (!(e instanceof ToolOutputError)) throw e;
    notes.push(`\`${CXL_LIST.join(' ')}\` printed something the console cannot read (${e.message.replace(/^[^:]*: /, '')}): CXL devices were read from ${CXL_DEVICES}.`);
    return readCxlFromSysfs(host);
  }
  await readMemdevDports(host, cxl);
  return cxl;
}

/** Which downstream port each memdev sits below: a component of its sysfs path (/sys/bus/cxl/devices/memN links to
 *  /sys/devices/pci0000:0c/0000:0c:01.0/0000:0e:00.0/mem0), as libcxl matches memdevs to dports. `cxl list` does not say. */
async function readMemdevDports(host: Host, cxl: Cxl): Promise<void> {
  const dports = new Set(cxl.ports.flatMap((p) => p.dports.map((d) => d.dport)));
  await Promise.all(cxl.memdevs.map(async (m) => {
    try {
      const parts = (await host.readLink(`${CXL_DEVICES}/${m.name}`)).split('/');
      m.dport = [...parts].reverse().find((part) => dports.has(part)) ?? null;
    } catch (e) {
      if (!(e instanceof HostError)) throw e;
      m.dport = null;
    }
  }));
}
