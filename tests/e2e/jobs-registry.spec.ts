// Curated environments by registry id: the form lists the azureml registry's environments (read
// through registry discovery on the data plane host, then the registry's list), falls back to
// the built-in well-known names when that list cannot be read, takes any typed registry id, and
// shows the service's error for an id the registry does not have, with nothing typed lost.
import { expect, Page, Request } from '@playwright/test';
import { signIn, test } from './helpers';
import { fillJob, jobPuts, JOBS, sampleRepo, submitAndOpen, waitForStatus } from './jobs-helpers';

const REG = 'azureml://registries/azureml/environments';
const LIGHTGBM = `${REG}/AzureML-lightgbm-3.3/labels/latest`;

let repo: string;
test.beforeAll(() => {
  repo = sampleRepo();
});

test.beforeEach(async ({ page }) => {
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
});

function registryCalls(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/registrymanagement/') || r.url().includes('/registries/azureml/environments')) seen.push(r);
  });
  return seen;
}

/** The registry ids the curated select offers (without "Pick…" and "Type a registry id…"). */
async function offered(page: Page): Promise<string[]> {
  const values = await page.getByTestId('field-environment').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  return values.filter((v) => v.startsWith('azureml://'));
}

test('a curated environment listed from the registry is picked by its registry id and runs', async ({ page }) => {
  const calls = registryCalls(page);
  const puts = jobPuts(page);
  await fillJob(page, repo, { experiment: 'e2e-registry' });
  await expect(page.getByTestId('curated-source')).toHaveText('Listed from the azureml registry.');
  expect(calls.some((r) => r.url().includes('/registrymanagement/v1.0/registries/azureml/discovery'))).toBe(true);
  expect(calls.some((r) => /\/mferp\/managementfrontend\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft.MachineLearningServices\/registries\/azureml\/environments\?/.test(r.url()))).toBe(true);
  const ids = await offered(page);
  expect(ids).toContain(LIGHTGBM);
  expect(ids).toContain(`${REG}/AzureML-sklearn-1.5/labels/latest`);
  // The workspace's own environments hold no curated copies.
  await page.getByTestId('field-env_kind').selectOption('workspace');
  const wsEnvs = await page.getByTestId('field-environment').locator('option').allTextContents();
  expect(wsEnvs.filter((t) => t.startsWith('AzureML-'))).toEqual([]);
  await page.getByTestId('field-env_kind').selectOption('curated');

  await page.getByTestId('field-environment').selectOption(LIGHTGBM);
  await expect(page.getByTestId('field-environment-id')).toHaveCount(0);
  await submitAndOpen(page);
  expect(puts).toHaveLength(1);
  expect(puts[0].body.properties.environmentId).toBe(LIGHTGBM);
  await waitForStatus(page, 'Completed');
});

test('when the registry cannot be read, the built-in list is offered', async ({ page }) => {
  // As a browser sees a host that refuses CORS: no answer at all.
  await page.route('**/registrymanagement/**', (route) => route.abort('failed'));
  await page.goto(`${JOBS}/new`);
  await expect(page.getByTestId('curated-source')).toContainText("The azureml registry's list could not be read");
  await expect(page.getByTestId('curated-source')).toContainText('any registry id can be typed');
  const ids = await offered(page);
  expect(ids).toContain(`${REG}/AzureML-sklearn-1.5/labels/latest`);
  expect(ids).toContain(`${REG}/AzureML-pytorch-2.2-cuda12.1/labels/latest`);
  for (const id of ids) expect(id).toMatch(/^azureml:\/\/registries\/azureml\/environments\/AzureML-[^/]+\/labels\/latest$/);
});

test('a typed registry id is checked before any request and sent as typed', async ({ page }) => {
  const puts = jobPuts(page);
  await fillJob(page, repo, { experiment: 'e2e-registry' });
  await page.getByTestId('field-environment').selectOption('__type_registry_id');
  const typed = page.getByTestId('field-environment-id');
  // Free entry starts from the picked id, so nothing is lost.
  await expect(typed).toHaveValue(`${REG}/AzureML-sklearn-1.5/labels/latest`);
  // A bare name is refused with the registry id to use, and nothing is sent.
  await typed.fill('AzureML-sklearn-1.5');
  await page.getByTestId('submit-job').click();
  await expect(page.getByTestId('field-error-environment')).toContainText(`use ${REG}/AzureML-sklearn-1.5/labels/latest`);
  await page.waitForTimeout(300);
  expect(puts).toHaveLength(0);
  // A pinned version of the registry, typed.
  const pinned = `${REG}/AzureML-sklearn-1.5/versions/20`;
  await typed.fill(pinned);
  await submitAndOpen(page);
  expect(puts).toHaveLength(1);
  expect(puts[0].body.properties.environmentId).toBe(pinned);
  await waitForStatus(page, 'Completed');
});

test("an id the registry does not have shows the service's error and keeps the form", async ({ page }) => {
  const puts = jobPuts(page);
  await fillJob(page, repo, { experiment: 'e2e-registry-unknown' });
  await page.getByTestId('field-display_name').fill('unknown env');
  await page.getByTestId('field-environment').selectOption('__type_registry_id');
  const unknown = `${REG}/AzureML-nope-9.9/labels/latest`;
  await page.getByTestId('field-environment-id').fill(unknown);
  await page.getByTestId('submit-job').click();
  const box = page.getByTestId('error-box');
  await expect(box).toBeVisible({ timeout: 60_000 });
  await expect(box.getByTestId('error-code')).toHaveText('UserError');
  await expect(box.getByTestId('error-message')).toContainText("Environment 'AzureML-nope-9.9' was not found in registry 'azureml'");
  await expect(box.getByTestId('error-request-id')).not.toBeEmpty();
  expect(puts).toHaveLength(1);
  // Everything typed is still there, ready for a retry with a fixed id.
  await expect(page.getByTestId('field-environment-id')).toHaveValue(unknown);
  await expect(page.getByTestId('field-display_name')).toHaveValue('unknown env');
  await expect(page.getByTestId('field-experiment')).toHaveValue('e2e-registry-unknown');
  await expect(page.getByTestId('field-command')).toHaveValue('python train.py --lr ${{inputs.lr}}');
  await expect(page.getByTestId('submit-job')).toHaveText('Retry');
  await page.getByTestId('field-environment-id').fill(`${REG}/AzureML-sklearn-1.5/labels/latest`);
  await submitAndOpen(page);
  // The retry is the same job id with the fixed environment: one job, never two.
  expect(puts.map((p) => p.id)).toEqual([puts[0].id, puts[0].id]);
  expect(puts[1].body.properties.environmentId).toBe(`${REG}/AzureML-sklearn-1.5/labels/latest`);
});
