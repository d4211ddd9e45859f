// Submitting experiments from the browser against the emulator + Azurite (CORS rule set by
// xtask for the console origin): snapshot preview, upload, reuse, logs, failure, cancel,
// distributed and serverless runs, and validation before any request.
import { expect } from '@playwright/test';
import { armRequests, signIn, test } from './helpers';
import { fillJob, JOBS, previewPaths, sampleRepo, storageRequests, submitAndOpen, waitForStatus } from './jobs-helpers';

let repo: string;
test.beforeAll(() => {
  repo = sampleRepo();
});

test.beforeEach(async ({ page }) => {
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
});

test('preview, submit, completed with logs, and an unchanged resubmit uploads nothing', async ({ page }) => {
  await fillJob(page, repo);
  const preview = page.getByTestId('snapshot-preview');
  await expect(page.getByTestId('ignore-file')).toHaveAttribute('data-file', '.amlignore');
  // The list is windowed (41 files, not all in view): scrolled through.
  const paths = await previewPaths(page);
  expect(paths).toContain('train.py');
  expect(paths).toContain('src/utils/helpers.py');
  expect(paths).toContain('.gitignore');
  expect(paths).not.toContain('data/train.csv');
  expect(paths).not.toContain('run.log');
  // .git/ is offered for exclusion (job mode uploads it otherwise); take the offer.
  await expect(preview.locator('[data-testid="heavy-folder"][data-prefix=".git/"]')).toBeVisible();
  await preview.locator('[data-testid="heavy-folder"][data-prefix=".git/"] [data-testid="exclude-folder"]').click();
  await expect(page.getByTestId('excluded-patterns')).toContainText('/.git/');
  await expect(page.getByTestId('git-info')).toContainText('main');

  const storage = storageRequests(page);
  const id = await submitAndOpen(page);
  expect(storage.filter((r) => r.method() === 'PUT').length).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="job-property"]').first()).toBeVisible();
  await expect(page.getByTestId('job-details')).toContainText('mlflow.source.git.commit');
  await waitForStatus(page, 'Completed');
  await expect(page.getByTestId('log-text')).toContainText('hello from train.py rank=0 lr=0.05 helpers-ok', { timeout: 20_000 });
  await expect(page.getByTestId('artifact-link')).toContainText('outputs/model.txt', { timeout: 20_000 });

  // The same folder again: the content hash matches, the code asset is reused, no upload.
  const storage2 = storageRequests(page);
  await fillJob(page, repo);
  await page.locator('[data-testid="heavy-folder"][data-prefix=".git/"] [data-testid="exclude-folder"]').click();
  await page.getByTestId('submit-job').click();
  await expect(page.getByTestId('code-reused')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('code-reused')).toContainText('0 bytes uploaded');
  expect(storage2.filter((r) => r.method() === 'PUT')).toHaveLength(0);
  const id2 = (await page.getByTestId('job-link').textContent())!.trim();
  expect(id2).not.toBe(id);

  // Both are listed under the experiment.
  await page.goto(`${JOBS}?experiment=e2e-jobs`);
  await expect(page.locator(`[data-testid="job-row"][data-name="${id}"]`)).toBeVisible();
  await expect(page.locator(`[data-testid="job-row"][data-name="${id2}"]`)).toBeVisible();
});

test('a failing script ends Failed with its traceback in the logs', async ({ page }) => {
  await fillJob(page, repo, { command: 'python train.py --fail' });
  await submitAndOpen(page);
  await waitForStatus(page, 'Failed');
  await expect(page.getByTestId('log-text')).toContainText('Traceback', { timeout: 20_000 });
  await expect(page.getByTestId('log-text')).toContainText('intentional failure for the e2e test');
});

test('cancel a long job', async ({ page }) => {
  await fillJob(page, repo, { command: 'python train.py --sleep 300' });
  await submitAndOpen(page);
  await waitForStatus(page, 'Running');
  await expect(page.getByTestId('log-text')).toContainText('step', { timeout: 20_000 });
  await page.getByTestId('job-cancel').click();
  await waitForStatus(page, 'Canceled', 60_000);
  await expect(page.getByTestId('job-cancel')).toBeDisabled();
});

test('a distributed job shows one log tab per rank', async ({ page }) => {
  await fillJob(page, repo, { command: 'python train.py', distribution: { type: 'PyTorch', processes: 2 } });
  await submitAndOpen(page);
  await waitForStatus(page, 'Completed');
  const tabs = page.getByTestId('log-tab');
  await expect(tabs.filter({ hasText: 'std_log_process_0.txt' })).toBeVisible({ timeout: 20_000 });
  await expect(tabs.filter({ hasText: 'std_log_process_1.txt' })).toBeVisible();
  await tabs.filter({ hasText: 'std_log_process_1.txt' }).click();
  await expect(page.getByTestId('log-text')).toContainText('rank=1');
});

test('serverless submission', async ({ page }) => {
  await fillJob(page, repo, { command: 'python train.py', compute: 'serverless' });
  await submitAndOpen(page);
  await expect(page.getByTestId('job-details')).toContainText('serverless');
  await waitForStatus(page, 'Completed');
  await expect(page.getByTestId('log-text')).toContainText('training done', { timeout: 20_000 });
});

test('validation failures send nothing', async ({ page }) => {
  await page.goto(`${JOBS}/new`);
  await expect(page.getByTestId('field-command')).toBeVisible();
  await page.getByTestId('field-command').fill('python train.py --lr ${{inputs.missing}}');
  await page.getByTestId('field-instance_count').fill('0');
  const arm = armRequests(page);
  const storage = storageRequests(page);
  await page.getByTestId('submit-job').click();
  await expect(page.getByTestId('form-errors')).toBeVisible();
  await expect(page.getByTestId('field-error-experiment')).toBeVisible();
  await expect(page.getByTestId('field-error-command')).toContainText("input 'missing'");
  await expect(page.getByTestId('field-error-instance_count')).toBeVisible();
  await expect(page.getByTestId('field-error-environment')).toBeVisible();
  await expect(page.getByTestId('field-error-source')).toBeVisible();
  await page.waitForTimeout(500);
  expect(arm.filter((r) => r.method() !== 'GET')).toHaveLength(0);
  expect(storage).toHaveLength(0);
});
