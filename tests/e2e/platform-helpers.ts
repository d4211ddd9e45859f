// Shared steps of the platform specs (auth + network layer): injected faults with page.route and
// token bookkeeping. Faults are answered like the real service would, CORS headers included.
import { expect, Page, Request, Route } from '@playwright/test';
import { EMULATOR } from './helpers';

export const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Retry-After, x-ms-request-id, x-ms-client-request-id',
};

/** An ARM-style error answer with a recognisable service request id. */
export function armError(route: Route, status: number, code: string, requestId: string, retryAfter?: string) {
  const headers: Record<string, string> = { ...CORS, 'content-type': 'application/json', 'x-ms-request-id': requestId };
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
  return route.fulfill({ status, headers, body: JSON.stringify({ error: { code, message: `Injected ${status} by the test.` } }) });
}

/** Every token endpoint answer, parsed, in order. */
export function tokenResponses(page: Page): Array<Record<string, string>> {
  const seen: Array<Record<string, string>> = [];
  page.on('response', async (r) => {
    if (r.url().includes('/oauth2/v2.0/token') && r.ok()) seen.push(await r.json().catch(() => ({})));
  });
  return seen;
}

/** Requests to the authority: authorize redirects and token grants (with their form body). */
export function authorityRequests(page: Page): { authorize: string[]; grants: string[] } {
  const out = { authorize: [] as string[], grants: [] as string[] };
  page.on('request', (r: Request) => {
    if (r.url().includes('/oauth2/v2.0/authorize')) out.authorize.push(r.url());
    if (r.url().includes('/oauth2/v2.0/token')) out.grants.push(r.postData() ?? '');
  });
  return out;
}

/** Signs in from the sign-in page, optionally ticking "Stay signed in on this tab". */
export async function signInFromPage(page: Page, start: string, stay: boolean): Promise<void> {
  await page.goto(start);
  await expect(page.getByTestId('signin-button')).toBeVisible();
  if (stay) await page.getByTestId('stay-signed-in').check();
  await page.getByTestId('signin-button').click();
  await page.waitForURL((u) => u.toString().startsWith(EMULATOR));
  await page.getByRole('button', { name: 'Ada Lovelace' }).click();
  await page.waitForURL((u) => !u.toString().startsWith(EMULATOR));
  await expect(page.getByTestId('user-name')).toContainText('Ada Lovelace');
}

/** Both web storages of the page, as one string per kind. */
export async function storages(page: Page): Promise<{ local: string; session: string }> {
  return page.evaluate(() => ({ local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }) }));
}
