// Planners for namespaces and regions: create, destroy, reconfigure, enable/disable, label initialisation.
import type { Params } from '../../../shared/actions/index.js';
import type { Guard } from '../../../shared/actions/index.js';
import { formatBytes } from '../../../shared/units/index.js';
import { isMemmapRegion } from '../../../shared/model/index.js';
import { block, findNamespace, findRegion, impossible, run, warn, type Draft, type PlanInput } from './draft.js';
import { namespaceInUse, regionUsable } from './guards.js';

const PAGE_ALIGNS = [4096, 2 ** 21, 2 ** 30];

function alignGuards(mode: string, align: number | undefined, guards: Guard[]): void {
  if (align === undefined) return;
  if (mode !== 'fsdax' && mode !== 'devdax') guards.push(impossible('align', `--align applies to fsdax and devdax only, not ${mode}`));
  else if (!PAGE_ALIGNS.includes(align)) guards.push(impossible('align', `${formatBytes(align)} is not a page size ${mode} supports; use 4K, 2M or 1G`));
}

function modeArgs(p: Params): string[] {
  return ['-m', p.mode!, ...(p.map !== undefined ? ['-M', p.map] : []), ...(p.align !== undefined ? ['-a', String(p.align)] : []), ...(p.name !== undefined ? ['-n', p.name] : [])];
}

/** Bytes of page map (64-byte struct page per 4 KiB page) that fsdax with --map dev keeps on the namespace itself. */
const pageMapBytes = (size: number) => (size / 4096) * 64;

/** namespace.create: carve a namespace out of a labelled region's free space. */
export function planNamespaceCreate(input: PlanInput, p: Params): Draft {
  const guards: Guard[] = [];
  const r = findRegion(input.topology, p.region!, guards);
  if (r) {
    regionUsable(r, guards);
    if (!r.labelled) guards.push(block('label-less', `${r.dev} has no namespace labels, so it holds exactly one namespace and cannot be divided; change that namespace's mode with namespace.reconfigure, or initialise labels first (labels.init, which removes it)`));
    const size = p.size ?? r.maxAvailableExtent;
    if (r.labelled && size === 0) guards.push(block('no-space', `${r.dev} has no free space left`));
    else if (size > r.size) guards.push(impossible('too-big', `${formatBytes(size)} is larger than ${r.dev} itself (${formatBytes(r.size)})`));
    else if (r.labelled && size > r.maxAvailableExtent) guards.push(block('no-space', `${formatBytes(size)} does not fit: the largest free extent of ${r.dev} is ${formatBytes(r.maxAvailableExtent)} (${formatBytes(r.availableSize)} free in all)`));
    if (r.labelled && r.align && size % r.align !== 0) guards.push(impossible('size-align', `${formatBytes(size)} is not a multiple of ${r.dev}'s alignment (${formatBytes(r.align)}); try ${formatBytes(Math.ceil(size / r.align) * r.align)}`));
  }
  alignGuards(p.mode!, p.align, guards);
  const sizeArgs = p.size !== undefined ? ['-s', String(p.size)] : [];
  return {
    object: p.region!, summary: `Create a ${p.mode} namespace of ${p.size !== undefined ? formatBytes(p.size) : 'the largest free extent'} in ${p.region}`,
    risk: 'reversible', guards,
    steps: [run(['ndctl', 'create-namespace', '-r', p.region!, ...modeArgs(p), ...sizeArgs], `a new ${p.mode} namespace in ${p.region}, from free space (no data is touched)`)],
    rollback: null, noRollbackBecause: 'the new namespace gets its name when it is made; destroy it with namespace.destroy',
  };
}

/** namespace.destroy: remove a namespace; its data is gone. */
export function planNamespaceDestroy(input: PlanInput, p: Params): Draft {
  const guards: Guard[] = [];
  const ns = findNamespace(input.topology, p.namespace!, guards);
  if (ns) {
    namespaceInUse(input, ns, guards);
    if (ns.legacy) guards.push(warn('legacy', `${ns.dev} is label-less: it comes back (as raw) at the next region enable or reboot; its data does not`));
  }
  return {
    object: p.namespace!, summary: `Destroy ${p.namespace}${ns ? ` (${ns.mode}, ${formatBytes(ns.size)})` : ''} and everything stored on it`,
    risk: 'destructive', guards,
    steps: [run(['ndctl', 'destroy-namespace', '-f', p.namespace!], `${p.namespace} is removed; the data on it is lost`)],
    rollback: null, noRollbackBecause: 'destroyed data cannot be brought back',
  };
}

