// Ready for a real tenant: the console finds each workspace's data plane through its discovery
// document (here the emulator's second loopback address, 127.0.0.2), explains what cannot work
// when the data plane does not answer the console's origin (CORS off), and pauses while the
// browser is offline, resuming without a reload.
import { expect, Request } from '@playwright/test';
import { EMULATOR, emulatorHook, signIn, test } from './helpers';
import { fillJob, JOBS, sampleRepo, submitAndOpen, waitForStatus } from './jobs-helpers';

/** The data plane the discovery document names: the emulator on 127.0.0.2 (xtask stack). */
const DATA_PLANE = EMULATOR.replace('127.0.0.1', '127.0.0.2');
const SEEDED_JOB = `${JOBS}/example-pipeline`;

function requests(page: import('@playwright/test').Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => seen.push(r));
  return seen;
}

test.beforeEach(async () => {
  await emulatorHook('reset');
});

test('the console follows the workspace discovery document to another host', async ({ page }) => {
  const seen = requests(page);
  await signIn(page, SEEDED_JOB);
  await expect(page.getByTestId('job-details')).toBeVisible();
  // Run details come from the host the document names, not from the ARM/emulator host.
  await expect.poll(() => seen.filter((r) => r.url().startsWith(`${DATA_PLANE}/history/v1.0/`)).length).toBeGreaterThan(0);
  expect(seen.filter((r) => r.url().startsWith(`${EMULATOR}/history/`))).toHaveLength(0);
  // The document itself is read without a token (its host is not trusted with one before).
  const discovery = seen.filter((r) => r.url() === `${EMULATOR}/discovery`);
  expect(discovery.length).toBeGreaterThan(0);
  for (const r of discovery) expect(r.headers()['authorization']).toBeUndefined();
  // The data plane got the token, and the run's status shows.
  const history = seen.find((r) => r.url().startsWith(`${DATA_PLANE}/history/`))!;
  expect(history.headers()['authorization']).toMatch(/^Bearer /);
  await expect(page.getByTestId('data-plane-blocked')).toHaveCount(0);
  await expect(page.getByTestId('job-timeline')).toBeVisible();
  // Once per workspace: another job of the same workspace does not read the document again.
  const before = seen.filter((r) => r.url() === `${EMULATOR}/discovery`).length;
  await page.getByTestId('section-crumb').click();
  await page.locator('[data-testid="job-row"][data-name="example-sweep"] a').first().click();
  await expect(page.getByTestId('job-details')).toBeVisible();
  await expect.poll(() => seen.filter((r) => r.url().includes('/runs/example-sweep/')).length).toBeGreaterThan(0);
  expect(seen.filter((r) => r.url() === `${EMULATOR}/discovery`).length).toBe(before);
});

test('without data-plane CORS, run details and outputs show the explanation with both ways out', async ({ page }) => {
  await emulatorHook('settings', { dataPlaneCors: false });
  await signIn(page, SEEDED_JOB);
  await expect(page.getByTestId('job-details')).toBeVisible();
  const blocked = page.getByTestId('data-plane-blocked');
  // The discovery document lives on the same regional host, so it is the first thing refused.
  await expect(blocked.first()).toBeVisible({ timeout: 30_000 });
  await expect(blocked.first()).toContainText(EMULATOR);
  await expect(blocked.first()).toContainText(new URL(page.url()).origin);
  await expect(blocked.first()).toContainText('dataPlaneProxy');
  await expect(blocked.first()).toContainText('/api/{region}/');
  // One explanation, not a raw network error box.
  await expect(page.locator('[data-testid="job-logs"] [data-testid="error-box"]')).toHaveCount(0);
  // What ARM serves still works: the job's own status and properties (a pipeline job has no
  // command of its own; its experiment is the fixture's).
  await expect(page.locator('.page-header [data-testid="job-status"]')).toHaveAttribute('data-status', 'NotStarted');
  await expect(page.getByTestId('job-details')).toContainText('Experiment');
  await page.screenshot({ path: test.info().outputPath('data-plane-blocked.png'), fullPage: true });
});

