// Accessibility (issue 13 item 4): axe-core on every page and dialog of the console, in the light
// and the dark theme, against WCAG 2.0/2.1 A and AA; a serious or critical violation fails the
// view (a11y-helpers.ts). The pages are shown with real data: the emulator's seeded computes of
// every kind, its seeded job examples, and a command job and a sweep this spec runs (logs,
// metrics, outputs, trials). The totals are printed at the end (README "Accessibility").
import { expect, Page } from '@playwright/test';
import { checkBothThemes, tallyLine } from './a11y-helpers';
import { cliArm, DEMO_COMPUTES, emulatorHook, SEEDED_DEMO_COMPUTES, signIn, test } from './helpers';
import { JOBS, sampleRepo, SKLEARN_ID } from './jobs-helpers';
import { jobEnded, WS_ARM } from './metrics-helpers';

const API = 'api-version=2025-12-01';
const stamp = Date.now().toString(36);
const RUN = `a11y-run-${stamp}`;
const SWEEP = `a11y-sweep-${stamp}`;

// Logs two metrics through MLflow's REST API with the job's own variables (no mlflow package),
// writes an output file and a few log lines: every section of the job page has content.
const LOG_METRIC = `import json, os, sys, time, urllib.request
def log(key, value, step):
    body = {"run_id": os.environ["MLFLOW_RUN_ID"], "key": key, "value": value, "timestamp": int(time.time() * 1000), "step": step}
    req = urllib.request.Request(os.environ["MLFLOW_TRACKING_URI"] + "/api/2.0/mlflow/runs/log-metric", data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json", "Authorization": "Bearer " + os.environ["MLFLOW_TRACKING_TOKEN"]})
    urllib.request.urlopen(req).read()
`;
const RUN_SCRIPT = `${LOG_METRIC}
for s in range(5):
    log("loss", 1 / (s + 1), s)
    log("accuracy", s / 5, s)
    print("epoch", s, flush=True)
os.makedirs("outputs", exist_ok=True)
open("outputs/model.txt", "w").write("weights")
print("done", flush=True)
`;
const TRIAL_SCRIPT = `${LOG_METRIC}
log("score", float(sys.argv[1]) * 10, 0)
print("score", sys.argv[1], flush=True)
`;

async function putJob(name: string, properties: object): Promise<void> {
  const { status, json } = await cliArm(`${WS_ARM}/jobs/${name}?${API}`, 'PUT', { properties });
  if (status !== 200 && status !== 201) throw new Error(`job ${name}: ${status} ${JSON.stringify(json)}`);
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  // The seeded computes as they start (the reset also drops jobs, so it comes first).
  await emulatorHook('reset');
  const compute = `${WS_ARM}/computes/cpu-cluster`;
  await putJob(RUN, {
    jobType: 'Command', displayName: RUN, experimentName: 'e2e-a11y', environmentId: SKLEARN_ID, computeId: compute,
    command: `python -c '${RUN_SCRIPT}'`,
  });
  await putJob(SWEEP, {
    jobType: 'Sweep', displayName: SWEEP, experimentName: 'e2e-a11y', computeId: compute,
    objective: { primaryMetric: 'score', goal: 'Maximize' },
    samplingAlgorithm: { samplingAlgorithmType: 'Grid' },
    searchSpace: { a: ['choice', [[1, 2]]] },
    limits: { jobLimitsType: 'Sweep', maxTotalTrials: 2, maxConcurrentTrials: 2 },
    trial: { command: `python -c '${TRIAL_SCRIPT}' \${{search_space.a}}`, environmentId: SKLEARN_ID },
  });
  expect(await jobEnded(RUN)).toBe('Completed');
  expect(await jobEnded(SWEEP)).toBe('Completed');
});

// Each view is checked twice (light, dark), each check takes a second or two.
test.describe.configure({ timeout: 240_000 });

test.afterAll(() => {
  console.log(tallyLine());
});

const COMPUTES = DEMO_COMPUTES;

test('sign-in page (the console\'s own) and a page that does not exist', async ({ page }) => {
  await page.goto('/signin');
  await expect(page.getByTestId('signin-button')).toBeVisible();
  await checkBothThemes(page, 'sign-in');
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await checkBothThemes(page, 'not found');
});

