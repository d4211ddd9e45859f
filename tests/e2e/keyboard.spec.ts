// Keyboard-only flows (issue 13 item 4): create a cluster, submit a job and cancel it with
// nothing but the keyboard — Tab/Shift+Tab to reach a control, typing, Enter, Space and the
// arrow keys. No click on the console (the emulator's sign-in page is not the console, and the
// folder is picked with setInputFiles: that is the operating system's dialog).
import { expect, Page } from '@playwright/test';
import { focused, tabTo } from './a11y-helpers';
import { cliArm, emulatorHook, signIn, SUB_DEV, test } from './helpers';
import { JOBS, sampleRepo, SKLEARN_ID, waitForStatus } from './jobs-helpers';
import { WS_ARM } from './metrics-helpers';

// Clusters are created in ws-vision (westeurope), which has quota in the e2e stack (see compute-create.spec.ts).
const VISION = `/ws/${SUB_DEV}/rg-ml-dev/ws-vision/computes`;
const VISION_ARM = `/subscriptions/${SUB_DEV}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-vision`;

/** Replaces the text of the focused field by keyboard. */
async function retype(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/**
 * Picks `value` in the `<select>` with this test id using the arrow keys only (a focused, closed
 * select changes its value with ArrowDown/ArrowUp in Chromium, firing `change` as a user's would).
 */
async function choose(page: Page, testid: string, value: string): Promise<void> {
  await tabTo(page, testid);
  const select = page.getByTestId(testid);
  await expect(select.locator(`option[value="${value}"]`)).toHaveCount(1);
  const [at, want] = await select.evaluate((s: HTMLSelectElement, v) =>
    [s.selectedIndex, [...s.options].findIndex((o) => o.value === v)], value);
  for (let i = 0; i < Math.abs(want - at); i++) await page.keyboard.press(want > at ? 'ArrowDown' : 'ArrowUp');
  await expect(select).toHaveValue(value);
}

test('create a cluster with the keyboard only', async ({ page }) => {
  await emulatorHook('reset');
  await emulatorHook('settings', { operationSeconds: 1 });
  await signIn(page, VISION);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  // "+ New" (a disclosure) → "New cluster".
  await tabTo(page, '[data-testid="new-menu"] summary');
  await page.keyboard.press('Enter');
  await tabTo(page, 'new-cluster');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/computes\/new\/cluster$/);
  await expect(page.getByTestId('size-row').first()).toBeVisible();
  await tabTo(page, 'field-name');
  await page.keyboard.type('kb-cpu');
  // The size list is one radio group: Tab reaches it once (at the size already chosen, if any),
  // Space picks the focused size and ArrowDown the next one.
  await tabTo(page, 'input[name="vm-size"]');
  const sizes = await page.getByTestId('size-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')!));
  const at = sizes.indexOf(await page.evaluate(() => (document.activeElement?.closest('[data-testid=size-row]') as HTMLElement).dataset.name!));
  expect(at).toBeGreaterThanOrEqual(0);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('size-selected')).toHaveText(new RegExp(`^${sizes[at]}$`, 'i'));
  const next = sizes[(at + 1) % sizes.length];
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('size-selected')).toHaveText(new RegExp(`^${next}$`, 'i'));
  await tabTo(page, 'field-min_nodes');
  await retype(page, '0');
  await tabTo(page, 'field-max_nodes');
  await retype(page, '2');
  await tabTo(page, 'form-submit');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('op-done')).toBeVisible({ timeout: 30_000 });
  // The service holds what was typed and picked.
  const { status, json } = await cliArm(`${VISION_ARM}/computes/kb-cpu?api-version=2025-12-01`);
  expect(status).toBe(200);
  expect(json.properties.properties.vmSize.toLowerCase()).toBe(next.toLowerCase());
  expect(json.properties.properties.scaleSettings).toMatchObject({ minNodeCount: 0, maxNodeCount: 2 });
  expect(json.properties.provisioningState).toBe('Succeeded');
});

test('submit a job and cancel it with the keyboard only', async ({ page }) => {
  test.setTimeout(180_000);
  const repo = sampleRepo();
  const experiment = `e2e-keyboard-${Date.now().toString(36)}`;
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
  await tabTo(page, 'new-job');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('job-form')).toBeVisible();
  // The folder: the operating system's picker, which the test fills.
  await page.getByTestId('source-input').setInputFiles(repo);
  await expect(page.getByTestId('snapshot-preview')).toBeVisible();
  await tabTo(page, 'field-experiment');
  await retype(page, experiment);
  await tabTo(page, 'field-command');
  await retype(page, 'python train.py --sleep 300');
  await choose(page, 'field-env_kind', 'curated');
  await choose(page, 'field-environment', SKLEARN_ID);
  await choose(page, 'field-compute_kind', 'cluster');
  await choose(page, 'field-compute', 'cpu-cluster');
  await tabTo(page, 'submit-job');
  await page.keyboard.press('Enter');
  const link = page.getByTestId('job-link');
  await expect(link).toBeVisible({ timeout: 60_000 });
  const id = (await link.textContent())!.trim();
  await tabTo(page, 'job-link', { max: 100 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('job-details')).toBeVisible();
  await waitForStatus(page, 'Running');
  await expect(page.getByTestId('log-text')).toContainText('step', { timeout: 30_000 });
  // Cancel: Tab to it from the top of the page, Enter.
  await tabTo(page, 'job-cancel');
  expect(await focused(page)).toBe('job-cancel');
  await page.keyboard.press('Enter');
  await waitForStatus(page, 'Canceled', 60_000);
  await expect(page.getByTestId('job-cancel')).toBeDisabled();
  const { json } = await cliArm(`${WS_ARM}/jobs/${id}?api-version=2025-12-01`);
  expect(json.properties.status).toBe('Canceled');
  expect(json.properties.experimentName).toBe(experiment);
  expect(json.properties.command).toBe('python train.py --sleep 300');
});

test('switch the language with the keyboard only', async ({ page }) => {
  await signIn(page, VISION);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // The header's language switch is a select: Tab to it, ArrowDown to "Türkçe". The choice
  // reloads the console in Turkish.
  await choose(page, 'lang-switch', 'tr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'tr');
  await expect(page.locator('h1')).toHaveText('İşlem');
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  // The skip link speaks Turkish too, and still leads past the header.
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('skip-link');
  await expect(page.getByTestId('skip-link')).toHaveText('Ana içeriğe atla');
  // And back, by keyboard again; the choice is remembered.
  await choose(page, 'lang-switch', 'en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveText('Compute');
  expect(await page.evaluate(() => localStorage.getItem('aml.lang'))).toBe('en');
});
