// Compare runs: three jobs that logged with the MLflow client, named in the address
// (`…/jobs/compare?ids=a,b,c`), overlaid one chart per metric with a legend, params side by
// side with the differing ones marked; runs still going are followed until they end; bad
// selections are explained without a request.
import { expect } from '@playwright/test';
import { signIn, test } from './helpers';
import { JOBS } from './jobs-helpers';
import { history, jobEnded, jobStatus, mlflowJob, mlflowRequests, setTabHidden } from './metrics-helpers';

/** A script that logs `loss` = scale / (s + 1) for 6 steps, params lr and seed. */
const script = (lr: string, scale: number, extra = '') => `import mlflow
mlflow.log_param("lr", "${lr}")
mlflow.log_param("seed", "7")
for s in range(6):
    mlflow.log_metric("loss", ${scale} / (s + 1), step=s)
${extra}print("done")`;

test('compare three runs: one chart per metric with every run, a legend, differing params marked', async ({ page }) => {
  test.setTimeout(420_000);
  const a = await mlflowJob('e2e-cmp-a', script('0.1', 1));
  const b = await mlflowJob('e2e-cmp-b', script('0.01', 2));
  const c = await mlflowJob('e2e-cmp-c', script('0.1', 4, 'mlflow.log_metric("acc", 0.5, step=0)\n'));
  for (const j of [a, b, c]) expect(await jobEnded(j)).toBe('Completed');

  const reads = mlflowRequests(page);
  await signIn(page, `${JOBS}/compare?ids=${a},${b},${c}`);
  await expect(page.getByTestId('compare-status')).toHaveText('3 jobs compared', { timeout: 30_000 });
  // Every run listed, in the address' order, linked to its job.
  const runs = page.getByTestId('compare-run');
  await expect(runs).toHaveCount(3);
  expect(await runs.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-run')))).toEqual([a, b, c]);
  await expect(runs.filter({ hasText: 'FINISHED' })).toHaveCount(3);
  await expect(page.locator(`[data-testid="compare-run"][data-run="${b}"] a`)).toHaveAttribute('href', `${JOBS}/${b}`);

  // One chart per metric; loss has the three runs overlaid, acc only the run that logged it.
  const charts = page.getByTestId('compare-chart');
  await expect(charts).toHaveCount(2);
  expect(await charts.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-key')))).toEqual(['acc', 'loss']);
  const loss = page.locator('[data-testid="compare-chart"][data-key="loss"]');
  await expect(loss.getByTestId('chart-line')).toHaveCount(3);
  await expect(loss.getByTestId('chart')).toHaveAttribute('data-points', '18');
  const legend = loss.getByTestId('legend-item');
  await expect(legend).toHaveCount(3);
  expect(await legend.evaluateAll((ls) => ls.map((l) => l.getAttribute('data-run')))).toEqual([a, b, c]);
  // Each run its own colour class.
  const classes = await loss.getByTestId('chart-line').evaluateAll((ls) => ls.map((l) => l.getAttribute('class')));
  expect(new Set(classes).size).toBe(3);
  const acc = page.locator('[data-testid="compare-chart"][data-key="acc"]');
  await expect(acc.getByTestId('chart-line')).toHaveCount(1);
  await expect(acc.getByTestId('legend-item')).toHaveText([c]);

  // The readout names every run at the cursor: step 0 → 1, 2 and 4.
  await loss.locator('.chart-plot').focus();
  await page.keyboard.press('Home');
  const rows = loss.getByTestId('readout-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.getByTestId('readout-value')).toHaveText(['1', '2', '4']);
  await page.keyboard.press('End');
  await expect(rows.getByTestId('readout-value')).toHaveText(['0.166667', '0.333333', '0.666667']);

  // Params side by side: lr differs (b), seed does not.
  const lr = page.locator('[data-testid="param-row"][data-key="lr"]');
  await expect(lr).toHaveAttribute('data-differs', 'true');
  await expect(lr.locator('td')).toHaveText(['0.1', '0.01', '0.1']);
  await expect(lr.locator('th')).toContainText('differs');
  await expect(page.locator('[data-testid="param-row"][data-key="seed"]')).toHaveAttribute('data-differs', 'false');
  await expect(page.getByTestId('compare-params-summary')).toHaveText('1 of 2 params differ.');

  // Log scale on one chart only.
  await loss.getByTestId('chart-log').click();
  await expect(loss.getByTestId('chart')).toHaveAttribute('data-scale', 'log');
  await expect(acc.getByTestId('chart')).toHaveAttribute('data-scale', 'linear');

  // The page read each run once (no polling of finished runs).
  const runGets = reads.filter((r) => r.op === 'runs/get').map((r) => new URL(r.req.url()).searchParams.get('run_id'));
  expect(runGets.sort()).toEqual([a, b, c].sort());

  // The selection is the address: reloading it shows the same comparison.
  await page.reload();
  await expect(page.getByTestId('compare-status')).toHaveText('3 jobs compared', { timeout: 30_000 });
  await expect(page.getByTestId('compare-chart')).toHaveCount(2);
});

test('a run still going is followed: its chart grows, nothing is read while hidden, final values once it ends', async ({ page }) => {
  test.setTimeout(420_000);
  const done = await mlflowJob('e2e-cmp-done', script('0.1', 1));
  // 30 steps, one a second: long enough for a few rounds of 10 s.
  const slow = await mlflowJob('e2e-cmp-live', `import time, mlflow
mlflow.log_param("lr", "0.5")
for s in range(30):
    mlflow.log_metric("loss", 3 / (s + 1), step=s)
    time.sleep(1)
print("done")`);
  expect(await jobEnded(done)).toBe('Completed');
  // Open the page once the slow run has logged something and is still going.
  await expect.poll(async () => (await history(slow, 'loss')).length, { timeout: 300_000 }).toBeGreaterThan(0);
  expect(await jobStatus(slow)).toBe('Running');

  const reads = mlflowRequests(page);
  await signIn(page, `${JOBS}/compare?ids=${done},${slow}`);
  const compare = page.getByTestId('compare');
  await expect(page.getByTestId('compare-status')).toHaveText('2 jobs compared · 1 still running, refreshed every 10 s', { timeout: 30_000 });
  await expect(compare).toHaveAttribute('data-live', 'true');
  await expect(page.locator(`[data-testid="compare-run"][data-run="${slow}"]`)).toContainText('RUNNING');
  const loss = page.locator('[data-testid="compare-chart"][data-key="loss"]');
  const points = async () => Number(await loss.getByTestId('chart').getAttribute('data-points'));
  const first = await points();
  expect(first).toBeGreaterThan(6);
  expect(first).toBeLessThan(36);

  // Hidden tab: no read starts (a round already under way may finish within a moment).
  await setTabHidden(page, true);
  const hiddenAt = Date.now();
  await expect(page.getByTestId('compare-status')).toContainText('paused while the tab is hidden');
  await page.waitForTimeout(12_000);
  expect(reads.filter((r) => r.at > hiddenAt + 1_500).map((r) => r.op)).toEqual([]);
  await setTabHidden(page, false);

  // Shown again: the chart grows; once the run ends, every value and no more rounds.
  await expect.poll(points, { timeout: 30_000 }).toBeGreaterThan(first);
  expect(await jobEnded(slow)).toBe('Completed');
  await expect(compare).toHaveAttribute('data-live', 'false', { timeout: 30_000 });
  await expect(page.getByTestId('compare-status')).toHaveText('2 jobs compared');
  await expect(page.getByTestId('compare-run').filter({ hasText: 'FINISHED' })).toHaveCount(2);
  await expect(loss.getByTestId('chart')).toHaveAttribute('data-points', '36');
  const endedAt = Date.now();
  await page.waitForTimeout(12_000);
  expect(reads.filter((r) => r.at > endedAt).map((r) => r.op)).toEqual([]);

  // The finished run was read once; the live one at most once per 10 s.
  const gets = (id: string) => reads.filter((r) => r.op === 'runs/get' && new URL(r.req.url()).searchParams.get('run_id') === id).map((r) => r.at);
  expect(gets(done)).toHaveLength(1);
  const live = gets(slow);
  expect(live.length).toBeGreaterThanOrEqual(2);
  for (let i = 1; i < live.length; i += 1) expect(live[i] - live[i - 1]).toBeGreaterThanOrEqual(9_500);
});

test('bad selections are explained before any request', async ({ page }) => {
  const reads = mlflowRequests(page);
  await signIn(page, `${JOBS}/compare?ids=only-one`);
  await expect(page.getByTestId('compare-error')).toHaveText('Only one job (only-one) is selected: compare needs 2 to 10 jobs.');
  const eleven = Array.from({ length: 11 }, (_, i) => `job-${i}`).join(',');
  await page.goto(`${JOBS}/compare?ids=${eleven}`);
  await expect(page.getByTestId('compare-error')).toHaveText('11 jobs are selected: compare shows at most 10.');
  await page.goto(`${JOBS}/compare?ids=a,${encodeURIComponent('b/../c')}`);
  await expect(page.getByTestId('compare-error')).toContainText('“b/../c” is not a job name');
  await page.goto(`${JOBS}/compare`);
  await expect(page.getByTestId('compare-error')).toContainText('No jobs to compare');
  expect(reads).toEqual([]);

  // Names that are valid but not jobs of this workspace: said so, per run.
  await page.goto(`${JOBS}/compare?ids=no-such-job-1,no-such-job-2`);
  await expect(page.getByTestId('compare-missing')).toHaveText(
    'Not found in this workspace: no-such-job-1, no-such-job-2. Check the job names in the address.',
  );
  await expect(page.locator('[data-testid="compare-run"][data-state="missing"]')).toHaveCount(2);
  await expect(page.getByTestId('compare-chart')).toHaveCount(0);
});