/** namespace.reconfigure: change the mode of a namespace in place (ndctl create-namespace -f -e). */
export function planNamespaceReconfigure(input: PlanInput, p: Params): Draft {
  const guards: Guard[] = [];
  const ns = findNamespace(input.topology, p.namespace!, guards);
  if (ns) {
    namespaceInUse(input, ns, guards);
    if (ns.mode === p.mode && p.align === undefined && p.name === undefined) guards.push(warn('same-mode', `${ns.dev} is already ${p.mode}; reconfiguring writes a new info block and still loses its data`));
  }
  alignGuards(p.mode!, p.align, guards);
  if (p.map !== undefined && p.mode !== 'fsdax') guards.push(impossible('map', `--map applies to fsdax only, not ${p.mode}`));
  if (p.mode === 'fsdax' && p.map !== 'mem' && ns) {
    guards.push(warn('page-map', `its page map (64 bytes per 4 KiB page, about ${formatBytes(pageMapBytes(ns.size))}) is kept on the namespace, so less of it is usable; --map mem keeps the map in RAM instead and the whole namespace usable${isMemmapRegion(input.topology, ns.region) ? ' (as the kernel sets up a memmap= namespace)' : ''}`));
  }
  return {
    object: p.namespace!, summary: `Turn ${p.namespace}${ns ? ` (${ns.mode}${ns.map ? `, page map in ${ns.map === 'mem' ? 'RAM' : 'the namespace'}` : ''}, ${formatBytes(ns.size)})` : ''} into ${p.mode}${p.map ? ` with its page map in ${p.map === 'mem' ? 'RAM' : 'the namespace'}` : ''}; the data on it is lost`,
    risk: 'destructive', guards,
    steps: [run(['ndctl', 'create-namespace', '-f', '-e', p.namespace!, ...modeArgs(p)], `${p.namespace} becomes ${p.mode}; the data on it is lost`)],
    // Back as it was: the mode, and for fsdax where its page map was (on a memmap= namespace, in RAM: the whole namespace).
    rollback: ns ? { action: 'namespace.reconfigure', params: { namespace: ns.dev, mode: ns.mode, ...(ns.mode === 'fsdax' && ns.map ? { map: ns.map } : {}) } } : null,
    noRollbackBecause: ns ? null : 'the namespace does not exist',
  };
}

/** namespace.enable and namespace.disable. */
export function planNamespaceToggle(input: PlanInput, p: Params, enable: boolean): Draft {
  const guards: Guard[] = [];
  const ns = input.topology.namespaces.find((x) => x.dev === p.namespace && x.size > 0) ?? null;
  if (!ns) guards.push(impossible('missing', `${p.namespace} does not exist on this machine`));
  else if (enable && ns.state === 'enabled') guards.push(warn('already', `${ns.dev} is already enabled`));
  else if (!enable) namespaceInUse(input, ns, guards);
  const verb = enable ? 'enable' : 'disable';
  return {
    object: p.namespace!, summary: `${enable ? 'Enable' : 'Disable'} ${p.namespace}`,
    risk: enable ? 'reversible' : 'disruptive', guards,
    steps: [run(['ndctl', `${verb}-namespace`, p.namespace!], enable ? `${p.namespace}'s device appears` : `${p.namespace}'s device goes away (the data stays)`)],
    rollback: { action: enable ? 'namespace.disable' : 'namespace.enable', params: { namespace: p.namespace! } }, noRollbackBecause: null,
  };
}

/** region.enable and region.disable. */
export function planRegionToggle(input: PlanInput, p: Params, enable: boolean): Draft {
  const guards: Guard[] = [];
  const r = findRegion(input.topology, p.region!, guards);
  if (r && !enable) for (const ns of input.topology.namespaces.filter((n) => n.region === r.dev && n.size > 0)) namespaceInUse(input, ns, guards);
  if (r && enable && r.state === 'enabled') guards.push(warn('already', `${r.dev} is already enabled`));
  return {
    object: p.region!, summary: `${enable ? 'Enable' : 'Disable'} ${p.region}${enable ? '' : ' and every namespace in it'}`,
    risk: enable ? 'reversible' : 'disruptive', guards,
    steps: [run(['ndctl', `${enable ? 'enable' : 'disable'}-region`, p.region!], enable ? `${p.region} and its namespaces appear` : `${p.region}'s namespaces and devices go away (the data stays)`)],
    rollback: { action: enable ? 'region.disable' : 'region.enable', params: { region: p.region! } }, noRollbackBecause: null,
  };
}

/** labels.init: fresh label areas on a region's DIMMs (region disabled around it). Every namespace in the region is gone. */
export function planLabelsInit(input: PlanInput, p: Params): Draft {
  const guards: Guard[] = [];
  const r = findRegion(input.topology, p.region!, guards);
  const dimms = r ? [...new Set(r.mappings.map((m) => m.dimm))] : [];
  if (r) {
    if (dimms.length === 0) guards.push(block('no-dimms', `${r.dev} has no DIMMs with label areas (a legacy memmap= region has none)`));
    for (const ns of input.topology.namespaces.filter((n) => n.region === r.dev && n.size > 0)) namespaceInUse(input, ns, guards);
    const shared = input.topology.regions.filter((o) => o.dev !== r.dev && o.mappings.some((m) => dimms.includes(m.dimm)));
    if (shared.length) guards.push(block('shared-dimms', `the DIMMs of ${r.dev} also hold ${shared.map((o) => o.dev).join(', ')}; initialising their labels would remove those namespaces too`));
  }
  return {
    object: p.region!, summary: `Initialise the labels of ${dimms.join(', ') || 'the DIMMs'} (${p.region}); every namespace in ${p.region} is removed`,
    risk: 'destructive', guards,
    steps: [
      run(['ndctl', 'disable-region', p.region!], `${p.region} goes away while its labels are rewritten`),
      run(['ndctl', 'init-labels', '-f', ...dimms], `fresh, empty label areas on ${dimms.join(', ')}: the namespaces in ${p.region} are forgotten`),
      run(['ndctl', 'enable-region', p.region!], `${p.region} comes back with all its space free`),
    ],
    rollback: null, noRollbackBecause: 'the old labels are overwritten',
  };
}
