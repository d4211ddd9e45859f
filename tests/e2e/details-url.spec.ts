// Details that match the address: when only a path parameter changes (a link from one job or
// compute to another, back/forward), the page shows the new one's data, never the old one's
// under the new name. Navigation here stays inside the app (no page load), as links do.
import { expect, Page } from '@playwright/test';
import { DEMO_COMPUTES, signIn, test } from './helpers';
import { JOBS } from './jobs-helpers';

/** Follows an in-app link to `path`, as a link between two jobs would (no page load). */
async function followLink(page: Page, path: string): Promise<void> {
  await page.evaluate((href) => {
    document.querySelector('[data-testid=test-link]')?.remove();
    const a = document.createElement('a');
    a.href = href;
    a.textContent = 'to another one';
    a.setAttribute('data-testid', 'test-link');
    (document.querySelector('main') ?? document.body).appendChild(a);
  }, path);
  await page.getByTestId('test-link').click();
}

async function expectJob(page: Page, name: string, type: string, section: string): Promise<void> {
  await expect(page.getByTestId('job-id')).toHaveText(name);
  await expect(page.getByTestId('job-type')).toHaveText(type);
  await expect(page.getByTestId('job-details')).toHaveAttribute('data-job-type', type);
  await expect(page.locator(`[data-testid=job-section][data-section="${section}"]`)).toBeVisible();
}

test("back and forward between two job detail pages show each one's data", async ({ page }) => {
  await signIn(page, `${JOBS}/example-sweep`);
  await expectJob(page, 'example-sweep', 'Sweep', 'objective');
  await followLink(page, `${JOBS}/example-pipeline`);
  await expect(page).toHaveURL(new RegExp(`${JOBS}/example-pipeline$`));
  await expectJob(page, 'example-pipeline', 'Pipeline', 'settings');
  await expect(page.getByTestId('sweep-trials')).toHaveCount(0);
  await expect(page.getByTestId('pipeline-steps')).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`${JOBS}/example-sweep$`));
  await expectJob(page, 'example-sweep', 'Sweep', 'objective');
  await expect(page.getByTestId('pipeline-steps')).toHaveCount(0);
  await page.goForward();
  await expectJob(page, 'example-pipeline', 'Pipeline', 'settings');
  await followLink(page, `${JOBS}/example-automl`);
  await expectJob(page, 'example-automl', 'AutoML', 'task');
  // An address that is no job id is refused before any request, with a clear message.
  await followLink(page, `${JOBS}/bad.id`);
  await expect(page.getByTestId('job-id-invalid')).toContainText('letters, digits');
  await expect(page.getByTestId('job-type')).toHaveCount(0);
  await page.goBack();
  await expectJob(page, 'example-automl', 'AutoML', 'task');
});

test("back and forward between two compute detail pages show each one's data", async ({ page }) => {
  await signIn(page, `${DEMO_COMPUTES}/cpu-cluster`);
  await expect(page.getByTestId('compute-title')).toHaveText('cpu-cluster');
  await expect(page.getByRole('heading', { name: 'Nodes', exact: true })).toBeAttached();
  await followLink(page, `${DEMO_COMPUTES}/ci-ada`);
  await expect(page.getByTestId('compute-title')).toHaveText('ci-ada');
  // A compute instance has no node list: nothing of the cluster is left on the page.
  await expect(page.getByRole('heading', { name: 'Nodes', exact: true })).toHaveCount(0);
  await page.goBack();
  await expect(page.getByTestId('compute-title')).toHaveText('cpu-cluster');
  await expect(page.getByRole('heading', { name: 'Nodes', exact: true })).toBeAttached();
  await page.goForward();
  await expect(page.getByTestId('compute-title')).toHaveText('ci-ada');
});
