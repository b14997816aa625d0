// Planners that make a dax device's system-RAM mode survive reboots (a daxctl.conf.d entry), and that set memory tiering.
import { confFileFor, CONSOLE_UDEV_RULE, formatDaxctlConf, sectionNameFor, type Guard, type Params } from '../../../shared/actions/index.js';
import { kernelZoneText, type DaxDevice, type Topology } from '../../../shared/model/index.js';
import { block, findDax, impossible, put, remove, warn, write, type Draft, type PlanInput } from './draft.js';
import { poisonGuards } from './guards.js';

/** The namespace UUID daxctl.conf.d keys a dax device by, or why there is none (a blocking guard). */
function namespaceUuid(t: Topology, d: DaxDevice, guards: Guard[]): string | null {
  const ns = d.namespace ? t.namespaces.find((n) => n.dev === d.namespace) : undefined;
  if (!ns) {
    guards.push(impossible('no-namespace', `${d.dev} is not on an NVDIMM namespace (its memory comes from CXL or soft-reserved ranges): daxctl.conf.d entries are keyed by a namespace UUID, so daxctl cannot reconfigure it at boot from a file; reconfigure it from a boot script instead`));
    return null;
  }
  if (!ns.uuid) {
    guards.push(impossible('no-uuid', `${ns.dev} has no UUID (a legacy memmap= or label-less e820 namespace): daxctl.conf.d entries are keyed by a namespace UUID, so ${d.dev} cannot be reconfigured at boot from a file; reconfigure it from a boot script instead`));
    return null;
  }
  return ns.uuid;
}

/** persistence.write: a daxctl.conf.d entry so the device comes back as system RAM after a reboot. */
export function planPersistenceWrite(input: PlanInput, p: Params): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const d = findDax(t, p.device!, guards);
  const uuid = d ? namespaceUuid(t, d, guards) : null;
  if (d) poisonGuards(t, d, 'at every boot', guards);
  // The entry says what the device becomes at boot, whatever it is now: a devdax device (one just given back, say) would be system RAM again.
  if (d && d.mode !== 'system-ram') {
    guards.push(warn('not-system-ram-now', `${d.dev} is ${d.mode} now: this entry makes it system RAM at the next boot, and its memory is then in use by the kernel, not available as ${d.dev}; to keep it ${d.mode}, do not write the entry (or remove it: pmem-console apply persistence.remove --device ${d.dev})`));
  }
  const movable = p.zone !== 'normal';
  const online = p.online !== 'no';
  const path = uuid ? confFileFor(uuid) : '';
  if (uuid) {
    for (const f of t.persistence.confFiles) {
      if (f.path !== path && f.sections.some((s) => s.uuid === uuid)) guards.push(warn('also-configured', `${f.path} also has an entry for this namespace; daxctl refuses duplicate entries, so remove that one by hand`));
    }
    if (t.persistence.bootProblem) guards.push(warn('not-applied-at-boot', `the entry is written, but it will not take effect at boot: ${t.persistence.bootProblem}`));
  }
  const content = uuid ? formatDaxctlConf({ name: sectionNameFor(uuid), uuid, mode: 'system-ram', online, movable }) : '';
  const existed = t.persistence.confFiles.some((f) => f.path === path);
  return {
    object: p.device!, summary: `Keep ${p.device} as system RAM across reboots (${online ? `online, ${movable ? 'movable' : d ? kernelZoneText(d.ranges) : 'in a kernel zone'}` : 'left offline'})`,
    risk: 'reversible', guards,
    steps: uuid ? [put(path, content, `${existed ? 'replaces' : 'writes'} ${path}: at boot, daxctl reconfigures the dax device of namespace ${uuid} as system RAM`)] : [],
    rollback: { action: 'persistence.remove', params: { device: p.device! } }, noRollbackBecause: null,
  };
}

