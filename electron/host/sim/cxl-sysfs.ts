// The CXL part of the emulated sysfs: /sys/bus/cxl/devices and the attributes drivers/cxl shows there (Linux 6.1, as
// fixtures/real/qemu-cxl-pmem.json recorded them): memdevs, ports, endpoints, decoders and regions.
import { cxlPort, decoderName, dportsOf, liveDecoders, parentOf, type SimCxl } from './cxl-state.js';
import { blocksOf, namespaceStart } from './kernel.js';
import { ndRegionOfCxl, ramDaxOf } from './cxl-region.js';
import type { SimDaxDevice, SimState } from './state.js';
import type { Vfs } from './vfs.js';

const hex = (n: number) => `0x${n.toString(16)}`;
const BUS = '/sys/bus/cxl/devices';

/** The directory of a port (root, port or endpoint) under /sys/devices. */
export function cxlPortPath(cxl: SimCxl, id: number): string {
  const kind = cxlPort(cxl, id)!;
  if (kind.kind === 'root') return `/sys/devices/platform/${cxl.buses.find((b) => b.id === id)!.host}/root${id}`;
  return `${cxlPortPath(cxl, parentOf(cxl, id)!)}/${kind.name}`;
}

/** Renders the CXL devices: each with its attributes where drivers/cxl keeps them, and a link in /sys/bus/cxl/devices; and /proc/iomem. */
export function renderCxl(state: SimState, cxl: SimCxl, vfs: Vfs): void {
  vfs.file('/proc/iomem', iomem(state, cxl));
  vfs.dir(BUS);
  for (const m of cxl.memdevs) {
    const dir = `${m.hostPath}/mem${m.id}`;
    vfs.link(`${BUS}/mem${m.id}`, dir);
    vfs.file(`${dir}/serial`, `${hex(m.serial)}\n`);
    vfs.file(`${dir}/numa_node`, `${m.numaNode}\n`);
    vfs.file(`${dir}/ram/size`, `${hex(m.ramSize)}\n`);
    vfs.file(`${dir}/pmem/size`, `${hex(m.pmemSize)}\n`);
    vfs.file(`${dir}/label_storage_size`, `${m.labelSize}\n`);
    vfs.file(`${dir}/firmware_version`, `${m.firmware}\n`);
    if (m.enabled) vfs.link(`${dir}/driver`, '/sys/bus/cxl/drivers/cxl_mem');
  }
  for (const b of cxl.buses) portFiles(cxl, vfs, b.id, 'cxl_port');
  for (const p of cxl.ports) portFiles(cxl, vfs, p.id, 'cxl_port');
  for (const m of cxl.memdevs) if (m.endpoint !== null) portFiles(cxl, vfs, m.endpoint, 'cxl_port');
  for (const d of liveDecoders(cxl)) {
    const kind = cxlPort(cxl, d.port)!.kind;
    const dir = `${cxlPortPath(cxl, d.port)}/${decoderName(d)}`;
    vfs.link(`${BUS}/${decoderName(d)}`, dir);
    vfs.file(`${dir}/devtype`, `cxl_decoder_${kind === 'port' ? 'switch' : kind}\n`);
    vfs.file(`${dir}/start`, `${hex(d.start)}\n`);
    vfs.file(`${dir}/size`, `${hex(d.size)}\n`);
    vfs.file(`${dir}/interleave_ways`, `${d.ways}\n`);
    vfs.file(`${dir}/interleave_granularity`, `${d.granularity}\n`);
    vfs.file(`${dir}/locked`, '0\n');
    if (kind !== 'endpoint') vfs.file(`${dir}/target_list`, `${d.targets.join(',')}\n`);
    if (kind !== 'root') {
      vfs.file(`${dir}/region`, `${d.region ?? ''}\n`);
      vfs.file(`${dir}/target_type`, 'expander\n');
    }
    if (kind === 'endpoint') {
      vfs.file(`${dir}/mode`, `${d.mode ?? 'none'}\n`);
      vfs.file(`${dir}/dpa_resource`, d.dpaResource === null ? '0xffffffffffffffff\n' : `${hex(d.dpaResource)}\n`);
      vfs.file(`${dir}/dpa_size`, `0x${d.dpaSize.toString(16).padStart(16, '0')}\n`);
    }
    if (kind === 'root' && d.caps) {
      for (const [cap, on] of Object.entries({ cap_pmem: d.caps.pmem, cap_ram: d.caps.ram, cap_type2: d.caps.type2, cap_type3: d.caps.type3 })) vfs.file(`${dir}/${cap}`, on ? '1\n' : '0\n');
      // The region id the next create_pmem_region write must name (the lowest free one).
      let next = 0;
      while (cxl.regions.some((r) => r.id === next)) next++;
      if (d.caps.pmem) vfs.file(`${dir}/create_pmem_region`, `region${next}\n`);
      vfs.file(`${dir}/delete_region`, '', 'EACCES');
    }
  }
  for (const r of cxl.regions) {
    const root = liveDecoders(cxl).find((d) => decoderName(d) === r.decoder);
    if (!root) continue;
    const dir = `${cxlPortPath(cxl, root.port)}/${r.decoder}/region${r.id}`;
    vfs.link(`${BUS}/region${r.id}`, dir);
    vfs.file(`${dir}/devtype`, 'cxl_region\n');
    vfs.file(`${dir}/uuid`, `${r.uuid}\n`);
    vfs.file(`${dir}/resource`, `${hex(r.start)}\n`);
    vfs.file(`${dir}/size`, `${hex(r.size)}\n`);
    vfs.file(`${dir}/interleave_ways`, `${r.ways}\n`);
    vfs.file(`${dir}/interleave_granularity`, `${r.granularity}\n`);
    vfs.file(`${dir}/commit`, r.committed ? '1\n' : '0\n');
    r.targets.forEach((t, i) => vfs.file(`${dir}/target${i}`, `${t}\n`));
    if (r.enabled) vfs.link(`${dir}/driver`, '/sys/bus/cxl/drivers/cxl_region');
  }
}

