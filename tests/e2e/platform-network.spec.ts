// The request pipeline in the browser: transient answers retried transparently (Retry-After
// honoured), a clear error with the request ids when retries run out, and an upload that
// resumes after a dropped connection without creating anything twice.
import { expect, Request } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliArm, DEMO_COMPUTES, EMULATOR, emulatorHook, SUB_DEV, signIn, test } from './helpers';
import { fillJob, sampleRepo } from './jobs-helpers';
import { armError } from './platform-helpers';

const VISION = `/ws/${SUB_DEV}/rg-ml-dev/ws-vision/computes`;

test.beforeEach(async () => {
  await emulatorHook('reset');
});

test('a 503 with Retry-After on a GET is retried transparently, with the same client request id', async ({ page }) => {
  const listUrl = /\/workspaces\/ws-demo\/computes\?/;
  const sent: Request[] = [];
  page.on('request', (r) => { if (listUrl.test(r.url()) && r.method() === 'GET') sent.push(r); });
  let injected = 0;
  await page.route(listUrl, (route) => {
    if (route.request().method() !== 'GET' || injected > 0) return route.continue();
    injected++;
    return armError(route, 503, 'ServiceUnavailable', 'injected-503', '1');
  });
  await signIn(page, DEMO_COMPUTES);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  await expect(page.getByTestId('error-box')).toHaveCount(0);
  expect(injected).toBe(1);
  expect(sent.length).toBeGreaterThanOrEqual(2);
  const ids = new Set(sent.slice(0, 2).map((r) => r.headers()['x-ms-client-request-id']));
  expect(ids.size).toBe(1);
});

test('a 429 on a PUT is retried after Retry-After and the cluster is created once', async ({ page }) => {
  await signIn(page, `${VISION}/new/cluster`);
  const puts: Request[] = [];
  page.on('request', (r) => { if (r.url().includes('/computes/retry-cpu?') && r.method() === 'PUT') puts.push(r); });
  let injected = 0;
  await page.route(/\/computes\/retry-cpu\?/, (route) => {
    if (route.request().method() !== 'PUT' || injected > 0) return route.continue();
    injected++;
    return armError(route, 429, 'TooManyRequests', 'injected-429', '1');
  });
  await page.getByTestId('field-name').fill('retry-cpu');
  await page.locator('[data-testid=size-row][data-name="Standard_D4s_v3"]').click();
  await page.getByTestId('field-min_nodes').fill('0');
  await page.getByTestId('field-max_nodes').fill('1');
  await page.getByTestId('form-submit').click();
  await expect(page.locator('[data-testid=op-toast][data-name="retry-cpu"]')).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 });
  expect(injected).toBe(1);
  expect(puts).toHaveLength(2);
  expect(puts[0].postData()).toBe(puts[1].postData());
  expect(puts[0].headers()['x-ms-client-request-id']).toBe(puts[1].headers()['x-ms-client-request-id']);
});

test('when retries run out the error says so and shows the request ids', async ({ page }) => {
  const sent: Request[] = [];
  page.on('request', (r) => { if (r.url().includes('/workspaces/ws-vision/computes?')) sent.push(r); });
  await page.route(/\/workspaces\/ws-vision\/computes\?/, (route) =>
    route.request().method() === 'GET' ? armError(route, 503, 'ServiceUnavailable', 'injected-503-always', '0') : route.continue());
  await signIn(page, VISION);
  const box = page.getByTestId('error-box');
  await expect(box).toBeVisible({ timeout: 30_000 });
  await expect(box.getByTestId('error-code')).toHaveText('ServiceUnavailable');
  await expect(box.getByTestId('error-message')).toContainText('Gave up after 5 attempts');
  await expect(box.getByTestId('error-message')).toContainText('503');
  const clientId = sent[0].headers()['x-ms-client-request-id'];
  expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
  await expect(box.getByTestId('error-request-id')).toContainText('injected-503-always');
  await expect(box.getByTestId('error-request-id')).toContainText(clientId);
});

test('an upload cut off by a dropped connection resumes with the missing blocks; nothing is created twice', async ({ page }) => {
  const repo = sampleRepo();
  // 9 MiB: three blocks of a block blob (4 + 4 + 1 MiB).
  fs.writeFileSync(path.join(repo, 'weights.bin'), Buffer.alloc(9 * 1024 * 1024, 7));
  await signIn(page, DEMO_COMPUTES);
  await fillJob(page, repo);
  const secondBlock = encodeURIComponent(Buffer.from('block-000001').toString('base64'));
  const firstBlock = encodeURIComponent(Buffer.from('block-000000').toString('base64'));
  let dropping = true;
  let dropped = 0;
  await page.route((u) => u.toString().includes('comp=block&') && u.toString().includes(`blockid=${secondBlock}`), (route) => {
    if (!dropping || route.request().method() !== 'PUT') return route.continue();
    dropped++;
    return route.abort('connectionreset');
  });
  const storage: Request[] = [];
  const arm: Request[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/devstoreaccount1/')) storage.push(r);
    if (r.url().startsWith(EMULATOR) && r.url().includes('/subscriptions/')) arm.push(r);
  });
  await page.getByTestId('submit-job').click();
  await expect(page.getByTestId('submit-job')).toHaveText('Retry', { timeout: 60_000 });
  expect(dropped).toBeGreaterThan(1); // the pipeline retried before giving up

  dropping = false;
  await page.getByTestId('submit-job').click();
  await expect(page.getByTestId('job-link')).toBeVisible({ timeout: 60_000 });

  const blockPuts = (id: string) => storage.filter((r) => r.method() === 'PUT' && r.url().includes(`blockid=${id}`));
  expect(blockPuts(firstBlock)).toHaveLength(1); // already there: not sent again
  expect(storage.some((r) => r.method() === 'GET' && r.url().includes('blocklisttype=uncommitted'))).toBe(true);
  const codePuts = arm.filter((r) => r.method() === 'PUT' && /\/codes\/[^/]+\/versions\/[^/?]+\?/.test(r.url()));
  const jobPuts = arm.filter((r) => r.method() === 'PUT' && /\/jobs\/[^/?]+\?/.test(r.url()));
  // One code version and one job: a PUT resent after a fault (same URL, same body) is the same one.
  const distinct = (puts: Request[]) => new Set(puts.map((r) => `${r.url()} ${r.postData()}`));
  expect(distinct(codePuts).size).toBe(1);
  expect(distinct(jobPuts).size).toBe(1);
  // The service holds exactly one code version with this content hash.
  const lookup = arm.find((r) => r.method() === 'GET' && r.url().includes('hash='))!;
  expect((await cliArm(lookup.url())).json.value).toHaveLength(1);
});
