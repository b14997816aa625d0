// What the privileged helper will run: the operations some planner makes, and nothing else. ndctl/daxctl/cxl subcommands with checked
// words, a few sysfs files with their values, daxctl.conf.d files that are exactly what the console's formatter writes, and the
// console's copy of daxctl's udev rule.
import { AUTO_ONLINE_POLICIES, KEK_HANDLE, CONSOLE_UDEV_RULE, confFileFor, formatDaxctlConf, isNamespaceUuid, sectionNameFor, type StepOp } from '../../../shared/actions/index.js';

/** The daxctl.conf.d files the console owns: pmem-console-UUID.conf. */
const CONF_FILE = /^\/etc\/daxctl\.conf\.d\/pmem-console-([0-9a-f-]{36})\.conf$/;

const DEVICE = /^(region|namespace|dax)\d{1,4}(\.\d{1,4})?$|^(nmem|ndbus|mem)\d{1,4}$/;
const NUMBER = /^\d{1,20}$/;
const NAME = /^[A-Za-z0-9_.-]{1,63}$/;

/** Per subcommand: the flags it may carry (and whether they take a value checked by a pattern) and what its operands may be. */
const COMMANDS: Record<string, { flags: Record<string, RegExp | null>; operands: RegExp; maxOperands: number }> = {
  'ndctl create-namespace': { flags: { '-r': /^region\d{1,4}$/, '-m': /^(raw|sector|fsdax|devdax)$/, '-M': /^(mem|dev)$/, '-s': NUMBER, '-a': NUMBER, '-n': NAME, '-e': /^namespace\d{1,4}\.\d{1,4}$/, '-f': null }, operands: /^$/, maxOperands: 0 },
  'ndctl destroy-namespace': { flags: { '-f': null }, operands: /^namespace\d{1,4}\.\d{1,4}$/, maxOperands: 1 },
  'ndctl enable-namespace': { flags: {}, operands: /^namespace\d{1,4}\.\d{1,4}$/, maxOperands: 1 },
  'ndctl disable-namespace': { flags: {}, operands: /^namespace\d{1,4}\.\d{1,4}$/, maxOperands: 1 },
  'ndctl enable-region': { flags: {}, operands: /^region\d{1,4}$/, maxOperands: 1 },
  'ndctl disable-region': { flags: {}, operands: /^region\d{1,4}$/, maxOperands: 1 },
  'ndctl init-labels': { flags: { '-f': null }, operands: /^nmem\d{1,4}$/, maxOperands: 64 },
  'ndctl start-scrub': { flags: {}, operands: /^ndbus\d{1,4}$/, maxOperands: 1 },
  'ndctl wait-scrub': { flags: {}, operands: /^ndbus\d{1,4}$/, maxOperands: 1 },
  'ndctl clear-errors': { flags: { '--scrub': null }, operands: /^namespace\d{1,4}\.\d{1,4}$/, maxOperands: 1 },
  'ndctl freeze-security': { flags: {}, operands: /^nmem\d{1,4}$/, maxOperands: 1 },
  'ndctl sanitize-dimm': { flags: { '--crypto-erase': null, '--overwrite': null, '--zero-key': null }, operands: /^nmem\d{1,4}$/, maxOperands: 1 },
  'ndctl wait-overwrite': { flags: {}, operands: /^nmem\d{1,4}$/, maxOperands: 1 },
  'ndctl disable-dimm': { flags: {}, operands: /^nmem\d{1,4}$/, maxOperands: 1 },
  'ndctl enable-dimm': { flags: {}, operands: /^nmem\d{1,4}$/, maxOperands: 1 },
  'ndctl setup-passphrase': { flags: { '-k': KEK_HANDLE, '-m': null }, operands: /^nmem\d{1,4}$/, maxOperands: 1 },
  'ndctl update-passphrase': { flags: { '-k': KEK_HANDLE, '-m': null }, operands: /^nmem\d{1,4}$/, maxOperands: 1 },
  'ndctl remove-passphrase': { flags: { '-m': null }, operands: /^nmem\d{1,4}$/, maxOperands: 1 },
  'cxl create-region': { flags: { '-m': null, '-t': /^(pmem|ram)$/, '-d': /^decoder\d{1,4}\.\d{1,4}$/, '-w': /^\d{1,2}$/, '-g': /^\d{3,5}$/, '-s': NUMBER }, operands: /^mem\d{1,4}$/, maxOperands: 16 },
  'cxl destroy-region': { flags: {}, operands: /^region\d{1,4}$/, maxOperands: 1 },
  'cxl enable-region': { flags: {}, operands: /^region\d{1,4}$/, maxOperands: 1 },
  'cxl disable-region': { flags: {}, operands: /^region\d{1,4}$/, maxOperands: 1 },
  'cxl enable-memdev': { flags: {}, operands: /^mem\d{1,4}$/, maxOperands: 1 },
  'cxl disable-memdev': { flags: { '-f': null }, operands: /^mem\d{1,4}$/, maxOperands: 1 },
  'daxctl reconfigure-device': { flags: { '--mode=system-ram': null, '--mode=devdax': null, '--no-online': null, '--no-movable': null }, operands: /^dax\d{1,4}\.\d{1,4}$/, maxOperands: 1 },
  'daxctl online-memory': { flags: { '--no-movable': null }, operands: /^dax\d{1,4}\.\d{1,4}$/, maxOperands: 1 },
  'daxctl offline-memory': { flags: {}, operands: /^dax\d{1,4}\.\d{1,4}$/, maxOperands: 1 },
};

