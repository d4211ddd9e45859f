// The console embedded in another origin's page (public/embed-example.html served as a static
// website on its own port): the host hands over a token by postMessage, only hosts listed in
// config.json `embedOrigins` are heard, the host's theme is applied, and the console asks the host
// again before the token expires.
import { expect, Frame, Page } from '@playwright/test';
import { cliToken, DEMO_COMPUTES, test } from './helpers';

const CONSOLE = process.env.CONSOLE_URL ?? 'http://127.0.0.1:18080/';
const HOST = process.env.EMBED_HOST_URL ?? 'http://127.0.0.1:18082';
const OTHER = process.env.OTHER_HOST_URL ?? 'http://127.0.0.1:18083';
const consoleOrigin = new URL(CONSOLE).origin;

async function openHost(page: Page, host: string): Promise<Frame> {
  await page.goto(`${host}/embed-example.html?console=${encodeURIComponent(CONSOLE)}&path=${encodeURIComponent(DEMO_COMPUTES)}`);
  const frame = page.frameLocator('[data-testid=host-frame]');
  await expect(frame.getByTestId('embed-waiting')).toBeVisible();
  const f = page.frames().find((x) => x.url().startsWith(consoleOrigin));
  if (!f) throw new Error('console frame not found');
  return f;
}

async function sendToken(page: Page, token: string): Promise<void> {
  await page.getByTestId('host-token').fill(token);
  await page.getByTestId('host-send').click();
}

const requests = async (page: Page) =>
  ((await page.getByTestId('host-log').textContent()) ?? '').split('\n').filter((l) => l === 'token-request').length;

test('embedded: the host hands over a token, the computes list without the console chrome', async ({ page }) => {
  const frame = await openHost(page, HOST);
  // Embed mode is kept in the path, so in-app links and reloads stay embedded.
  await expect.poll(() => frame.url()).toContain(`/embed${DEMO_COMPUTES}`);
  await expect.poll(() => requests(page)).toBe(1); // asked for a token at start
  await sendToken(page, cliToken());
  const inside = page.frameLocator('[data-testid=host-frame]');
  await expect(inside.getByTestId('compute-row').filter({ hasText: 'cpu-cluster' })).toBeVisible();
  await expect(inside.locator('.topbar, .navrail')).toHaveCount(0);
  await expect(inside.getByTestId('signin-button')).toHaveCount(0);
  await inside.getByTestId('compute-row').filter({ hasText: 'cpu-cluster' }).getByRole('link').click();
  await expect(inside.getByTestId('compute-details')).toBeVisible();
  expect(frame.url()).toBe(`${consoleOrigin}/embed${DEMO_COMPUTES}/cpu-cluster`);
});

test('embedded: the host theme hint is applied', async ({ page }) => {
  const frame = await openHost(page, HOST);
  await page.getByTestId('host-theme').selectOption('dark');
  await expect.poll(() => frame.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe('dark');
  await page.getByTestId('host-theme').selectOption('light');
  await expect.poll(() => frame.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe('light');
});

test('embedded: a page not in embedOrigins cannot hand over a token, and the log leaks nothing', async ({ page }) => {
  const logs: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  await openHost(page, OTHER);
  const token = cliToken();
  await sendToken(page, token);
  await expect.poll(() => logs.find((l) => l.includes('ignored') && l.includes(OTHER))).toBeTruthy();
  const inside = page.frameLocator('[data-testid=host-frame]');
  await expect(inside.getByTestId('embed-waiting')).toBeVisible();
  await expect(inside.getByTestId('compute-table')).toHaveCount(0);
  for (const l of logs) expect(l).not.toContain(token.split('.')[1]);
  // Its token requests go to the listed origin only, so this host never hears one.
  expect(await requests(page)).toBe(0);
});

test('embedded: a token near expiry makes the console ask the host again', async ({ page }) => {
  await openHost(page, HOST);
  await expect.poll(() => requests(page)).toBe(1);
  await sendToken(page, cliToken('ada@contoso.example', 120)); // inside the 5-minute window
  const inside = page.frameLocator('[data-testid=host-frame]');
  await expect(inside.getByTestId('compute-row').first()).toBeVisible();
  await expect.poll(() => requests(page), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  // A fresh one-hour token ends the asking.
  await sendToken(page, cliToken());
  const settled = await requests(page);
  await page.waitForTimeout(7_000);
  expect(await requests(page)).toBe(settled);
  await expect(inside.getByTestId('compute-row').first()).toBeVisible();
});
