// The emulated `ndctl update-firmware` and `ndctl activate-firmware` (ndctl/dimm.c action_update, ndctl/bus.c activate_firmware) and the
// platform's side of firmware activation (drivers/acpi/nfit/intel.c; nfit_test emulates it): a staged image is armed, an activation
// makes the bus busy for a while and leaves each armed DIMM's result; ndctl 76.1's output as fixtures/real/qemu-nfit-test.json recorded it.
import { toJsonC } from './jsonc.js';
import { Errno } from './kernel.js';
import { busJson, dimmJson, type JsonFlags } from './ndjson.js';
import { busesNamed } from './ndctl-media.js';
import { exitFor, optionsOrUsage, usageError, type CommandResult, type Spec } from './ndctl-common.js';
import { busActivateState, FWA_BUSY_MS } from './firmware-activate.js';
import type { SimDimm, SimState } from './state.js';

/** The version an update stages where the preset gives none: the next one up. */
const stagedVersion = (d: SimDimm) => d.firmware!.update ?? d.firmware!.current + 1;

/** The bus of a DIMM. */
const busOfDimm = (state: SimState, d: SimDimm) => state.buses.find((b) => b.dimms.includes(d))!;

const UPDATE: Spec[] = [
  { short: 'b', long: 'bus', value: true, argName: 'bus-id', help: '<nmem> must be on a bus with an id/provider of <bus-id>' },
  { short: 'v', long: 'verbose', help: 'turn on debug' },
  { short: 'f', long: 'firmware', value: true, argName: 'firmware-file', help: 'firmware filename for update' },
  { short: 'i', long: 'force', help: 'ignore ARS / arm status, try to force update' },
  { short: 'A', long: 'arm', help: 'arm device for firmware activation (default)' },
  { short: 'D', long: 'disarm', help: 'disarm device for firmware activation' },
];

/** `ndctl update-firmware -f <image> [--arm|--disarm] <nmem>…`: the image is sent and verified, its version staged as the next, and the
 *  DIMM armed for activation (or disarmed); the DIMMs' JSON, "updated N nmem." */
export function updateFirmware(state: SimState, argv: string[], fileExists: (path: string) => boolean): CommandResult {
  const usage = 'ndctl update-firmware <nmem0> [<nmem1>..<nmemN>] [<options>]';
  const o = optionsOrUsage(argv, UPDATE, usage);
  if ('exitCode' in o) return o;
  if (o.args.length === 0) return usageError('', usage, UPDATE);
  const count = (n: number) => `updated ${n} nmem${n > 1 ? 's' : ''}.\n`;
  const image = o.values.get('firmware');
  if (image !== undefined && !fileExists(image)) return { exitCode: 1, stdout: '', stderr: `failed to open: ${image}: (${Errno.ENOENT.text})\n${count(0)}` };
  const disarm = (o.flags.get('disarm') ?? 0) > 0;
  let stderr = '';
  const done: SimDimm[] = [];
  for (const bus of busesNamed(state, o.values.get('bus') ? [o.values.get('bus')!] : [])) {
    for (const d of [...bus.dimms].reverse()) {
      if (!o.args.includes('all') && !o.args.includes(d.dev)) continue;
      if (!d.firmware?.canUpdate) {
        stderr += `  Error: update firmware: ${d.dev}: firmware update not supported by either platform firmware or the kernel.\n`;
        continue;
      }
      if (image !== undefined) d.firmware.next = stagedVersion(d);
      if (bus.firmwareActivate) d.firmware.armed = !disarm;
      done.push(d);
    }
  }
  const f: JsonFlags = { human: false, verbose: false, dax: false, mappings: false, capabilities: false, health: false, dimms: false, firmware: true };
  const stdout = done.length ? toJsonC(done.map((d) => dimmJson(d, f, busOfDimm(state, d)))) + '\n' : '';
  return { exitCode: done.length ? 0 : 1, stdout, stderr: stderr + count(done.length) };
}

const ACTIVATE: Spec[] = [
  { short: 'v', long: 'verbose', help: 'turn on debug' },
  { short: 'I', long: 'idle', help: 'allow platform-injected idle over activate (default)' },
  { short: 'f', long: 'force', help: 'try to force live activation' },
  { short: 'n', long: 'dry-run', help: 'perform all setup/validation steps, skip the activate' },
];

/** `ndctl activate-firmware [--dry-run] [--force] [bus…]`: each armed DIMM takes its staged image; the bus is busy a while. Each bus's
 *  JSON with its DIMMs after, as bus.c's collect_result prints them (-u numbers). */
export function activateFirmware(state: SimState, argv: string[], now: number): CommandResult {
  const usage = 'ndctl activate-firmware[<bus-id> <bus-id2> ... <bus-idN>] [<options>]';
  const o = optionsOrUsage(argv, ACTIVATE, usage);
  if ('exitCode' in o) return o;
  const dryRun = (o.flags.get('dry-run') ?? 0) > 0;
  let stderr = '';
  let fail: Errno | null = null;
  const jbuses = [];
  const f: JsonFlags = { human: true, verbose: false, dax: false, mappings: false, capabilities: false, health: false, dimms: false, firmware: true };
  for (const bus of busesNamed(state, o.args)) {
    const name = `${bus.provider}: ndbus${bus.id}`;
    if (!bus.dimms.some((d) => d.firmware?.canUpdate)) {
      stderr += `${name}: has no devices that support firmware update.\n`;
      fail ??= Errno.EOPNOTSUPP;
      continue;
    }
    const fwa = bus.firmwareActivate;
    if (!fwa) {
      stderr += `${name}: requires a platform reset to activate firmware\n`;
      fail ??= Errno.EOPNOTSUPP;
      continue;
    }
    if (!dryRun) {
      if (busActivateState(bus) !== 'armed') {
        stderr += `${name}: no devices armed\n`;
        fail ??= Errno.ENXIO;
        continue;
      }
      for (const d of bus.dimms.filter((x) => x.firmware?.armed)) {
        const fw = d.firmware!;
        const staged = fw.next !== null && fw.next !== 0;
        fw.armed = false;
        fw.activated = { at: now, staged };
        // A platform's activation runs the staged image from then on; nfit_test's keeps reporting the old run version.
        if (staged && !fw.runVersionFixed) {
          fw.current = fw.next!;
          fw.next = null;
        }
      }
      fwa.lastAt = now;
      fwa.busyUntil = now + FWA_BUSY_MS;
    }
    jbuses.push({ ...busJson(bus, { firmware: true }), dimms: [...bus.dimms].reverse().map((d) => dimmJson(d, f, bus)) });
  }
  if (jbuses.length) return { exitCode: 0, stdout: toJsonC(jbuses) + '\n', stderr };
  const err = fail ?? Errno.ENXIO;
  return { exitCode: exitFor(err), stdout: '', stderr: `${stderr}error activating firmware: ${err.text}\n` };
}
