// Tidying jobs (issue 13 item 2): edit display name, description and tags (RunHistory PATCH of
// what changed + tag delete, as azure-ai-ml does), archive → hidden from the active jobs → the
// archived view → restore, and delete after typing the job's name (a long-running operation).
// The job is the official AutoMLJob get example the emulator seeds (data we did not write).
import { expect, Page, Request } from '@playwright/test';
import { cliArm, EMULATOR, emulatorHook, signIn, SUB_DEV, test } from './helpers';
import { JOBS } from './jobs-helpers';

const JOB = 'example-automl';
const ARM_JOB = `${EMULATOR}/subscriptions/${SUB_DEV}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-demo/jobs/${JOB}?api-version=2025-12-01`;
const jobRow = (page: Page) => page.locator(`[data-testid=job-row][data-name="${JOB}"]`);

/** Every write the page sends for the job: RunHistory edits and ARM PUT/DELETE. */
function jobWrites(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET' && r.method() !== 'OPTIONS' && r.url().includes(JOB)) seen.push(r);
  });
  return seen;
}

test.beforeEach(async () => {
  await emulatorHook('reset');
  await emulatorHook('settings', { operationSeconds: 0.5 });
});

// The last test deletes a seeded job that other specs read: put the seeded state back.
test.afterAll(async () => {
  await emulatorHook('reset');
});

test('edits display name, description and tags: checked first, then only what changed', async ({ page }) => {
  await signIn(page, `${JOBS}/${JOB}`);
  await expect(page.getByTestId('job-title')).toHaveText('string');
  const writes = jobWrites(page);
  await page.getByTestId('job-edit').click();
  const dialog = page.getByTestId('job-edit-dialog');
  await expect(dialog.getByTestId('job-edit-display_name')).toHaveValue('string');
  await expect(dialog.getByTestId('job-edit-tag')).toHaveCount(1);
  await dialog.getByTestId('job-edit-display_name').fill('   ');
  await dialog.getByTestId('job-edit-save').click();
  await expect(dialog.getByTestId('job-edit-error-display_name')).toContainText('Enter a display name');
  expect(writes).toHaveLength(0);

  await dialog.getByTestId('job-edit-display_name').fill('AutoML nightly');
  await dialog.getByTestId('job-edit-description').fill('Tidied from the console');
  await dialog.getByTestId('tag-remove').click();
  await dialog.getByTestId('job-edit-add-tag').click();
  await dialog.getByTestId('tag-key').fill('team');
  await dialog.getByTestId('tag-value').fill('vision');
  await dialog.getByTestId('job-edit-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('job-title')).toHaveText('AutoML nightly');

  expect(writes.map((w) => w.method())).toEqual(['PATCH', 'DELETE']);
  expect(writes[0].url()).toMatch(/\/history\/v1\.0\/subscriptions\/.*\/experiments\/string\/runs\/example-automl$/);
  expect(writes[0].postDataJSON()).toEqual({ displayName: 'AutoML nightly', description: 'Tidied from the console', tags: { team: 'vision' } });
  expect(writes[1].url()).toMatch(/\/runs\/example-automl\/tags$/);
  expect(writes[1].postDataJSON()).toEqual(['string']);
  const stored = (await cliArm(ARM_JOB)).json.properties;
  expect([stored.displayName, stored.description, stored.tags]).toEqual(['AutoML nightly', 'Tidied from the console', { team: 'vision' }]);
});

test('archive hides the job from the active jobs; the archived view shows it; restore brings it back', async ({ page }) => {
  await signIn(page, `${JOBS}/${JOB}`);
  const writes = jobWrites(page);
  await page.getByTestId('job-archive').click();
  await expect(page.getByTestId('job-archived')).toBeVisible();
  await expect(page.getByTestId('job-archive')).toHaveText('Restore');
  expect(writes[0].method()).toBe('PATCH');
  expect(writes[0].postDataJSON()).toEqual({ hidden: true });
  expect((await cliArm(ARM_JOB)).json.properties.isArchived).toBe(true);

  // The list's "Show" filter is Jobs_List's listViewType.
  await page.goto(`${JOBS}?view=ActiveOnly`);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
  await expect(page.locator('[data-testid=job-row]').first()).toBeVisible();
  await expect(jobRow(page)).toHaveCount(0);
  await page.getByTestId('job-view-filter').selectOption('ArchivedOnly');
  await expect(page).toHaveURL(/view=ArchivedOnly/);
  await expect(jobRow(page)).toBeVisible();

  await jobRow(page).getByRole('link').click();
  await page.getByTestId('job-archive').click();
  await expect(page.getByTestId('job-archived')).toHaveCount(0);
  await expect(page.getByTestId('job-archive')).toHaveText('Archive');
  await page.goto(`${JOBS}?view=ActiveOnly`);
  await expect(jobRow(page)).toBeVisible();
});

test('delete needs the name typed out, then runs as an operation and the job is gone', async ({ page }) => {
  await signIn(page, `${JOBS}/${JOB}`);
  const writes = jobWrites(page);
  await page.getByTestId('job-delete').click();
  const dialog = page.getByTestId('job-delete-dialog');
  await expect(dialog.getByTestId('job-delete-confirm')).toBeDisabled();
  await dialog.getByTestId('job-delete-confirm-name').fill('example-auto');
  await expect(dialog.getByTestId('job-delete-confirm')).toBeDisabled();
  await dialog.getByTestId('job-delete-confirm-name').fill(JOB);
  await dialog.getByTestId('job-delete-confirm').click();
  await expect(page).toHaveURL(new RegExp(`${JOBS}$`), { timeout: 20_000 });
  expect(writes[0].method()).toBe('DELETE');
  expect(writes[0].url()).toContain(`/jobs/${JOB}?api-version=2025-12-01`);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
  await expect(page.locator('[data-testid=job-row]').first()).toBeVisible();
  await expect(jobRow(page)).toHaveCount(0);
  expect((await cliArm(ARM_JOB)).status).toBe(404);
});
