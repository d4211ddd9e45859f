// The dist build deployed under a sub-path of a storage static website (`xtask serve
// --static-website … --base /console/`): deep links come back as the error document (index.html,
// status 404) and the app still runs; sign-in returns under the sub-path; the CSP is shipped.
import { expect } from '@playwright/test';
import { DEMO_COMPUTES, EMULATOR, test } from './helpers';

const SUB = process.env.CONSOLE_SUBPATH_URL ?? 'http://127.0.0.1:18081/console/';
const AZURITE = process.env.AZURITE_URL ?? 'http://127.0.0.1:20000';
const deep = SUB + DEMO_COMPUTES.replace(/^\//, '');

test('static website rules: files, folder index, everything else the error document with 404', async ({ request }) => {
  const index = await request.get(SUB);
  expect(index.status()).toBe(200);
  expect(await index.text()).toContain('<base href="/console/">');
  expect((await request.get(SUB.replace(/\/$/, ''))).status()).toBe(200);
  expect((await request.get(SUB + 'favicon.svg')).status()).toBe(200);
  expect((await request.get(SUB + 'config.json')).status()).toBe(200);
  const missing = await request.get(deep);
  expect(missing.status()).toBe(404);
  expect(await missing.text()).toContain('<base href="/console/">');
  // Outside the sub-path there is nothing but the error document either.
  expect((await request.get(new URL('/workspaces', SUB).href)).status()).toBe(404);
  // The demo host page is not part of a deployment.
  expect((await request.get(SUB + 'embed-example.html')).status()).toBe(404);
});

test('the shipped index.html carries a strict CSP computed from config.json', async ({ request }) => {
  const html = await (await request.get(SUB)).text();
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  expect(csp, 'CSP meta tag').toBeTruthy();
  expect(csp).not.toContain("'unsafe-inline'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  const connect = /connect-src ([^;]+)/.exec(csp!)![1].split(' ');
  expect(connect).toEqual(expect.arrayContaining(["'self'", EMULATOR, AZURITE]));
  // The meta must come before any script to govern it.
  expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
});

test('deep link under the sub-path: sign-in round trip, reload and in-app links stay under /console/', async ({ page }) => {
  const configRequests: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('/config.json')) configRequests.push(r.url()); });
  const res = await page.goto(deep);
  expect(res?.status()).toBe(404); // the error document, as storage serves it
  await expect(page).toHaveURL(new RegExp(`^${SUB}signin\\?return=`));
  expect(configRequests[0]).toBe(SUB + 'config.json');

  await page.getByTestId('signin-button').click();
  await page.waitForURL((u) => u.toString().startsWith(EMULATOR));
  expect(new URL(page.url()).searchParams.get('redirect_uri')).toBe(SUB);
  await page.getByRole('button', { name: 'Ada Lovelace' }).click();
  await page.waitForURL(deep);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  await expect(page.getByTestId('user-name')).toContainText('Ada Lovelace');

  const again = await page.reload();
  expect(again?.status()).toBe(404);
  await expect(page).toHaveURL(deep);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();

  await page.getByTestId('compute-row').filter({ hasText: 'cpu-cluster' }).getByRole('link').click();
  await expect(page).toHaveURL(`${deep}/cpu-cluster`);
  await expect(page.getByTestId('compute-details')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workspaces' }).click();
  await expect(page).toHaveURL(`${SUB}workspaces`);
  await expect(page.getByTestId('workspace-link').first()).toBeVisible();
});