/** The tool subcommands a plan may run ("ndctl clear-errors"): the ones the simulator must answer as the real tools do. */
export const ALLOWED_COMMANDS: readonly string[] = Object.keys(COMMANDS);

/** sysfs files the helper may write, with the values each accepts. */
const WRITABLE: [RegExp, readonly string[]][] = [
  [/^\/sys\/devices\/system\/memory\/auto_online_blocks$/, AUTO_ONLINE_POLICIES],
  [/^\/sys\/devices\/system\/memory\/memory\d{1,7}\/state$/, ['online_movable', 'online_kernel', 'offline']],
  [/^\/sys\/kernel\/mm\/numa\/demotion_enabled$/, ['true', 'false']],
  [/^\/proc\/sys\/kernel\/numa_balancing$/, ['0', '1', '2', '3']],
  // Weighted interleave (sysfs-kernel-mm-mempolicy-weighted-interleave) and a dax device's whole state and memmap_on_memory (sysfs-bus-dax).
  [/^\/sys\/kernel\/mm\/mempolicy\/weighted_interleave\/node\d{1,4}$/, Array.from({ length: 255 }, (_, i) => String(i + 1))],
  [/^\/sys\/kernel\/mm\/mempolicy\/weighted_interleave\/auto$/, ['true', 'false']],
  [/^\/sys\/bus\/dax\/devices\/dax\d{1,4}\.\d{1,4}\/state$/, ['unplugged', 'online', 'online_kernel', 'online_movable']],
  [/^\/sys\/bus\/dax\/devices\/dax\d{1,4}\.\d{1,4}\/memmap_on_memory$/, ['0', '1']],
];

/** Every file the console's formatter writes for a namespace: system-ram, online or not, movable or not. Nothing else is put. */
function allowedConfContents(uuid: string): string[] {
  const name = sectionNameFor(uuid);
  return [true, false].flatMap((online) => [true, false].map((movable) => formatDaxctlConf({ name, uuid, mode: 'system-ram', online, movable })));
}

/** Why an operation is not allowed, or null when the helper may run it. */
export function refuseOp(op: StepOp): string | null {
  if (op.kind === 'put' || op.kind === 'remove') {
    if (op.path === CONSOLE_UDEV_RULE.path) return op.kind === 'remove' || op.content === CONSOLE_UDEV_RULE.content ? null : `${op.path} may only hold the console's copy of daxctl's udev rule, byte for byte`;
    const m = CONF_FILE.exec(op.path);
    if (!m || !isNamespaceUuid(m[1]!) || confFileFor(m[1]!) !== op.path) return `${op.kind === 'put' ? 'writing' : 'removing'} ${JSON.stringify(op.path)} is not allowed`;
    if (op.kind === 'remove') return null;
    return allowedConfContents(m[1]!).includes(op.content) ? null : `${op.path} may only hold the console's own entry for namespace ${m[1]}, byte for byte as it writes it`;
  }
  if (op.kind === 'write') {
    const rule = WRITABLE.find(([re]) => re.test(op.path));
    if (!rule) return `writing ${JSON.stringify(op.path)} is not allowed`;
    if (!rule[1].includes(op.value)) return `${JSON.stringify(op.value)} is not a value ${op.path} may be given`;
    return null;
  }
  const [tool, sub, ...rest] = op.argv;
  const spec = COMMANDS[`${tool} ${sub}`];
  if (!spec) return `"${[tool, sub].join(' ')}" is not an allowed command`;
  let operands = 0;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (word.startsWith('-')) {
      if (!(word in spec.flags)) return `${tool} ${sub}: option ${JSON.stringify(word)} is not allowed`;
      const pattern = spec.flags[word];
      if (pattern) {
        const value = rest[++i];
        if (value === undefined || !pattern.test(value)) return `${tool} ${sub}: ${word} ${JSON.stringify(value ?? '')} is not allowed`;
      }
      continue;
    }
    if (!spec.operands.test(word) || !DEVICE.test(word)) return `${tool} ${sub}: ${JSON.stringify(word)} is not a device name it may act on`;
    if (++operands > spec.maxOperands) return `${tool} ${sub}: too many devices`;
  }
  return null;
}
