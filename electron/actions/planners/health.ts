// Planners for the FAQ of the kmem series: scrub a bus for poison, clear a namespace's poison, freeze a DIMM's security, sanitize a DIMM.
import type { Guard, Params, Step } from '../../../shared/actions/index.js';
import { poisonSites, type Bus, type Dimm, type Topology } from '../../../shared/model/index.js';
import { formatBytes } from '../../../shared/units/index.js';
import { block, findNamespace, impossible, run, warn, type Draft, type PlanInput } from './draft.js';
import { namespaceInUse } from './guards.js';

/** The bus commands an address range scrub needs (Linux nvdimm_bus_cmd_name). */
const ARS_COMMANDS = ['ars_cap', 'ars_start', 'ars_status'];

/** Why a bus cannot scrub, or null where it can: no nfit/scrub file means the platform has no address range scrub (QEMU's NVDIMM). */
export function scrubUnsupported(bus: Bus): string | null {
  if (bus.scrubCount !== null && bus.scrubCount !== undefined) return null;
  if (bus.scrubCount === undefined) return `${bus.dev}'s scrub state was not read (a read saved before it was); read the machine again`;
  const cmds = bus.commands ? ` (its commands: ${bus.commands.join(' ') || 'none'})` : '';
  return `${bus.dev} (${bus.provider}) has no address range scrub${bus.commands && !ARS_COMMANDS.every((c) => bus.commands!.includes(c)) ? cmds : ''}: the kernel shows no nfit/scrub file, so ndctl can neither scrub nor clear errors there`;
}

function findBus(t: Topology, dev: string, guards: Guard[]): Bus | null {
  const b = t.buses.find((x) => x.dev === dev) ?? null;
  if (!b) guards.push(impossible('missing', `${dev} does not exist on this machine (buses: ${t.buses.map((x) => x.dev).join(', ') || 'none'})`));
  return b;
}

function findDimm(t: Topology, dev: string, guards: Guard[]): Dimm | null {
  const d = t.dimms.find((x) => x.dev === dev) ?? null;
  if (!d) guards.push(impossible('missing', `${dev} does not exist on this machine (DIMMs: ${t.dimms.map((x) => x.dev).join(', ') || 'none'})`));
  return d;
}

/** bus.scrub: an address range scrub of every region on the bus, waited for; the poison it finds joins the regions' bad-block lists. */
export function planBusScrub(input: PlanInput, p: Params): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const bus = findBus(t, p.bus!, guards);
  if (bus) {
    const why = scrubUnsupported(bus);
    if (why) guards.push(block('no-scrub', why));
    if (bus.scrubState === 'active') guards.push(warn('scrub-running', `a scrub of ${bus.dev} is running already; ndctl waits for it and starts another`));
  }
  const bytes = t.regions.filter((r) => r.bus === p.bus).reduce((s, r) => s + r.size, 0);
  return {
    object: p.bus!, summary: `Scrub ${p.bus}${bytes ? ` (${formatBytes(bytes)} of persistent memory)` : ''} for poison and wait for it to end`,
    risk: 'safe', guards,
    steps: [
      run(['ndctl', 'start-scrub', p.bus!], `the platform starts reading every line of ${p.bus}'s persistent memory (nothing is written)`),
      run(['ndctl', 'wait-scrub', p.bus!], 'waits until the scrub ends; the poison it found is in the regions\' bad-block lists'),
    ],
    rollback: null, noRollbackBecause: 'a scrub only reads the media',
  };
}

/** namespace.clear-errors: ndctl takes the namespace down, clears the poison wholly inside its data, and brings it back. */
export function planClearErrors(input: PlanInput, p: Params): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const scrub = p.scrub === 'yes';
  const ns = findNamespace(t, p.namespace!, guards);
  if (ns) {
    const bus = t.buses.find((b) => b.dev === t.regions.find((r) => r.dev === ns.region)?.bus);
    const why = bus ? scrubUnsupported(bus) : `${ns.region} is on no bus the console knows`;
    if (why) guards.push(block('no-scrub', `${why}. ndctl refuses: "Unable to determine scrub state: Operation not supported"`));
    if (ns.mode === 'sector') guards.push(block('btt', `${ns.dev} is a sector (BTT) namespace: ndctl skips those ("skip error clearing for btt"); write over the bad sectors through /dev/${ns.blockdev ?? 'pmemXs'} instead`));
    namespaceInUse(input, ns, guards);
    const sites = poisonSites(t).filter((s) => s.namespace === ns.dev);
    const known = sites.length ? sites.reduce((s, x) => s + x.length, 0) : ns.badblockCount * 512;
    if (!known && !scrub) guards.push(block('nothing', `${ns.dev} has no known poison; --scrub yes looks for poison not known yet first`));
    if (known) guards.push(warn('data-lost', `${formatBytes(known)} of ${ns.dev} is poisoned: its contents are lost already; after clearing it reads as zeros, so restore those files or records from a backup`));
  }
  return {
    object: p.namespace!, summary: `Clear the known poison of ${p.namespace}${scrub ? ', after a scrub of its bus finds any not known yet' : ''}`,
    risk: 'reversible', guards,
    steps: [run(['ndctl', 'clear-errors', ...(scrub ? ['--scrub'] : []), p.namespace!], `${p.namespace} goes away for a moment while the platform clears the poison inside its data, then comes back`)],
    rollback: null, noRollbackBecause: 'cleared poison does not come back; the data it held was unreadable already',
  };
}

