// Where the jobs pages are: the top bar names the Jobs section (not "Compute"), and every link
// of a jobs page is built from the workspace's own segments, so a resource group whose name
// contains "computes" keeps its name (docs/CONTRACTS.md "Console routes").
import { expect, Page } from '@playwright/test';
import { DEMO_COMPUTES, signIn, SUB_DEV, test } from './helpers';
import { JOBS } from './jobs-helpers';

/** The address bar's path and query, without the console's origin. */
function here(page: Page): string {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

test('the breadcrumb says Jobs on the jobs pages and Compute on the compute pages', async ({ page }) => {
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
  const section = page.getByTestId('section-crumb');
  await expect(section).toHaveText('Jobs');
  await expect(section).toHaveAttribute('href', JOBS);
  await expect(page.getByTestId('workspace-crumb')).toHaveText('ws-demo');

  await page.getByTestId('new-job').click();
  await expect(page.getByTestId('source-input')).toBeAttached();
  await expect(section).toHaveText('Jobs');
  await expect(page.getByTestId('page-crumb')).toHaveText('New job');

  // A job's page (this one does not exist: the page says so, the top bar still knows where it is).
  await page.goto(`${JOBS}/no-such-job`);
  // The job and its logs both fail to load: one box each.
  await expect(page.getByTestId('error-box').first()).toBeVisible();
  await expect(section).toHaveText('Jobs');
  await expect(page.getByTestId('page-crumb')).toHaveText('no-such-job');

  await page.goto(DEMO_COMPUTES);
  await expect(page.getByTestId('compute-table')).toBeVisible();
  await expect(section).toHaveText('Compute');
  await expect(section).toHaveAttribute('href', DEMO_COMPUTES);
});

test('a resource group named computes-rg keeps its name in every jobs link', async ({ page }) => {
  // No such workspace exists: its lists fail with the service's error, but the console's own
  // links must still point into it. Rewriting "/computes" to "/jobs" in the path would have
  // sent them to `jobs-rg`.
  const ws = `/ws/${SUB_DEV}/computes-rg/ws-demo`;
  await signIn(page, `${ws}/jobs`);
  await expect(page.getByTestId('error-box').first()).toBeVisible();
  await expect(page.getByTestId('new-job')).toHaveAttribute('href', `${ws}/jobs/new`);
  await expect(page.getByTestId('section-crumb')).toHaveAttribute('href', `${ws}/jobs`);
  await expect(page.getByTestId('workspace-crumb')).toHaveAttribute('href', `${ws}/computes`);
  await expect(page.getByTestId('nav-jobs')).toHaveAttribute('href', `${ws}/jobs`);

  // The filters are mirrored in the address of the same page.
  await page.getByTestId('job-tag-filter').fill('team=vision');
  await expect.poll(() => here(page)).toBe(`${ws}/jobs?tag=team%3Dvision`);

  await page.getByTestId('new-job').click();
  await expect.poll(() => here(page)).toBe(`${ws}/jobs/new`);
  await expect(page.getByTestId('section-crumb')).toHaveText('Jobs');
});
