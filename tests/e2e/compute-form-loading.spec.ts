// A create/attach form needs its workspace (location, existing names) before it can send.
// A click that comes first is not lost: it is sent once the workspace has loaded; if loading
// failed, the click loads it again. Either way exactly one PUT.
import { expect } from '@playwright/test';
import { clearFaults, emulatorHook, injectedFaults, setFaults, signIn, SUB_DEV, test } from './helpers';
import { computeWrites, field, openNew, row } from './compute-helpers';

const VISION = `/ws/${SUB_DEV}/rg-ml-dev/ws-vision/computes`;
const RG_ID = `/subscriptions/${SUB_DEV}/resourceGroups/rg-ml-dev/providers`;
const WORKSPACE_GET = '*/workspaces/ws-vision';

test.beforeEach(async () => {
  await emulatorHook('reset');
  await emulatorHook('settings', { operationSeconds: 0.5 });
});

async function fillKubernetes(page: import('@playwright/test').Page, name: string): Promise<void> {
  await page.getByTestId('attach-kind-kubernetes').click();
  await field(page, 'name').fill(name);
  await field(page, 'resource_id').fill(`${RG_ID}/Microsoft.Kubernetes/connectedClusters/${name}`);
  await field(page, 'namespace').fill('ml');
}

test('a submit clicked while the workspace still loads is sent once it has loaded', async ({ page }) => {
  await signIn(page, VISION);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  await setFaults([{ match: { method: 'GET', path: WORKSPACE_GET }, kinds: ['latency'], latencyMs: 4000 }]);
  const writes = computeWrites(page);
  await openNew(page, 'new-attach');
  await fillKubernetes(page, 'k8s-early');
  await page.getByTestId('form-submit').click();
  await expect(page.getByTestId('op-queued')).toBeVisible();
  expect(writes).toHaveLength(0);
  await expect(page.getByTestId('op-done')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('op-queued')).toHaveCount(0);
  expect((await injectedFaults()).map((f) => f.kind)).toContain('latency');
  expect(writes.filter((w) => w.method() === 'PUT')).toHaveLength(1);
});

test('a workspace that failed to load shows why; the next submit loads it again and sends', async ({ page }) => {
  await signIn(page, VISION);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  await setFaults([{
    match: { method: 'GET', path: WORKSPACE_GET }, kinds: ['custom'], status: 403,
    body: { error: { code: 'AuthorizationFailed', message: 'No read access to the workspace (injected).' } },
  }]);
  const writes = computeWrites(page);
  await openNew(page, 'new-attach');
  await expect(page.getByTestId('error-box')).toContainText('AuthorizationFailed');
  await fillKubernetes(page, 'k8s-later');
  // Still refused: the click loads the workspace again, fails again, sends nothing.
  await expect(page.getByTestId('ws-facts-retry')).toBeVisible();
  await page.getByTestId('form-submit').click();
  await expect.poll(async () => (await injectedFaults()).length).toBe(2);
  await expect(page.getByTestId('form-submit')).toBeEnabled();
  await expect(page.getByTestId('error-box')).toContainText('AuthorizationFailed');
  expect(writes).toHaveLength(0);
  await clearFaults();
  await page.getByTestId('form-submit').click();
  await expect(page.getByTestId('op-done')).toBeVisible({ timeout: 30_000 });
  expect(writes.filter((w) => w.method() === 'PUT')).toHaveLength(1);
  await expect(field(page, 'name')).toHaveValue('k8s-later');
  await page.getByTestId('form-cancel').click();
  await expect(row(page, 'k8s-later')).toContainText('Succeeded');
});
