// A stand-in for pkexec in tests: records the argv it was given, optionally waits (the password dialog), then either cancels
// (exit 126, as pkexec does when authentication is dismissed) or runs the helper's protocol over a sim state file in its place.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A stand-in on disk: its folder (put it first on PATH), the file it records argv to, and the file that ends its wait. */
export interface PkexecStandin {
  dir: string;
  program: string;
  argvLog: string;
  goFile: string;
  /** The argv it was started with (after its own name), or null when it never ran. */
  recorded(): string[] | null;
}

const ROOT = new URL('../..', import.meta.url).pathname;

/** Makes a stand-in; with a state file it serves the helper over that sim, otherwise it cancels. With wait, it blocks until goFile exists. */
export function pkexecStandin(opts: { stateFile?: string; wait?: boolean } = {}): PkexecStandin {
  const dir = mkdtempSync(join(tmpdir(), 'pmc-pkexec-'));
  chmodSync(dir, 0o755);
  const program = join(dir, 'pkexec');
  const argvLog = join(dir, 'argv.log');
  const goFile = join(dir, 'go');
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const run = opts.stateFile
    ? `cd ${quote(ROOT)} && exec ${quote(process.execPath)} --import tsx ${quote(join(ROOT, 'test/helpers/sim-helper.ts'))} ${quote(opts.stateFile)}`
    : 'exit 126';
  writeFileSync(program, [
    '#!/bin/sh',
    `for a in "$@"; do printf '%s\\n' "$a"; done > ${quote(argvLog)}`,
    opts.wait ? `while [ ! -e ${quote(goFile)} ]; do sleep 0.05; done` : '',
    run,
    '',
  ].join('\n'), { mode: 0o755 });
  return {
    dir, program, argvLog, goFile,
    recorded: () => (existsSync(argvLog) ? readFileSync(argvLog, 'utf8').split('\n').slice(0, -1) : null),
  };
}
