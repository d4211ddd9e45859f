// Actions that follow the user's permissions (docs/CONTRACTS.md "Identity"): Katherine is Reader on
// ws-demo and Contributor on ws-vision. The console reads her permissions on the workspace, keeps
// write actions visible but disabled with the missing action named on hover and focus, and sends
// nothing when they are used; a write that reaches the service anyway shows the 403 guidance.
import { expect, Locator, Page } from '@playwright/test';
import { DEMO_COMPUTES, SUB_DEV, emulatorHook, signIn, test } from './helpers';
import { computeWrites } from './compute-helpers';

const KATHERINE = 'Katherine Johnson';
const ML = 'Microsoft.MachineLearningServices/workspaces';
const DEMO_JOBS = `/ws/${SUB_DEV}/rg-ml-dev/ws-demo/jobs`;
const VISION_COMPUTES = `/ws/${SUB_DEV}/rg-ml-dev/ws-vision/computes`;
const PERMISSIONS = '**/providers/Microsoft.Authorization/permissions?**';

test.beforeEach(async () => {
  await emulatorHook('reset');
  await emulatorHook('settings', { operationSeconds: 0.5 });
});

/** The control is marked disabled, and its tooltip (hover and keyboard focus) names `action`. */
async function expectDenied(page: Page, control: Locator, action: string): Promise<void> {
  await expect(control).toHaveAttribute('aria-disabled', 'true');
  const tipId = await control.getAttribute('aria-describedby');
  expect(tipId).toBeTruthy();
  const tip = page.locator(`[id="${tipId}"]`);
  await expect(tip).toHaveAttribute('role', 'tooltip');
  await expect(tip).toHaveAttribute('data-action', action);
  await expect(tip).toContainText(action);
  await control.hover();
  await expect(tip).toBeVisible();
  await page.mouse.move(0, 0);
  await expect(tip).toBeHidden();
  await control.focus();
  await expect(tip).toBeVisible();
  await control.blur();
}

test('a Reader sees write actions disabled, with the missing action named, and sends nothing', async ({ page }) => {
  const writes = computeWrites(page);
  const sentWrites: string[] = [];
  page.on('request', (r) => {
    // listNodes is a POST that only reads (the details page of a cluster asks for it).
    const read = ['GET', 'OPTIONS'].includes(r.method()) || r.url().includes('/listNodes?');
    if (r.url().includes('/subscriptions/') && !read) sentWrites.push(`${r.method()} ${r.url()}`);
  });
  await signIn(page, DEMO_COMPUTES, KATHERINE);

  const newMenu = page.getByTestId('new-menu').locator('summary');
  await expectDenied(page, newMenu, `${ML}/computes/write`);
  await newMenu.click({ force: true });
  await expect(page.getByTestId('new-cluster')).toBeHidden();

  await page.goto(`${DEMO_COMPUTES}/cpu-cluster`);
  await expectDenied(page, page.getByTestId('manage-scale'), `${ML}/computes/write`);
  await expectDenied(page, page.getByTestId('manage-delete'), `${ML}/computes/delete`);
  await page.getByTestId('manage-delete').click({ force: true });
  await page.getByTestId('manage-scale').click({ force: true });
  await expect(page.getByTestId('delete-dialog')).toHaveCount(0);
  await expect(page.getByTestId('scale-dialog')).toHaveCount(0);

  await page.goto(`${DEMO_COMPUTES}/ci-ada`);
  await expectDenied(page, page.getByTestId('manage-stop'), `${ML}/computes/stop/action`);
  await page.getByTestId('manage-stop').click({ force: true });

  await page.goto(`${DEMO_COMPUTES}/dsvm-ubuntu`);
  await expectDenied(page, page.getByTestId('manage-keys'), `${ML}/computes/listKeys/action`);

  await page.goto(DEMO_JOBS);
  const newJob = page.getByTestId('new-job');
  await expectDenied(page, newJob, `${ML}/jobs/write`);
  await newJob.click({ force: true });
  await expect(page).toHaveURL(new RegExp(`${DEMO_JOBS}(\\?.*)?$`));

  await page.goto(`${DEMO_JOBS}/example-automl`);
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'Scheduled');
  await expectDenied(page, page.getByTestId('job-cancel'), `${ML}/jobs/cancel/action`);
  await page.getByTestId('job-cancel').click({ force: true });

  // The form reached by URL keeps working for filling in, but its submit is off too.
  await page.goto(`${DEMO_COMPUTES}/new/cluster`);
  await expectDenied(page, page.getByTestId('form-submit'), `${ML}/computes/write`);

  expect(writes).toHaveLength(0);
  expect(sentWrites).toEqual([]);
});

