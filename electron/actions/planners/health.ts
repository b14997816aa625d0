// Planners for poison, the FAQ of the kmem series: scrub a bus for it, clear a namespace's.
import type { Guard, Params } from '../../../shared/actions/index.js';
import { namespacePoisonBytes, type Bus } from '../../../shared/model/index.js';
import { formatBytes } from '../../../shared/units/index.js';
import { block, findBus, findNamespace, run, warn, type Draft, type PlanInput } from './draft.js';
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
    const known = namespacePoisonBytes(t, ns.dev);
    if (!known && !scrub) guards.push(block('nothing', `${ns.dev} has no known poison; --scrub yes looks for poison not known yet first`));
    if (known) guards.push(warn('data-lost', `${formatBytes(known)} of ${ns.dev} is poisoned: its contents are lost already; once cleared it reads without errors but not as it was, so restore what was stored there from a backup`));
  }
  return {
    object: p.namespace!, summary: `Clear the known poison of ${p.namespace}${scrub ? ', after a scrub of its bus finds any not known yet' : ''}`,
    risk: 'reversible', guards,
    steps: [run(['ndctl', 'clear-errors', ...(scrub ? ['--scrub'] : []), p.namespace!], `${p.namespace} goes away for a moment while the platform clears the poison inside its data, then comes back`)],
    rollback: null, noRollbackBecause: 'cleared poison does not come back; the data it held was unreadable already',
  };
}
