// Starts `pmem-console serve` on a sim with its own state file and journal, and runs the CLI on the same state (out-of-band changes).
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, type Page } from '@playwright/test';

const BIN = join(import.meta.dirname, '../../bin/pmem-console.cjs');

/** A running browser-mode console. */
export interface Served {
  url: string;
  stateFile: string;
  dir: string;
  /** What the server logged to stderr so far. */
  log(): string;
  /** Runs the CLI on the same sim state; returns its exit code and output. */
  cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Edits the sim's state file (fault injection, as another process would). */
  editState(edit: (state: Record<string, unknown>) => void): void;
  stop(): Promise<void>;
}

/** Starts `serve --host sim:PRESET --state FILE` (or on the host the arguments name) and waits for its URL. */
export async function startConsole(preset: string, hostArgs?: readonly string[]): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'pmem-e2e-'));
  const stateFile = join(dir, 'state.json');
  const env = { ...process.env, PMEM_CONSOLE_STATE_DIR: join(dir, 'journal') };
  const child = spawn(process.execPath, [BIN, 'serve', ...(hostArgs ?? ['--host', `sim:${preset}`, '--state', stateFile])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in time: ${out} ${stderr}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    stateFile,
    dir,
    log: () => stderr,
    cli: async (...args) => {
      try {
        const r = await promisify(execFile)(process.execPath, [BIN, ...args, '--host', `sim:${preset}`, '--state', stateFile], { env, maxBuffer: 256 * 1024 * 1024 });
        return { code: 0, stdout: r.stdout, stderr: r.stderr };
      } catch (e) {
        const x = e as { code: number; stdout: string; stderr: string };
        return { code: x.code, stdout: x.stdout, stderr: x.stderr };
      }
    },
    editState: (edit) => {
      const state = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
      edit(state);
      writeFileSync(stateFile, JSON.stringify(state));
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens one view and waits until it shows the machine. */
export async function openView(page: Page, url: string, view: string): Promise<void> {
  await page.goto(`${url}#${view}`);
  await expect(page.locator('#view-title')).not.toHaveText('');
  await expect(page.getByText('Reading the machine…')).toHaveCount(0);
  await expect(page.getByText('Connecting to the console…')).toHaveCount(0);
}

/** Opens an object's action from its row. */
export async function openAction(page: Page, object: string, action: string): Promise<void> {
  await page.locator(`button[data-object="${object}"][data-action="${action}"]`).click();
  await expect(page.getByTestId('action-dialog')).toBeVisible();
  await expect(page.getByTestId('action-dialog').getByText('Planning…')).toHaveCount(0);
}

/** The guarded-action dialog. */
export const actionDialog = (page: Page) => page.getByTestId('action-dialog');

/** Waits for the dialog's plan and types the name it asks for, when it asks for one. */
export async function confirmByName(page: Page): Promise<void> {
  const d = actionDialog(page);
  await expect(d.locator('ol.steps li').first()).toBeVisible();
  const input = d.getByTestId('confirm-name');
  if ((await input.count()) === 0) return;
  const why = await d.getByTestId('run-disabled-reason').textContent();
  await input.fill(/^type (\S+) to confirm$/.exec(why ?? '')![1]!);
}

/** Confirms the dialog's plan as it asks, runs it, and returns the result line. */
export async function runInDialog(page: Page): Promise<string> {
  const d = actionDialog(page);
  await confirmByName(page);
  await d.getByTestId('run').click();
  await expect(d.getByTestId('run-message')).toBeVisible();
  return (await d.getByTestId('run-message').textContent()) ?? '';
}

/** Closes the dialog after a run. */
export async function closeDialog(page: Page): Promise<void> {
  await actionDialog(page).getByRole('button', { name: 'Close' }).click();
  await expect(actionDialog(page)).toBeHidden();
}
