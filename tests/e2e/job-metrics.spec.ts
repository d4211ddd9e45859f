// Metrics on job details: a job whose script logs with the MLflow client shows one chart per
// metric that grows while the job runs (one read round per 10 s at most, none while the tab is
// hidden) and its final values after; min / max / last, params and tags, the CSV of a history
// (checked against the service's own history), log scale and smoothing.
import { expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import { signIn, test } from './helpers';
import { JOBS, waitForStatus } from './jobs-helpers';
import { history, jobEnded, mlflowJob, mlflowRequests, setTabHidden } from './metrics-helpers';

const STEPS = 40;
// loss = (40 - s) / 20 and acc = s / 25: values that print exactly (2 … 0.05; 0 … 1.56).
const SCRIPT = `import time, mlflow
mlflow.log_param("lr", "0.01")
mlflow.log_param("batch", "32")
mlflow.set_tag("stage", "e2e")
for s in range(${STEPS}):
    mlflow.log_metric("loss", (40 - s) / 20, step=s)
    mlflow.log_metric("acc", s / 25, step=s)
    time.sleep(1)
print("done")`;

const card = (page: Page, key: string) => page.locator(`[data-testid="metric-card"][data-key="${key}"]`);
const count = async (page: Page, key: string) => Number(await card(page, key).getByTestId('metric-count').textContent());

test('a job that logs with MLflow shows growing charts while it runs, none read while hidden, and final values after', async ({ page }) => {
  test.setTimeout(420_000);
  const name = await mlflowJob('e2e-metrics', SCRIPT);
  const reads = mlflowRequests(page);
  await signIn(page, `${JOBS}/${name}`);
  const metrics = page.getByTestId('job-metrics');
  await expect(metrics).toBeVisible();
  // The first run builds the job's environment (pip install mlflow-skinny).
  await waitForStatus(page, 'Running', 300_000);

  // A first round with some, not all, values.
  await expect.poll(() => count(page, 'loss'), { timeout: 60_000 }).toBeGreaterThan(0);
  const first = await count(page, 'loss');
  expect(first).toBeLessThan(STEPS);
  await expect(metrics).toHaveAttribute('data-live', 'true');
  await expect(page.getByTestId('metrics-status')).toContainText('refreshed every 10 s');

  // Hidden tab: no read starts (a round already under way may finish within a moment).
  await setTabHidden(page, true);
  const hiddenAt = Date.now();
  await expect(page.getByTestId('metrics-status')).toHaveText('Paused while the tab is hidden.');
  await page.waitForTimeout(14_000);
  const whileHidden = reads.filter((r) => r.at > hiddenAt + 1_500);
  expect(whileHidden.map((r) => r.op)).toEqual([]);
  await setTabHidden(page, false);

  // Shown again: the chart grows.
  await expect.poll(() => count(page, 'loss'), { timeout: 30_000 }).toBeGreaterThan(first);

  // After the job: every value, the final figures, and no more rounds.
  expect(await jobEnded(name)).toBe('Completed');
  await waitForStatus(page, 'Completed', 30_000);
  await expect(metrics).toHaveAttribute('data-live', 'false', { timeout: 30_000 });
  await expect(page.getByTestId('metrics-status')).toContainText('Final values');
  const loss = card(page, 'loss');
  await expect(loss.getByTestId('metric-count')).toHaveText(String(STEPS));
  await expect(loss.getByTestId('metric-min')).toHaveText('0.05');
  await expect(loss.getByTestId('metric-max')).toHaveText('2');
  await expect(loss.getByTestId('metric-last')).toHaveText('0.05 (step 39)');
  await expect(card(page, 'acc').getByTestId('metric-last')).toHaveText('1.56 (step 39)');
  await expect(loss.getByTestId('chart')).toHaveAttribute('data-points', String(STEPS));
  await expect(loss.getByTestId('chart-line')).toHaveAttribute('d', /^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+)+$/);

  // At most one round per 10 s: runs/get (each round's first read) never closer than that.
  const rounds = reads.filter((r) => r.op === 'runs/get').map((r) => r.at);
  expect(rounds.length).toBeGreaterThanOrEqual(3);
  const gaps = rounds.slice(1).map((t, i) => t - rounds[i]);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(9_500);
  const settled = reads.length;
  await page.waitForTimeout(12_000);
  expect(reads.length).toBe(settled);

  // Params and tags.
  await expect(page.getByTestId('metrics-params').locator('[data-key="lr"] td')).toHaveText('0.01');
  await expect(page.getByTestId('metrics-params').locator('[data-key="batch"] td')).toHaveText('32');
  await expect(page.getByTestId('metrics-tags').locator('[data-key="stage"] td')).toHaveText('e2e');

  // The CSV holds the service's history, value for value.
  const [download] = await Promise.all([page.waitForEvent('download'), loss.getByTestId('metric-csv').click()]);
  expect(download.suggestedFilename()).toBe(`${name.replace(/[^A-Za-z0-9._-]/g, '_')}_loss.csv`);
  const csv = fs.readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
  expect(csv[0]).toBe('step,timestamp,time_utc,value');
  const served = await history(name, 'loss');
  expect(csv.length - 1).toBe(served.length);
  expect(served.length).toBe(STEPS);
  csv.slice(1).forEach((line, i) => {
    const [step, ts, iso, value] = line.split(',');
    expect(Number(step)).toBe(served[i].step);
    expect(Number(ts)).toBe(served[i].timestamp);
    expect(iso).toBe(new Date(served[i].timestamp).toISOString());
    expect(Number(value)).toBe(Number(served[i].value));
    expect(Number(value)).toBe((40 - i) / 20);
  });
});

