// The release build is split (src/lazy_routes.rs, xtask/src/release_build.rs): the compute list
// needs only the main module; create/attach/details/jobs pages fetch their own .wasm chunks on
// the first navigation, relative to the loader script, so also under a sub-path, within the CSP.
import { expect, type Page } from '@playwright/test';
import { DEMO_COMPUTES, EMULATOR, test } from './helpers';
import { field, openNew } from './compute-helpers';

const ROOT = process.env.CONSOLE_URL ?? 'http://127.0.0.1:18080/';
const SUBPATH = process.env.CONSOLE_SUBPATH_URL ?? 'http://127.0.0.1:18081/console/';

/** Names of the .wasm files the page fetched (and how they answered), from now on. */
function wasmFetches(page: Page): { name: string; url: string; status: number }[] {
  const seen: { name: string; url: string; status: number }[] = [];
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (u.pathname.endsWith('.wasm')) seen.push({ name: u.pathname.split('/').pop()!, url: r.url(), status: r.status() });
  });
  return seen;
}

async function signInAt(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('signin-button').click();
  await page.waitForURL((u) => u.toString().startsWith(EMULATOR));
  await page.getByRole('button', { name: 'Ada Lovelace' }).click();
  await page.waitForURL((u) => !u.toString().startsWith(EMULATOR));
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
}

for (const [where, base] of [['at /', ROOT], ['under /console/', SUBPATH]] as const) {
  test(`${where}: the compute list loads only the main module; create cluster and jobs load their chunks`, async ({ page }) => {
    const wasm = wasmFetches(page);
    await signInAt(page, base + DEMO_COMPUTES.slice(1));
    // Main module only: no lazy page code before it is needed.
    expect(wasm.map((w) => w.name).filter((n) => !/^aml-console-[0-9a-f]+_bg\.wasm$/.test(n))).toEqual([]);
    expect(wasm.length).toBeGreaterThan(0);

    // Create cluster: its chunk arrives on navigation, from next to the loader, and the form works.
    const before = wasm.length;
    await openNew(page, 'new-cluster');
    await expect(page).toHaveURL(/\/computes\/new\/cluster$/);
    await expect(page.locator('[data-testid=size-row][data-name="Standard_D4s_v3"]')).toBeVisible();
    await field(page, 'name').fill('lazy-check');
    await page.locator('[data-testid=size-row][data-name="Standard_D4s_v3"]').click();
    await expect(page.getByTestId('size-selected')).toHaveText('Standard_D4s_v3');
    const cluster = wasm.slice(before);
    expect(cluster.map((w) => w.name)).toContainEqual(expect.stringMatching(/^split_.*new_cluster_route.*\.wasm$/));
    for (const w of cluster) {
      expect(w.status).toBe(200);
      expect(w.url.startsWith(base)).toBe(true);
    }

    // Jobs: another page, another chunk; the list renders.
    const beforeJobs = wasm.length;
    await page.getByTestId('nav-jobs').click();
    await expect(page.getByTestId('new-job')).toBeVisible();
    expect(wasm.slice(beforeJobs).map((w) => w.name)).toContainEqual(expect.stringMatching(/^split_.*jobs_route.*\.wasm$/));

    // Back to a page seen before: nothing fetched again.
    const settled = wasm.length;
    await page.goBack();
    await page.goBack();
    await expect(page.getByTestId('compute-row').first()).toBeVisible();
    await page.goForward();
    await expect(page.locator('[data-testid=size-row]').first()).toBeVisible();
    expect(wasm.length).toBe(settled);
  });
}

test('a chunk that cannot be fetched (the site was redeployed) shows the error panel; Reload recovers', async ({ page }) => {
  await signInAt(page, ROOT + DEMO_COMPUTES.slice(1));
  // What a tab of the previous build meets after a redeploy: its chunk names are gone (404).
  let gone = true;
  await page.route((u) => u.pathname.endsWith('.wasm') && !/\/aml-console-[0-9a-f]+_bg\.wasm$/.test(u.pathname), (route) =>
    gone ? route.fulfill({ status: 404, body: 'The specified blob does not exist.' }) : route.continue());
  await openNew(page, 'new-cluster');
  const panel = page.getByTestId('panic-panel');
  await expect(panel).toBeVisible();
  gone = false;
  await panel.getByTestId('panic-reload').click();
  // The router had not entered the page yet (its code never came), so Reload loads the build
  // again on the compute list; opening the page now fetches the chunk and works.
  await page.waitForURL((u) => u.pathname.endsWith('/ws-demo/computes'));
  await expect(page.getByTestId('panic-panel')).toHaveCount(0);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  await openNew(page, 'new-cluster');
  await expect(field(page, 'name')).toBeVisible();
});
