// Creating clusters and instances: size picker with quota, Creating → Succeeded in the list and
// details, validation before any request, the service's quota failure and 409, View as YAML,
// and an operation that survives leaving the page.
import { expect } from '@playwright/test';
import { cliArm, DEMO_COMPUTES, EMULATOR, emulatorHook, signIn, SUB_DEV, test } from './helpers';

// Creates run in ws-vision (westeurope): in the e2e stack the 50 bench clusters of ws-bench hold
// more than the eastus regional vCPU quota, so every new cluster/instance in eastus fails.
const VISION = `/ws/${SUB_DEV}/rg-ml-dev/ws-vision/computes`;
import { computeWrites, expectOpDone, field, fieldError, openNew, row } from './compute-helpers';

test.beforeEach(async () => {
  await emulatorHook('reset');
  await emulatorHook('settings', { operationSeconds: 1 });
});

test('creates a cluster from the size list: Creating → Succeeded in the list and details', async ({ page }) => {
  // Long enough that a loaded machine still renders the list while the cluster is Creating.
  await emulatorHook('settings', { operationSeconds: 6 });
  await signIn(page, VISION);
  await openNew(page, 'new-cluster');
  await expect(page).toHaveURL(/\/computes\/new\/cluster$/);
  await field(page, 'name').fill('train-cpu');
  await page.locator('[data-testid=size-row][data-name="Standard_D4s_v3"]').click();
  await expect(page.getByTestId('size-selected')).toHaveText('Standard_D4s_v3');
  // The family's quota is shown beside each size.
  await expect(page.locator('[data-testid=size-row][data-name="Standard_D4s_v3"] [data-testid=size-quota]')).toContainText('free');
  await field(page, 'min_nodes').fill('0');
  await field(page, 'max_nodes').fill('2');
  const writes = computeWrites(page);
  await page.getByTestId('form-submit').click();
  await expect(page.getByTestId('form-submit')).toBeDisabled();
  await expect.poll(() => writes.length).toBe(1);
  const body = writes[0].postDataJSON();
  expect(writes[0].method()).toBe('PUT');
  expect(body.properties.properties.scaleSettings).toMatchObject({ minNodeCount: 0, maxNodeCount: 2, nodeIdleTimeBeforeScaleDown: 'PT2M' });
  expect(body.properties.properties.vmSize).toBe('Standard_D4s_v3');

  // The list shows it at once with its Creating state, then the outcome.
  await page.getByTestId('form-cancel').click();
  await expect(row(page, 'train-cpu')).toBeVisible();
  await expect(row(page, 'train-cpu')).toContainText(/Creating/);
  await expect(row(page, 'train-cpu')).toContainText(/Succeeded/, { timeout: 30_000 });
  await expect(page.locator('[data-testid=op-toast][data-name="train-cpu"]')).toHaveAttribute('data-state', 'succeeded');
  await row(page, 'train-cpu').getByRole('link').click();
  await expect(page.getByTestId('compute-title')).toHaveText('train-cpu');
  await expect(page.getByTestId('compute-details')).toContainText('Succeeded');
});

test('creates a compute instance for the signed-in user → Running', async ({ page }) => {
  await signIn(page, VISION);
  await openNew(page, 'new-instance');
  // Defaults to the signed-in user; idle shutdown starts empty and is then not sent.
  await expect(field(page, 'assigned_user_object_id')).toHaveValue('a0d1e2f3-0000-4000-8000-00000000ada1');
  await expect(field(page, 'idle_shutdown_minutes')).toHaveValue('');
  await field(page, 'name').fill('ci-new-ada');
  await page.locator('[data-testid=size-row][data-name="Standard_DS3_v2"]').click();
  const writes = computeWrites(page);
  await page.getByTestId('form-submit').click();
  await expectOpDone(page);
  const props = writes[0].postDataJSON().properties.properties;
  expect(props.idleTimeBeforeShutdown).toBeUndefined();
  expect(props.personalComputeInstanceSettings.assignedUser.objectId).toBe('a0d1e2f3-0000-4000-8000-00000000ada1');
  await page.getByTestId('op-result-link').click();
  await expect(page.getByTestId('compute-title')).toHaveText('ci-new-ada');
  await expect(page.getByTestId('compute-details')).toContainText('Running');
});

test('validation failure: field messages and no PUT request', async ({ page }) => {
  await signIn(page, DEMO_COMPUTES);
  await openNew(page, 'new-cluster');
  // Workspace facts (location, existing names) loaded; in ws-demo every size is hidden for lack
  // of regional quota in the e2e stack, which is fine here.
  await expect(page.getByTestId('size-table')).toBeVisible();
  await expect(page.getByText('Loading workspace…')).toHaveCount(0);
  const writes = computeWrites(page);
  await field(page, 'name').fill('1-bad-12');
  await field(page, 'min_nodes').fill('5');
  await field(page, 'max_nodes').fill('2');
  await page.getByTestId('form-submit').click();
  await expect(fieldError(page, 'name')).toBeVisible();
  await expect(page.getByTestId('field-error-min_nodes').or(fieldError(page, 'max_nodes')).first()).toBeVisible();
  await expect(page.getByTestId('form-errors')).toContainText('nothing was sent');
  // A name that already exists is refused before any request, too.
  await field(page, 'name').fill('cpu-cluster');
  await page.getByTestId('form-submit').click();
  await expect(fieldError(page, 'name')).toContainText('already exists');
  expect(writes).toHaveLength(0);
  // What was typed stays.
  await expect(field(page, 'max_nodes')).toHaveValue('2');
});

