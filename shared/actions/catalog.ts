// The action catalog: every action's parameters, checked before anything touches a machine.
import { parsePositiveSize, SizeError } from '../units/index.js';
import { KEK_HANDLE } from './ndctl-keys.js';
import { MAX_PLAN_STEPS, type ActionRequest } from './types.js';

/** Names of the actions the console can plan. */
export const ACTION_NAMES = [
  'namespace.create', 'namespace.destroy', 'namespace.reconfigure', 'namespace.enable', 'namespace.disable',
  'region.enable', 'region.disable', 'labels.init',
  'dax.system-ram', 'dax.devdax', 'memory.online', 'memory.offline',
  'persistence.write', 'persistence.remove', 'persistence.boot-rule', 'tiering.set', 'memory.auto-online',
  'bus.scrub', 'namespace.clear-errors', 'dimm.freeze-security', 'dimm.sanitize',
  'dimm.passphrase-setup', 'dimm.passphrase-update', 'dimm.passphrase-remove',
  'cxl.region-create', 'cxl.region-destroy', 'cxl.region-enable', 'cxl.region-disable', 'cxl.memdev-enable', 'cxl.memdev-disable',
  'interleave.set',
] as const;
/** An action's name. */
export type ActionName = (typeof ACTION_NAMES)[number];

/** Bad parameters for an action: refused before any tool runs (CLI exit 2). */
export class ParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParamError';
  }
}

type Kind = 'region' | 'namespace' | 'dax' | 'bus' | 'dimm' | 'kek' | 'decoder' | 'memdev' | 'memdevs' | 'ways' | 'weights' | 'blocks' | 'size' | 'align' | 'name' | { oneOf: readonly string[] };

interface ParamSpec {
  kind: Kind;
  required: boolean;
  help: string;
  default?: string;
}

const NS_MODES = ['raw', 'sector', 'fsdax', 'devdax'] as const;
const ZONES = ['movable', 'normal'] as const;
const MAPS = ['mem', 'dev'] as const;
const YES_NO = ['yes', 'no'] as const;
const BALANCING = ['off', 'normal', 'tiering', 'both'] as const;
/** Which of a DIMM's two passphrases: the user one (locks the DIMM at power loss) or the master one (can erase a DIMM whose user
 *  passphrase is lost). */
const PASSPHRASES = ['user', 'master'] as const;
/** How a DIMM can be sanitized (ndctl sanitize-dimm). */
export const SANITIZE_METHODS = ['crypto-erase', 'overwrite'] as const;
/** The interleave granularities a CXL decoder can encode (256 B to 16 KiB). */
export const CXL_GRANULARITIES = ['256', '512', '1024', '2048', '4096', '8192', '16384'] as const;
/** What a CXL region holds: persistent memory (an nd region, then namespaces) or volatile memory (a dax region). */
export const CXL_REGION_TYPES = ['pmem', 'ram'] as const;
/** The values of /sys/devices/system/memory/auto_online_blocks. */
export const AUTO_ONLINE_POLICIES = ['offline', 'online_movable', 'online_kernel', 'online'] as const;

