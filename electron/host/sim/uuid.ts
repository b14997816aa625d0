// UUIDs for the namespaces and info blocks the emulated kernel creates. A simulator needs unique ones, not unguessable ones, so
// Math.random does, and a command that only reads a simulated machine never loads node:crypto (a fifth of a short run's start-up).

const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');

/** A random (version 4) UUID in the lower-case form ndctl prints. */
export function simUuid(): string {
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(Math.random() * 4)]}${hex(3)}-${hex(12)}`;
}
