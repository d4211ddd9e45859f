// The compute list and details of the demo workspace: every seeded kind, paging, filter, sort,
// refresh, empty and error states, details with nodes and provisioning errors, deep-link reloads.
import { expect } from '@playwright/test';
import { computeNames, DEMO_COMPUTES, emulatorHook, SEEDED_DEMO_COMPUTES, signIn, SUB_DEV, SUB_PROD, test } from './helpers';

test.beforeEach(async () => {
  await emulatorHook('reset');
});

test('lists every seeded compute across pages, with type, state, size and nodes', async ({ page }) => {
  await emulatorHook('settings', { computePageSize: 5 }); // 14 computes → 3 pages via nextLink
  const listCalls: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('/workspaces/ws-demo/computes')) listCalls.push(r.url());
  });
  await signIn(page, DEMO_COMPUTES);
  await expect(page.getByTestId('compute-row')).toHaveCount(SEEDED_DEMO_COMPUTES.length);
  expect((await computeNames(page)).sort()).toEqual([...SEEDED_DEMO_COMPUTES].sort());
  expect(listCalls.length).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('compute-count')).toContainText(String(SEEDED_DEMO_COMPUTES.length));

  const row = (name: string) => page.locator(`[data-testid=compute-row][data-name="${name}"]`);
  await expect(row('cpu-cluster')).toContainText('Compute cluster');
  await expect(row('cpu-cluster')).toContainText(/steady/i);
  await expect(row('gpu-cluster')).toContainText(/resizing/i);
  await expect(row('ci-ada')).toContainText('Compute instance');
  await expect(row('ci-ada')).toContainText('Running');
  await expect(row('ci-grace')).toContainText('Stopped');
  await expect(row('broken-cluster')).toContainText('Failed');
  await expect(row('legacy-batch')).toContainText('Batch');
  await expect(row('k8s-arc')).toContainText('Kubernetes');
  await expect(row('synapse-pool')).toContainText('Synapse');
  await expect(row('dbx-prod')).toContainText('Databricks');
  // Nodes column for a resizing cluster: current / target (min–max).
  await expect(row('gpu-cluster')).toContainText(/\d+\s*\/\s*\d+/);
});

test('filters by text and by type, and sorts by column', async ({ page }) => {
  await signIn(page, DEMO_COMPUTES);
  await expect(page.getByTestId('compute-row')).toHaveCount(SEEDED_DEMO_COMPUTES.length);

  await page.getByTestId('compute-filter').fill('GPU');
  await expect(page.getByTestId('compute-row')).toHaveCount(1);
  expect(await computeNames(page)).toEqual(['gpu-cluster']);
  await page.getByTestId('compute-filter').fill('no-such-compute');
  await expect(page.getByTestId('compute-row')).toHaveCount(0);
  await expect(page.getByTestId('compute-empty')).toBeVisible();
  await page.getByTestId('compute-filter').fill('');

  await page.getByTestId('compute-type-filter').selectOption('ComputeInstance');
  expect((await computeNames(page)).sort()).toEqual(['ci-ada', 'ci-grace']);
  await page.getByTestId('compute-type-filter').selectOption('');
  await expect(page.getByTestId('compute-row')).toHaveCount(SEEDED_DEMO_COMPUTES.length);

  // The list opens sorted by name; clicking the active column flips the direction.
  const asc = [...SEEDED_DEMO_COMPUTES].sort((a, b) => a.localeCompare(b));
  expect(await computeNames(page)).toEqual(asc);
  await page.getByTestId('sort-name').click();
  expect(await computeNames(page)).toEqual([...asc].reverse());
  await page.getByTestId('sort-name').click();
  expect(await computeNames(page)).toEqual(asc);

  // Another column sorts by that column: all clusters (AmlCompute) end up next to each other.
  await page.getByTestId('sort-type').click();
  const byType = await computeNames(page);
  const clusters = ['broken-cluster', 'cpu-cluster', 'gpu-cluster'].map((n) => byType.indexOf(n)).sort((a, b) => a - b);
  expect(clusters[2] - clusters[0]).toBe(2);
});

