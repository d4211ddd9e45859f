// Managing existing computes from the details page: scale a cluster (PATCH), stop/start/restart
// an instance, delete and detach through the confirmation dialog.
import { expect } from '@playwright/test';
import { DEMO_COMPUTES, emulatorHook, signIn, test } from './helpers';
import { computeWrites, field, row } from './compute-helpers';

test.beforeEach(async () => {
  await emulatorHook('reset');
  await emulatorHook('settings', { operationSeconds: 0.5 });
});

test('scales a cluster: PATCH, then the new min/max are shown', async ({ page }) => {
  await signIn(page, `${DEMO_COMPUTES}/cpu-cluster`);
  const writes = computeWrites(page);
  await page.getByTestId('manage-scale').click();
  await field(page, 'min_nodes').fill('0');
  await field(page, 'max_nodes').fill('6');
  await page.getByTestId('scale-apply').click();
  await expect(page.getByTestId('scale-dialog')).toHaveCount(0);
  await expect.poll(() => writes.map((w) => w.method())).toEqual(['PATCH']);
  expect(writes[0].postDataJSON().properties.properties.scaleSettings).toMatchObject({ minNodeCount: 0, maxNodeCount: 6 });
  await expect(page.locator('[data-testid=property-group]').filter({ hasText: /Scale|Nodes/i }).first()).toContainText('6', { timeout: 20_000 });
  await page.goto(DEMO_COMPUTES);
  await expect(row(page, 'cpu-cluster')).toContainText(/\(0–6\)/);
});

test('stops, starts and restarts an instance; buttons follow the state', async ({ page }) => {
  await signIn(page, `${DEMO_COMPUTES}/ci-ada`);
  await expect(page.getByTestId('manage-start')).toBeDisabled();
  await page.getByTestId('manage-stop').click();
  await expect(page.getByTestId('compute-details')).toContainText('Stopped', { timeout: 20_000 });
  await expect(page.getByTestId('manage-stop')).toBeDisabled();
  await page.getByTestId('manage-start').click();
  await expect(page.getByTestId('manage-stop')).toBeEnabled({ timeout: 20_000 });
  await expect(page.locator('.details-head')).toContainText('Running');
  await page.getByTestId('manage-restart').click();
  await expect(page.locator('[data-testid=op-toast][data-name="ci-ada"]').last()).toHaveAttribute('data-state', 'succeeded', { timeout: 20_000 });
  await expect(page.locator('.details-head')).toContainText('Running');
});

test('deletes a cluster (type the name) and it is gone from the list', async ({ page }) => {
  await signIn(page, `${DEMO_COMPUTES}/cpu-cluster`);
  const writes = computeWrites(page);
  await page.getByTestId('manage-delete').click();
  await page.getByTestId('delete-action-delete').check();
  await expect(page.getByTestId('delete-dialog')).toContainText('deletes its Azure resource');
  await expect(page.getByTestId('delete-confirm')).toBeDisabled();
  await page.getByTestId('delete-confirm-name').fill('cpu-cluster');
  await page.getByTestId('delete-confirm').click();
  await expect(page).toHaveURL(/\/computes$/);
  expect(writes[0].url()).toContain('underlyingResourceAction=Delete');
  await expect(row(page, 'cpu-cluster')).toHaveCount(0, { timeout: 20_000 });
});

test('detaches an attached VM and it is gone from the list', async ({ page }) => {
  await signIn(page, `${DEMO_COMPUTES}/dsvm-ubuntu`);
  const writes = computeWrites(page);
  await page.getByTestId('manage-delete').click();
  // Attached resources default to Detach, which needs no typed name.
  await expect(page.getByTestId('delete-action-detach')).toBeChecked();
  await expect(page.getByTestId('delete-dialog')).toContainText('only removes it from this workspace');
  await page.getByTestId('delete-confirm').click();
  await expect(page).toHaveURL(/\/computes$/);
  expect(writes[0].url()).toContain('underlyingResourceAction=Detach');
  await expect(row(page, 'dsvm-ubuntu')).toHaveCount(0, { timeout: 20_000 });
});