test('workspaces and the compute list with its menu open', async ({ page }) => {
  await signIn(page, '/workspaces');
  await expect(page.getByTestId('workspace-link').first()).toBeVisible();
  await checkBothThemes(page, 'workspaces');
  await page.goto(COMPUTES);
  await expect(page.getByTestId('compute-row')).toHaveCount(SEEDED_DEMO_COMPUTES.length);
  await checkBothThemes(page, 'compute list');
  await page.getByTestId('new-menu').locator('summary').click();
  await expect(page.getByTestId('new-cluster')).toBeVisible();
  await checkBothThemes(page, 'compute list, "+ New" menu open');
});

test('compute details of every kind', async ({ page }) => {
  await signIn(page, COMPUTES);
  for (const name of SEEDED_DEMO_COMPUTES) {
    await page.goto(`${COMPUTES}/${name}`);
    await expect(page.getByTestId('compute-title')).toHaveText(name);
    await expect(page.getByTestId('compute-details')).toBeVisible();
    await checkBothThemes(page, `compute details ${name}`);
  }
});

test('compute dialogs: scale, delete or detach, keys', async ({ page }) => {
  await signIn(page, `${COMPUTES}/cpu-cluster`);
  await page.getByTestId('manage-scale').click();
  await expect(page.getByTestId('scale-dialog')).toBeVisible();
  await checkBothThemes(page, 'scale dialog');
  // Invalid values: the field messages are shown too.
  await page.getByTestId('field-max_nodes').fill('-1');
  await page.getByTestId('scale-apply').click();
  await expect(page.getByTestId('field-error-max_nodes')).not.toBeEmpty();
  await checkBothThemes(page, 'scale dialog with errors');
  await page.getByTestId('dialog-cancel').click();
  await page.getByTestId('manage-delete').click();
  await expect(page.getByTestId('delete-dialog')).toBeVisible();
  await page.getByTestId('delete-action-delete').check();
  await expect(page.getByTestId('delete-confirm-name')).toBeVisible();
  await checkBothThemes(page, 'delete dialog');
  await page.getByTestId('dialog-cancel').click();
  await page.goto(`${COMPUTES}/dsvm-ubuntu`);
  await page.getByTestId('manage-keys').click();
  await expect(page.getByTestId('keys-list')).toBeVisible();
  await checkBothThemes(page, 'keys dialog');
});

test('create and attach forms, empty and with their field messages', async ({ page }) => {
  await signIn(page, COMPUTES);
  await page.goto(`${COMPUTES}/new/cluster`);
  await expect(page.getByTestId('size-table')).toBeVisible();
  await expect(page.getByText('Loading workspace…')).toHaveCount(0);
  await checkBothThemes(page, 'new cluster');
  await page.getByTestId('field-name').fill('1-bad');
  await page.getByTestId('form-submit').click();
  await expect(page.getByTestId('field-error-name')).not.toBeEmpty();
  await page.getByTestId('advanced').locator('summary').click();
  await checkBothThemes(page, 'new cluster with errors and advanced settings');
  await page.goto(`${COMPUTES}/new/instance`);
  await expect(page.getByTestId('size-table')).toBeVisible();
  await checkBothThemes(page, 'new instance');
  await page.goto(`${COMPUTES}/attach`);
  await expect(page.getByTestId('attach-form')).toBeVisible();
  await checkBothThemes(page, 'attach');
  await page.getByTestId('cred-key').click();
  await page.getByTestId('form-submit').click();
  await checkBothThemes(page, 'attach with SSH key fields and errors');
});

test('jobs list, with rows selected', async ({ page }) => {
  await signIn(page, JOBS);
  await expect(page.getByTestId('job-row').first()).toBeVisible();
  await checkBothThemes(page, 'jobs list');
  await page.locator(`[data-testid=job-row][data-name="${RUN}"] [data-testid=job-select]`).check();
  await page.locator(`[data-testid=job-row][data-name="${SWEEP}"] [data-testid=job-select]`).check();
  await expect(page.getByTestId('jobs-compare')).toBeEnabled();
  await checkBothThemes(page, 'jobs list with a selection');
});