/** What each action takes. */
export const CATALOG: Record<ActionName, { summary: string; params: Record<string, ParamSpec> }> = {
  'namespace.create': {
    summary: 'Create a namespace in a labelled region',
    params: {
      region: { kind: 'region', required: true, help: 'region to carve it from (region0)' },
      mode: { kind: { oneOf: NS_MODES }, required: true, help: 'raw, sector, fsdax or devdax' },
      size: { kind: 'size', required: false, help: 'size (4G, 512M); default: the largest free extent' },
      align: { kind: 'align', required: false, help: 'fsdax/devdax page alignment: 4K, 2M or 1G' },
      name: { kind: 'name', required: false, help: 'a name to keep with the namespace' },
    },
  },
  'namespace.destroy': { summary: 'Destroy a namespace and the data on it', params: { namespace: { kind: 'namespace', required: true, help: 'namespace to destroy (namespace0.0)' } } },
  'namespace.reconfigure': {
    summary: 'Change the mode of an existing namespace (its data is lost)',
    params: {
      namespace: { kind: 'namespace', required: true, help: 'namespace to change (namespace0.0)' },
      mode: { kind: { oneOf: NS_MODES }, required: true, help: 'raw, sector, fsdax or devdax' },
      align: { kind: 'align', required: false, help: 'fsdax/devdax page alignment: 4K, 2M or 1G' },
      map: { kind: { oneOf: MAPS }, required: false, help: 'fsdax: where its page map lives: dev (on the namespace, ndctl\'s default) or mem (in RAM: the whole namespace stays usable)' },
      name: { kind: 'name', required: false, help: 'a new name' },
    },
  },
  'namespace.enable': { summary: 'Enable a namespace', params: { namespace: { kind: 'namespace', required: true, help: 'namespace to enable' } } },
  'namespace.disable': { summary: 'Disable a namespace (its device goes away)', params: { namespace: { kind: 'namespace', required: true, help: 'namespace to disable' } } },
  'region.enable': { summary: 'Enable a region and its namespaces', params: { region: { kind: 'region', required: true, help: 'region to enable' } } },
  'region.disable': { summary: 'Disable a region and all its namespaces', params: { region: { kind: 'region', required: true, help: 'region to disable' } } },
  'labels.init': { summary: "Initialise the label areas of a region's DIMMs (removes every namespace in it)", params: { region: { kind: 'region', required: true, help: 'region whose DIMMs get fresh labels' } } },
  'dax.system-ram': {
    summary: 'Give a dax device to the kernel as system RAM on its target node',
    params: {
      device: { kind: 'dax', required: true, help: 'dax device (dax0.0)' },
      zone: { kind: { oneOf: ZONES }, required: false, default: 'movable', help: 'movable (can be given back) or normal' },
      online: { kind: { oneOf: YES_NO }, required: false, default: 'yes', help: 'online the memory now (yes) or leave it offline (no)' },
      'memmap-on-memory': { kind: { oneOf: YES_NO }, required: false, help: "keep its page structures on its own memory (yes) or in ordinary memory (no); default: as the device is (Linux 6.8's daxX.Y/memmap_on_memory)" },
    },
  },
  'dax.devdax': { summary: 'Take system RAM back from the kernel: offline it, then make the device devdax again', params: { device: { kind: 'dax', required: true, help: 'dax device (dax0.0)' } } },
  'memory.online': {
    summary: "Online a dax device's memory, or a range of memory blocks",
    params: {
      device: { kind: 'dax', required: false, help: 'dax device whose memory to online' },
      blocks: { kind: 'blocks', required: false, help: 'memory blocks instead of a device: 40 or 40-47' },
      zone: { kind: { oneOf: ZONES }, required: false, default: 'movable', help: 'movable or normal' },
    },
  },
  'persistence.write': {
    summary: "Keep a dax device as system RAM across reboots: a daxctl.conf.d entry keyed by its namespace's UUID",
    params: {
      device: { kind: 'dax', required: true, help: 'dax device (dax0.0)' },
      zone: { kind: { oneOf: ZONES }, required: false, default: 'movable', help: 'movable or normal, at boot' },
      online: { kind: { oneOf: YES_NO }, required: false, default: 'yes', help: 'online the memory at boot (yes) or leave it offline (no)' },
    },
  },
  'persistence.remove': { summary: "Remove the console's daxctl.conf.d entry for a dax device", params: { device: { kind: 'dax', required: true, help: 'dax device (dax0.0)' } } },
  'persistence.boot-rule': {
    summary: "Put the console's copy of daxctl's udev rule in /etc/udev/rules.d, which applies daxctl.conf.d at boot (or remove it)",
    params: { rule: { kind: { oneOf: ['fixed', 'package'] }, required: true, help: "fixed: the console's copy; package: remove it, back to the packaged rule" } },
  },
  'tiering.set': {
    summary: 'Memory tiering: demote cold pages to slower tiers, and NUMA balancing (tiering mode promotes hot pages)',
    params: {
      demotion: { kind: { oneOf: YES_NO }, required: false, help: 'demote cold pages to slower tiers (yes) or not (no)' },
      balancing: { kind: { oneOf: BALANCING }, required: false, help: 'numa_balancing: off, normal, tiering or both' },
    },
  },
  'memory.auto-online': {
    summary: 'Set what the kernel does with new memory until the next boot (auto_online_blocks): offline lets daxctl choose the zone',
    params: { policy: { kind: { oneOf: AUTO_ONLINE_POLICIES }, required: true, help: 'offline, online_movable, online_kernel or online' } },
  },
  'bus.scrub': {
    summary: 'Scrub the persistent memory of a bus for poison (address range scrub), and wait for it to end',
    params: { bus: { kind: 'bus', required: true, help: 'NVDIMM bus (ndbus0)' } },
  },
  'namespace.clear-errors': {
    summary: "Clear the known poison inside a namespace's data: its old contents are lost already, and do not come back",
    params: {
      namespace: { kind: 'namespace', required: true, help: 'namespace to clear (namespace0.0)' },
      scrub: { kind: { oneOf: YES_NO }, required: false, default: 'no', help: 'scrub the bus first to find poison not known yet (yes) or not (no)' },
    },
  },
  'dimm.freeze-security': {
    summary: "Freeze a DIMM's security until the next power cycle: no passphrase change, erase or overwrite (protects against malware)",
    params: { dimm: { kind: 'dimm', required: true, help: 'DIMM (nmem0)' } },
  },
  'dimm.sanitize': {
    summary: 'Erase every byte on a DIMM, and with it every namespace of every region it is part of',
    params: {
      dimm: { kind: 'dimm', required: true, help: 'DIMM (nmem0)' },
      method: { kind: { oneOf: SANITIZE_METHODS }, required: false, default: 'crypto-erase', help: 'crypto-erase (a new media key: seconds) or overwrite (every cell written: hours; clears poison too)' },
    },
  },
  'dimm.passphrase-setup': {
    summary: "Give a DIMM a passphrase, sealed by a key-encryption key and kept in /etc/ndctl/keys: it locks at every power loss, so what is stored in it (or left in it as RAM) cannot be read elsewhere",
    params: {
      dimm: { kind: 'dimm', required: true, help: 'DIMM (nmem0)' },
      kek: { kind: 'kek', required: true, help: "the key-encryption key in root's key ring that seals it: trusted:NAME (sealed by the TPM) or user:NAME" },
      passphrase: { kind: { oneOf: PASSPHRASES }, required: false, default: 'user', help: 'user (locks the DIMM) or master (can erase it when the user one is lost)' },
    },
  },
  'dimm.passphrase-update': {
    summary: "Replace a DIMM's passphrase with a new one (sealed by the same key-encryption key, or by a new one)",
    params: {
      dimm: { kind: 'dimm', required: true, help: 'DIMM (nmem0)' },
      kek: { kind: 'kek', required: false, help: 'a new key-encryption key to seal it with; default: the one that sealed the old passphrase' },
      passphrase: { kind: { oneOf: PASSPHRASES }, required: false, default: 'user', help: 'user or master' },
    },
  },
  'dimm.passphrase-remove': {
    summary: "Remove a DIMM's passphrase: it no longer locks at power loss; its key and blob are deleted",
    params: {
      dimm: { kind: 'dimm', required: true, help: 'DIMM (nmem0)' },
      passphrase: { kind: { oneOf: PASSPHRASES }, required: false, default: 'user', help: 'user or master' },
    },
  },
  'cxl.region-create': {
    summary: "Create a CXL region: interleave memory devices' capacity into one range of a CXL window (root decoder)",
    params: {
      decoder: { kind: 'decoder', required: true, help: 'the root decoder (CXL window) to carve it from (decoder0.0)' },
      memdevs: { kind: 'memdevs', required: true, help: 'the memory devices, in interleave order: mem0,mem1' },
      ways: { kind: 'ways', required: false, help: 'interleave ways: the number of memdevs (cxl checks that they agree)' },
      granularity: { kind: { oneOf: CXL_GRANULARITIES }, required: false, help: "interleave granularity in bytes; default: the window's" },
      size: { kind: 'size', required: false, help: 'size (2G); default: the smallest memdev\'s capacity times the ways' },
      type: { kind: { oneOf: CXL_REGION_TYPES }, required: false, default: 'pmem', help: 'pmem (persistent: namespaces on it) or ram (volatile: a dax device)' },
    },
  },
  'cxl.region-destroy': { summary: 'Destroy a CXL region: its address range and the memdevs\' capacity are freed', params: { region: { kind: 'region', required: true, help: 'CXL region (region0)' } } },
  'cxl.region-enable': { summary: 'Enable a CXL region: its nd region (pmem) or dax region (ram) comes back', params: { region: { kind: 'region', required: true, help: 'CXL region (region0)' } } },
  'cxl.region-disable': { summary: 'Disable a CXL region: its nd region or dax region, and everything on it, goes away', params: { region: { kind: 'region', required: true, help: 'CXL region (region0)' } } },
  'cxl.memdev-enable': { summary: 'Enable a CXL memory device (its endpoint and decoders come back)', params: { memdev: { kind: 'memdev', required: true, help: 'CXL memory device (mem0)' } } },
  'cxl.memdev-disable': { summary: 'Disable a CXL memory device that is in no region', params: { memdev: { kind: 'memdev', required: true, help: 'CXL memory device (mem0)' } } },
  'interleave.set': {
    summary: 'Weighted interleave: set the weights of nodes by hand, or let the kernel set them from bandwidth (auto)',
    params: {
      weights: { kind: 'weights', required: false, help: 'node:weight pairs, 1 to 255 each: 0:5,1:2 (switches auto off)' },
      auto: { kind: { oneOf: YES_NO }, required: false, help: 'yes: the kernel sets the weights from bandwidth and keeps them so; no: keep the weights as they are, by hand' },
    },
  },
  'memory.offline': {
    summary: "Offline a dax device's memory, or a range of memory blocks",
    params: {
      device: { kind: 'dax', required: false, help: 'dax device whose memory to offline' },
      blocks: { kind: 'blocks', required: false, help: 'memory blocks instead of a device: 40 or 40-47' },
    },
  },
};

