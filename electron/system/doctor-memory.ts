// The doctor's answer to "why is my memory plain RAM, or where is my dax device?": the kernel command line, the firmware's soft-reserved
// (EFI_MEMORY_SP) ranges and CXL windows in /proc/iomem, and CXL memdevs and regions that map nothing.
import { ndRegionOf, type Finding, type Topology } from '../../shared/model/index.js';
import { formatBytes } from '../../shared/units/index.js';

/** One line of /proc/iomem: its range (null where the reader is not root, who sees zeros) and name, and how deep it is nested. */
export interface IomemEntry {
  start: number | null;
  end: number | null;
  name: string;
  depth: number;
}

/** Parses /proc/iomem ("  590000000-68fffffff : CXL Window 0"); addresses shown as zeros (a reader that is not root) are null. */
export function parseIomem(text: string): IomemEntry[] {
  const out: IomemEntry[] = [];
  let zeros = 0;
  for (const line of text.split('\n')) {
    const m = /^( *)([0-9a-f]+)-([0-9a-f]+) : (.+)$/.exec(line);
    if (!m) continue;
    const start = Number.parseInt(m[2]!, 16);
    const end = Number.parseInt(m[3]!, 16);
    if (start === 0 && end === 0) zeros++;
    out.push({ start, end, name: m[4]!.trim(), depth: m[1]!.length / 2 });
  }
  if (zeros > 1) for (const e of out) [e.start, e.end] = [null, null];
  return out;
}

/** The entries nested directly or deeper under entry i. */
function childrenOf(iomem: IomemEntry[], i: number): IomemEntry[] {
  const out: IomemEntry[] = [];
  for (let j = i + 1; j < iomem.length && iomem[j]!.depth > iomem[i]!.depth; j++) out.push(iomem[j]!);
  return out;
}

const range = (e: IomemEntry) => (e.start === null || e.end === null ? '' : ` (0x${e.start.toString(16)}-0x${e.end.toString(16)}, ${formatBytes(e.end - e.start + 1)})`);

/** Where memory set aside for dax became plain RAM, or has no dax device: each finding says what to change (a firmware or boot setting,
 *  a module, a region), since none of it is a plan the console can run. */
