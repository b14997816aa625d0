// What a planner gives back: the plan before its prediction, and the facts planners decide from.
import type { ActionRequest, Guard, Risk, Step } from '../../../shared/actions/index.js';
import type { Bus, DaxDevice, Dimm, Namespace, Region, Topology } from '../../../shared/model/index.js';
import type { Finding } from '../../system/doctor.js';
import type { Usage } from '../../system/usage.js';

/** The machine as a planner sees it: snapshot, doctor findings, and who uses what. */
export interface PlanInput {
  topology: Topology;
  findings: Finding[];
  usage: Usage;
}

/** A plan without its prediction. */
export interface Draft {
  object: string;
  summary: string;
  risk: Risk;
  steps: Step[];
  guards: Guard[];
  rollback: ActionRequest | null;
  noRollbackBecause: string | null;
}

/** A blocking guard. */
export const block = (id: string, message: string): Guard => ({ id, blocking: true, message });
/** A blocking guard that says the request cannot work on this machine at all (bad input). */
export const impossible = (id: string, message: string): Guard => ({ id, blocking: true, message, badInput: true });
/** A warning guard. */
export const warn = (id: string, message: string): Guard => ({ id, blocking: false, message });

/** A tool step. */
export const run = (argv: string[], changes: string): Step => ({ op: { kind: 'exec', argv }, changes });
/** A step that puts a configuration file in place, whole. */
export const put = (path: string, content: string, changes: string): Step => ({ op: { kind: 'put', path, content }, changes });
/** A step that removes a configuration file. */
export const remove = (path: string, changes: string): Step => ({ op: { kind: 'remove', path }, changes });
/** A sysfs write step. */
export const write = (path: string, value: string, changes: string): Step => ({ op: { kind: 'write', path, value }, changes });

/** Finds a region, or says it is missing (a blocking guard). */
export function findRegion(t: Topology, dev: string, guards: Guard[]): Region | null {
  const r = t.regions.find((x) => x.dev === dev) ?? null;
  if (!r) guards.push(impossible('missing', `${dev} does not exist on this machine (regions: ${t.regions.map((x) => x.dev).join(', ') || 'none'})`));
  return r;
}

/** Finds an active namespace, or says it is missing. */
export function findNamespace(t: Topology, dev: string, guards: Guard[]): Namespace | null {
  const ns = t.namespaces.find((x) => x.dev === dev && x.size > 0) ?? null;
  if (!ns) guards.push(impossible('missing', `${dev} does not exist on this machine (namespaces: ${t.namespaces.filter((x) => x.size > 0).map((x) => x.dev).join(', ') || 'none'})`));
  return ns;
}

/** Finds a dax device, or says it is missing. */
export function findDax(t: Topology, dev: string, guards: Guard[]): DaxDevice | null {
  const d = t.daxDevices.find((x) => x.dev === dev) ?? null;
  if (!d) guards.push(impossible('missing', `${dev} does not exist on this machine (dax devices: ${t.daxDevices.map((x) => x.dev).join(', ') || 'none'})`));
  return d;
}

/** Finds a bus, or says it is missing. */
export function findBus(t: Topology, dev: string, guards: Guard[]): Bus | null {
  const b = t.buses.find((x) => x.dev === dev) ?? null;
  if (!b) guards.push(impossible('missing', `${dev} does not exist on this machine (buses: ${t.buses.map((x) => x.dev).join(', ') || 'none'})`));
  return b;
}

/** Finds a DIMM, or says it is missing. */
export function findDimm(t: Topology, dev: string, guards: Guard[]): Dimm | null {
  const d = t.dimms.find((x) => x.dev === dev) ?? null;
  if (!d) guards.push(impossible('missing', `${dev} does not exist on this machine (DIMMs: ${t.dimms.map((x) => x.dev).join(', ') || 'none'})`));
  return d;
}

/** The dax device living on a namespace (devdax mode), if any. */
export function daxOfNamespace(t: Topology, ns: Namespace): DaxDevice | null {
  return t.daxDevices.find((d) => d.namespace === ns.dev || (ns.chardev !== null && d.dev === ns.chardev)) ?? null;
}