/** Parsed, checked parameters: device names as given, sizes in bytes, block ranges as [first, last]. */
export interface Params {
  region?: string;
  namespace?: string;
  device?: string;
  mode?: string;
  size?: number;
  align?: number;
  name?: string;
  zone?: string;
  online?: string;
  demotion?: string;
  balancing?: string;
  policy?: string;
  rule?: string;
  map?: string;
  bus?: string;
  dimm?: string;
  method?: string;
  scrub?: string;
  kek?: string;
  passphrase?: string;
  blocks?: [number, number];
  decoder?: string;
  memdevs?: string[];
  memdev?: string;
  ways?: number;
  granularity?: string;
  type?: string;
  'memmap-on-memory'?: string;
  /** node:weight pairs, as given ("0:5,1:2"). */
  weights?: string;
  auto?: string;
}

const PATTERNS: Record<'region' | 'namespace' | 'dax' | 'bus' | 'dimm' | 'kek' | 'decoder' | 'memdev', [RegExp, string]> = {
  decoder: [/^decoder\d{1,4}\.\d{1,4}$/, 'a decoder name like decoder0.0'],
  memdev: [/^mem\d{1,4}$/, 'a CXL memory device name like mem0'],
  kek: [KEK_HANDLE, 'a key handle like trusted:nvdimm-master or user:nvdimm-master'],
  bus: [/^ndbus\d{1,4}$/, 'a bus name like ndbus0'],
  dimm: [/^nmem\d{1,4}$/, 'a DIMM name like nmem0'],
  region: [/^region\d{1,4}$/, 'a region name like region0'],
  namespace: [/^namespace\d{1,4}\.\d{1,4}$/, 'a namespace name like namespace0.0'],
  dax: [/^dax\d{1,4}\.\d{1,4}$/, 'a dax device name like dax0.0'],
};

