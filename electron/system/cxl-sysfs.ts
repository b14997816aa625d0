// CXL from /sys/bus/cxl alone, for a machine without the cxl tool: the same model `cxl list` gives (Topology.cxl), from the devices'
// links and attributes as drivers/cxl shows them (Documentation/ABI/testing/sysfs-bus-cxl). What only the tool adds (a dport's firmware
// alias) is left out.
import { posix } from 'node:path';
import { windowRoom, type Cxl, type CxlDecoder, type CxlMemdev, type CxlPort, type CxlRegion } from '../../shared/model/index.js';
import { HostError, readDirOptional, type Host } from '../host/host.js';

const DEVICES = '/sys/bus/cxl/devices';
const NAME = /^(root|port|endpoint)(\d+)$|^mem(\d+)$|^decoder(\d+)\.(\d+)$|^region(\d+)$/;
const num = (text: string | undefined) => (text === undefined || text === '' ? null : Number(text.startsWith('0x') ? BigInt(text) : text));

/** Reads the CXL devices from sysfs; null where there are none. */
export async function readCxlFromSysfs(host: Host): Promise<Cxl | null> {
  const names = (await readDirOptional(host, DEVICES)).filter((n) => NAME.test(n));
  if (!names.length) return null;
  const path = new Map<string, string>();
  for (const n of names) path.set(n, posix.resolve(DEVICES, await host.readLink(`${DEVICES}/${n}`)));
  const attrs = async (n: string, list: string[]) => {
    const got = await host.readFiles(list.map((a) => `${path.get(n)}/${a}`));
    return Object.fromEntries(list.map((a) => {
      const v = got.get(`${path.get(n)}/${a}`);
      return [a, typeof v === 'string' ? v.trim() : undefined];
    })) as Record<string, string | undefined>;
  };
  const entries = async (n: string) => (await readDirOptional(host, path.get(n)!));
  const linkName = async (p: string) => {
    try {
      return posix.basename(await host.readLink(p));
    } catch (e) {
      if (e instanceof HostError) return null;
      throw e;
    }
  };

  const portNames = names.filter((n) => /^(root|port|endpoint)\d+$/.test(n));
  const memdevPath = new Map(names.filter((n) => /^mem\d+$/.test(n)).map((n) => [path.get(n)!, n]));
  const ports: CxlPort[] = [];
  for (const n of portNames) {
    const kind = n.startsWith('root') ? 'root' : n.startsWith('port') ? 'port' : 'endpoint';
    const here = await entries(n);
    const dports = [];
    for (const d of here.filter((x) => /^dport\d+$/.test(x)).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))) {
      dports.push({ dport: (await linkName(`${path.get(n)}/${d}`)) ?? d, alias: null, id: Number(d.slice(5)) });
    }
    const uport = kind === 'endpoint' ? posix.resolve(path.get(n)!, await host.readLink(`${path.get(n)}/uport`)) : null;
    const parent = kind === 'root' ? null : posix.basename(posix.dirname(path.get(n)!));
    ports.push({
      name: n, kind, host: kind === 'endpoint' ? memdevPath.get(uport!) ?? null : kind === 'port' ? (await linkName(`${path.get(n)}/uport`)) : null,
      depth: kind === 'root' ? null : path.get(n)!.split('/').filter((x) => NAME.test(x) && !x.startsWith('decoder')).length - 1, parent, dports,
    });
  }

  const memdevs: CxlMemdev[] = [];
  for (const [p, n] of memdevPath) {
    const a = await attrs(n, ['serial', 'numa_node', 'ram/size', 'pmem/size']);
    const endpoint = ports.find((x) => x.kind === 'endpoint' && x.host === n)?.name ?? null;
    const dports = new Set(ports.flatMap((x) => x.dports.map((d) => d.dport)));
    const numa = num(a.numa_node);
    memdevs.push({
      name: n, serial: num(a.serial), host: posix.basename(posix.dirname(p)), ramSize: num(a['ram/size']) ?? 0, pmemSize: num(a['pmem/size']) ?? 0,
      numaNode: numa === null || numa < 0 ? null : numa, endpoint, state: (await entries(n)).includes('driver') ? 'enabled' : 'disabled',
      dport: p.split('/').reverse().find((x) => dports.has(x)) ?? null,
    });
  }

  const decoders: CxlDecoder[] = [];
  for (const n of names.filter((x) => x.startsWith('decoder'))) {
    const [, portId] = /^decoder(\d+)\./.exec(n)!;
    const port = ports.find((x) => Number(/\d+$/.exec(x.name)![0]) === Number(portId));
    const kind = port?.kind === 'root' ? 'root' : port?.kind === 'endpoint' ? 'endpoint' : 'switch';
    const a = await attrs(n, ['start', 'size', 'interleave_ways', 'interleave_granularity', 'target_list', 'region', 'mode', 'dpa_resource', 'dpa_size', 'cap_pmem', 'cap_ram', 'cap_type2']);
    const size = num(a.size) ?? 0;
    const ways = num(a.interleave_ways);
    const ids = (a.target_list ?? '').split(',').filter(Boolean).map(Number);
    const dpa = num(a.dpa_size) ?? 0;
    decoders.push({
      name: n, kind, port: port?.name ?? null, resource: size ? num(a.start) : null, size: size || null, interleaveWays: ways,
      // cxl list shows the granularity only where a decoder interleaves.
      interleaveGranularity: ways !== null && ways > 1 ? num(a.interleave_granularity) : null, maxAvailableExtent: null,
      capabilities: kind === 'root' ? { pmem: a.cap_pmem === '1', volatile: a.cap_ram === '1', accelmem: a.cap_type2 === '1' } : null,
      targets: kind === 'endpoint' ? [] : ids.map((id, position) => ({ target: port?.dports.find((d) => d.id === id)?.dport ?? `dport${id}`, alias: null, position, id })),
      region: a.region || null, mode: kind === 'endpoint' && a.mode && a.mode !== 'none' ? a.mode : null,
      dpaResource: dpa ? num(a.dpa_resource) : null, dpaSize: kind === 'endpoint' && dpa ? dpa : null, state: size ? 'enabled' : 'disabled',
    });
  }

  const regions: CxlRegion[] = [];
  for (const n of names.filter((x) => x.startsWith('region'))) {
    const here = await entries(n);
    const targets = here.filter((x) => /^target\d+$/.test(x)).sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
    const a = await attrs(n, ['resource', 'size', 'interleave_ways', 'interleave_granularity', 'commit', ...targets]);
    const mappings = targets.flatMap((tg, position) => {
      const decoder = a[tg];
      const d = decoders.find((x) => x.name === decoder);
      const memdev = memdevs.find((m) => m.endpoint !== null && m.endpoint === d?.port)?.name;
      return decoder && memdev ? [{ position, memdev, decoder }] : [];
    });
    const modes = new Set(mappings.map((m) => decoders.find((d) => d.name === m.decoder)?.mode).filter(Boolean));
    regions.push({
      name: n, type: modes.size === 1 ? [...modes][0]! : null, resource: num(a.resource), size: num(a.size), interleaveWays: num(a.interleave_ways),
      interleaveGranularity: num(a.interleave_granularity), decodeState: a.commit === '1' ? 'commit' : 'reset', mappings,
      rootDecoder: posix.basename(posix.dirname(path.get(n)!)), state: here.includes('driver') ? 'enabled' : 'disabled',
    });
  }
  // A window's room, as libcxl reckons it: the largest gap between the regions in it.
  for (const d of decoders.filter((x) => x.kind === 'root' && x.resource !== null && x.size !== null)) {
    const inside = regions.filter((x) => x.rootDecoder === d.name && x.resource !== null && x.size).map((x) => ({ start: x.resource!, size: x.size! }));
    d.maxAvailableExtent = windowRoom(d.resource!, d.size!, inside);
  }
  const buses = ports.filter((p) => p.kind === 'root').map((p) => ({ name: p.name, provider: /ACPI0017/.test(path.get(p.name)!) ? 'ACPI.CXL' : posix.basename(posix.dirname(path.get(p.name)!)) }));
  return { buses, ports, memdevs, decoders, regions };
}