test('the same user as Contributor of another workspace has every action', async ({ page }) => {
  const answered = page.waitForResponse((r) => r.url().includes('/providers/Microsoft.Authorization/permissions') && r.url().includes('/ws-vision/'));
  await signIn(page, VISION_COMPUTES, KATHERINE);
  expect((await answered).status()).toBe(200);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  const newMenu = page.getByTestId('new-menu').locator('summary');
  await expect(newMenu).not.toHaveAttribute('aria-disabled', /.*/);
  await expect(page.getByTestId('perm-tip')).toHaveCount(0);
  await newMenu.click();
  await page.getByTestId('new-cluster').click();
  await expect(page.getByTestId('form-submit')).toBeEnabled();
  await expect(page.getByTestId('form-submit')).not.toHaveAttribute('aria-disabled', /.*/);

  // And back on ws-demo the same session is a Reader: the answer is per workspace.
  await page.goto(`/ws/${SUB_DEV}/rg-ml-dev/ws-demo/jobs`);
  await expect(page.getByTestId('new-job')).toHaveAttribute('aria-disabled', 'true');
});

test('a write that reaches the service anyway shows what is missing and who can grant it', async ({ page }) => {
  // The permissions cannot be read (blocked here): nothing is disabled, the service decides.
  let blocked = 0;
  await page.route(PERMISSIONS, (route) => {
    blocked += 1;
    return route.abort('failed');
  });
  await signIn(page, `${DEMO_COMPUTES}/cpu-cluster`, KATHERINE);
  await expect.poll(() => blocked).toBeGreaterThan(0);
  const scale = page.getByTestId('manage-scale');
  await expect(scale).toBeEnabled();
  await expect(scale).not.toHaveAttribute('aria-disabled', /.*/);
  const refused = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/computes/cpu-cluster'));
  await scale.click();
  await page.getByTestId('field-max_nodes').fill('5');
  await page.getByTestId('scale-apply').click();
  expect((await refused).status()).toBe(403);

  const dialog = page.getByTestId('scale-dialog');
  await expect(dialog.getByTestId('error-code')).toHaveText('AuthorizationFailed');
  const box = dialog.getByTestId('error-permission');
  await expect(box.getByTestId('error-missing-action')).toHaveText(`${ML}/computes/write`);
  await expect(box.getByTestId('error-scope')).toHaveText(
    `/subscriptions/${SUB_DEV}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-demo/computes/cpu-cluster`,
  );
  await expect(box.getByTestId('error-who-can-grant')).toContainText('Owner or User Access Administrator');
  await expect(box.getByTestId('error-who-can-grant')).toContainText('AzureML Compute Operator');
  // What the user typed is kept for a retry once access is granted.
  await expect(page.getByTestId('field-max_nodes')).toHaveValue('5');
});

test('a job write that reaches the service anyway shows the 403 guidance too', async ({ page }) => {
  // As above, the permissions cannot be read, so Cancel is offered and the service refuses it.
  let blocked = 0;
  await page.route(PERMISSIONS, (route) => {
    blocked += 1;
    return route.abort('failed');
  });
  await signIn(page, `${DEMO_JOBS}/example-automl`, KATHERINE);
  await expect.poll(() => blocked).toBeGreaterThan(0);
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'Scheduled');
  const cancel = page.getByTestId('job-cancel');
  await expect(cancel).toBeEnabled();
  await expect(cancel).not.toHaveAttribute('aria-disabled', /.*/);
  const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/jobs/example-automl/cancel'));
  await cancel.click();
  expect((await refused).status()).toBe(403);

  const box = page.getByTestId('error-permission');
  await expect(page.getByTestId('error-code')).toHaveText('AuthorizationFailed');
  await expect(box.getByTestId('error-missing-action')).toHaveText(`${ML}/jobs/cancel/action`);
  await expect(box.getByTestId('error-scope')).toHaveText(
    `/subscriptions/${SUB_DEV}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-demo/jobs/example-automl`,
  );
  await expect(box.getByTestId('error-who-can-grant')).toContainText('Owner or User Access Administrator');
  // Nothing changed: the job is still waiting, and Cancel can be tried again once access is granted.
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'Scheduled');
  await expect(cancel).toBeEnabled();
});
