// Sign-in flows: authorization code + PKCE through the local authority, pasted tokens, sign-out,
// an expired token, and where the token may (not) end up.
import { expect } from '@playwright/test';
import { cliToken, DEMO_COMPUTES, EMULATOR, emulatorHook, signIn, test } from './helpers';

test.beforeEach(async () => {
  await emulatorHook('reset');
});

test('signs in through the local authority with PKCE and keeps the token out of storage and the URL', async ({ page }) => {
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  let tokenBody = '';
  let authorizeUrl = '';
  page.on('request', (r) => {
    if (r.url().includes('/oauth2/v2.0/authorize') && !authorizeUrl) authorizeUrl = r.url();
  });
  page.on('response', async (r) => {
    if (r.url().includes('/oauth2/v2.0/token')) tokenBody = await r.text();
  });

  await signIn(page, '/');
  await expect(page).toHaveURL(/\/workspaces$/);

  // The authorize request used PKCE S256 and a random state.
  const q = new URL(authorizeUrl).searchParams;
  expect(q.get('code_challenge_method')).toBe('S256');
  expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(q.get('state')?.length).toBeGreaterThanOrEqual(16);
  expect(q.get('response_type')).toBe('code');

  // The code is gone from the address bar; the verifier is gone from sessionStorage.
  expect(page.url()).not.toContain('code=');
  const accessToken = JSON.parse(tokenBody).access_token as string;
  expect(accessToken.split('.')).toHaveLength(3);
  const storage = await page.evaluate(() => JSON.stringify({ l: { ...localStorage }, s: { ...sessionStorage } }));
  expect(storage).not.toContain(accessToken);
  expect(storage).not.toContain(JSON.parse(tokenBody).refresh_token ?? 'no-refresh-token');
  expect(storage.toLowerCase()).not.toContain('verifier');
  expect(consoleLines.join('\n')).not.toContain(accessToken);
  expect(await page.content()).not.toContain(accessToken);
});

test('a state that does not match is refused and no token is requested', async ({ page }) => {
  let tokenRequests = 0;
  page.on('request', (r) => { if (r.url().includes('/oauth2/v2.0/token')) tokenRequests++; });
  await page.goto('/?code=forged-code&state=not-the-state-we-sent');
  await expect(page.getByTestId('signin-error')).toBeVisible();
  expect(tokenRequests).toBe(0);
  expect(page.url()).not.toContain('forged-code');
});

test('a pasted access token signs in; sign out forgets it', async ({ page }) => {
  await page.goto('/signin');
  await page.getByTestId('token-input').fill(cliToken('grace@contoso.example'));
  await page.getByTestId('token-submit').click();
  await expect(page.getByTestId('user-name')).toContainText('Grace Hopper');
  await expect(page.getByTestId('subscription-select')).toBeVisible();

  await page.getByTestId('signout-button').click();
  await expect(page.getByTestId('signin-button')).toBeVisible();
  // Signed out: a deep link asks to sign in instead of showing data.
  await page.goto(DEMO_COMPUTES);
  await expect(page.getByTestId('signin-button')).toBeVisible();
  await expect(page.getByTestId('compute-table')).toHaveCount(0);
});

test('a malformed pasted token gets a clear message and no request', async ({ page }) => {
  let armCalls = 0;
  page.on('request', (r) => { if (r.url().startsWith(EMULATOR + '/subscriptions')) armCalls++; });
  await page.goto('/signin');
  await page.getByTestId('token-input').fill('not a token');
  await page.getByTestId('token-submit').click();
  await expect(page.getByTestId('signin-error')).toBeVisible();
  expect(armCalls).toBe(0);
});

test('an expired token leads to sign-in again and back to the same page', async ({ page }) => {
  await emulatorHook('settings', { tokenLifetimeSeconds: 4 });
  await signIn(page, DEMO_COMPUTES);
  await expect(page).toHaveURL(new RegExp(DEMO_COMPUTES + '$'));
  await expect(page.getByTestId('compute-row').first()).toBeVisible();

  // Renewal with the refresh token is refused (as after the SPA's 24 hours; silent renewal
  // itself is covered in platform-auth.spec.ts), so only a new sign-in helps.
  await page.route(/\/oauth2\/v2\.0\/token/, (route) => (route.request().postData() ?? '').includes('grant_type=refresh_token')
    ? route.fulfill({ status: 400, headers: { 'access-control-allow-origin': '*', 'content-type': 'application/json' }, body: '{"error":"invalid_grant"}' })
    : route.continue());
  // The console notices the expiry by itself (its keep-alive timer) or on the next call; count
  // sign-in round trips from now on either way.
  let authorizeVisits = 0;
  page.on('request', (r) => { if (r.url().includes('/oauth2/v2.0/authorize')) authorizeVisits++; });
  await page.waitForTimeout(5_000); // the token is now past its expiry
  await emulatorHook('settings', { tokenLifetimeSeconds: 3600 });
  await page.getByTestId('compute-refresh').click();
  // The authority still has the session (SSO), so the round trip comes straight back.
  await expect(page).toHaveURL(new RegExp(DEMO_COMPUTES + '$'));
  await expect(page.getByTestId('compute-row').first()).toBeVisible();
  expect(authorizeVisits).toBeGreaterThanOrEqual(1);
});

test('endpoints cannot be set from the URL: a crafted link sends the token nowhere else', async ({ page, baseURL }) => {
  const hosts = new Set<string>();
  page.on('request', (r) => hosts.add(new URL(r.url()).origin));
  const evil = 'http://127.0.0.1:9';
  const crafted = `/workspaces?armEndpoint=${evil}&authorityHost=${evil}&config=${evil}/config.json` +
    `&clientId=evil#armEndpoint=${evil}`;
  await signIn(page, crafted);
  await expect(page.getByTestId('subscription-select')).toBeVisible();
  const allowed = new Set([new URL(baseURL!).origin, new URL(EMULATOR).origin]);
  for (const h of hosts) expect(allowed.has(h), `request to ${h}`).toBe(true);
});
