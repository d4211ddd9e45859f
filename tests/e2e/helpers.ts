// Shared steps of the end-to-end flows. Names and ids come from docs/CONTRACTS.md.
import { expect, Page, Request } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

export const EMULATOR = process.env.EMULATOR_URL ?? 'http://127.0.0.1:17070';
export const SUB_DEV = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
export const SUB_PROD = '7e2a9f3c-5d41-4c8b-a6e0-2f9b8d7c6e51';
export const DEMO_COMPUTES = `/ws/${SUB_DEV}/rg-ml-dev/ws-demo/computes`;
export const SEEDED_DEMO_COMPUTES = [
  'cpu-cluster', 'gpu-cluster', 'ci-ada', 'ci-grace', 'dsvm-ubuntu', 'hdi-spark', 'dbx-prod',
  'adla-logs', 'k8s-arc', 'synapse-pool', 'aks-inference', 'adf-pipelines', 'broken-cluster',
  'legacy-batch',
];

/** Calls a test hook of the emulator (only served with --test-hooks). */
export async function emulatorHook(hook: 'reset' | 'settings', body: object = {}): Promise<void> {
  const res = await fetch(`${EMULATOR}/_emulator/${hook}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`emulator hook ${hook}: ${res.status} ${await res.text()}`);
}

/** A token minted by the emulator's own CLI, as a command-line client would get it. */
export function cliToken(user = 'ada@contoso.example', lifetime?: number): string {
  const bin = path.resolve(__dirname, '../../target/debug/aml-emulator');
  const args = ['token', '--user', user];
  if (lifetime !== undefined) args.push('--lifetime', String(lifetime));
  return execFileSync(bin, args, { encoding: 'utf8' }).trim();
}

/**
 * Signs in through the local authority's page: the console redirects there, the user picks a
 * demo account, and the authority sends them back with a code the console redeems (PKCE).
 * Starts at `start` and returns when the console has left the authority again.
 */
export async function signIn(page: Page, start = '/', user = 'Ada Lovelace'): Promise<void> {
  await page.goto(start);
  await page.getByTestId('signin-button').click();
  await page.waitForURL((u) => u.toString().startsWith(EMULATOR));
  await page.getByRole('button', { name: user }).click();
  await page.waitForURL((u) => !u.toString().startsWith(EMULATOR));
  await expect(page.getByTestId('user-name')).toContainText(user);
}

/** Collects every request the page makes to the ARM endpoint. */
export function armRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(EMULATOR) && r.url().includes('/subscriptions')) seen.push(r);
  });
  return seen;
}

/** The names in the compute table, in display order. */
export async function computeNames(page: Page): Promise<string[]> {
  return page.getByTestId('compute-row').evaluateAll((rows) =>
    rows.map((r) => r.getAttribute('data-name') ?? ''));
}
