// A Sweep from the job form: its search space over the command's literal inputs, checked before
// any request, shown as YAML, submitted, run by the emulator (grid: every combination), and read
// back on the sweep's page: trials with their metric, sortable, the parallel view, the best trial
// marked and linked.
import { expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { signIn, test } from './helpers';
import { fillJob, jobPuts, JOBS, sampleRepo, submitAndOpen, waitForStatus } from './jobs-helpers';

// Logs `score = a * 10 + b` to the trial's MLflow run through MLflow's REST API (the machine's
// python3 of curated environments has no mlflow package; the variables are the ones Azure ML gives).
const TRAIN = `import json, os, sys, time, urllib.request
a, b = float(sys.argv[1]), float(sys.argv[2])
body = {"run_id": os.environ["MLFLOW_RUN_ID"], "key": "score", "value": a * 10 + b,
        "timestamp": int(time.time() * 1000), "step": 0}
req = urllib.request.Request(os.environ["MLFLOW_TRACKING_URI"] + "/api/2.0/mlflow/runs/log-metric",
                             data=json.dumps(body).encode(), method="POST",
                             headers={"Content-Type": "application/json",
                                      "Authorization": "Bearer " + os.environ["MLFLOW_TRACKING_TOKEN"]})
urllib.request.urlopen(req).read()
print("score", a * 10 + b, flush=True)
`;

let repo: string;
test.beforeAll(() => {
  repo = sampleRepo();
  fs.writeFileSync(path.join(repo, 'sweep_train.py'), TRAIN);
});

async function addLiteral(page: Page, name: string, value: string): Promise<void> {
  await page.getByTestId('add-input').click();
  await page.getByTestId('input-name').last().fill(name);
  await page.getByTestId('input-value').last().fill(value);
}

async function addChoice(page: Page, input: string, values: string): Promise<void> {
  await page.getByTestId('add-search-param').click();
  const row = page.getByTestId('search-param').last();
  await row.getByTestId('param-name').selectOption(input);
  await row.getByTestId('param-kind').selectOption('choice');
  await row.getByTestId('param-values').fill(values);
}

test('a sweep of 6 grid trials runs to completion with its best trial marked', async ({ page }) => {
  test.setTimeout(300_000);
  const puts = jobPuts(page);
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
  await fillJob(page, repo, { experiment: 'e2e-sweeps', command: 'python sweep_train.py ${{inputs.a}} ${{inputs.b}}' });
  await addLiteral(page, 'a', '1');
  await addLiteral(page, 'b', '0');
  await page.getByTestId('field-job_kind').selectOption('sweep');

  // Checked before any request: a sweep needs a search space and a metric.
  await page.getByTestId('field-sweep_metric').fill('');
  await page.getByTestId('submit-job').click();
  await expect(page.getByTestId('field-error-sweep_params')).toContainText('Add at least one search parameter');
  await expect(page.getByTestId('field-error-sweep_metric')).toBeVisible();
  // Grid sampling takes only choice.
  await page.getByTestId('field-sweep_sampling').selectOption('grid');
  await page.getByTestId('add-search-param').click();
  await page.getByTestId('search-param').last().getByTestId('param-name').selectOption('a');
  await page.getByTestId('search-param').last().getByTestId('param-kind').selectOption('uniform');
  await page.getByTestId('search-param').last().getByTestId('param-min').fill('1');
  await page.getByTestId('search-param').last().getByTestId('param-max').fill('3');
  await page.getByTestId('submit-job').click();
  await expect(page.getByTestId('field-error-sweep_params')).toContainText('grid sampling takes only choice');
  expect(puts).toEqual([]);
  await page.getByRole('button', { name: 'Remove search parameter' }).click();

  await addChoice(page, 'a', '1, 2, 3');
  await addChoice(page, 'b', '0, 5');
  await page.getByTestId('field-sweep_metric').fill('score');
  await page.getByTestId('field-sweep_goal').selectOption('Maximize');
  await page.getByTestId('field-sweep_max_total').fill('6');
  await page.getByTestId('field-sweep_max_concurrent').fill('3');

  // The YAML names the same sweep.
  await page.getByTestId('view-yaml').click();
  const yaml = page.getByTestId('yaml-text');
  await expect(yaml).toContainText('type: sweep');
  await expect(yaml).toContainText('sampling_algorithm: grid');
  await expect(yaml).toContainText('primary_metric: score');
  await expect(yaml).toContainText('${{search_space.a}}');

  const id = await submitAndOpen(page);
  expect(puts).toHaveLength(1);
  const body = puts[0].body.properties;
  expect(body.jobType).toBe('Sweep');
  expect(body.samplingAlgorithm.samplingAlgorithmType).toBe('Grid');
  expect(body.objective).toEqual({ primaryMetric: 'score', goal: 'Maximize' });
  expect(body.trial.command).toBe('python sweep_train.py ${{search_space.a}} ${{search_space.b}}');

  await expect(page.getByTestId('job-type')).toHaveText('Sweep');
  await waitForStatus(page, 'Completed', 240_000);
  const rows = page.getByTestId('trial-row');
  await expect(rows).toHaveCount(6, { timeout: 30_000 });
  await expect(page.locator('[data-testid=trial-row][data-status="Completed"]')).toHaveCount(6, { timeout: 30_000 });
  // Best first: a = 3, b = 5 → 35; then 30, 25, 20, 15, 10.
  const metrics = () => page.getByTestId('trial-metric').allTextContents();
  await expect.poll(metrics).toEqual(['35', '30', '25', '20', '15', '10']);
  const best = page.locator('[data-testid=trial-row][data-best="true"]');
  await expect(best).toHaveCount(1);
  await expect(best.getByTestId('best-badge')).toHaveText('Best');
  await expect(best.getByTestId('trial-metric')).toHaveText('35');
  const bestName = await best.getAttribute('data-name');
  expect(bestName).toMatch(new RegExp(`^${id}_\\d+$`));
  await expect(page.getByTestId('best-trial-link')).toHaveText(bestName!);
  await expect(page.getByTestId('parallel-view').locator('path.trial-line')).toHaveCount(6);
  await expect(page.getByTestId('parallel-view').locator('path.best-line')).toHaveAttribute('data-trial', bestName!);

  // Sorted by the metric the other way round, then back.
  await page.getByTestId('sort-metric').click();
  await expect.poll(metrics).toEqual(['10', '15', '20', '25', '30', '35']);
  await page.getByTestId('sort-metric').click();
  await expect.poll(metrics).toEqual(['35', '30', '25', '20', '15', '10']);

  // The link leads to the best trial's own page (a Command job), and back to the sweep.
  await page.getByTestId('best-trial-link').click();
  await expect(page.getByTestId('job-id')).toHaveText(bestName!);
  await expect(page.getByTestId('job-type')).toHaveText('Command');
  await expect(page.getByTestId('job-command')).toHaveText('python sweep_train.py 3 5');
  await page.goBack();
  await expect(page.getByTestId('job-id')).toHaveText(id);
  await expect(page.getByTestId('job-type')).toHaveText('Sweep');

  // "Clone and edit" gives the sweep back in the form, and submitting it unchanged (the folder
  // picked again) sends the same sweep under a new id.
  await page.getByTestId('job-clone').click();
  await expect(page).toHaveURL(new RegExp(`/jobs/new\\?clone=${id}`));
  await expect(page.getByTestId('field-job_kind')).toHaveValue('sweep');
  await expect(page.getByTestId('field-command')).toHaveValue('python sweep_train.py ${{inputs.a}} ${{inputs.b}}');
  await expect(page.getByTestId('field-sweep_sampling')).toHaveValue('grid');
  const params = page.getByTestId('search-param');
  await expect(params).toHaveCount(2);
  const values = (testId: string) => () => params.getByTestId(testId).evaluateAll((es) => es.map((e) => (e as HTMLInputElement).value));
  await expect.poll(values('param-name')).toEqual(['a', 'b']);
  await expect.poll(values('param-kind')).toEqual(['choice', 'choice']);
  await expect.poll(values('param-values')).toEqual(['1, 2, 3', '0, 5']);
  await expect(page.getByTestId('field-sweep_metric')).toHaveValue('score');
  await expect(page.getByTestId('field-sweep_goal')).toHaveValue('Maximize');
  await expect(page.getByTestId('field-sweep_max_total')).toHaveValue('6');
  await expect(page.getByTestId('field-sweep_max_concurrent')).toHaveValue('3');
  await page.getByTestId('source-input').setInputFiles(repo);
  await expect(page.getByTestId('snapshot-preview')).toBeVisible();
  const again = await submitAndOpen(page);
  expect(again).not.toBe(id);
  expect(puts.map((p) => p.id)).toEqual([id, again]);
  // The same body, but for the display name: none was typed, so each is named after its own id.
  const [before, after] = puts.map((p) => p.body.properties);
  expect([before.displayName, after.displayName]).toEqual([id, again]);
  expect({ ...after, displayName: '' }).toEqual({ ...before, displayName: '' });
  await expect(page.getByTestId('job-type')).toHaveText('Sweep');
});
