// The schema of a saved sim state (--state FILE, sim:twin:FILE): a file is checked whole before the sim runs on it,
// so a damaged or hand-edited state is one clear error instead of a crash deep inside the emulated kernel.
import { u64 } from '../../../shared/model/values.js';
import * as z from '../../../shared/zod.js';
import type { SimBlock, SimState } from './state.js';

/** Builds the schema; called once, the first time a state file is read. */
function build() {
const int = z.int();
const count = int.check(z.nonnegative());
// Addresses reach the whole u64 range (nfit_test.1 maps a region at a kernel virtual address above 2^63).
const bytes = u64;

const SimAccess = z.object({ readLatency: z.number(), writeLatency: z.number(), readBandwidth: z.number(), writeBandwidth: z.number(), initiators: z.array(count) });

const SimNode = z.object({
  id: count, cpulist: z.string(), distances: z.array(count), access0: z.nullable(SimAccess), access1: z.nullable(SimAccess),
  tier: count, bootMemKb: count, bootFreeKb: count,
  memorySideCache: z.optional(z.array(z.object({ level: count, size: bytes, lineSize: count, indexing: count, writePolicy: count }))),
});

const SimBlock = z.object({
  index: count, node: count, state: z.enum(['online', 'offline']), zone: z.enum(['none', 'DMA', 'DMA32', 'Normal', 'Movable']),
  boot: z.boolean(), unmovable: z.boolean(), owner: z.nullable(z.string()),
});

const SimBlockRun = z.object({
  first: count, count: count, node: count, state: z.enum(['online', 'offline']), zone: z.enum(['none', 'DMA', 'DMA32', 'Normal', 'Movable']),
  boot: z.boolean(), unmovable: z.boolean(), owner: z.nullable(z.string()),
});

const SimDaxDevice = z.object({
  name: z.string().check(z.regex(/^dax\d+\.\d+$/)), start: bytes, size: bytes, align: bytes, targetNode: int, numaNode: int,
  mode: z.enum(['devdax', 'system-ram']), enabled: z.boolean(),
  hotplugState: z.optional(z.enum(['unplugged', 'offline', 'online', 'online_kernel', 'online_movable'])), memmapOnMemory: z.optional(z.boolean()),
});

const SimClaim = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('btt'), id: count, uuid: z.string(), sectorSize: count, size: bytes }),
  z.object({ kind: z.literal('pfn'), id: count, uuid: z.string(), align: bytes, location: z.enum(['dev', 'mem']), dataOffset: bytes }),
  z.object({ kind: z.literal('dax'), id: count, uuid: z.string(), align: bytes, dataOffset: bytes, device: SimDaxDevice }),
]);

const SimNamespace = z.object({
  id: count, uuid: z.nullable(z.string()), name: z.string(), size: bytes, offset: bytes, enabled: z.boolean(), claim: z.nullable(SimClaim), mountpoint: z.nullable(z.string()),
  sectorSizeSet: z.optional(z.boolean()),
});

const SimRegion = z.object({
  id: count, start: bytes, size: bytes, align: bytes, numaNode: int, targetNode: int, persistenceDomain: z.string(), enabled: z.boolean(), pagemap: z.boolean(),
  mappings: z.array(z.object({ dimm: z.string(), offset: bytes, length: bytes, position: int })),
  setCookie: z.string(), labelCookie: z.string(),
  badblocks: z.array(z.object({ offset: bytes, length: bytes })),
  namespaces: z.array(SimNamespace),
  seeds: z.object({ namespace: count, btt: count, pfn: count, dax: count }),
  latentBadblocks: z.optional(z.array(z.object({ offset: bytes, length: bytes }))),
  injected: z.optional(z.array(z.object({ offset: bytes, length: bytes }))),
});

