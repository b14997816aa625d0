// Acting through the UI: the guarded-action dialog, blocked and destructive actions, the views following the sim, out-of-band changes.
import { test, expect } from '@playwright/test';
import { formatBytes } from '../../shared/units/index.js';
import { actionDialog, confirmByName, openAction, openView, startConsole, type Served } from './console.js';

const dialog = actionDialog;

async function memTotal(c: Served): Promise<number> {
  return (JSON.parse((await c.cli('snapshot', '--json')).stdout) as { meminfo: { memTotal: number } }).meminfo.memTotal;
}

test('a destructive action cannot run without typing the name; the views follow each action', async ({ page }) => {
  const c = await startConsole('seed-qemu');
  try {
    const before = await memTotal(c);
    await openView(page, c.url, 'regions');
    await openAction(page, 'namespace0.0', 'namespace.reconfigure');
    await expect(dialog(page).getByTestId('risk').first()).toHaveText('destructive');
    await expect(dialog(page).getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expect(dialog(page).locator('ol.steps code').first()).toContainText('ndctl create-namespace');
    const run = dialog(page).getByTestId('run');
    await expect(run).toBeDisabled();
    await expect(dialog(page).getByTestId('run-disabled-reason')).toHaveText('type namespace0.0 to confirm');
    await dialog(page).getByTestId('confirm-name').fill('namespace0');
    await expect(run).toBeDisabled();
    await dialog(page).getByTestId('confirm-name').fill('namespace0.0');
    await expect(run).toBeEnabled();
    await run.click();
    await expect(dialog(page).getByTestId('run-message')).toContainText('done');
    await dialog(page).getByRole('button', { name: 'Close' }).click();
    await expect(page.locator('tr[data-object="namespace0.0"] [data-testid="ns-mode"]')).toHaveText('devdax');

    await openView(page, c.url, 'dax');
    await expect(page.locator('tr[data-object="dax0.0"] [data-testid="dax-mode"]')).toHaveText('devdax');
    await openAction(page, 'dax0.0', 'dax.system-ram');
    await expect(dialog(page).getByTestId('risk').first()).toHaveText('reversible');
    await expect(dialog(page).getByTestId('predicted-MemTotal')).toHaveText(formatBytes(before + 3 * 128 * 1024 * 1024));
    await dialog(page).getByTestId('run').click();
    await expect(dialog(page).getByTestId('run-message')).toContainText('matches the prediction');
    await expect(dialog(page).locator('ol.steps li.ok')).toHaveCount(await dialog(page).locator('ol.steps li').count());
    await dialog(page).getByRole('button', { name: 'Close' }).click();
    await expect(page.locator('tr[data-object="dax0.0"] [data-testid="dax-mode"]')).toHaveText('system-ram');
    await expect(page.locator('tr[data-object="dax0.0"] [data-testid="dax-online"]')).toHaveText('3 of 3 online');

    const after = await memTotal(c);
    expect(after - before).toBe(3 * 128 * 1024 * 1024);
    await openView(page, c.url, 'overview');
    await expect(page.getByTestId('memtotal')).toHaveText(formatBytes(after));
    await expect(page.getByTestId('cap-ramOnline')).toHaveText('384 MiB');
    await openView(page, c.url, 'journal');
    await expect(page.getByTestId('journal').locator('> li')).toHaveCount(2);
  } finally {
    await c.stop();
  }
});

test('a blocked action shows its reason and cannot run', async ({ page }) => {
  const c = await startConsole('qemu-nvdimm');
  try {
    await openView(page, c.url, 'regions');
    const create = page.locator('button[data-object="region0"][data-action="namespace.create"]');
    await expect(create).toHaveAttribute('aria-disabled', 'true');
    const why = await create.getAttribute('title');
    expect(why).toBeTruthy();
    await create.focus();
    await page.keyboard.press('Enter');
    await expect(dialog(page).getByTestId('blocking-guard').first()).toHaveText(why!);
    await expect(dialog(page).getByTestId('run')).toBeDisabled();
    await expect(dialog(page).getByTestId('run-disabled-reason')).toContainText('a guard blocks this plan');
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toBeHidden();
  } finally {
    await c.stop();
  }
});

test('a change made out of band (the CLI on the same --state) shows up in the UI', async ({ page }) => {
  const c = await startConsole('seed-qemu');
  try {
    await openView(page, c.url, 'regions');
    await expect(page.locator('tr[data-object="namespace0.0"] [data-testid="ns-mode"]')).toHaveText('fsdax');
    const r = await c.cli('apply', 'namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--confirm', 'namespace0.0');
    expect(r.code, r.stderr).toBe(0);
    await expect(page.locator('tr[data-object="namespace0.0"] [data-testid="ns-mode"]')).toHaveText('devdax');
    await openView(page, c.url, 'journal');
    await expect(page.getByTestId('journal')).toContainText('namespace.reconfigure');
  } finally {
    await c.stop();
  }
});

test('memory map: a selected range goes offline and online; a failing step keeps the dialog open with the error', async ({ page }) => {
  const c = await startConsole('seed-qemu');
  try {
    expect((await c.cli('apply', 'namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--confirm', 'namespace0.0')).code).toBe(0);
    expect((await c.cli('apply', 'dax.system-ram', '--device', 'dax0.0', '--yes')).code).toBe(0);
    const snap = JSON.parse((await c.cli('snapshot', '--json')).stdout) as { daxDevices: { dev: string; memoryBlocks: number[] }[] };
    const blocks = snap.daxDevices.find((d) => d.dev === 'dax0.0')!.memoryBlocks.sort((a, b) => a - b);
    const [first, last] = [blocks[0]!, blocks.at(-1)!];

    await openView(page, c.url, 'memory');
    await expect(page.getByTestId('memory-map-summary')).toContainText('0 offline');
    await page.getByTestId('range-first').fill(String(first));
    await page.getByTestId('range-first').press('Tab');
    await page.getByTestId('range-last').fill(String(last));
    await page.getByTestId('range-last').press('Tab');
    await page.getByRole('button', { name: 'Offline…' }).click();
    await expect(dialog(page).locator('ol.steps code').first()).toContainText(`memory${first}`);
    await confirmByName(page);
    await dialog(page).getByTestId('run').click();
    await expect(dialog(page).getByTestId('run-message')).toContainText('done');
    await dialog(page).getByRole('button', { name: 'Close' }).click();
    await expect(page.getByTestId('memory-map-summary')).toContainText(`${blocks.length} offline`);

    await page.getByRole('button', { name: 'Online…' }).click();
    await dialog(page).getByTestId('run').click();
    await expect(dialog(page).getByTestId('run-message')).toContainText('done');
    await dialog(page).getByRole('button', { name: 'Close' }).click();
    await expect(page.getByTestId('memory-map-summary')).toContainText('0 offline');

    c.editState((s) => (s.faults as unknown[]).push({ kind: 'block-unmovable', block: last }));
    await page.getByRole('button', { name: 'Offline…' }).click();
    await confirmByName(page);
    await dialog(page).getByTestId('run').click();
    await expect(dialog(page).getByTestId('run-message')).toContainText('failed at step');
    await expect(dialog(page)).toBeVisible();
    await expect(dialog(page).locator('ol.steps li.failed')).toHaveCount(1);
  } finally {
    await c.stop();
  }
});

test('the simulation banner names the preset, and the preset switcher opens another', async ({ page }) => {
  const c = await startConsole('qemu-nvdimm');
  try {
    await openView(page, c.url, 'overview');
    await expect(page.getByTestId('sim-preset')).toHaveText('qemu-nvdimm');
    await page.getByLabel('Switch preset').selectOption('cxl-expander');
    await expect(page.getByTestId('sim-preset')).toHaveText('cxl-expander');
    await expect(page.getByTestId('host-label')).toHaveText('sim:cxl-expander');
    await expect(page.getByTestId('cap-cxl')).toHaveText('128 GiB');
  } finally {
    await c.stop();
  }
});

test('the host picker opens a capture file read-only, and says why a missing file cannot be opened', async ({ page }) => {
  const c = await startConsole('qemu-nvdimm');
  try {
    const capture = `${c.dir}/capture.json`;
    expect((await c.cli('capture', '-o', capture)).code).toBe(0);
    await openView(page, c.url, 'regions');
    await page.getByRole('button', { name: 'Change host…' }).click();
    const picker = page.getByRole('dialog', { name: 'Open a host' });
    await picker.getByLabel('A capture file, read-only (replay)').check();
    await picker.getByLabel(/File on the console's machine/).fill(`${c.dir}/missing.json`);
    await picker.getByRole('button', { name: 'Open' }).click();
    await expect(picker.getByRole('alert')).toContainText('missing.json');
    await expect(page.getByTestId('host-label')).toHaveText('sim:qemu-nvdimm');
    await picker.getByLabel(/File on the console's machine/).fill(capture);
    await picker.getByRole('button', { name: 'Open' }).click();
    await expect(picker).toBeHidden();
    await expect(page.getByTestId('host-label')).toHaveText(`replay:${capture}`);
    await expect(page.getByTestId('sim-preset')).toHaveCount(0);
    const disable = page.locator('button[data-object="region0"][data-action="region.disable"]');
    await expect(disable).toHaveAttribute('aria-disabled', 'true');
    await expect(disable).toHaveAttribute('title', /replay of a captured machine/);
  } finally {
    await c.stop();
  }
});

test('leaving the simulator for this machine asks first: Open stays disabled until the person says so', async ({ page }) => {
  const c = await startConsole('seed-qemu');
  try {
    await openView(page, c.url, 'overview');
    await page.getByRole('button', { name: 'Change host…' }).click();
    const picker = page.getByRole('dialog', { name: 'Open a host' });
    await picker.getByLabel('This machine (local)').check();
    await expect(picker.getByRole('alert')).toContainText('This leaves the simulator');
    const open = picker.getByRole('button', { name: 'Open' });
    await expect(open).toBeDisabled();
    await picker.getByTestId('confirm-real').check();
    await expect(open).toBeEnabled();
    // Back to a simulator preset: nothing to confirm, and the warning goes.
    await picker.getByLabel('A simulated machine (preset)').check();
    await expect(picker.getByText('This leaves the simulator')).toHaveCount(0);
    await picker.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('host-label')).toHaveText('sim:seed-qemu');
    // The page took the token out of the address bar; a reload still works (the page cookie), and the API still answers.
    expect(page.url()).not.toContain('token=');
    await page.reload();
    await expect(page.getByTestId('host-label')).toHaveText('sim:seed-qemu');
  } finally {
    await c.stop();
  }
});

test('the journal shows a run that was cut short as interrupted, with the steps that ended and what to do next', async ({ page }) => {
  const c = await startConsole('qemu-nvdimm');
  try {
    const { mkdirSync, appendFileSync } = await import('node:fs');
    const journal = `${c.dir}/journal`;
    mkdirSync(journal, { recursive: true });
    const head = { id: '6b1f3c1e-0000-4000-8000-000000000001', time: '2026-11-28T08:00:00.000Z', host: 'sim:qemu-nvdimm', user: 'admin', action: 'labels.init', params: { region: 'region0' }, object: 'region0', risk: 'destructive' };
    const planned = ['ndctl disable-region region0', 'ndctl init-labels -f nmem0', 'ndctl enable-region region0'];
    // A process that no longer exists wrote the start and step 1, then died.
    appendFileSync(`${journal}/journal.jsonl`, [
      JSON.stringify({ record: 'started', ...head, planned, rollback: null, pid: 999999999 }),
      JSON.stringify({ record: 'step', id: head.id, index: 0, step: { op: planned[0], exitCode: 0, stdout: '', stderr: '', durationMs: 12, ok: true, error: null } }),
    ].join('\n') + '\n');
    await openView(page, c.url, 'journal');
    const entry = page.getByTestId('journal').locator('li.card').first();
    await expect(entry.locator('.badge').first()).toHaveText('interrupted');
    await entry.locator('summary').click();
    const steps = entry.getByTestId('planned-steps');
    await expect(steps.locator('li')).toHaveText([/ndctl disable-region region0 — ok/, /ndctl init-labels -f nmem0 — unknown: it had started or was about to/, /ndctl enable-region region0 — did not run/]);
    await expect(entry).toContainText('Read the machine again');
  } finally {
    await c.stop();
  }
});

test('a page reloaded during a run takes the run up again: its progress, then its result', async ({ page }) => {
  const c = await startConsole('seed-qemu');
  try {
    expect((await c.cli('apply', 'namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--confirm', 'namespace0.0')).code).toBe(0);
    // The real step (daxctl reconfigure-device) takes 8 s on the sim: long enough to reload the page in the middle of it.
    c.editState((s) => (s.faults as unknown[]).push({ kind: 'command-slow', match: 'reconfigure-device', ms: 8000, times: 1 }));
    await openView(page, c.url, 'dax');
    await openAction(page, 'dax0.0', 'dax.system-ram');
    await dialog(page).getByTestId('run').click();
    await expect(dialog(page).locator('ol.steps li.running')).toHaveCount(1);
    await page.reload();
    await expect(dialog(page)).toBeVisible();
    await expect(dialog(page).locator('ol.steps code').first()).toContainText('reconfigure-device');
    await expect(dialog(page).locator('ol.steps li.running')).toHaveCount(1);
    await expect(dialog(page).getByTestId('run-message')).toContainText('done', { timeout: 60_000 });
    await dialog(page).getByRole('button', { name: 'Close' }).click();
    await expect(page.locator('tr[data-object="dax0.0"] [data-testid="dax-mode"]')).toHaveText('system-ram');
    // Shown once: the next page load does not offer it again.
    await page.reload();
    await expect(page.locator('tr[data-object="dax0.0"] [data-testid="dax-mode"]')).toHaveText('system-ram');
    await expect(dialog(page)).toBeHidden();
  } finally {
    await c.stop();
  }
});

test('a plan the machine outran is refused in one plain sentence (no "Refused: refused:")', async ({ page }) => {
  const c = await startConsole('seed-qemu');
  try {
    expect((await c.cli('apply', 'namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--confirm', 'namespace0.0')).code).toBe(0);
    await openView(page, c.url, 'dax');
    await openAction(page, 'dax0.0', 'dax.system-ram');
    await confirmByName(page);
    // Behind the dialog's back, dax0.0 becomes system RAM: the plan no longer fits the machine.
    expect((await c.cli('apply', 'dax.system-ram', '--device', 'dax0.0', '--yes')).code).toBe(0);
    await dialog(page).getByTestId('run').click();
    const error = dialog(page).getByTestId('dialog-error');
    await expect(error).toContainText(/^Refused: the machine changed since the plan was made/);
    await expect(error).not.toContainText(/refused: refused/i);
  } finally {
    await c.stop();
  }
});

test('the journal shows the runs on the host the console is looking at, and every host\'s when asked', async ({ page }) => {
  const c = await startConsole('seed-qemu');
  try {
    expect((await c.cli('apply', 'region.disable', '--region', 'region0')).code).toBe(4); // not confirmed: journalled on sim:seed-qemu
    const { mkdirSync, appendFileSync } = await import('node:fs');
    mkdirSync(`${c.dir}/journal`, { recursive: true });
    const other = { id: '6b1f3c1e-0000-4000-8000-000000000002', time: '2026-11-28T08:00:00.000Z', host: 'ssh://admin@pmem-server', user: 'admin', action: 'region.disable', params: { region: 'region0' }, object: 'region0', risk: 'disruptive' };
    appendFileSync(`${c.dir}/journal/journal.jsonl`, JSON.stringify({ record: 'started', ...other, planned: ['ndctl disable-region region0'], rollback: null, pid: 999999999 }) + '\n');
    await openView(page, c.url, 'journal');
    const entries = page.getByTestId('journal').locator('> li');
    await expect(entries).toHaveCount(1);
    await expect(entries.first()).toContainText('sim:seed-qemu');
    const all = page.getByTestId('journal-all-hosts');
    await expect(all).toContainText('1 on other hosts');
    await all.getByRole('checkbox').check();
    await expect(entries).toHaveCount(2);
    await expect(page.getByTestId('journal')).toContainText('ssh://admin@pmem-server');
  } finally {
    await c.stop();
  }
});

test('a step killed halfway: the dialog shows what the machine shows (partly done, not done), and plans the finish from there', async ({ page }) => {
  const c = await startConsole('seed-qemu');
  try {
    expect((await c.cli('apply', 'namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--confirm', 'namespace0.0')).code).toBe(0);
    const before = await memTotal(c);
    c.editState((s) => (s.faults as unknown[]).push({ kind: 'command-dies', match: 'reconfigure-device --mode=system-ram', does: ['daxctl', 'reconfigure-device', '--mode=system-ram', '--no-online', 'dax0.0'], then: 'fails', exitCode: 143, stderr: 'Terminated\n', times: 1 }));
    await openView(page, c.url, 'dax');
    await openAction(page, 'dax0.0', 'dax.system-ram');
    await dialog(page).getByTestId('run').click();
    await expect(dialog(page).getByTestId('run-message')).toContainText('failed at step 1 of 1');
    await expect(dialog(page).getByTestId('run-message')).not.toContainText('no change');
    const observed = dialog(page).getByTestId('run-observed');
    await expect(observed.locator('li[data-progress="partly"]')).toContainText('dax device dax0.0');
    await expect(observed.locator('li[data-progress="partly"]')).toContainText('0/3 online');
    await expect(observed.locator('li[data-progress="not-done"]').first()).toContainText('MemTotal');
    await expect(dialog(page).getByTestId('plan-rollback')).toContainText('dax.devdax --device dax0.0');
    await dialog(page).getByTestId('plan-finish').click();
    await expect(dialog(page).locator('ol.steps code').first()).toContainText('daxctl online-memory dax0.0');
    await dialog(page).getByTestId('run').click();
    await expect(dialog(page).getByTestId('run-message')).toContainText('matches the prediction');
    expect(await memTotal(c)).toBe(before + 3 * 128 * 1024 * 1024);
  } finally {
    await c.stop();
  }
});
