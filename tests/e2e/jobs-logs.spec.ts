// Logs that follow: while a job writes its log, the viewer keeps the newest line in view
// (Follow), stays where the reader scrolled when Follow is off, searches with highlighted
// matches and next/previous, wraps or not, and downloads the file.
import { expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { signIn, test } from './helpers';
import { fillJob, JOBS, sampleRepo, submitAndOpen, waitForStatus } from './jobs-helpers';

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