/** Whether a string names an action. */
export function isActionName(name: string): name is ActionName {
  return (ACTION_NAMES as readonly string[]).includes(name);
}

function parseOne(action: string, key: string, spec: ParamSpec, raw: string): Params[keyof Params] {
  const bad = (why: string) => new ParamError(`${action}: --${key} "${raw}" ${why}`);
  const kind = spec.kind;
  if (typeof kind === 'object') {
    if (!kind.oneOf.includes(raw)) throw bad(`is not one of ${kind.oneOf.join(', ')}`);
    return raw;
  }
  switch (kind) {
    case 'memdevs': {
      const names = raw.split(',');
      if (names.length > 16 || names.some((n) => !PATTERNS.memdev[0].test(n))) throw bad('is not a list of 1 to 16 memory devices like mem0,mem1');
      if (new Set(names).size !== names.length) throw bad('names a memory device twice');
      return names;
    }
    case 'weights': {
      const pairs = raw.split(',').map((x) => /^(\d{1,4}):(\d{1,3})$/.exec(x));
      if (pairs.some((m) => !m || Number(m[2]) < 1 || Number(m[2]) > 255)) throw bad('is not node:weight pairs with weights from 1 to 255, like 0:5,1:2');
      if (new Set(pairs.map((m) => m![1])).size !== pairs.length) throw bad('names a node twice');
      return raw;
    }
    case 'ways':
      if (!/^(1|2|3|4|6|8|12|16)$/.test(raw)) throw bad('is not a number of interleave ways CXL has: 1, 2, 3, 4, 6, 8, 12 or 16');
      return Number(raw);
    case 'region': case 'namespace': case 'dax': case 'bus': case 'dimm': case 'kek': case 'decoder': case 'memdev': {
      const [re, what] = PATTERNS[kind];
      if (!re.test(raw)) throw bad(`is not ${what}`);
      return raw;
    }
    case 'size': case 'align':
      try {
        return parsePositiveSize(raw);
      } catch (e) {
        if (e instanceof SizeError) throw new ParamError(`${action}: --${key}: ${e.message}`);
        throw e;
      }
    case 'blocks': {
      const m = /^(\d{1,7})(?:-(\d{1,7}))?$/.exec(raw);
      if (!m) throw bad('is not a memory block or range like 40 or 40-47');
      const first = Number(m[1]);
      const last = m[2] === undefined ? first : Number(m[2]);
      if (last < first) throw bad('ends before it starts');
      if (last - first + 1 > MAX_PLAN_STEPS) throw bad(`spans more than ${MAX_PLAN_STEPS} blocks; give a dax device's memory with --device instead`);
      return [first, last];
    }
    case 'name':
      if (!/^[A-Za-z0-9_.-]{1,63}$/.test(raw)) throw bad('may use only letters, digits, "_", "." and "-" (at most 63)');
      return raw;
  }
}

