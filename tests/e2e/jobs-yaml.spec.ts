// "View as YAML" of the job form must be a job the official SDK turns into the very REST body
// the console sends: the YAML shown and the job PUT body are captured and handed to
// tests/sdk/job_yaml_roundtrip.py (azure.ai.ml.load_job → the SDK's request body; the ARM-id
// resolutions the SDK does through the service are normalised there, each one documented).
import { expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { signIn, test } from './helpers';
import { fillJob, jobPuts, JOBS, JobOptions, sampleRepo, sdkScript } from './jobs-helpers';

// Not under target/e2e-results: Playwright empties that folder at the start of every run.
const OUT = path.resolve(__dirname, '../../target/job-yaml');

let repo: string;
test.beforeAll(() => {
  repo = sampleRepo();
  fs.mkdirSync(OUT, { recursive: true });
});

test.beforeEach(async ({ page }) => {
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
});

/** Everything the form can say beyond fillJob's defaults. */
async function fillEverything(page: Page, o: JobOptions): Promise<void> {
  await fillJob(page, repo, { ...o, command: 'python train.py --lr ${{inputs.lr}} --steps ${{inputs.steps}} --data ${{inputs.data}} --out ${{outputs.model}}' });
  await page.getByTestId('field-display_name').fill('yaml round trip');
  await page.getByTestId('field-description').fill('checked against azure-ai-ml: "quotes", #hash');
  // Literal inputs that YAML would read as numbers if written bare.
  for (const [name, value] of [['lr', '0.05'], ['steps', '1e3']]) {
    await page.getByTestId('add-input').click();
    await page.getByTestId('input-name').last().fill(name);
    await page.getByTestId('input-value').last().fill(value);
  }
  await page.getByTestId('add-input').click();
  await page.getByTestId('input-name').last().fill('data');
  await page.getByTestId('input-kind').last().selectOption('uri_folder');
  await page.getByTestId('input-datastore').last().selectOption('workspaceblobstore');
  await page.getByTestId('input-path').last().fill('datasets/iris/');
  await page.getByTestId('add-output').click();
  await page.getByTestId('output-name').last().fill('model');
  await page.getByTestId('field-env_vars').fill('FOO=bar\nRETRIES=3\nFLAG=true');
  await page.getByTestId('field-tags').fill('team=ml\nrun=007');
  await page.getByTestId('field-timeout').fill('30');
}

async function roundTrip(page: Page, label: string): Promise<void> {
  await page.getByTestId('view-yaml').click();
  const yaml = (await page.getByTestId('yaml-text').textContent())!;
  const puts = jobPuts(page);
  await page.getByTestId('submit-job').click();
  await expect(page.getByTestId('job-link')).toBeVisible({ timeout: 60_000 });
  expect(puts).toHaveLength(1);
  // The YAML names the job it will create; the PUT went to that id.
  expect(yaml).toMatch(new RegExp(`^name: "?${puts[0].id}"?$`, 'm'));
  // Beside the picked folder, as `az ml job create -f job.yml` would be run (`code: ./<folder>`
  // must exist for load_job); copies under target/ for inspection.
  const yml = path.join(path.dirname(repo), `${label}.job.yml`);
  const body = path.join(OUT, `${label}.body.json`);
  fs.writeFileSync(yml, yaml);
  fs.writeFileSync(path.join(OUT, `${label}.job.yml`), yaml);
  fs.writeFileSync(body, JSON.stringify(puts[0].body, null, 1));
  const out = sdkScript('job_yaml_roundtrip.py', [yml, body, path.basename(repo)]);
  expect(out).toContain('ok the SDK builds the console');
}

test('YAML of a cluster job with inputs, outputs, env vars, PyTorch and a timeout loads in the SDK as the same body', async ({ page }) => {
  await fillEverything(page, { distribution: { type: 'PyTorch', processes: 2 } });
  await page.getByTestId('field-instance_count').fill('2');
  await roundTrip(page, 'cluster-pytorch');
});

test('YAML of a serverless job loads in the SDK as the same body', async ({ page }) => {
  await fillEverything(page, { compute: 'serverless' });
  await roundTrip(page, 'serverless');
});
