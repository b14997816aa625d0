// Why a plan did not run: refused by a guard, not confirmed, or its object is busy. Kept apart so front ends can tell them apart cheaply.
import type { Plan } from '../../shared/actions/index.js';

/** The plan must not run: a guard blocks it (badInput: the request cannot work on this machine at all). */
export class RefusedError extends Error {
  constructor(message: string, readonly plan: Plan, readonly badInput: boolean) {
    super(message);
    this.name = 'RefusedError';
  }
}

/** The plan needs a confirmation that was not given. */
export class NotConfirmedError extends Error {
  constructor(message: string, readonly plan: Plan) {
    super(message);
    this.name = 'NotConfirmedError';
  }
}

/** Another plan is running on the same object, or the lock could not be taken. */
export class LockedError extends Error {
  override name = 'LockedError';
}
