// Logs that follow: while a job writes its log, the viewer keeps the newest line in view
// (Follow), stays where the reader scrolled when Follow is off, searches with highlighted
// matches and next/previous, wraps or not, and downloads the file. A long log holds only its
// newest part; older parts load on demand.
import { expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliArm, signIn, test } from './helpers';
import { fillJob, JOBS, sampleRepo, SKLEARN_ID, storageRequests, submitAndOpen, waitForStatus } from './jobs-helpers';
import { jobEnded, WS_ARM } from './metrics-helpers';

// 200 lines at once (more than the viewer's height), then a line every half second for 15 s.
const CHATTY = `import time
for i in range(200):
    print(f"warmup line {i}", flush=True)
for i in range(30):
    print(f"tick {i}", flush=True)
    time.sleep(0.5)
print("chatty done", flush=True)
`;

let repo: string;
test.beforeAll(() => {
  repo = sampleRepo();
  fs.writeFileSync(path.join(repo, 'chatty.py'), CHATTY);
});

/** Whether the log view is scrolled to its end. */
const atBottom = (page: Page) =>
  page.getByTestId('log-text').evaluate((el) => el.scrollHeight > el.clientHeight && el.scrollTop + el.clientHeight >= el.scrollHeight - 4);

test('follow, search and download on a live log', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, JOBS);
  await expect(page.getByTestId('jobs-table')).toBeVisible();
  await fillJob(page, repo, { experiment: 'e2e-logs', command: 'python chatty.py' });
  await submitAndOpen(page);
  const log = page.getByTestId('log-text');
  await expect(log).toContainText('warmup line 199', { timeout: 90_000 });
  await expect(page.getByTestId('log-follow')).toBeChecked();
  await expect.poll(() => atBottom(page)).toBe(true);

  // Follow off: the reader's place stays while lines arrive.
  await page.getByTestId('log-follow').uncheck();
  await log.evaluate((el) => { el.scrollTop = 0; });
  const before = (await log.textContent())!.length;
  await expect.poll(async () => (await log.textContent())!.length, { timeout: 20_000 }).toBeGreaterThan(before);
  expect(await log.evaluate((el) => el.scrollTop)).toBe(0);
  // Follow on again: straight to the end, and kept there as the log grows.
  await page.getByTestId('log-follow').check();
  await expect.poll(() => atBottom(page)).toBe(true);
  const grown = (await log.textContent())!.length;
  await expect.poll(async () => (await log.textContent())!.length, { timeout: 20_000 }).toBeGreaterThan(grown);
  await expect.poll(() => atBottom(page)).toBe(true);

  // Search: every match highlighted, stepping shows "k of n" and brings the match into view.
  await page.getByTestId('log-search').fill('WARMUP LINE 1');
  // warmup line 1, 10–19, 100–199: 111 lines.
  await expect(page.getByTestId('log-match')).toHaveCount(111);
  await expect(page.getByTestId('log-search-count')).toHaveText('111 matches');
  await page.getByTestId('log-next').click();
  await expect(page.getByTestId('log-search-count')).toHaveText('1 of 111');
  await expect(page.getByTestId('log-follow')).not.toBeChecked();
  await expect(page.locator('[data-testid=log-match].current')).toHaveText('warmup line 1');
  await expect(page.locator('[data-testid=log-match].current')).toBeInViewport();
  await page.getByTestId('log-prev').click();
  await page.getByTestId('log-prev').click();
  await expect(page.getByTestId('log-search-count')).toHaveText('110 of 111');
  await expect(page.locator('[data-testid=log-match].current')).toBeInViewport();
  await page.getByTestId('log-search').fill('no such text');
  await expect(page.getByTestId('log-search-count')).toHaveText('No match');
  await expect(page.getByTestId('log-match')).toHaveCount(0);
  await expect(page.getByTestId('log-next')).toBeDisabled();
  await page.getByTestId('log-search').fill('');

  // Wrap on by default; off keeps every line on one line.
  expect(await log.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-wrap');
  await page.getByTestId('log-wrap').uncheck();
  expect(await log.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre');

  // Download: the file itself, all of it once the job is done.
  await waitForStatus(page, 'Completed', 90_000);
  await expect(log).toContainText('chatty done', { timeout: 20_000 });
  const href = (await page.getByTestId('log-download').getAttribute('href'))!;
  const res = await page.request.get(href);
  expect(res.ok()).toBe(true);
  const text = await res.text();
  expect(text).toContain('warmup line 0\n');
  expect(text).toContain('tick 29\n');
  expect(text).toContain('chatty done');
});

// 30,000 lines of 56 bytes (1.6 MiB): more than the 1 MiB a log file holds in the page.
const BIG = 'for i in range(30000): print(f"big line {i:05d} " + "x" * 40)';

test('a long log holds only its newest part, and older parts load on demand until the first line', async ({ page }) => {
  test.setTimeout(240_000);
  const name = `e2e-biglog-${Date.now().toString(36)}`;
  const put = await cliArm(`${WS_ARM}/jobs/${name}?api-version=2025-12-01`, 'PUT', {
    properties: { jobType: 'Command', displayName: name, experimentName: 'e2e-logs', command: `python -c '${BIG}'`,
      environmentId: SKLEARN_ID, computeId: `${WS_ARM}/computes/cpu-cluster` },
  });
  expect([200, 201]).toContain(put.status);
  expect(await jobEnded(name)).toBe('Completed');
  const reads = storageRequests(page);
  await signIn(page, `${JOBS}/${name}`);
  const log = page.getByTestId('log-text');
  await expect(log).toContainText('big line 29999', { timeout: 60_000 });
  const text = () => log.evaluate((el) => el.textContent ?? '');
  const bigLines = async () => (await text()).split('\n').filter((l) => l.startsWith('big line '));
  // The newest part only, from a whole line: the first line is not there.
  expect((await text()).length).toBeLessThanOrEqual(1 << 20);
  expect((await bigLines())[0]).toMatch(/^big line \d{5} x{40}$/);
  await expect(log).not.toContainText('big line 00000 ');
  await expect(page.getByTestId('log-older-note')).toContainText('are not loaded');
  // The size came from the first read's Content-Range; the file was never read whole.
  const ranges = reads.filter((r) => r.url().includes('std_log')).map((r) => r.headers()['range']);
  expect(ranges.slice(0, 2)).toEqual(['bytes=0-65535', expect.stringMatching(/^bytes=\d+-$/)]);
  expect(ranges).not.toContain('bytes=0-');

  // Each "Load older" puts the part before in front, until the file's first line.
  let clicks = 0;
  while ((await page.getByTestId('log-older').count()) > 0 && clicks < 8) {
    const before = (await bigLines())[0];
    await page.getByTestId('log-older').click();
    await expect.poll(async () => (await bigLines())[0]).not.toBe(before);
    clicks += 1;
  }
  expect(clicks).toBe(3);
  await expect(page.getByTestId('log-older-bar')).toHaveCount(0);
  // Every line once, in order.
  const all = await bigLines();
  expect(all).toHaveLength(30_000);
  expect(all.every((l, i) => l.startsWith(`big line ${String(i).padStart(5, '0')} `))).toBe(true);
});
