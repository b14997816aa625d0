// Runs the pmem-console CLI in-process with a private state directory (journal, locks) per test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { main } from '../../electron/cli/main.js';

/** The directories this test file made, removed when it ends (each test file loads this module afresh). */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the test file ends. */
export const tmp = (prefix = 'pmc-actions-') => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};

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
