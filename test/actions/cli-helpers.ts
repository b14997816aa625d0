// Runs the pmem-console CLI in-process with a private state directory (journal, locks) per test file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../electron/cli/main.js';

/** A fresh temporary directory. */
export const tmp = (prefix = 'pmc-actions-') => mkdtempSync(join(tmpdir(), prefix));

/** Points the journal and locks at a temporary directory; returns it. */
export function privateStateDir(): string {
  const dir = tmp('pmc-state-');
  process.env.PMEM_CONSOLE_STATE_DIR = dir;
  return dir;
}

/** Runs the CLI and returns its exit code and output. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}
