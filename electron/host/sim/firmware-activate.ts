// Firmware activation as a platform keeps it (drivers/acpi/nfit/intel.c; nfit_test emulates it): the states a bus and each DIMM show
// in firmware/activate and firmware/result, derived from what is armed and when the last activation ran.
import type { SimBus, SimDimm } from './state.js';

/** How long a bus stays busy after an activation (nfit_test: 3 s of emulated quiesce). */
export const FWA_BUSY_MS = 3000;

/** A bus's activation state (firmware/activate): armed while a DIMM is armed, busy just after an activation, else idle. */
export function busActivateState(bus: SimBus): 'idle' | 'armed' | 'busy' | 'overflow' {
  const fwa = bus.firmwareActivate;
  if (!fwa) return 'idle';
  if (bus.dimms.some((d) => d.firmware?.armed)) return 'armed';
  return fwa.busyUntil !== undefined ? 'busy' : fwa.state === 'overflow' ? 'overflow' : 'idle';
}

/** A DIMM's activation state and result (nmemN/firmware/activate and result), on a bus that activates: the bus's busy or idle, armed
 *  where this DIMM is; "success" once the activation that took its staged image is over ("not_staged" where none was staged). */
export function dimmActivate(bus: SimBus, d: SimDimm): { state: 'idle' | 'armed' | 'busy'; result: 'none' | 'success' | 'not_staged' } {
  const onBus = busActivateState(bus);
  const state = onBus === 'busy' ? 'busy' : onBus === 'idle' ? 'idle' : d.firmware?.armed ? 'armed' : 'idle';
  const activated = d.firmware?.activated;
  const result = activated && state === 'idle' && activated.at === bus.firmwareActivate?.lastAt ? (activated.staged ? 'success' : 'not_staged') : 'none';
  return { state, result };
}