/** What a DIMM's security allows: a DIMM without security commands (QEMU's) or with its security frozen allows no change. */
function securityGuards(d: Dimm, guards: Guard[]): void {
  if (d.security === null) guards.push(block('no-security', `${d.dev}'s firmware has no security commands (the kernel shows no security file${d.dsm ? `; its commands: ${d.dsm.commands.join(' ')}` : ''}): ndctl says "security operation not supported"`));
  else if (d.securityFrozen) guards.push(block('frozen', `${d.dev}'s security is frozen until the next power cycle: no passphrase change, erase or overwrite until then`));
  else if (d.security === 'overwrite') guards.push(block('overwrite', `${d.dev} is being overwritten; wait for it to end`));
  else if (d.security === 'locked') guards.push(block('locked', `${d.dev} is locked: unlock it with its passphrase first (its key is loaded at boot by ndctl load-keys)`));
}

/** dimm.freeze-security: until the next power cycle the DIMM's passphrase cannot be changed or removed, and it cannot be erased. */
export function planFreezeSecurity(input: PlanInput, p: Params): Draft {
  const guards: Guard[] = [];
  const d = findDimm(input.topology, p.dimm!, guards);
  if (d) securityGuards(d, guards);
  if (d && d.security === 'disabled') guards.push(warn('no-passphrase', `${d.dev} has no passphrase: frozen, it cannot be given one until the next power cycle, and it stays unlocked at power loss`));
  return {
    object: p.dimm!, summary: `Freeze ${p.dimm}'s security until the next power cycle`,
    risk: 'disruptive', guards,
    steps: [run(['ndctl', 'freeze-security', p.dimm!], `${p.dimm}'s passphrase cannot be set, changed or removed, and the DIMM cannot be erased, until the next power cycle`)],
    rollback: null, noRollbackBecause: 'only a power cycle unfreezes a DIMM',
  };
}

/** dimm.sanitize: every byte of the DIMM erased; every region it is part of loses every namespace (an interleaved region spans DIMMs). */
export function planSanitize(input: PlanInput, p: Params): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const overwrite = p.method === 'overwrite';
  const d = findDimm(t, p.dimm!, guards);
  const regions = d ? t.regions.filter((r) => r.mappings.some((m) => m.dimm === d.dev)) : [];
  const lost = regions.flatMap((r) => t.namespaces.filter((n) => n.region === r.dev && n.size > 0));
  if (d) {
    securityGuards(d, guards);
    const what = regions.map((r) => {
      const nss = lost.filter((n) => n.region === r.dev).map((n) => `${n.dev} (${n.mode}, ${formatBytes(n.size)}${n.name ? `, "${n.name}"` : ''})`);
      const others = [...new Set(r.mappings.map((m) => m.dimm))].filter((x) => x !== d.dev);
      const used = r.size - r.availableSize;
      // A disabled region lists no namespaces (their devices are gone until it is enabled); its labels still hold them.
      const held = r.state === 'disabled' ? (used > 0 ? `disabled, so its namespaces are not listed; ${formatBytes(used)} of it is allocated to them` : 'disabled, with no space allocated to namespaces') : nss.length ? nss.join(', ') : 'no namespaces';
      return `${r.dev}${others.length ? ` (interleaved with ${others.join(', ')})` : ''}: ${held}`;
    });
    if (regions.length) guards.push(warn('destroys', `sanitizing ${d.dev} destroys every namespace of ${regions.length === 1 ? 'the region' : `the ${regions.length} regions`} it is part of: ${what.join('; ')}`));
    const enabled = regions.filter((r) => r.state === 'enabled');
    if (enabled.length) guards.push(block('regions-enabled', `${enabled.map((r) => r.dev).join(', ')} ${enabled.length === 1 ? 'is' : 'are'} enabled; the kernel refuses to erase an active DIMM. Disable ${enabled.length === 1 ? 'it' : 'them'} first (region.disable --region ${enabled[0]!.dev}${enabled.length > 1 ? ', …' : ''}), after stopping what uses ${enabled.length === 1 ? 'it' : 'them'}`));
    for (const ns of lost) if (ns.state === 'enabled') namespaceInUse(input, ns, guards);
    if (!overwrite && d.security === 'unlocked') guards.push(warn('key', `${d.dev} has a passphrase: ndctl erases with the key it keeps for it in /etc/ndctl/keys (nvdimm_${d.id ?? '<id>'}_<hostname>.blob, sealed by the key-encryption key in the kernel key ring) and then drops it; without that key the erase fails`));
  }
  const steps: Step[] = overwrite
    ? [
      run(['ndctl', 'sanitize-dimm', '--overwrite', p.dimm!], `${p.dimm} starts writing every cell: all its data, and every namespace of ${regions.map((r) => r.dev).join(', ') || 'its regions'}, is gone`),
      run(['ndctl', 'wait-overwrite', p.dimm!], 'waits until the overwrite ends (hours on a large DIMM)'),
    ]
    : [run(['ndctl', 'sanitize-dimm', '--crypto-erase', ...(d && d.security === 'disabled' ? ['--zero-key'] : []), p.dimm!], `${p.dimm} gets a new media key: all its data, and every namespace of ${regions.map((r) => r.dev).join(', ') || 'its regions'}, is unreadable for good`)];
  return {
    object: p.dimm!, summary: `Sanitize ${p.dimm} by ${overwrite ? 'overwriting every cell' : 'crypto erase'}: ${lost.length ? `${lost.length} namespace${lost.length === 1 ? '' : 's'} (${lost.map((n) => n.dev).join(', ')}) and ` : ''}all data on it is destroyed`,
    risk: 'destructive', guards, steps,
    rollback: null, noRollbackBecause: 'erased data cannot be brought back',
  };
}
