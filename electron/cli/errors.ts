// Errors of the command line's own making.

/** The console is not built (npm run build has not run), so there is no renderer to serve or window to open. */
export class NotBuiltError extends Error {
  override name = 'NotBuiltError';
}