const ACPI = '/sys/devices/LNXSYSTM:00/LNXSYBUS:00';

/** A port's files: its downstream ports (a root's are ACPI host bridges, a port's PCI root or switch ports) and, for a port and an
 *  endpoint, the device it stands for (uport: the host bridge, the memdev). */
function portFiles(cxl: SimCxl, vfs: Vfs, id: number, devtype: string): void {
  const dir = cxlPortPath(cxl, id);
  const kind = cxlPort(cxl, id)!.kind;
  vfs.link(`${BUS}/${cxlPort(cxl, id)!.name}`, dir);
  vfs.file(`${dir}/devtype`, `${devtype}\n`);
  vfs.link(`${dir}/driver`, '/sys/bus/cxl/drivers/cxl_port');
  for (const d of dportsOf(cxl, id)) vfs.link(`${dir}/dport${d.id}`, kind === 'root' ? `${ACPI}/${d.name}` : d.path);
  if (kind === 'port') vfs.link(`${dir}/uport`, `${ACPI}/${cxl.ports.find((p) => p.id === id)!.host}`);
  if (kind === 'endpoint') {
    const m = cxl.memdevs.find((x) => x.endpoint === id)!;
    vfs.link(`${dir}/uport`, `${m.hostPath}/mem${m.id}`);
  }
}

/** A /proc/iomem line: the range in at least 8 hex digits, indented two spaces per level. */
const ioLine = (depth: number, start: number, size: number, name: string) =>
  `${'  '.repeat(depth)}${start.toString(16).padStart(8, '0')}-${(start + size - 1).toString(16).padStart(8, '0')} : ${name}`;

/** /proc/iomem: the platform's lines around the CXL windows, and in each window what its regions hold now (as Linux 6.1 nests them). */
function iomem(state: SimState, cxl: SimCxl): string {
  const lines = [...cxl.iomem.head];
  const bs = state.memory.blockSize;
  const roots = liveDecoders(cxl).filter((d) => cxlPort(cxl, d.port)!.kind === 'root');
  roots.forEach((root, i) => {
    lines.push(ioLine(0, root.start, root.size, `CXL Window ${i}`));
    const inWindow = (start: number) => start >= root.start && start < root.start + root.size;
    const kmem = (depth: number, name: string, start: number, size: number) => lines.push(ioLine(depth, start, size, name), ioLine(depth + 1, start, size, 'System RAM (kmem)'));
    // A dax device: as kmem holds it (its hot-added blocks), or its whole range.
    const dax = (depth: number, dev: SimDaxDevice) => {
      const blocks = blocksOf(state, dev.name);
      if (dev.mode === 'system-ram' && blocks.length) kmem(depth, dev.name, blocks[0]!.index * bs, blocks.length * bs);
      else lines.push(ioLine(depth, dev.start, dev.size, dev.name));
    };
    const items: { start: number; emit: () => void }[] = [];
    for (const r of cxl.regions.filter((x) => x.decoder === decoderName(root) && x.size > 0)) {
      const nd = ndRegionOfCxl(state, cxl, r);
      const stranded = cxl.stranded.filter((m) => m.start >= r.start && m.start < r.start + r.size);
      items.push({ start: r.start, emit: () => {
        if (!nd) {
          lines.push(ioLine(1, r.start, r.size, `region${r.id}`));
          for (const m of stranded) kmem(2, m.name, m.start, m.size);
          // A ram region's dax device (dax_cxl), as kmem holds it.
          for (const h of r.enabled && r.type === 'ram' ? ramDaxOf(state, r) : []) dax(2, h.device);
          return;
        }
        lines.push(ioLine(1, r.start, r.size, 'Persistent Memory'), ioLine(2, r.start, r.size, `region${r.id}`));
        for (const ns of nd.namespaces.filter((n) => n.size > 0).sort((a, b) => a.offset - b.offset)) {
          const nsStart = namespaceStart(nd, ns);
          if (ns.claim?.kind !== 'dax') {
            lines.push(ioLine(3, nsStart, ns.size, `namespace${nd.id}.${ns.id}`));
            continue;
          }
          lines.push(ioLine(3, nsStart, ns.claim.device.start - nsStart, `namespace${nd.id}.${ns.id}`));
          dax(3, ns.claim.device);
        }
      } });
    }
    // Stranded memory whose region is gone stays in the window, under its device's name.
    for (const m of cxl.stranded.filter((x) => inWindow(x.start) && !cxl.regions.some((r) => x.start >= r.start && x.start < r.start + r.size))) items.push({ start: m.start, emit: () => kmem(1, m.name, m.start, m.size) });
    for (const item of items.sort((a, b) => a.start - b.start)) item.emit();
  });
  return [...lines, ...cxl.iomem.tail].join('\n') + '\n';
}
