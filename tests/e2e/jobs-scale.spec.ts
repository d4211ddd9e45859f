// The jobs list at scale: a workspace of 20,000 generated jobs (`POST /_emulator/bench`) is
// listed a page at a time as it scrolls, filtered by the service (Jobs_List `jobType`, `tag`) and
// in the browser (name search), sorted, with only the visible rows in the DOM; a very long display
// name keeps every column on screen; ticked rows survive scrolling and filtering and open the
// compare page's URL.
import { expect, Locator, Page, Request } from '@playwright/test';
import { cliArm, emulatorHook, EMULATOR, signIn, SUB_DEV, test } from './helpers';

const WS = `/ws/${SUB_DEV}/rg-ml-dev/ws-bench`;
const ARM_WS = `/subscriptions/${SUB_DEV}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/ws-bench`;
const JOBS = 20_000;
const PAGE = 100;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await emulatorHook('bench', { jobs: JOBS, computes: 50 });
  await emulatorHook('settings', { jobsPageSize: PAGE });
});

test.afterAll(async () => {
  await emulatorHook('bench', { jobs: 0 });
  await emulatorHook('settings', { jobsPageSize: 5 });
});

/** The first `n` jobs in the service's order, as a CLI client pages them. */
async function serviceOrder(n: number, query = ''): Promise<any[]> {
  const items: any[] = [];
  let url: string | undefined = `${EMULATOR}${ARM_WS}/jobs?api-version=2025-12-01&listViewType=All${query}`;
  while (url && items.length < n) {
    const { json } = await cliArm(url);
    items.push(...json.value);
    url = json.nextLink;
  }
  return items.slice(0, n);
}

function jobListCalls(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    if (r.method() === 'GET' && /\/workspaces\/ws-bench\/jobs\?/.test(r.url())) seen.push(r);
  });
  return seen;
}

const rows = (page: Page): Locator => page.getByTestId('job-row');
const names = (page: Page): Promise<string[]> => rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-name') ?? ''));
const loaded = async (page: Page): Promise<number> =>
  Number((await page.getByTestId('jobs-count').textContent())!.match(/of (\d+) loaded/)![1]);

async function scrollBy(page: Page, px: number): Promise<void> {
  await page.getByTestId('jobs-table').evaluate((el, d) => { el.scrollTop += d; el.dispatchEvent(new Event('scroll')); }, px);
}

/** Scrolls to the end of the loaded rows until at least `n` are loaded. */
async function scrollUntilLoaded(page: Page, n: number): Promise<void> {
  for (let i = 0; i < 50 && (await loaded(page)) < n; i++) {
    const have = await loaded(page);
    await page.getByTestId('jobs-table').evaluate((el) => { el.scrollTop = el.scrollHeight; el.dispatchEvent(new Event('scroll')); });
    await expect.poll(() => loaded(page)).toBeGreaterThan(have);
  }
  expect(await loaded(page)).toBeGreaterThanOrEqual(n);
}

test('a 20,000-job workspace loads pages as it scrolls and keeps only the visible rows in the DOM', async ({ page }) => {
  const calls = jobListCalls(page);
  await signIn(page, `${WS}/jobs`);
  await expect(rows(page).first()).toBeVisible();
  const first = await serviceOrder(300);
  expect((await names(page)).slice(0, 10)).toEqual(first.slice(0, 10).map((j) => j.name));
  // One page (or two, if the first screen reaches the margin), not 200.
  await expect.poll(() => page.getByTestId('jobs-loading').count()).toBe(0);
  expect(calls.length).toBeLessThanOrEqual(2);
  expect(await rows(page).count()).toBeLessThan(80);

  // Scroll down row by row-page: more pages arrive, the DOM stays small, rows are in order.
  await scrollUntilLoaded(page, 300);
  await expect(page.getByTestId('jobs-loading')).toHaveCount(0);
  expect(await rows(page).count()).toBeLessThan(80);
  const shownNames = await names(page);
  const at = first.findIndex((j) => j.name === shownNames[0]);
  expect(at).toBeGreaterThan(100);
  expect(shownNames.slice(0, 5)).toEqual(first.slice(at, at + 5).map((j) => j.name));
  // Every list call after the first follows a nextLink (the service's paging).
  for (const c of calls.slice(1)) expect(new URL(c.url()).searchParams.get('$skip')).toBeTruthy();
  expect(calls.length).toBeLessThan(10);
});