const SimDimm = z.object({
  dev: z.string(), kind: z.optional(z.literal('cxl')), id: z.string(), handle: count, physId: count, serial: z.string(), vendor: z.string(), device: z.string(), labelSize: count,
  labelsInitialized: z.boolean(), enabled: z.boolean(), security: z.nullable(z.enum(['disabled', 'unlocked', 'locked', 'frozen', 'overwrite'])),
  frozen: z.optional(z.boolean()), passphrases: z.optional(z.object({ user: z.boolean(), master: z.boolean() })), secrets: z.optional(z.object({ user: z.optional(z.nullable(z.string())), master: z.optional(z.nullable(z.string())) })),
  hwLocked: z.optional(z.boolean()), preOverwrite: z.optional(z.enum(['disabled', 'unlocked', 'locked', 'frozen', 'overwrite'])), overwriteUntil: z.optional(count), overwriteMs: z.optional(count),
  health: z.nullable(z.object({
    state: z.string(), temperature: z.number(), controllerTemperature: z.optional(z.number()), spares: z.number(), lifeUsed: z.number(), shutdownState: z.string(), shutdownCount: z.optional(count),
    alarms: z.optional(z.object({ temperature: z.boolean(), controllerTemperature: z.boolean(), spares: z.boolean() })),
    thresholds: z.optional(z.object({ temperature: z.number(), controllerTemperature: z.number(), spares: count, enabled: z.object({ temperature: z.boolean(), controllerTemperature: z.boolean(), spares: z.boolean() }) })),
    uninjected: z.optional(z.object({ state: z.string(), temperature: z.number(), spares: z.number(), shutdownState: z.string() })),
  })),
  firmware: z.optional(z.object({
    current: count, next: z.nullable(count), canUpdate: z.boolean(), update: z.optional(count), runVersionFixed: z.optional(z.boolean()), armed: z.optional(z.boolean()),
    activated: z.optional(z.object({ at: count, staged: z.boolean() })),
  })),
  dsm: z.optional(z.object({ family: count, mask: count, commands: z.array(z.string()) })),
  nfitFlags: z.optional(z.array(z.string())),
});

const SimBus = z.object({
  id: count, provider: z.string(), parent: z.string().check(z.startsWith('/sys/devices/')), dimms: z.array(SimDimm), regions: z.array(SimRegion),
  nfit: z.optional(z.object({ dsmMask: count, hwErrorScrub: count, revision: z.optional(count), translateSpa: z.optional(z.literal('last-mapping')) })),
  firmwareActivate: z.optional(z.object({ method: z.enum(['suspend', 'live']), state: z.enum(['idle', 'armed', 'busy', 'overflow']), busyUntil: z.optional(count), lastAt: z.optional(count) })),
  scrub: z.optional(z.object({ count: count, until: z.nullable(count), durationMs: count })),
});

const SimCxlDport = z.object({ id: count, name: z.string(), alias: z.nullable(z.string()), path: z.string() });
const SimCxl = z.object({
  buses: z.array(z.object({ id: count, provider: z.string(), host: z.string(), dports: z.array(SimCxlDport) })),
  ports: z.array(z.object({ id: count, host: z.string(), parent: count, dports: z.array(SimCxlDport), path: z.string() })),
  memdevs: z.array(z.object({
    id: count, serial: count, host: z.string(), hostPath: z.string(), port: count, ramSize: bytes, pmemSize: bytes, numaNode: int, enabled: z.boolean(),
    endpoint: z.nullable(count), hdmDecoders: count, nmem: z.nullable(z.string()), labelSize: count, firmware: z.string(),
  })),
  decoders: z.array(z.object({
    port: count, id: count, start: bytes, size: bytes, ways: count, granularity: count, targets: z.array(count), region: z.nullable(z.string()),
    caps: z.nullable(z.object({ pmem: z.boolean(), ram: z.boolean(), type2: z.boolean(), type3: z.boolean() })),
    mode: z.nullable(z.enum(['none', 'ram', 'pmem'])), dpaResource: z.nullable(bytes), dpaSize: bytes,
  })),
  regions: z.array(z.object({
    id: count, decoder: z.string(), type: z.enum(['pmem', 'ram']), start: bytes, size: bytes, ways: count, granularity: count, uuid: z.string(), targets: z.array(z.string()),
    committed: z.boolean(), enabled: z.boolean(),
  })),
  ndBus: z.nullable(count),
  windowNodes: z.record(z.string(), int),
  parked: z.record(z.string(), SimRegion),
  parkedDax: z.optional(z.record(z.string(), z.array(z.object({ id: count, path: z.string(), align: bytes, device: SimDaxDevice })))),
  stranded: z.array(z.object({ name: z.string(), start: bytes, size: bytes })),
  iomem: z.object({ head: z.array(z.string()), tail: z.array(z.string()) }),
});

const SimHmemRegion = z.object({ id: count, path: z.string(), align: bytes, device: SimDaxDevice });

