// The API's errors, in a module of their own: the renderer needs them, and not the request schemas (zod) beside them in contract.ts.

/** Why a call failed, as a kind the front end can act on. */
export type ApiErrorKind = 'bad-request' | 'bad-input' | 'refused' | 'not-confirmed' | 'locked' | 'host' | 'internal';

/** A failed call as it crosses the process boundary. */
export interface ApiFailure {
  kind: ApiErrorKind;
  message: string;
}

/** An error from the API, carrying its kind. */
export class ApiError extends Error {
  constructor(readonly kind: ApiErrorKind, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}