/** persistence.remove: removes the console's daxctl.conf.d entry for the device's namespace. */
export function planPersistenceRemove(input: PlanInput, p: Params): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const d = findDax(t, p.device!, guards);
  const uuid = d ? namespaceUuid(t, d, guards) : null;
  const path = uuid ? confFileFor(uuid) : '';
  const ours = uuid ? t.persistence.confFiles.find((f) => f.path === path) : undefined;
  if (uuid && !ours) guards.push(block('nothing', `there is no entry for ${p.device} (${path}) to remove`));
  for (const f of t.persistence.confFiles) {
    if (uuid && f.path !== path && f.sections.some((s) => s.uuid === uuid)) guards.push(warn('also-configured', `${f.path} also has an entry for this namespace, which the console did not write: remove it by hand, or ${p.device} becomes system RAM again at boot`));
  }
  const was = ours?.sections[0];
  return {
    object: p.device!, summary: `Stop making ${p.device} system RAM at boot`, risk: 'reversible', guards,
    steps: ours ? [remove(path, `removes ${path}: after a reboot, ${p.device} stays devdax`)] : [],
    rollback: was ? { action: 'persistence.write', params: { device: p.device!, zone: was.movable ? 'movable' : 'normal', online: was.online ? 'yes' : 'no' } } : null,
    noRollbackBecause: was ? null : 'there is nothing to remove',
  };
}

/** What numa_balancing values mean. */
export const BALANCING = { off: 0, normal: 1, tiering: 2, both: 3 } as const;

