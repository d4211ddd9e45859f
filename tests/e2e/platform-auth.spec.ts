// Tokens: silent renewal with the refresh token, interactive sign-in when renewal is refused
// (back on the same page, drafts intact), and where tokens are (not) kept.
import { expect } from '@playwright/test';
import { DEMO_COMPUTES, emulatorHook, injectedFaults, setFaults, signIn, test } from './helpers';
import { fillJob, JOBS, sampleRepo, submitAndOpen, waitForStatus } from './jobs-helpers';
import { authorityRequests, CORS, signInFromPage, storages, tokenResponses } from './platform-helpers';

test.beforeEach(async () => {
  await emulatorHook('reset');
});

test('short-lived tokens are renewed silently with the refresh token, never with a redirect', async ({ page }) => {
  await emulatorHook('settings', { tokenLifetimeSeconds: 6 });
  await signIn(page, DEMO_COMPUTES);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  const authority = authorityRequests(page);
  const tokens = tokenResponses(page);
  // Keep using the app for two token lifetimes.
  for (let i = 0; i < 7; i++) {
    await page.waitForTimeout(2_000);
    await page.getByTestId('compute-refresh').click();
    await expect(page.getByTestId('compute-row').first()).toBeVisible();
  }
  await page.getByTestId('nav-jobs').click();
  await expect(page.getByTestId('jobs-table')).toBeVisible();
  expect(authority.grants.filter((g) => g.includes('grant_type=refresh_token')).length).toBeGreaterThan(0);
  expect(authority.authorize).toHaveLength(0);
  await expect(page.getByTestId('error-box')).toHaveCount(0);
  await expect(page.getByTestId('user-name')).toContainText('Ada Lovelace');
  // Default mode: the renewed tokens are in memory only.
  const last = tokens[tokens.length - 1];
  expect(last.refresh_token).toBeTruthy();
  const { local, session } = await storages(page);
  for (const secret of [last.access_token, last.refresh_token]) {
    expect(local).not.toContain(secret);
    expect(session).not.toContain(secret);
  }
});

test('a refused renewal signs in again and comes back to the half-filled compute form', async ({ page }) => {
  await emulatorHook('settings', { tokenLifetimeSeconds: 8 });
  const form = `${DEMO_COMPUTES}/new/cluster`;
  await signIn(page, form);
  // As when the SPA refresh token's 24 hours are over.
  await page.route(/\/oauth2\/v2\.0\/token/, (route) => {
    if (!(route.request().postData() ?? '').includes('grant_type=refresh_token')) return route.continue();
    return route.fulfill({
      status: 400,
      headers: { ...CORS, 'content-type': 'application/json' },
      body: JSON.stringify({ error: 'invalid_grant', error_description: 'AADSTS700084: The refresh token was issued to a single page app (SPA) and has expired.' }),
    });
  });
  await page.getByTestId('field-name').fill('draft-cpu');
  await page.getByTestId('field-max_nodes').fill('3');
  await page.waitForRequest((r) => r.url().includes('/oauth2/v2.0/authorize'), { timeout: 30_000 });
  await emulatorHook('settings', { tokenLifetimeSeconds: 3600 });
  await page.waitForURL((u) => u.pathname.endsWith('/computes/new/cluster') && !u.search.includes('code='));
  await expect(page.getByTestId('user-name')).toContainText('Ada Lovelace');
  await expect(page.getByTestId('field-name')).toHaveValue('draft-cpu');
  await expect(page.getByTestId('field-max_nodes')).toHaveValue('3');
});

test('the job form survives the sign-in round trip too', async ({ page }) => {
  await emulatorHook('settings', { tokenLifetimeSeconds: 8 });
  await signIn(page, `${JOBS}/new`);
  await page.route(/\/oauth2\/v2\.0\/token/, (route) => {
    if (!(route.request().postData() ?? '').includes('grant_type=refresh_token')) return route.continue();
    return route.fulfill({ status: 400, headers: { ...CORS, 'content-type': 'application/json' }, body: '{"error":"invalid_grant"}' });
  });
  await page.getByTestId('field-experiment').fill('draft-experiment');
  await page.getByTestId('field-command').fill('python draft.py --epochs 3');
  await page.waitForRequest((r) => r.url().includes('/oauth2/v2.0/authorize'), { timeout: 30_000 });
  await emulatorHook('settings', { tokenLifetimeSeconds: 3600 });
  await page.waitForURL((u) => u.pathname.endsWith('/jobs/new') && !u.search.includes('code='));
  await expect(page.getByTestId('user-name')).toContainText('Ada Lovelace');
  await expect(page.getByTestId('field-experiment')).toHaveValue('draft-experiment');
  await expect(page.getByTestId('field-command')).toHaveValue('python draft.py --epochs 3');
});