test('job submit form: empty, with a folder picked, as a sweep, with its YAML and its errors', async ({ page }) => {
  const repo = sampleRepo();
  await signIn(page, `${JOBS}/new`);
  await expect(page.getByTestId('job-form')).toBeVisible();
  await checkBothThemes(page, 'job submit (empty)');
  await page.getByTestId('submit-job').click();
  await expect(page.getByTestId('form-errors')).toBeVisible();
  await checkBothThemes(page, 'job submit with errors');
  await page.getByTestId('source-input').setInputFiles(repo);
  await expect(page.getByTestId('snapshot-preview')).toBeVisible();
  await expect(page.getByTestId('snapshot-total')).toBeVisible();
  await page.getByTestId('field-command').fill('python train.py');
  await checkBothThemes(page, 'job submit with a snapshot preview');
  await page.getByTestId('field-job_kind').selectOption('sweep');
  await page.getByTestId('add-search-param').click();
  await page.getByTestId('view-yaml').click();
  await expect(page.getByTestId('yaml-text')).toBeVisible();
  await checkBothThemes(page, 'job submit as a sweep with its YAML');
});

/** Opens a job's page and waits for its header. */
async function openJob(page: Page, name: string): Promise<void> {
  await page.goto(`${JOBS}/${name}`);
  await expect(page.getByTestId('job-details')).toBeVisible();
}

test('job details: logs with their tabs, metrics and outputs', async ({ page }) => {
  await signIn(page, `${JOBS}/${RUN}`);
  await expect(page.getByTestId('job-details')).toBeVisible();
  await expect(page.getByTestId('log-tab')).toHaveCount(3, { timeout: 30_000 });
  await expect(page.getByTestId('log-text')).toContainText('done');
  await expect(page.getByTestId('metric-card')).toHaveCount(2, { timeout: 30_000 });
  await expect(page.getByTestId('artifact-link').first()).toBeVisible({ timeout: 30_000 });
  await checkBothThemes(page, 'job details (command, completed)');
  // Another log tab and a search with matches.
  await page.getByTestId('log-tab').nth(1).click();
  await page.getByTestId('log-search').fill('a');
  await checkBothThemes(page, 'job details, second log tab, search');
});

test('job details of a sweep (trials), a pipeline (steps) and an AutoML job; compare', async ({ page }) => {
  await signIn(page, `${JOBS}/${SWEEP}`);
  await expect(page.getByTestId('trial-row')).toHaveCount(2, { timeout: 30_000 });
  await expect(page.getByTestId('parallel-view')).toBeVisible();
  await checkBothThemes(page, 'job details (sweep trials)');
  await openJob(page, 'example-pipeline');
  await expect(page.getByTestId('pipeline-steps')).toBeVisible();
  await checkBothThemes(page, 'job details (pipeline)');
  await openJob(page, 'example-automl');
  await checkBothThemes(page, 'job details (AutoML, scheduled)');
  await page.goto(`${JOBS}/compare?ids=${RUN},${SWEEP}_0,${SWEEP}_1`);
  await expect(page.getByTestId('compare-status')).toHaveText('3 jobs compared', { timeout: 30_000 });
  await checkBothThemes(page, 'compare');
});

test('job dialogs: edit (with a field message) and delete', async ({ page }) => {
  await signIn(page, `${JOBS}/example-automl`);
  await page.getByTestId('job-edit').click();
  const edit = page.getByTestId('job-edit-dialog');
  await expect(edit).toBeVisible();
  await checkBothThemes(page, 'job edit dialog');
  await edit.getByTestId('job-edit-display_name').fill('   ');
  await edit.getByTestId('job-edit-save').click();
  await expect(edit.getByTestId('job-edit-error-display_name')).not.toBeEmpty();
  await checkBothThemes(page, 'job edit dialog with an error');
  await edit.getByTestId('job-edit-cancel').click();
  await page.getByTestId('job-delete').click();
  await expect(page.getByTestId('job-delete-dialog')).toBeVisible();
  await checkBothThemes(page, 'job delete dialog');
});
