// Chart figures: a job whose MLflow run holds one metric of 100,000 points (job details), and a
// comparison of 10 runs × 10,000 points (compare page). Each figure is the median of RUNS
// re-renders of the whole chart — a click on its "Log scale" toggle until the new path is in
// the DOM and the next frame is painted (plot geometry, downsampling, SVG update) — plus the
// time from opening the page to the chart drawn (histories read page by page included).
// Run by `cargo xtask bench` (ws-demo of the bench stack); printed, never asserted.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';

const CONSOLE = process.env.CONSOLE_URL;
const EMULATOR = process.env.EMULATOR_URL;
const SUB = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const WS = `/ws/${SUB}/rg-ml-dev/ws-demo`;
const WS_ID = `/subscriptions/${SUB}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-demo`;
const TRACKING = `${EMULATOR}/mlflow/v1.0${WS_ID}/api/2.0/mlflow`;
const RUNS = 7;
const TAG = Date.now().toString(36);

const TOKEN = execFileSync(process.env.AML_EMULATOR_BIN ?? 'target/debug/aml-emulator', ['token', '--user', 'ada@contoso.example'], { encoding: 'utf8' }).trim();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (xs) => `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}, n=${xs.length})`;

async function call(url, method = 'GET', body) {
  const r = await fetch(url, {
    method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A finished job (its MLflow run is the job's), then `points` values of `loss` logged to it. */
async function jobWithHistory(name, points, seed) {
  await call(`${EMULATOR}${WS_ID}/jobs/${name}?api-version=2025-12-01`, 'PUT', {
    properties: { jobType: 'Command', command: 'echo ok', experimentName: 'bench-charts',
      environmentId: 'azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest', computeId: `${WS_ID}/computes/cpu-cluster` },
  });
  for (;;) {
    const j = await call(`${EMULATOR}${WS_ID}/jobs/${name}?api-version=2025-12-01`);
    if (['Completed', 'Failed', 'Canceled'].includes(j.properties.status)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const t0 = Date.UTC(2026, 0, 1);
  for (let start = 0; start < points; start += 1000) {
    const metrics = [];
    for (let s = start; s < Math.min(points, start + 1000); s++) {
      // A falling curve with noise and a rare spike (what downsampling must keep).
      const noise = Math.sin(s * 12.9898 + seed) * 0.05;
      const spike = s % 9973 === 0 ? 3 : 0;
      metrics.push({ key: 'loss', value: 2 / (1 + s / 1000) + noise + spike + seed * 0.1, timestamp: t0 + s * 100, step: s });
    }
    await call(`${TRACKING}/runs/log-batch`, 'POST', { run_id: name, metrics });
  }
}

/** Median time of re-rendering the chart of `card` (a metric card) by toggling its log scale. */
async function rerender(page, card) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    times.push(await page.locator(card).evaluate((c) => new Promise((resolve) => {
      const d = () => c.querySelector('[data-testid=chart-line]')?.getAttribute('d');
      const before = d();
      const t0 = performance.now();
      // Done when the line's path is a new one (the whole plot was rebuilt), then painted.
      const obs = new MutationObserver(() => {
        if (d() === before) return;
        obs.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
      });
      obs.observe(c, { attributes: true, subtree: true, childList: true });
      c.querySelector('[data-testid=chart-log]').click();
    })));
  }
  return times;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
try {
  await measure(page);
} catch (e) {
  await page.screenshot({ path: 'target/bench-charts-failure.png' }).catch(() => {});
  console.error(e);
  process.exitCode = 1;
}
await browser.close();

async function measure(page) {
  const url = (p) => new URL(p, CONSOLE).toString();
  const big = `bench-chart-${TAG}`;
  await jobWithHistory(big, 100_000, 0);
  const runs = Array.from({ length: 10 }, (_, i) => `bench-cmp-${TAG}-${i}`);
  for (const [i, r] of runs.entries()) await jobWithHistory(r, 10_000, i + 1);

  await page.goto(url(`${WS}/computes`));
  await page.getByTestId('signin-button').click();
  await page.waitForURL((u) => u.toString().startsWith(EMULATOR));
  await page.getByRole('button', { name: 'Ada Lovelace' }).click();
  await page.waitForURL((u) => !u.toString().startsWith(EMULATOR));
  await page.getByTestId('user-name').waitFor();

  let t = Date.now();
  await page.goto(url(`${WS}/jobs/${big}`));
  const card = '[data-testid=metric-card][data-key=loss]';
  await page.locator(`${card} [data-testid=chart][data-points="100000"]`).waitFor({ timeout: 120_000 });
  const open1 = Date.now() - t;
  const drawn1 = await page.locator(`${card} [data-testid=chart]`).getAttribute('data-drawn');
  const one = await rerender(page, card);
  console.log(`chart render, 100,000 points (job details, log-scale toggle → painted): ${fmt(one)} (budget ≤ 50 ms median); ${drawn1} points drawn after downsampling; page open → chart drawn ${open1} ms`);

  t = Date.now();
  await page.goto(url(`${WS}/jobs/compare?ids=${runs.join(',')}`));
  const cmp = '[data-testid=compare-chart][data-key=loss]';
  await page.locator(`${cmp} [data-testid=chart][data-points="100000"]`).waitFor({ timeout: 120_000 });
  const open2 = Date.now() - t;
  const drawn2 = await page.locator(`${cmp} [data-testid=chart]`).getAttribute('data-drawn');
  const ten = await rerender(page, cmp);
  console.log(`chart render, compare 10 runs × 10,000 points (log-scale toggle → painted): ${fmt(ten)}; ${drawn2} points drawn; page open → charts drawn ${open2} ms`);
}