test('"Stay signed in on this tab": a reload needs no authority; tokens in sessionStorage, never localStorage', async ({ page }) => {
  const tokens = tokenResponses(page);
  await signInFromPage(page, DEMO_COMPUTES, true);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  const t = tokens[tokens.length - 1];
  let s = await storages(page);
  expect(s.session).toContain(t.access_token);
  expect(s.session).toContain(t.refresh_token);
  expect(s.local).not.toContain(t.access_token);
  expect(s.local).not.toContain(t.refresh_token);

  const authority = authorityRequests(page);
  await page.reload();
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  await expect(page.getByTestId('user-name')).toContainText('Ada Lovelace');
  expect(authority.authorize).toHaveLength(0);
  expect(authority.grants).toHaveLength(0);
  s = await storages(page);
  expect(s.local).not.toContain(t.access_token);

  // Sign out clears memory and sessionStorage.
  await page.getByTestId('signout-button').click();
  await expect(page.getByTestId('signin-button')).toBeVisible();
  s = await storages(page);
  for (const secret of [t.access_token, t.refresh_token]) {
    expect(s.session).not.toContain(secret);
    expect(s.local).not.toContain(secret);
  }
  expect(s.session).not.toContain('aml.session');
});

test('default mode keeps tokens in no storage at all, and a reload goes back through the authority', async ({ page }) => {
  const tokens = tokenResponses(page);
  await signInFromPage(page, DEMO_COMPUTES, false);
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  const t = tokens[tokens.length - 1];
  const s = await storages(page);
  for (const secret of [t.access_token, t.refresh_token]) {
    expect(s.session).not.toContain(secret);
    expect(s.local).not.toContain(secret);
  }
  const authority = authorityRequests(page);
  await page.reload();
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  expect(authority.authorize.length).toBe(1);
});

test('when the data plane refuses the ARM token, the log reader gets its own ml.azure.com token', async ({ page }) => {
  const repo = sampleRepo();
  await signIn(page, JOBS);
  await fillJob(page, repo, { experiment: 'e2e-dataplane' });
  // The run-history data plane answers its first call with 401 (as a data plane that does not
  // take ARM tokens would); everything after is served normally.
  await setFaults([{ match: { path: '/history*' }, kinds: ['expired'], count: 1 }]);
  const authority = authorityRequests(page);
  const history: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/history/v1.0/')) history.push(r.headers()['authorization'] ?? '');
  });
  await submitAndOpen(page);
  await waitForStatus(page, 'Completed');
  await expect(page.getByTestId('log-text')).toContainText('hello from train.py', { timeout: 20_000 });
  expect((await injectedFaults()).map((f) => f.kind)).toEqual(['expired']);
  // One refresh-token grant for the data-plane scope, no interactive sign-in.
  const dataPlaneGrants = authority.grants.filter((g) => decodeURIComponent(g.replace(/\+/g, ' ')).includes('https://ml.azure.com/.default'));
  expect(dataPlaneGrants).toHaveLength(1);
  expect(dataPlaneGrants[0]).toContain('grant_type=refresh_token');
  expect(authority.authorize).toHaveLength(0);
  // The first history call carried the ARM token; once the data-plane token was used, no call
  // went back to the ARM one. (Calls the page started together before the 401 came back, e.g.
  // run details and the outputs listing, may both carry the ARM token: a data plane that refuses
  // it answers each with 401 and each is retried once with the data-plane token.)
  const audience = (h: string) => JSON.parse(Buffer.from(h.replace(/^Bearer /, '').split('.')[1], 'base64url').toString()).aud;
  const kinds = history.map(audience).map((a: string) => (/ml\.azure\.com/.test(a) ? 'ml' : /management\.azure\.com/.test(a) ? 'arm' : a));
  expect(kinds[0]).toBe('arm');
  const firstMl = kinds.indexOf('ml');
  expect(firstMl).toBeGreaterThan(0);
  expect(kinds.slice(firstMl).every((k: string) => k === 'ml')).toBe(true);
  expect(kinds.slice(0, firstMl).every((k: string) => k === 'arm')).toBe(true);
  await expect(page.getByTestId('error-box')).toHaveCount(0);
});