test('offline shows one banner and pauses polling; back online resumes without a reload', async ({ page, context }) => {
  const repo = sampleRepo();
  await signIn(page, JOBS);
  await fillJob(page, repo, { command: 'sleep 8 && echo back-online-ok' });
  await submitAndOpen(page);
  await waitForStatus(page, 'Running', 60_000);
  await page.evaluate(() => ((window as any).__sameDocument = true));

  const seen = requests(page);
  await context.setOffline(true);
  await expect(page.getByTestId('offline-banner')).toHaveCount(1);
  await expect(page.getByTestId('offline-banner')).toHaveAttribute('data-health', 'offline');
  const sentBefore = seen.length;
  await page.waitForTimeout(4_000); // longer than the page's 2.5 s poll interval
  expect(seen.slice(sentBefore).map((r) => r.url())).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('offline.png') });

  await context.setOffline(false);
  await expect(page.getByTestId('offline-banner')).toHaveCount(0);
  // The job finished meanwhile: the page picks it up by itself.
  await waitForStatus(page, 'Completed', 60_000);
  await expect(page.getByTestId('log-text')).toContainText('back-online-ok', { timeout: 20_000 });
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
});

test('behind a same-origin data-plane proxy (dataPlaneProxy) run details work although the data plane refuses the browser', async ({ page }) => {
  await emulatorHook('settings', { dataPlaneCors: false });
  const site = new URL(process.env.CONSOLE_URL ?? 'http://127.0.0.1:18080/').origin;
  // The deployment's config.json names the proxy path (the one field of the second way out).
  await page.route(`${site}/config.json`, async (route) => {
    const resp = await route.fetch();
    await route.fulfill({ response: resp, json: { ...(await resp.json()), dataPlaneProxy: '/api/{region}' } });
  });
  // The hosting front door: `/api/{region}/…` forwarded to the region's data plane with the
  // Authorization header passed through (done here by the test, outside the browser).
  const forwarded: { url: string; status: number }[] = [];
  await page.route(/^https?:\/\/[^/]+\/api\/[a-z0-9]+\//, async (route) => {
    const url = route.request().url();
    if (!url.startsWith(`${site}/`)) return route.continue();
    const resp = await route.fetch({ url: url.replace(/^https?:\/\/[^/]+\/api\/[a-z0-9]+/, DATA_PLANE) });
    forwarded.push({ url, status: resp.status() });
    await route.fulfill({ response: resp });
  });
  const seen = requests(page);
  await signIn(page, SEEDED_JOB);
  await expect(page.getByTestId('job-details')).toBeVisible();
  await expect.poll(() => forwarded.filter((f) => /\/api\/[a-z0-9]+\/history\/v1\.0\/subscriptions\/.*\/runs\/example-pipeline\/details$/.test(f.url)).length).toBeGreaterThan(0);
  expect(forwarded.every((f) => f.status === 200), JSON.stringify(forwarded)).toBe(true);
  // The calls carry the token, go only below the proxy path, and no data-plane host or
  // discovery document is asked at all.
  const viaProxy = seen.filter((r) => r.url().startsWith(`${site}/api/`));
  expect(viaProxy.length).toBeGreaterThan(0);
  for (const r of viaProxy) expect(r.headers()['authorization']).toMatch(/^Bearer /);
  expect(seen.filter((r) => r.url().startsWith(DATA_PLANE) || r.url().endsWith('/discovery'))).toHaveLength(0);
  // So nothing needs explaining (the same page without the proxy shows the explanation).
  await page.waitForTimeout(3_000); // more than one poll round
  await expect(page.getByTestId('data-plane-blocked')).toHaveCount(0);
  await expect(page.getByTestId('job-timeline')).toBeVisible();
});