const times = z.optional(count);
const SimFault = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('command-fails'), match: z.string(), exitCode: int, stderr: z.string(), stdout: z.optional(z.string()), times }),
  z.object({ kind: z.literal('command-hangs'), match: z.string(), times }),
  z.object({ kind: z.literal('command-slow'), match: z.string(), ms: count, times }),
  z.object({ kind: z.literal('command-dies'), match: z.string(), does: z.optional(z.array(z.string())), then: z.enum(['fails', 'hangs', 'drops']), exitCode: int, stderr: z.string(), times }),
  z.object({ kind: z.literal('block-unmovable'), block: count }),
  z.object({ kind: z.literal('device-vanishes'), device: z.string() }),
  z.object({ kind: z.literal('write-fails'), path: z.string(), code: z.enum(['EBUSY', 'EINVAL', 'EIO', 'ENXIO']), times }),
]);

const SimStateSchema = z.object({
  version: z.literal(1),
  preset: z.string(),
  description: z.string(),
  kernel: z.object({ release: z.string(), version: z.string(), cmdline: z.string(), daxState: z.optional(z.boolean()), memmapPerDevice: z.optional(z.boolean()) }),
  mempolicy: z.optional(z.object({ auto: z.boolean(), weights: z.record(z.string(), count) })),
  tools: z.object({ ndctl: z.nullable(z.string()), daxctl: z.nullable(z.string()), cxl: z.optional(z.nullable(z.string())) }),
  cxl: z.optional(SimCxl),
  modules: z.array(z.string()),
  memory: z.object({
    blockSize: bytes.check(z.refine((n) => n > 0 && Number.isInteger(n), 'a memory block size above 0')),
    autoOnline: z.string(), onlinePolicy: z.string(), memmapOnMemory: z.boolean(), blocks: z.array(SimBlock),
  }),
  nodes: z.array(SimNode).check(z.minLength(1)),
  buses: z.array(SimBus),
  hmem: z.array(SimHmemRegion),
  meminfoKb: z.array(z.tuple([z.string(), z.number()])),
  demotionEnabled: z.boolean(),
  numaBalancing: z.int().check(z.gte(0)).check(z.lte(3)),
  files: z.record(z.string(), z.string()),
  faults: z.array(SimFault),
  hostname: z.optional(z.string().check(z.regex(/^[A-Za-z0-9.-]{1,64}$/))),
  keyring: z.optional(z.array(z.string())),
  keyPayloads: z.optional(z.record(z.string(), z.string())),
}) satisfies z.ZodMiniType<SimState>;
return { state: SimStateSchema, blockRuns: z.array(SimBlockRun) };
}

let schema: ReturnType<typeof build> | null = null;
/** A saved sim state, version 1, and the runs its memory blocks are saved as (built on first use: most commands never read a state file). */
export function simStateSchema(): ReturnType<typeof build> {
  return (schema ??= build());
}

/** A run of memory blocks alike but for their index, as a state file keeps them (65,536 blocks in a few dozen runs). */
export type SimBlockRun = Omit<SimBlock, 'index'> & { first: number; count: number };

/** The blocks as runs of consecutive, otherwise identical blocks. */
export function blockRuns(blocks: readonly SimBlock[]): SimBlockRun[] {
  const runs: SimBlockRun[] = [];
  let last: SimBlockRun | undefined;
  for (const b of blocks) {
    if (last && b.index === last.first + last.count && b.node === last.node && b.state === last.state && b.zone === last.zone && b.boot === last.boot && b.unmovable === last.unmovable && b.owner === last.owner) last.count++;
    else runs.push((last = { first: b.index, count: 1, node: b.node, state: b.state, zone: b.zone, boot: b.boot, unmovable: b.unmovable, owner: b.owner }));
  }
  return runs;
}

/** The blocks of runs, in order. */
export function blocksOfRuns(runs: readonly SimBlockRun[]): SimBlock[] {
  const blocks: SimBlock[] = [];
  for (const r of runs) {
    for (let i = 0; i < r.count; i++) blocks.push({ index: r.first + i, node: r.node, state: r.state, zone: r.zone, boot: r.boot, unmovable: r.unmovable, owner: r.owner });
  }
  return blocks;
}

/** A state as a file keeps it: its memory blocks as runs (a 65,536-block machine's file was 6.8 MB, read and checked by every command). */
export function savedSimState(state: SimState): unknown {
  const { blocks, ...memory } = state.memory;
  return { ...state, memory: { ...memory, blockRuns: blockRuns(blocks) } };
}
