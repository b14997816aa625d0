// Every test file runs with a state directory of its own (journal, locks, kept simulators): a test never reads or writes the person's
// ~/.local/state/pmem-console, and two runs side by side never share one. A test that sets its own keeps it. Removed after the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'pmc-test-state-'));
process.env.PMEM_CONSOLE_STATE_DIR = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