test('log scale, smoothing and the keyboard readout of a finished job', async ({ page }) => {
  test.setTimeout(420_000);
  const name = await mlflowJob('e2e-metrics-view', SCRIPT.replace(`range(${STEPS})`, 'range(12)').replace('time.sleep(1)', 'pass'));
  expect(await jobEnded(name)).toBe('Completed');
  await signIn(page, `${JOBS}/${name}`);
  const acc = card(page, 'acc');
  await expect(acc.getByTestId('metric-count')).toHaveText('12');
  const chart = acc.getByTestId('chart');

  // Keyboard readout: Home is the first value, End the last.
  const plot = acc.locator('.chart-plot');
  await plot.focus();
  await page.keyboard.press('Home');
  await expect(acc.getByTestId('readout-value')).toHaveText('0');
  await expect(acc.getByTestId('readout-row')).toContainText('step 0');
  await page.keyboard.press('End');
  await expect(acc.getByTestId('readout-value')).toHaveText('0.44');
  await page.keyboard.press('ArrowLeft');
  await expect(acc.getByTestId('readout-value')).toHaveText('0.4');
  await page.keyboard.press('Escape');
  await expect(acc.getByTestId('readout-row')).toHaveCount(0);

  // Log scale: acc's 0 at step 0 cannot be drawn and is counted as such; ticks are decades.
  const linearTicks = await chart.locator('.tick-y').allTextContents();
  await acc.getByTestId('chart-log').click();
  await expect(acc.getByTestId('chart-log')).toHaveAttribute('aria-pressed', 'true');
  await expect(chart).toHaveAttribute('data-scale', 'log');
  await expect(chart).toHaveAttribute('data-hidden', '1');
  await expect(acc.getByTestId('chart-hidden')).toContainText('1 not drawn');
  const logTicks = await chart.locator('.tick-y').allTextContents();
  expect(logTicks).not.toEqual(linearTicks);
  expect(logTicks.every((t) => /^(0\.0*1|1(0*)|1e-?\d+)$/.test(t))).toBe(true);
  // The other chart keeps its own scale.
  await expect(card(page, 'loss').getByTestId('chart')).toHaveAttribute('data-scale', 'linear');
  await acc.getByTestId('chart-log').click();
  await expect(chart).toHaveAttribute('data-scale', 'linear');
  await expect(chart).toHaveAttribute('data-hidden', '0');

  // Smoothing: a smoothed line over the faint raw one, and the readout gives both values.
  await expect(acc.getByTestId('chart-smoothed')).toHaveCount(0);
  await page.getByTestId('metrics-smoothing').fill('0.9');
  await expect(page.getByTestId('metrics-smoothing-value')).toHaveText('0.90');
  await expect(acc.getByTestId('chart-smoothed')).toHaveCount(1);
  await expect(acc.getByTestId('chart-line')).toHaveClass(/faint/);
  await plot.focus();
  await page.keyboard.press('End');
  await expect(acc.getByTestId('readout-value')).toHaveText('0.44');
  const smoothed = await acc.getByTestId('readout-smoothed').textContent();
  const v = Number(smoothed!.replace('smoothed ', ''));
  // A debiased moving average of a rising line lags below its last value, above its first.
  expect(v).toBeGreaterThan(0);
  expect(v).toBeLessThan(0.44);

  // X by step, wall time, relative time: the axis title says which (wall time with its zone).
  await page.getByTestId('metrics-x-axis').selectOption('wall');
  await expect(chart).toHaveAttribute('data-x-axis', 'wall');
  await expect(acc.locator('.chart-xtitle')).toContainText(/Wall time \(UTC/);
  await page.getByTestId('metrics-x-axis').selectOption('relative');
  await expect(acc.locator('.chart-xtitle')).toHaveText('Relative time');
});
