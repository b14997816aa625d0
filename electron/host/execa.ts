// execa, loaded on first use: a command that reads only a simulated machine or a capture never pays for it.
import type { execa as Execa } from 'execa';

let loaded: Promise<typeof Execa> | null = null;

/** The execa function, imported the first time a host runs a program. */
export function loadExeca(): Promise<typeof Execa> {
  loaded ??= import('execa').then((m) => m.execa);
  return loaded;
}