/** tiering.set: page demotion to slower tiers, and NUMA balancing's memory-tiering mode (promotion of hot pages). */
export function planTiering(input: PlanInput, p: Params): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const steps = [];
  const names = Object.keys(BALANCING) as (keyof typeof BALANCING)[];
  const currentBalancing = names.find((n) => BALANCING[n] === t.numaBalancing) ?? null;
  if (p.demotion !== undefined) {
    if (t.demotionEnabled === null) guards.push(impossible('no-demotion', 'this kernel has no /sys/kernel/mm/numa/demotion_enabled (demotion needs Linux 5.15 or later)'));
    else if (t.demotionEnabled !== (p.demotion === 'yes')) steps.push(write('/sys/kernel/mm/numa/demotion_enabled', p.demotion === 'yes' ? 'true' : 'false', p.demotion === 'yes' ? 'cold pages are demoted to slower memory tiers instead of being reclaimed' : 'pages are no longer demoted to slower tiers'));
  }
  if (p.balancing !== undefined) {
    const value = BALANCING[p.balancing as keyof typeof BALANCING];
    if (t.numaBalancing === null) guards.push(impossible('no-balancing', 'this kernel has no /proc/sys/kernel/numa_balancing'));
    else if (t.numaBalancing !== value) steps.push(write('/proc/sys/kernel/numa_balancing', String(value), value === 2 || value === 3 ? 'NUMA balancing promotes hot pages from slower tiers (memory tiering mode)' : value === 1 ? 'NUMA balancing moves pages towards the CPUs using them (normal mode)' : 'NUMA balancing is off'));
  }
  if (p.demotion === undefined && p.balancing === undefined) guards.push(impossible('nothing', 'say what to set: --demotion yes|no and/or --balancing off|normal|tiering|both'));
  else if (steps.length === 0 && !guards.some((g) => g.blocking)) guards.push(block('unchanged', `nothing to change: demotion is ${t.demotionEnabled ? 'on' : 'off'} and numa_balancing is ${currentBalancing ?? t.numaBalancing}`));
  // numa_balancing 2 is the tiering mode alone: where normal balancing was on, it stops (3 keeps both).
  if (p.balancing === 'tiering' && (t.numaBalancing === 1 || t.numaBalancing === 3)) {
    const cpuNodes = t.nodes.filter((n) => n.cpuCount > 0).length;
    guards.push(warn('normal-stops', `numa_balancing ${t.numaBalancing} (${currentBalancing}) includes the normal mode, which moves pages towards the CPUs that use them${cpuNodes > 1 ? ` across this machine's ${cpuNodes} CPU nodes` : ''}; tiering alone (2) stops it: --balancing both (3) keeps it and adds tiering`));
  }
  if (t.tiers.length < 2 && steps.length) guards.push(warn('one-tier', 'there is only one memory tier now: demotion and tiering need a slower tier (a CPU-less node with persistent or CXL memory online)'));
  const rollback: Record<string, string> = {};
  if (p.demotion !== undefined && t.demotionEnabled !== null) rollback.demotion = t.demotionEnabled ? 'yes' : 'no';
  if (p.balancing !== undefined && currentBalancing) rollback.balancing = currentBalancing;
  return {
    object: 'memory-tiering', summary: `Set memory tiering: ${[p.demotion !== undefined ? `demotion ${p.demotion === 'yes' ? 'on' : 'off'}` : '', p.balancing !== undefined ? `numa_balancing ${p.balancing}` : ''].filter(Boolean).join(', ')}`,
    risk: 'reversible', guards, steps,
    rollback: Object.keys(rollback).length ? { action: 'tiering.set', params: rollback } : null, noRollbackBecause: Object.keys(rollback).length ? null : 'nothing would change',
  };
}

/** What keeps a hotplug policy after a reboot: the kernel command line, the kernel's build, udev rules; a plan changes none of them. */
const AFTER_REBOOT = 'This lasts until the next boot: at boot the policy comes from memhp_default_state= on the kernel command line, or else the kernel\'s build (CONFIG_MHP_DEFAULT_ONLINE_TYPE_*, CONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE); the console does not edit boot configuration';

/** Sets auto_online_blocks, the kernel's policy for memory as it is hot-added, until the next boot. */
export function planAutoOnline(input: PlanInput, p: Params): Draft {
  const t = input.topology;
  const guards: Guard[] = [];
  const steps = [];
  const now = t.memory.autoOnlineBlocks;
  const policy = p.policy!;
  if (now === null) guards.push(impossible('no-hotplug', 'this kernel has no /sys/devices/system/memory/auto_online_blocks (memory hotplug is not built in)'));
  else if (now === policy) guards.push(block('unchanged', `nothing to change: auto_online_blocks is "${now}" already`));
  else {
    const what = policy === 'offline' ? 'new memory stays offline until it is onlined, so daxctl chooses its zone'
      : policy === 'online_movable' ? 'the kernel onlines new memory into ZONE_MOVABLE as it is added'
        : 'the kernel onlines new memory into a kernel zone as it is added (ZONE_NORMAL, or ZONE_DMA32 below 4 GiB; it may never go offline again)';
    steps.push(write('/sys/devices/system/memory/auto_online_blocks', policy, what));
    guards.push(warn('until-reboot', `${AFTER_REBOOT}.`));
    const udev = input.findings.find((f) => f.id === 'udev-online');
    if (udev && policy === 'offline') guards.push(warn('udev-online', `this does not stop udev: ${udev.detail}`));
  }
  return {
    object: 'memory-hotplug', summary: `Set auto_online_blocks to ${policy} (until the next boot)`, risk: 'reversible', guards, steps,
    rollback: now && now !== policy ? { action: 'memory.auto-online', params: { policy: now } } : null,
    noRollbackBecause: now && now !== policy ? null : 'nothing would change',
  };
}

/** persistence.boot-rule: the console's copy of daxctl's udev rule in /etc/udev/rules.d (where udev takes it over the packaged one), so
 *  daxctl.conf.d entries are applied at boot; or that copy removed again. Never a file the console did not write. */
export function planBootRule(input: PlanInput, p: Params): Draft {
  const { persistence, tools } = input.topology;
  const guards: Guard[] = [];
  const rule = persistence.udevRule;
  const ours = rule?.byConsole === true;
  const { path, content } = CONSOLE_UDEV_RULE;
  const fixed = p.rule === 'fixed';
  if (fixed) {
    if (!tools.daxctl) guards.push(impossible('no-daxctl', 'daxctl is not installed: the rule runs it (Debian: apt install daxctl)'));
    else if (ours) guards.push(block('unchanged', `${path} is the console's copy already`));
    else if (rule?.path === path) guards.push(block('not-ours', `${path} is there and is not the console's: it is left as it is (edit or remove it yourself)`));
    else if (!persistence.bootProblem) guards.push(block('unchanged', `daxctl.conf.d entries are applied at boot already (${rule?.path} runs ${rule?.command})`));
  } else if (!ours) guards.push(block('not-ours', rule?.path === path ? `${path} is not the console's copy: it is left as it is` : `there is no console copy of the rule at ${path} to remove`));
  const blocked = guards.some((g) => g.blocking);
  return {
    object: 'daxctl-udev-rule',
    summary: fixed ? `Put the console's copy of daxctl's udev rule at ${path}, so daxctl.conf.d is applied at boot` : `Remove the console's copy of daxctl's udev rule (${path}), back to the packaged rule`,
    risk: 'reversible', guards,
    steps: blocked ? [] : [fixed
      ? put(path, content, 'udev runs daxctl reconfigure-device -C for each dax device as it appears: daxctl.conf.d entries are applied at boot')
      : remove(path, 'udev goes back to the packaged rule of the same name, where one is installed')],
    rollback: blocked ? null : { action: 'persistence.boot-rule', params: { rule: fixed ? 'package' : 'fixed' } },
    noRollbackBecause: blocked ? 'nothing would change' : null,
  };
}