test('refresh fetches the list again', async ({ page }) => {
  await signIn(page, DEMO_COMPUTES);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  const again = page.waitForRequest((r) => r.url().includes('/workspaces/ws-demo/computes'));
  await page.getByTestId('compute-refresh').click();
  await again;
  await expect(page.getByTestId('compute-row')).toHaveCount(SEEDED_DEMO_COMPUTES.length);
});

test('an empty workspace says so', async ({ page }) => {
  await signIn(page, `/ws/${SUB_PROD}/rg-ml-prod/ws-prod/computes`);
  await expect(page.getByTestId('compute-empty')).toBeVisible();
  await expect(page.getByTestId('compute-row')).toHaveCount(0);
});

test('a service error shows code, message and the request id', async ({ page }) => {
  const missing = `/ws/${SUB_DEV}/rg-ml-dev/ws-does-not-exist/computes`;
  let requestId = '';
  page.on('response', (r) => {
    if (r.url().includes('ws-does-not-exist') && r.status() === 404) requestId = r.headers()['x-ms-request-id'] ?? '';
  });
  await signIn(page, missing);
  const box = page.getByTestId('error-box');
  await expect(box).toBeVisible();
  await expect(box.getByTestId('error-code')).toContainText('ResourceNotFound');
  await expect(box.getByTestId('error-message')).toContainText('ws-does-not-exist');
  expect(requestId).not.toBe('');
  await expect(box.getByTestId('error-request-id')).toContainText(requestId);
});

test('details of a cluster show grouped properties and its nodes', async ({ page }) => {
  await signIn(page, DEMO_COMPUTES);
  await page.locator('[data-testid=compute-row][data-name="cpu-cluster"] a').first().click();
  await expect(page).toHaveURL(new RegExp(DEMO_COMPUTES + '/cpu-cluster$'));
  await expect(page.getByTestId('compute-title')).toContainText('cpu-cluster');
  await expect(page.locator('[data-testid=property-group][data-group="general"]')).toBeVisible();
  expect(await page.getByTestId('property-group').count()).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('compute-details')).toContainText('Succeeded');
  // The node list matches the cluster's current node count.
  await expect(page.getByTestId('node-table')).toBeVisible();
  const nodes = await page.getByTestId('node-row').count();
  expect(nodes).toBeGreaterThan(0);
});

test('details of a failed compute show its provisioning errors', async ({ page }) => {
  await signIn(page, `${DEMO_COMPUTES}/broken-cluster`);
  const errs = page.getByTestId('provisioning-errors');
  await expect(errs).toBeVisible();
  await expect(errs).toContainText(/[A-Z][A-Za-z]+/);
  await expect(page.getByTestId('compute-details')).toContainText('Failed');
});

test('a legacy Batch compute is shown read-only with an explanation', async ({ page }) => {
  await signIn(page, `${DEMO_COMPUTES}/legacy-batch`);
  await expect(page.getByTestId('unknown-type-note')).toContainText('Batch');
  await expect(page.getByTestId('compute-title')).toContainText('legacy-batch');
});

test('a deep link survives a reload', async ({ page }) => {
  const deep = `${DEMO_COMPUTES}/ci-ada`;
  await signIn(page, deep);
  await expect(page).toHaveURL(new RegExp(deep + '$'));
  await expect(page.getByTestId('compute-title')).toContainText('ci-ada');
  await page.reload();
  // The token lived in memory only; the console signs in again (SSO) and returns here.
  await expect(page).toHaveURL(new RegExp(deep + '$'));
  await expect(page.getByTestId('compute-title')).toContainText('ci-ada');
  await expect(page.getByTestId('compute-details')).toContainText('Running');
});
