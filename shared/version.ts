// The console's version, as package.json says (a test keeps the two equal); the helper and the console compare it.

/** pmem-console's version. */
export const VERSION = '0.1.0';