test('quota failure: a big GPU size via "show all sizes" → service error, input kept', async ({ page }) => {
  await signIn(page, VISION);
  await openNew(page, 'new-cluster');
  await page.getByTestId('size-gpu').click();
  const big = page.locator('[data-testid=size-row][data-name="Standard_ND96asr_v4"]');
  await expect(page.locator('[data-testid=size-row][data-name="Standard_NC6"]')).toBeVisible();
  await expect(big).toHaveCount(0); // hidden: not enough quota
  await expect(page.getByTestId('size-hidden')).toContainText('not enough quota');
  await page.getByTestId('size-show-all').check();
  await expect(big.getByTestId('size-quota-note')).toContainText('vCPUs');
  await big.click();
  await field(page, 'name').fill('gpu-huge');
  await field(page, 'max_nodes').fill('4');
  await page.getByTestId('form-submit').click();
  const box = page.getByTestId('error-box');
  await expect(box).toBeVisible({ timeout: 30_000 });
  await expect(box.getByTestId('error-code')).not.toBeEmpty();
  await expect(box.getByTestId('error-message')).toContainText('quota');
  await expect(box.getByTestId('error-request-id')).not.toBeEmpty();
  await expect(field(page, 'name')).toHaveValue('gpu-huge');
  await expect(field(page, 'max_nodes')).toHaveValue('4');
  await expect(page.getByTestId('size-selected')).toHaveText('Standard_ND96asr_v4');
});

test('409 on a name taken meanwhile by another type: error shown, input kept', async ({ page }) => {
  await signIn(page, DEMO_COMPUTES);
  await openNew(page, 'new-cluster');
  await expect(page.getByText('Loading workspace…')).toHaveCount(0);
  await page.getByTestId('size-show-all').check();
  await page.locator('[data-testid=size-row][data-name="Standard_DS3_v2"]').click();
  await field(page, 'name').fill('taken-name');
  await field(page, 'max_nodes').fill('3');
  // Another client attaches a Databricks workspace under that name after the form loaded.
  const url = `${EMULATOR}/subscriptions/${SUB_DEV}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-demo/computes/taken-name?api-version=2025-12-01`;
  const res = await cliArm(url, 'PUT', { location: 'eastus', properties: { computeType: 'DataLakeAnalytics',
    resourceId: `/subscriptions/${SUB_DEV}/resourceGroups/rg-ml-dev/providers/Microsoft.DataLakeAnalytics/accounts/other`,
    properties: { dataLakeStoreAccountName: 'otherstore' } } });
  expect(res.status).toBeLessThan(300);
  await page.getByTestId('form-submit').click();
  const box = page.getByTestId('error-box');
  await expect(box.getByTestId('error-status')).toContainText('409');
  await expect(box.getByTestId('error-request-id')).not.toBeEmpty();
  await expect(field(page, 'name')).toHaveValue('taken-name');
  await expect(field(page, 'max_nodes')).toHaveValue('3');
  await expect(page.getByTestId('form-submit')).toBeEnabled();
});

test('View as YAML shows the az ml YAML of the form', async ({ page }) => {
  await signIn(page, DEMO_COMPUTES);
  await openNew(page, 'new-cluster');
  await field(page, 'name').fill('yaml-cluster');
  await field(page, 'max_nodes').fill('3');
  await page.getByTestId('view-yaml').click();
  const text = page.getByTestId('yaml-text');
  await expect(text).toContainText('$schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json');
  await expect(text).toContainText('name: yaml-cluster');
  await expect(text).toContainText('type: amlcompute');
  await expect(text).toContainText('max_instances: 3');
  await expect(text).toContainText('location: eastus'); // the workspace's region
});

test('an operation survives leaving the page: list shows it, the outcome arrives', async ({ page }) => {
  await emulatorHook('settings', { operationSeconds: 3 });
  await signIn(page, VISION);
  await openNew(page, 'new-cluster');
  await field(page, 'name').fill('bg-cluster');
  await page.getByTestId('form-submit').click();
  await expect(page.getByTestId('op-progress')).toBeVisible();
  await page.getByRole('link', { name: 'Workspaces' }).first().click();
  await expect(page).toHaveURL(/\/workspaces$/);
  await expect(page.locator('[data-testid=op-toast][data-name="bg-cluster"]')).toBeVisible();
  await page.getByTestId('workspace-link').filter({ hasText: 'ws-vision' }).click();
  await expect(row(page, 'bg-cluster')).toBeVisible();
  await expect(page.locator('[data-testid=op-toast][data-name="bg-cluster"]')).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 });
  await expect(row(page, 'bg-cluster')).toContainText('Succeeded');
});
