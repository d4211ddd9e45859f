// "Clone and edit" from a finished job's details: the submit form comes back prefilled with that
// job's settings; submitting it (same folder picked again) creates a new job with the same body.
import { expect } from '@playwright/test';
import { signIn, test } from './helpers';
import { fillJob, jobPuts, JOBS, sampleRepo, SKLEARN_ID, submitAndOpen, waitForStatus } from './jobs-helpers';

let repo: string;
test.beforeAll(() => {
  repo = sampleRepo();
});

test('clone a completed job: prefilled form, new id, same settings', async ({ page }) => {
  test.setTimeout(180_000);
  // A panic in the app (e.g. a task of the details page reading its disposed signals after
  // the Clone link left it) kills the release build silently: surface it.
  page.on('pageerror', (e) => console.log(`pageerror: ${e.message}`));
  await signIn(page, JOBS);
  await fillJob(page, repo, { experiment: 'e2e-clone' });
  await page.getByTestId('field-display_name').fill('clone me');
  await page.getByTestId('add-output').click();
  await page.getByTestId('output-name').last().fill('model');
  await page.getByTestId('field-env_vars').fill('GREETING=hi');
  await page.getByTestId('field-tags').fill('origin=e2e');
  await page.getByTestId('field-timeout').fill('15');
  const puts = jobPuts(page);
  const first = await submitAndOpen(page);
  await waitForStatus(page, 'Completed');

  await page.getByTestId('job-clone').click();
  await expect(page).toHaveURL(new RegExp(`/jobs/new\\?clone=${first}`));
  // The fields come back from the job as the service stored it.
  await expect(page.getByTestId('field-experiment')).toHaveValue('e2e-clone');
  await expect(page.getByTestId('field-display_name')).toHaveValue('clone me');
  await expect(page.getByTestId('field-command')).toHaveValue('python train.py --lr ${{inputs.lr}}');
  await expect(page.getByTestId('input-name')).toHaveValue('lr');
  await expect(page.getByTestId('input-value')).toHaveValue('0.05');
  await expect(page.getByTestId('output-name')).toHaveValue('model');
  await expect(page.getByTestId('field-env_vars')).toHaveValue('GREETING=hi');
  await expect(page.getByTestId('field-tags')).toHaveValue('origin=e2e');
  await expect(page.getByTestId('field-timeout')).toHaveValue('15');
  await expect(page.getByTestId('field-env_kind')).toHaveValue('curated');
  await expect(page.getByTestId('field-environment')).toHaveValue(SKLEARN_ID);
  await expect(page.getByTestId('field-compute_kind')).toHaveValue('cluster');
  await expect(page.getByTestId('field-compute')).toHaveValue('cpu-cluster');

  // The folder is not part of a job: pick it again, then submit unchanged.
  await page.getByTestId('source-input').setInputFiles(repo);
  await expect(page.getByTestId('snapshot-preview')).toBeVisible();
  const second = await submitAndOpen(page);
  expect(second).not.toBe(first);
  expect(puts.map((p) => p.id)).toEqual([first, second]);
  // Same settings, same code version (same folder → reused), same git properties.
  expect(puts[1].body).toEqual(puts[0].body);
  await expect(page.getByTestId('job-title')).toHaveText('clone me');
  await waitForStatus(page, 'Completed');
});