export function plainRamFindings(t: Topology, cmdline: string | null, iomem: IomemEntry[] | null): Finding[] {
  const f: Finding[] = [];
  const words = (cmdline ?? '').split(/\s+/).filter(Boolean);
  if (words.includes('efi=nosoftreserve')) {
    f.push({ id: 'efi-nosoftreserve', severity: 'warning', title: 'Soft-reserved memory was made plain RAM at boot (efi=nosoftreserve)',
      detail: 'The firmware marks CXL and other special-purpose memory EFI_MEMORY_SP so that Linux leaves it to dax; efi=nosoftreserve on the kernel command line made it ordinary System RAM instead, which can never be given back. Remove efi=nosoftreserve (GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub) and reboot to get its dax device.' });
  }
  for (const w of words.filter((x) => /^memmap=[^!]+![^!]+$/.test(x))) {
    // Said as an explanation of where a label-less region comes from, not as a problem.
    f.push({ id: `memmap-${w}`, severity: 'ok', title: `${w} reserves a legacy pmem range`,
      detail: `The kernel command line sets aside ${w.slice(7).replace('!', ' at ')} as persistent memory (nd_e820): it is the label-less region${t.regions.some((r) => !r.labelled) ? ` ${t.regions.filter((r) => !r.labelled).map((r) => r.dev).join(', ')}` : ''}, not RAM, until a namespace of it is given to the kernel.` });
  }
  if (!iomem) return f;
  const ranges = t.daxDevices.flatMap((d) => d.ranges.map((r) => ({ dev: d.dev, start: r.start, end: r.end })));
  const coveredBy = (e: IomemEntry) => (e.start === null ? null : ranges.find((r) => r.start <= e.end! && r.end >= e.start!)?.dev ?? null);
  iomem.forEach((e, i) => {
    const inside = childrenOf(iomem, i);
    if (/^CXL Window \d+$/.test(e.name)) {
      const ram = inside.find((c) => c.name === 'System RAM');
      if (ram && !coveredBy(ram) && !inside.some((c) => /^region\d+$/.test(c.name))) {
        f.push({ id: `cxl-window-ram-${e.name}`, severity: 'warning', title: `${e.name} is already plain System RAM`, detail: `${e.name}${range(e)} holds System RAM${range(ram)} that no CXL region or dax device owns: the firmware gave it to Linux as ordinary memory at boot, so it cannot be given back or tiered as a device. Set the memory as "specific purpose" (EFI_MEMORY_SP) in the firmware setup${words.includes('efi=nosoftreserve') ? ' and remove efi=nosoftreserve' : ''}, then reboot.`,
          ...(ram.start !== null && ram.end !== null ? { range: { start: ram.start, end: ram.end } } : {}) });
      }
    }
    if (e.name === 'Soft Reserved') {
      const dev = coveredBy(e) ?? inside.map(coveredBy).find((x) => x) ?? null;
      if (dev) f.push({ id: `soft-reserved-${i}`, severity: 'ok', title: `Soft-reserved memory${range(e)} is dax device ${dev}`, detail: `The firmware set it aside for dax, and ${dev} has it.` });
      else if (e.start !== null && !inside.some((c) => c.name === 'System RAM')) {
        f.push({ id: `soft-reserved-${i}`, severity: 'warning', title: `Soft-reserved memory${range(e)} has no dax device`, detail: `The firmware set it aside for dax, but no dax device covers it: load dax_hmem (modprobe dax_hmem) for firmware-described memory, or, where it lies in a CXL window, create a CXL region in it (cxl create-region).` });
      }
    }
  });
  const cxl = t.cxl;
  if (cxl) {
    for (const m of cxl.memdevs.filter((x) => x.state === 'enabled')) {
      const decoders = cxl.decoders.filter((d) => d.kind === 'endpoint' && d.port === m.endpoint && d.region);
      if (decoders.length === 0 && m.ramSize + m.pmemSize > 0) {
        const window = cxl.decoders.find((d) => d.kind === 'root' && (d.maxAvailableExtent ?? 0) > 0);
        f.push({
          id: `cxl-no-region-${m.name}`, severity: 'info', title: `${m.name} is in no CXL region`,
          detail: `${m.name}${m.serial !== null ? ` (serial ${m.serial})` : ''} has ${[m.ramSize && `${formatBytes(m.ramSize)} of RAM`, m.pmemSize && `${formatBytes(m.pmemSize)} of persistent memory`].filter(Boolean).join(' and ')} that nothing maps: create a region${window ? ` (cxl create-region -m -t ${m.pmemSize ? 'pmem' : 'ram'} -d ${window.name} -w 1 ${m.name})` : ''}; its memory then reaches Linux as an nd region (pmem) or a dax device (ram).`,
          ...(window ? { fix: { action: 'cxl.region-create', params: { decoder: window.name, memdevs: m.name, type: m.pmemSize ? 'pmem' : 'ram' } } } : {}),
        });
      }
    }
    for (const r of cxl.regions.filter((x) => x.state === 'enabled' && x.type !== 'ram' && !ndRegionOf(t, x))) {
      f.push({ id: `cxl-region-no-nd-${r.name}`, severity: 'warning', title: `CXL region ${r.name} has no nd region`, detail: `${r.name} (pmem${r.size !== null ? `, ${formatBytes(r.size)}` : ''}) decodes persistent memory, but no nd region was made of it, so no namespace can go on it: load cxl_pmem and libnvdimm (modprobe cxl_pmem), or check dmesg for why the nvdimm bridge did not probe.` });
    }
    // dax_hmem against CXL: a dax device made of the firmware's soft-reserved range inside a CXL window belongs to dax_hmem, not to a
    // CXL region; cxl shows no region for it, so the CXL region actions cannot change it.
    for (const w of cxl.decoders.filter((d) => d.kind === 'root' && d.resource !== null && d.size)) {
      for (const d of t.daxDevices.filter((x) => /\/hmem\.\d+\//.test(t.daxRegions.find((r) => r.id === x.region)?.path ?? '') && x.ranges.some((r) => r.start >= w.resource! && r.start < w.resource! + w.size!))) {
        f.push({ id: `hmem-in-cxl-${d.dev}`, severity: 'info', title: `${d.dev} is dax_hmem's, not a CXL region's`, detail: `${d.dev} lies in CXL window ${w.name}, but it was made by dax_hmem from the firmware's soft-reserved range, not from a CXL region: cxl list shows no region for it, and the console's CXL region actions do not apply. It works as any dax device (system RAM and back). Which driver takes soft-reserved CXL memory is being reworked in the kernel; on this one, a region the console can manage needs the range not claimed by dax_hmem at boot.` });
      }
    }
    for (const r of cxl.regions.filter((x) => x.state === 'enabled' && x.type === 'ram')) {
      const has = r.resource !== null && ranges.some((d) => d.start >= r.resource! && d.start < r.resource! + (r.size ?? 0));
      if (!has) f.push({ id: `cxl-region-no-dax-${r.name}`, severity: 'warning', title: `CXL region ${r.name} has no dax device`, detail: `${r.name} (ram${r.size !== null ? `, ${formatBytes(r.size)}` : ''}) decodes memory, but no dax device was made of it: load dax_cxl (modprobe dax_cxl), or check dmesg for why cxl_dax_region did not probe.` });
    }
  }
  return f;
}

/** What a memory-side cache in front of a node means (HMAT; how Optane's Memory Mode looks to Linux): that node's memory is RAM already,
 *  far memory cached by DRAM, and kmem has nothing to do with it; kmem is for App Direct and CXL capacity. */
export function memorySideCacheFindings(t: Topology): Finding[] {
  const cached = t.nodes.filter((n) => n.memorySideCache?.length);
  if (!cached.length) return [];
  const words = (c: NonNullable<Topology['nodes'][number]['memorySideCache']>[number]) =>
    `${c.size === null ? 'a' : `a ${formatBytes(c.size)}`} ${c.indexing ?? 'unknown-indexing'} ${c.writePolicy ?? 'unknown-policy'} level-${c.level} cache${c.lineSize ? ` of ${c.lineSize}-byte lines` : ''}`;
  const appDirect = t.regions.filter((r) => r.state === 'enabled').reduce((s, r) => s + r.size, 0);
  return cached.map((n) => ({
    id: `memory-side-cache-${n.id}`, severity: 'info' as const,
    title: `Node ${n.id}'s ${formatBytes(n.memTotal)} is RAM behind a memory-side cache (Memory Mode, or memory like it)`,
    detail: `The firmware (HMAT) says node ${n.id}'s memory is cached by ${n.memorySideCache!.map(words).join(', then ')}: on an Optane server in Memory Mode that is the DRAM caching PMem, which the kernel then sees as this memory, not as the DRAM. It is system RAM already, in MemTotal, with no region, namespace or dax device to give back; making a dax device system RAM (kmem) is for App Direct or CXL capacity${appDirect ? ` (this machine has ${formatBytes(appDirect)} of App Direct regions)` : ''}, which the console shows apart from it.`,
  }));
}
