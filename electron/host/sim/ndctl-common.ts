// What the emulated ndctl's subcommands share: results, exit codes, option specs, usage errors, and libndctl's walk order.
import { allRegions, blocksOf, refreshSeeds, type Errno } from './kernel.js';
import { parseOptions, usageText, type OptionSpec, type ParsedOptions } from './options.js';
import type { SimBus, SimNamespace, SimRegion, SimState } from './state.js';

/** What a command printed and how it exited. */
export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The exit code ndctl gives for a kernel error (a negative errno, as a byte). */
export const exitFor = (e: Errno) => 256 - e.code;
/** "1 namespace", "2 namespaces". */
export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** An option with its help text, as ndctl's usage lists it. */
export type Spec = OptionSpec & { help: string; argName?: string };

/** An option error: exit 129 and the usage text, as ndctl prints it. */
export function usageError(message: string, usage: string, specs: Spec[]): CommandResult {
  // With no message (a command given no device), ndctl prints the usage alone (usage_with_options).
  return { exitCode: 129, stdout: '', stderr: `${message ? `  Error: ${message}\n\n` : ''}${usageText(usage, specs)}` };
}

/** A command's options as parse-options reads them, or its usage error (exit 129) for an option it does not know. */
export function optionsOrUsage(argv: readonly string[], specs: Spec[], usage: string): ParsedOptions | CommandResult {
  try {
    return parseOptions(argv, specs);
  } catch (e) {
    return usageError((e as Error).message, usage, specs);
  }
}

/** ndctl's check of a command that takes one operand: none is `missing`, each one more is "unknown extra parameter"; then the usage
 *  (exit 129). Null where there is exactly one. */
export function oneOperand(args: readonly string[], missing: string, usage: string, specs: Spec[]): CommandResult | null {
  if (args.length === 1) return null;
  const said = args.length === 0 ? `  Error: ${missing}\n\n` : args.slice(1).map((a) => `  Error: unknown extra parameter "${a}"\n\n`).join('');
  const shown = usageError('', usage, specs);
  return { ...shown, stderr: said + shown.stderr };
}

/** Buses in the order libndctl walks them: it prepends each it finds, so the last found comes first (nfit_test.1 before nfit_test.0). */
export function busesInOrder(state: SimState): SimBus[] {
  return [...state.buses].reverse();
}

/** Whether a bus is the one a -b/--bus value names (its provider, "ndbusN" or N), or there is no such value or it is "all"
 *  (util_bus_filter). */
export function busMatches(bus: SimBus, filter: string | undefined): boolean {
  return !filter || filter === 'all' || filter === bus.provider || filter === `ndbus${bus.id}` || filter === `${bus.id}`;
}

/** The regions in the order libndctl walks them (newest first). */
export function regionsInOrder(state: SimState): SimRegion[] {
  return [...allRegions(state)].sort((a, b) => b.id - a.id);
}

/** A region's namespaces in the order libndctl walks them (newest first). */
export function namespacesInOrder(r: SimRegion): SimNamespace[] {
  return [...r.namespaces].sort((a, b) => b.id - a.id);
}

/** Whether a region matches a -r filter (all, regionN or N). */
export const regionMatches = (r: SimRegion, filter: string | undefined) => !filter || filter === 'all' || filter === `region${r.id}` || filter === `${r.id}`;

/** Whether something holds the namespace so it cannot be disabled (kmem memory, a mount). */
export function namespaceBusy(state: SimState, ns: SimNamespace): boolean {
  if (ns.mountpoint) return true;
  if (ns.claim?.kind === 'dax' && ns.claim.device.mode === 'system-ram' && blocksOf(state, ns.claim.device.name).length > 0) return true;
  return false;
}


/** Drops a namespace's claim (btt, pfn or dax) and brings the region's seeds up to date. */
export function releaseClaim(r: SimRegion, ns: SimNamespace): void {
  ns.claim = null;
  refreshSeeds(r);
}