test('filters go to the service where Jobs_List has them, the rest filter loaded rows and say so', async ({ page }) => {
  const calls = jobListCalls(page);
  await signIn(page, `${WS}/jobs`);
  await expect(rows(page).first()).toBeVisible();

  await page.getByTestId('job-type-filter').selectOption('Sweep');
  await expect.poll(() => calls.some((c) => new URL(c.url()).searchParams.get('jobType') === 'Sweep')).toBe(true);
  await expect(page.getByTestId('jobs-loading')).toHaveCount(0);
  const sweeps = await serviceOrder(20, '&jobType=Sweep');
  await expect.poll(async () => (await names(page)).slice(0, 20)).toEqual(sweeps.map((j) => j.name));
  for (const t of await page.getByTestId('job-type').allTextContents()) expect(t).toBe('Sweep');
  await expect(page.getByTestId('jobs-local-note')).toHaveCount(0);

  await page.getByTestId('job-tag-filter').fill('release=v2');
  await expect.poll(() => calls.some((c) => new URL(c.url()).searchParams.get('tag') === 'release')).toBe(true);
  await expect(page.getByTestId('jobs-local-note')).toContainText('tag value');
  expect(page.url()).toContain('type=Sweep');

  // Back to every type; a name search is local (no new list call) and says so.
  await page.getByTestId('job-type-filter').selectOption('');
  await page.getByTestId('job-tag-filter').fill('');
  await expect(page.getByTestId('jobs-loading')).toHaveCount(0);
  const before = calls.length;
  await page.getByTestId('job-search').fill('FULL HISTORY');
  await expect(page.getByTestId('jobs-local-note')).toContainText('name');
  await expect(rows(page).first()).toBeVisible();
  for (const title of await rows(page).locator('.cell.name').evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''))) {
    expect(title.toLowerCase()).toContain('full history');
  }
  // Few rows match per page, so pages keep loading until the screen is full: still via nextLink.
  for (const c of calls.slice(before)) expect(new URL(c.url()).searchParams.get('$skip')).toBeTruthy();
});

test('sorting orders the loaded rows and a very long display name keeps every column visible', async ({ page }) => {
  await signIn(page, `${WS}/jobs`);
  await expect(rows(page).first()).toBeVisible();
  await page.getByTestId('sort-name').click();
  await expect(page).toHaveURL(/sort=name&dir=asc/);
  const texts = await rows(page).locator('.cell.name a').allTextContents();
  const sorted = [...texts].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
  expect(texts).toEqual(sorted);
  await page.getByTestId('sort-name').click();
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  const desc = await rows(page).locator('.cell.name a').allTextContents();
  expect(desc[0].toLowerCase() >= desc[desc.length - 1].toLowerCase()).toBe(true);
  await page.getByTestId('sort-duration').click();
  await expect(page).toHaveURL(/sort=duration&dir=asc/);

  // Job 13 of the generator has a display name of several hundred characters.
  await page.goto(`${WS}/jobs?q=retrain%20with%20the%20full`);
  const long = rows(page).first();
  await expect(long).toBeVisible();
  const title = await long.locator('.cell.name').getAttribute('title');
  expect(title!.length).toBeGreaterThan(300);
  const grid = await page.getByTestId('jobs-table').boundingBox();
  const cells = await long.locator('[role=cell]').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.height]; }));
  expect(cells).toHaveLength(8);
  for (const [left, right, height] of cells) {
    expect(right - left).toBeGreaterThan(20);
    expect(right).toBeLessThanOrEqual(grid!.x + grid!.width + 1);
    expect(height).toBeLessThanOrEqual(41);
  }
  // Intl in the browser's locale (en-US here) and time zone, which it names.
  await expect(long.getByTestId('job-created')).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d:\d\d [AP]M (UTC|GMT[+-]\d+(:\d\d)?)$/);
  await page.screenshot({ path: test.info().outputPath('long-display-name.png') });
});

test('ticked rows survive scrolling and filtering and open the compare page with their ids', async ({ page }) => {
  await signIn(page, `${WS}/jobs`);
  await expect(rows(page).first()).toBeVisible();
  const compare = page.getByTestId('jobs-compare');
  await expect(compare).toBeDisabled();
  const picked = (await names(page)).slice(0, 3);
  for (const n of picked) await page.locator(`[data-testid=job-row][data-name="${n}"]`).getByTestId('job-select').check();
  await expect(compare).toHaveText('Compare (3)');

  await scrollUntilLoaded(page, 200);
  await scrollBy(page, -40 * 50);
  await page.getByTestId('job-search').fill(picked[1]);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).getByTestId('job-select')).toBeChecked();
  await page.getByTestId('job-search').fill('');
  await page.getByTestId('jobs-table').evaluate((el) => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); });
  for (const n of picked) await expect(page.locator(`[data-testid=job-row][data-name="${n}"]`).getByTestId('job-select')).toBeChecked();

  await expect(compare).toHaveAttribute('href', `${WS}/jobs/compare?ids=${picked.join(',')}`);
  // At most ten: the eleventh tick is refused with a reason.
  const more = (await names(page)).slice(3, 11);
  for (const n of more.slice(0, 7)) await page.locator(`[data-testid=job-row][data-name="${n}"]`).getByTestId('job-select').check();
  await expect(compare).toHaveText('Compare (10)');
  await page.locator(`[data-testid=job-row][data-name="${more[7]}"]`).getByTestId('job-select').click();
  await expect(page.getByTestId('jobs-select-notice')).toContainText('At most 10');
  await expect(page.locator(`[data-testid=job-row][data-name="${more[7]}"]`).getByTestId('job-select')).not.toBeChecked();
  await page.locator(`[data-testid=job-row][data-name="${more[6]}"]`).getByTestId('job-select').uncheck();
  await expect(compare).toHaveText('Compare (9)');
  await compare.click();
  await expect(page).toHaveURL(new RegExp(`${WS}/jobs/compare\\?ids=${picked.join(',')}`));
});