/** Checks an action's parameters: unknown, missing, malformed or conflicting ones are a ParamError. */
export function parseParams(action: string, raw: Record<string, string>): { action: ActionName; params: Params } {
  if (!isActionName(action)) throw new ParamError(`unknown action "${action}"; actions: ${ACTION_NAMES.join(', ')}`);
  const specs = CATALOG[action].params;
  const params: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) if (!Object.hasOwn(specs, key)) throw new ParamError(`${action} takes no --${key}; it takes ${Object.keys(specs).map((k) => `--${k}`).join(', ')}`);
  for (const [key, spec] of Object.entries(specs)) {
    const value = Object.hasOwn(raw, key) ? raw[key] : spec.default;
    if (value === undefined) {
      if (spec.required) throw new ParamError(`${action} needs --${key} (${spec.help})`);
      continue;
    }
    params[key] = parseOne(action, key, spec, value);
  }
  if ((action === 'memory.online' || action === 'memory.offline') && (params.device === undefined) === (params.blocks === undefined)) {
    throw new ParamError(`${action} needs either --device or --blocks, not ${params.device === undefined ? 'neither' : 'both'}`);
  }
  if (action === 'interleave.set' && (params.weights === undefined) === (params.auto === undefined)) {
    throw new ParamError(`interleave.set needs either --weights or --auto, not ${params.weights === undefined ? 'neither' : 'both'}`);
  }
  if (action === 'cxl.region-create' && params.ways !== undefined && params.ways !== (params.memdevs as string[]).length) {
    throw new ParamError(`cxl.region-create: --ways ${String(params.ways)} is not the number of memdevs given (${(params.memdevs as string[]).length}); cxl interleaves exactly the memdevs named`);
  }
  return { action, params: params as Params };
}

/** A plan request as it is typed after `pmem-console plan` or `apply`: "memory.auto-online --policy offline". */
export function requestLine(r: ActionRequest): string {
  return [r.action, ...Object.entries(r.params).map(([k, v]) => `--${k} ${v}`)].join(' ');
}

/** The key-encryption key to offer for a new passphrase: one the machine's key ring shows (a trusted key first), else the name
 *  ndctl's documentation uses, trusted:nvdimm-master. */
export function suggestedKek(keyring: readonly string[] | null | undefined): string {
  const keks = (keyring ?? []).filter((k) => KEK_HANDLE.test(k));
  return keks.find((k) => k.startsWith('trusted:')) ?? keks[0] ?? 'trusted:nvdimm-master';
}

/** The plan that sets the kernel's hotplug policy to leave new memory offline, offered where that policy stands in the way (a guard, a
 *  doctor's finding). */
export function autoOnlineFix(): ActionRequest {
  return { action: 'memory.auto-online', params: { policy: 'offline' } };
}
